"""multilingual-e5-small's transformer run in numpy: the encoder without torch.

Why this exists: importing torch, transformers and sentence-transformers costs 8-9 s of a cold
`xlingual check` (issue 17's breakdown), longer than the model's own work on a story. e5-small is
a 12-layer BERT of width 384; its forward pass is a dozen matrix products a layer, which numpy's
BLAS does as fast as torch on a CPU. So the default embedder and the quality-estimation
features run here, from the very folder `e5_convert` materialises (its `model.safetensors`,
memory-mapped, and its `tokenizer.json` through the `tokenizers` library), and torch is
imported only for a sentence-transformers model the user names.

The arithmetic is transformers' `BertModel` in float32 (post-norm layers, exact erf GELU, padded
keys masked out of attention). On the seeds' sentences its vectors match the torch path's to
within 1e-6 in cosine (tests/embed/test_e5_numpy.py).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# e5's pair format: the tokenizer puts `</s></s>` between the texts; the longest is cut first.
TRUNCATION = "longest_first"


@dataclass(frozen=True)
class Batch:
    """Token ids of a padded batch and what each token is."""

    ids: np.ndarray  # (rows, tokens) int64
    mask: np.ndarray  # (rows, tokens) 1 for a real token, 0 for padding
    offsets: np.ndarray  # (rows, tokens, 2) character offsets into the token's own text
    sides: np.ndarray  # (rows, tokens) 0 first text, 1 second text, -1 special or padding


class E5Numpy:
    """The encoder of one converted e5 folder: tokenise, then run the layers."""

    def __init__(self, folder: Path):
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.epsilon = float(config["layer_norm_eps"])
        self.layer_count = int(config["num_hidden_layers"])
        self.max_tokens = int(config["max_position_embeddings"])
        self.pad_id = int(config["pad_token_id"])
        self.width = int(config["hidden_size"])
        self.weights = read_safetensors(folder / "model.safetensors")
        # Linear layers are stored (out, in); keep them (in, out) and contiguous for the products.
        for name in self.weights:
            if name.endswith(".weight") and ("dense" in name or ".self." in name):
                self.weights[name] = np.ascontiguousarray(self.weights[name].T)
        # Query, key and value in one product: one pass over the states instead of three.
        for layer in range(self.layer_count):
            prefix = f"encoder.layer.{layer}.attention.self"
            for part in ("weight", "bias"):
                self.weights[f"{prefix}.qkv.{part}"] = np.concatenate(
                    [
                        self.weights.pop(f"{prefix}.{name}.{part}")
                        for name in ("query", "key", "value")
                    ],
                    axis=-1,
                )
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # Truncation and padding are settings of the tokenizer, set for each call.
        self._tokenising = threading.Lock()

    def tokenise(
        self, texts: Sequence[str], seconds: Sequence[str] | None = None, max_tokens: int = 512
    ) -> Batch:
        """A padded batch of `texts` (or of the pairs text, second), at most `max_tokens` each."""
        tokenizer = self.tokenizer
        inputs = list(zip(texts, seconds, strict=True)) if seconds is not None else list(texts)
        with self._tokenising:
            tokenizer.enable_truncation(min(max_tokens, self.max_tokens), strategy=TRUNCATION)
            tokenizer.enable_padding(pad_id=self.pad_id, pad_token="<pad>")
            encodings = tokenizer.encode_batch(inputs)
        sides = [[-1 if side is None else side for side in e.sequence_ids] for e in encodings]
        return Batch(
            ids=np.array([e.ids for e in encodings], dtype=np.int64),
            mask=np.array([e.attention_mask for e in encodings], dtype=np.float32),
            offsets=np.array([e.offsets for e in encodings], dtype=np.int64).reshape(
                len(encodings), -1, 2
            ),
            sides=np.array(sides, dtype=np.int64),
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length mean of each text's token states at the top layer (sentence-transformers'
        mean pooling), the texts cut at 512 tokens."""
        batch = self.tokenise(texts)
        (states,) = self.hidden_states(batch, [self.layer_count])
        return mean_pooled(states, batch.mask)

    def hidden_states(self, batch: Batch, layers: Sequence[int]) -> list[np.ndarray]:
        """The states after each layer in `layers` (0: the embeddings), each (rows, tokens,
        width) with zeros at padding; the forward pass stops at the deepest one asked for.

        The rows are shared among the processor's cores, one thread each with a one-thread
        BLAS: numpy releases the interpreter lock inside its operations, so the element-wise
        work (GELU, normalisation, softmax), which BLAS threads would not share, runs in
        parallel too. Each share is cut to its own longest row."""
        from concurrent.futures import ThreadPoolExecutor

        from threadpoolctl import threadpool_limits

        rows, tokens = batch.ids.shape
        workers = max(1, min(rows, len(os.sched_getaffinity(0))))
        shares = [np.arange(start, rows, workers) for start in range(workers)]
        outputs = [
            np.zeros((rows, tokens, self.width), dtype=np.float32) for _ in range(len(layers))
        ]

        def run(share: np.ndarray) -> None:
            length = int(batch.mask[share].sum(axis=1).max())
            states = self._forward(batch.ids[share, :length], batch.mask[share, :length], layers)
            for output, state in zip(outputs, states, strict=True):
                output[share, :length] = state * batch.mask[share, :length, None]

        with threadpool_limits(1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
            list(pool.map(run, shares))
        return outputs

    def _forward(
        self, ids: np.ndarray, mask: np.ndarray, layers: Sequence[int]
    ) -> list[np.ndarray]:
        w = self.weights
        tokens = ids.shape[1]
        states = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:tokens][None]
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        states = _layer_norm(states, w, "embeddings.LayerNorm", self.epsilon)
        # Padding is masked out of every query's attention (transformers adds the float32 minimum).
        key_bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        kept = {0: states} if 0 in layers else {}
        for index in range(1, max(layers) + 1):
            states = self._layer(states, key_bias, f"encoder.layer.{index - 1}")
            if index in layers:
                kept[index] = states
        return [kept[layer] for layer in layers]

    def _layer(self, states: np.ndarray, key_bias: np.ndarray, prefix: str) -> np.ndarray:
        w = self.weights
        rows, tokens, width = states.shape
        size = width // self.heads

        projected = _linear(states, w, f"{prefix}.attention.self.qkv")
        # (rows, tokens, 3, heads, size) -> query, key, value, each (rows, heads, tokens, size)
        query, key, value = projected.reshape(rows, tokens, 3, self.heads, size).transpose(
            2, 0, 3, 1, 4
        )
        scores = query @ key.transpose(0, 1, 3, 2)
        scores *= np.float32(1 / np.sqrt(size))
        scores += key_bias
        scores -= scores.max(axis=-1, keepdims=True)
        attention = np.exp(scores, out=scores)
        attention /= attention.sum(axis=-1, keepdims=True)
        context = (attention @ value).transpose(0, 2, 1, 3).reshape(rows, tokens, width)
        attended = _layer_norm(
            _linear(context, w, f"{prefix}.attention.output.dense") + states,
            w,
            f"{prefix}.attention.output.LayerNorm",
            self.epsilon,
        )
        inner = _gelu(_linear(attended, w, f"{prefix}.intermediate.dense"))
        return _layer_norm(
            _linear(inner, w, f"{prefix}.output.dense") + attended,
            w,
            f"{prefix}.output.LayerNorm",
            self.epsilon,
        )


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file as read-only arrays over a memory map: the 384 MB
    word-embedding table is paged in row by row as tokens use it, not read whole.

    The format is an 8-byte little-endian header length, a JSON header naming each tensor's
    dtype, shape and byte range, then the data."""
    with path.open("rb") as handle:
        length = int.from_bytes(handle.read(8), "little")
        header = json.loads(handle.read(length))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + length)
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        tensors[name] = data[start:end].view(dtypes[entry["dtype"]]).reshape(entry["shape"])
    return tensors


def mean_pooled(states: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Unit-length mean of each row's real tokens (sentence-transformers' mean pooling)."""
    summed = np.einsum("rth,rt->rh", states, mask)
    means = summed / np.clip(mask.sum(axis=1, keepdims=True), 1e-9, None)
    return means / np.clip(np.linalg.norm(means, axis=1, keepdims=True), 1e-12, None)


