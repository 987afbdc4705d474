"""The trained heads on top of the frozen encoder, run in numpy.

Word head, per word of the translation: a projection, a convolution over each word and its two
neighbours (so a word is judged in its phrase), then one logit for BAD and one per kind of error
(`KINDS`). Sentence head: the sentence features and what the word head made of the sentence
(its highest and mean BAD probability), read by two strongly regularised linear models: one
logit for a major accuracy error, and a regression of the share of words a post-editor changed
(HTER). (A small MLP there overfitted: held-out MCC near 0, where the linear models reach
0.3-0.4.) Calibration maps the logits to probabilities (Platt scaling, fitted on held-out data
by training/train_qe.py).

The weights are a few MB of float16 in `xlingual/data/qe/<mode>.npz`; training/train_qe.py
writes them and the same layout is built there in torch for training.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from xlingual.qe.features import HIDDEN, LAYERS

KINDS = ("ok", "mistranslation", "addition", "untranslated", "fluency")
WEIGHTS = Path(__file__).resolve().parents[1] / "data" / "qe"
# The sentence features start with the translation's mean states, then the source's, each
# this long (xlingual.qe.features.SENTENCE_DIM); the head compares the two.
COMPARED = HIDDEN * len(LAYERS)


@dataclass(frozen=True)
class WordScores:
    logits: np.ndarray  # (words,) the word head's raw BAD logits (the sentence head reads them)
    bad: np.ndarray  # (words,) calibrated probability that the word is wrong
    kinds: np.ndarray  # (words, len(KINDS)) probabilities of each kind, given it is wrong


@dataclass(frozen=True)
class Heads:
    weights: dict[str, np.ndarray]

    @classmethod
    def load(cls, mode: str) -> Heads:
        with np.load(WEIGHTS / f"{mode}.npz") as stored:
            return cls({name: stored[name].astype(np.float32) for name in stored.files})

    def words(self, word_features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Raw BAD logits (words,) and kind logits (words, kinds) of one sentence."""
        w = self.weights
        hidden = _gelu(word_features @ w["word_in"] + w["word_in_bias"])
        # Conv1d over words, kernel 3, zero padding: [previous, this, next] @ kernel.
        padded = np.pad(hidden, ((1, 1), (0, 0)))
        window = np.concatenate([padded[:-2], padded[1:-1], padded[2:]], axis=1)
        context = _gelu(window @ w["word_conv"] + w["word_conv_bias"]) + hidden
        logits = context @ w["word_out"] + w["word_out_bias"]
        return logits[:, 0], logits[:, 1:]

    def word_scores(self, word_features: np.ndarray) -> WordScores:
        if len(word_features) == 0:
            empty = np.zeros(0, np.float32)
            return WordScores(empty, empty, np.zeros((0, len(KINDS)), np.float32))
        bad, kinds = self.words(word_features)
        return WordScores(bad, self.word_probability(bad), _softmax(kinds))

    def word_probability(self, logits: np.ndarray) -> np.ndarray:
        """Calibrated probability that a word is wrong, from its raw BAD logit."""
        return calibrated(logits, self.weights["word_platt"])

    def sentence(self, sentence_features: np.ndarray, word_bad_logits: np.ndarray) -> np.ndarray:
        """Raw outputs of the sentence head: [major accuracy logit, predicted HTER]."""
        return self.sentence_from_inputs(sentence_inputs(sentence_features, word_bad_logits))

    def sentence_from_inputs(self, inputs: np.ndarray) -> np.ndarray:
        """The sentence head on its assembled inputs (sentence features, then the summary):
        two linear models, a logistic one for the major error and a ridge one for HTER."""
        w = self.weights
        return inputs @ w["sentence_out"] + w["sentence_out_bias"]

    def major_probability(self, sentence_features, word_bad_logits) -> float:
        logit = self.sentence(sentence_features, word_bad_logits)[0]
        return float(calibrated(logit, self.weights["sentence_platt"]))

    @property
    def thresholds(self) -> dict[str, float]:
        """Decision thresholds fitted on held-out data: best MCC for a word and a sentence, and
        the word probability from which held-out precision is 0.8 (NaN: never reached)."""
        return {
            "word": float(self.weights["word_threshold"][0]),
            "word_error": float(self.weights["word_error_threshold"][0]),
            "sentence": float(self.weights["sentence_threshold"][0]),
        }


@functools.cache
def weights_digest() -> str:
    """SHA-256 of the shipped weight files: the model's part of a report's signature."""
    digest = hashlib.sha256()
    for path in sorted(WEIGHTS.glob("*.npz")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def sentence_inputs(sentence_features: np.ndarray, word_bad_logits: np.ndarray) -> np.ndarray:
    """What the sentence head reads: the sentence features; how the two sides' mean states
    compare, feature by feature (product and absolute difference, as COMET's estimators
    combine them: a linear model cannot form them itself); and the word head's summary."""
    both = sentence_features[: 2 * COMPARED].reshape(2, COMPARED)
    return np.concatenate(
        [
            sentence_features,
            both[0] * both[1],
            np.abs(both[0] - both[1]),
            sentence_summary(word_bad_logits),
        ]
    ).astype(np.float32)


def sentence_summary(word_bad_logits: np.ndarray) -> np.ndarray:
    """What the sentence head reads of the word head: the highest and mean BAD probability
    and the share of words over one half (zeros for a sentence with no words)."""
    if len(word_bad_logits) == 0:
        return np.zeros(3, dtype=np.float32)
    probability = _sigmoid(word_bad_logits)
    return np.array(
        [probability.max(), probability.mean(), (probability > 0.5).mean()], dtype=np.float32
    )


def calibrated(logits, platt: np.ndarray):
    """Platt scaling: sigmoid(a * logit + b), with (a, b) fitted on held-out data."""
    return _sigmoid(logits * platt[0] + platt[1])


def _gelu(x: np.ndarray) -> np.ndarray:
    # The tanh form, as torch.nn.GELU(approximate="tanh") computes it in training.
    return 0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x**3)))


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _softmax(x: np.ndarray) -> np.ndarray:
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)
