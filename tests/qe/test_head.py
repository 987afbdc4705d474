"""The numpy heads compute what the torch modules they were trained as compute."""

from __future__ import annotations

import numpy as np
import pytest

from training import train_qe
from xlingual.qe.features import SENTENCE_DIM
from xlingual.qe.head import COMPARED, KINDS, WEIGHTS, Heads, sentence_inputs, sentence_summary


def test_numpy_word_head_matches_the_torch_module_it_was_exported_from() -> None:
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    dim = 12
    net = train_qe.WordNet(dim)
    rng = np.random.default_rng(0)
    net.mean = rng.normal(size=dim).astype(np.float32)
    net.std = rng.uniform(0.5, 2, size=dim).astype(np.float32)
    net.eval()
    words = rng.normal(size=(5, dim)).astype(np.float32)
    with torch.no_grad():
        x = (torch.from_numpy(words) - torch.from_numpy(net.mean)) / torch.from_numpy(net.std)
        expected = net(x[None], torch.ones(1, 5))[0].numpy()
    heads = Heads({**net.export(), "word_platt": np.array([1.0, 0.0], np.float32)})
    bad, kinds = heads.words(words)
    np.testing.assert_allclose(bad, expected[:, 0], atol=1e-4)
    np.testing.assert_allclose(kinds, expected[:, 1:], atol=1e-4)
    assert kinds.shape == (5, len(KINDS))


def test_sentence_summary_reads_the_word_logits() -> None:
    summary = sentence_summary(np.array([0.0, 10.0, -10.0]))
    np.testing.assert_allclose(summary, [1.0, 0.5, 1 / 3], atol=1e-3)
    assert sentence_summary(np.zeros(0)).tolist() == [0.0, 0.0, 0.0]


def test_sentence_inputs_compare_the_two_sides_feature_by_feature() -> None:
    features = np.zeros(SENTENCE_DIM, np.float32)
    features[0], features[COMPARED] = 2.0, -3.0  # the same feature of translation and source
    features[1] = 1.0  # a feature the source does not share
    inputs = sentence_inputs(features, np.array([10.0]))
    assert len(inputs) == SENTENCE_DIM + 2 * COMPARED + 3
    np.testing.assert_array_equal(inputs[:SENTENCE_DIM], features)
    products = inputs[SENTENCE_DIM : SENTENCE_DIM + COMPARED]
    distances = inputs[SENTENCE_DIM + COMPARED : SENTENCE_DIM + 2 * COMPARED]
    assert products[0] == -6.0 and products[1] == 0.0
    assert distances[0] == 5.0 and distances[1] == 1.0
    assert inputs[-3] == pytest.approx(1.0, abs=1e-3)  # the summary comes last


@pytest.mark.parametrize("mode", ["source", "alone"])
def test_shipped_weights_load_and_have_fitted_thresholds(mode: str) -> None:
    assert (WEIGHTS / f"{mode}.npz").stat().st_size < 5_000_000  # a head, not an encoder
    heads = Heads.load(mode)
    thresholds = heads.thresholds
    assert 0 < thresholds["word"] < 1 and 0 < thresholds["sentence"] < 1
    scores = heads.word_scores(np.zeros((3, heads.weights["word_in"].shape[0]), np.float32))
    assert scores.bad.shape == (3,) and np.all((scores.bad > 0) & (scores.bad < 1))
    np.testing.assert_allclose(scores.kinds.sum(axis=1), 1.0, atol=1e-5)


def test_platt_scaling_recovers_a_known_calibration() -> None:
    rng = np.random.default_rng(1)
    logits = rng.normal(size=20_000)
    labels = (rng.random(20_000) < 1 / (1 + np.exp(-(2 * logits - 1)))).astype(float)
    a, b = train_qe.platt(logits, labels)
    assert abs(a - 2) < 0.15 and abs(b + 1) < 0.1


def test_mcc_of_perfect_inverted_and_constant_predictions() -> None:
    gold = np.array([1, 0, 1, 0, 0])
    assert train_qe.mcc(gold, gold) == pytest.approx(1.0)
    assert train_qe.mcc(1 - gold, gold) == pytest.approx(-1.0)
    assert train_qe.mcc(np.zeros(5), gold) == 0.0