def _linear(states: np.ndarray, weights: dict[str, np.ndarray], prefix: str) -> np.ndarray:
    # One matrix product over all rows' tokens at once (a 3-d operand would be a product a row).
    flat = states.reshape(-1, states.shape[-1]) @ weights[f"{prefix}.weight"]
    flat += weights[f"{prefix}.bias"]
    return flat.reshape(*states.shape[:-1], -1)


def _layer_norm(
    states: np.ndarray, weights: dict[str, np.ndarray], prefix: str, epsilon: float
) -> np.ndarray:
    """Normalised over the last axis, scaled and shifted; in place (`states` is a temporary)."""
    states -= states.mean(axis=-1, keepdims=True)
    variance = np.einsum("...i,...i->...", states, states) / np.float32(states.shape[-1])
    states *= (np.float32(1) / np.sqrt(variance + np.float32(epsilon)))[..., None]
    states *= weights[f"{prefix}.weight"]
    states += weights[f"{prefix}.bias"]
    return states


# Abramowitz and Stegun 7.1.26: erf(x) = 1 - t(a1 + t(a2 + ...)) exp(-x^2), t = 1 / (1 + p x),
# for x >= 0, within 1.5e-7 (numpy has no erf; scipy's is three times slower than this).
_ERF_P = np.float32(0.3275911)
_ERF_A = tuple(np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736))
_ERF_A1 = np.float32(0.254829592)
# Elements a step: the temporaries stay in the processor's cache, which is most of the speed.
_GELU_STEP = 1 << 16


def _gelu(values: np.ndarray) -> np.ndarray:
    """x Phi(x) = x (1 + erf(x / sqrt 2)) / 2, the exact GELU BERT uses, in place."""
    flat = values.reshape(-1)
    t = np.empty(min(_GELU_STEP, flat.size), dtype=np.float32)
    tail = np.empty_like(t)
    x = np.empty_like(t)
    for start in range(0, flat.size, _GELU_STEP):
        step = flat[start : start + _GELU_STEP]
        n = step.size
        xs, ts, tails = x[:n], t[:n], tail[:n]
        np.multiply(step, np.float32(1 / np.sqrt(2)), out=xs)
        np.abs(xs, out=xs)
        np.multiply(xs, _ERF_P, out=ts)
        ts += 1
        np.reciprocal(ts, out=ts)
        np.multiply(ts, _ERF_A[0], out=tails)
        for coefficient in _ERF_A[1:]:
            tails += coefficient
            tails *= ts
        tails += _ERF_A1
        tails *= ts
        np.square(xs, out=xs)
        np.negative(xs, out=xs)
        np.exp(xs, out=xs)
        tails *= xs  # 1 - erf(|x| / sqrt 2)
        np.subtract(1, tails, out=tails)
        np.copysign(tails, step, out=tails)  # erf(x / sqrt 2)
        tails += 1
        tails *= np.float32(0.5)
        step *= tails
    return values
