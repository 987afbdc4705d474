"""Shared fixtures: a small deterministic embedder and a CLI runner."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


def write_tiny_files(count: int, folder: Path) -> None:
    """`count` one- or two-sentence articles, all different, as a wire feed splits them (the
    hard-input tests and benchmarks/inputs.py)."""
    subjects = ("The council", "The mayor", "A spokesman", "The minister", "Police", "The court")
    objects = ("the budget", "a new school", "the tax plan", "the merger", "the report")
    for number in range(count):
        text = f"{subjects[number % 6]} discussed {objects[number % 5]} on day {number}."
        if number % 2:
            text += f" It cost {number % 97 + 2} million euros."
        (folder / f"a{number:05d}.txt").write_text(text + "\n", encoding="utf-8")


class FakeEmbedder:
    """Bag of word prefixes hashed into 256 dimensions: same words, similar vectors.

    Enough to test the pipeline's plumbing without loading a model; the real model is used by
    the tests marked `slow`.
    """

    model_id = "fake-bag-of-prefixes"

    def __init__(self, dimensions: int = 256):
        self.dimensions = dimensions
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.md5(word[:5].encode()).digest()
                vectors[row, int.from_bytes(digest[:4], "little") % self.dimensions] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.clip(norms, 1e-12, None)


def rule_context(*documents, groups=(), pairs=()):
    """A CheckContext for rules that never read vectors: one zero row per sentence."""
    from xlingual.rules.base import CheckContext

    vectors = tuple(np.zeros((len(d.sentences), 4), dtype=np.float32) for d in documents)
    return CheckContext(tuple(documents), vectors, groups=tuple(groups), pairs=tuple(pairs))


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def use_fake_embedder(monkeypatch, fake_embedder):
    """Make every check in this test (CLI included) embed with the fake embedder."""
    import xlingual.api

    monkeypatch.setattr(xlingual.api, "load_embedder", lambda *args, **kwargs: fake_embedder)
    return fake_embedder


@pytest.fixture
def isolated_cache(tmp_path, monkeypatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("XLINGUAL_CACHE", str(cache))
    return cache


class NoQualityEstimator:
    """Judges every translation clean: the fast tests' stand-in for the QE model, which loads
    the encoder. Tests marked `slow` use the real model; tests of XL203 hand the rule its
    judgements (tests/rules/test_quality.py)."""

    def __init__(self) -> None:
        self.pairs: list[tuple[str | None, str]] = []

    def judge(self, pairs):
        from xlingual.qe.model import SentenceJudgement

        self.pairs.extend(pairs)
        return [
            SentenceJudgement((), 0.0, source is not None, 0.5, 0.5, None) for source, _ in pairs
        ]


@pytest.fixture(autouse=True)
def no_quality_model_in_fast_tests(request, monkeypatch):
    """Outside `slow` tests no check loads the QE model (see NoQualityEstimator)."""
    if request.node.get_closest_marker("slow") is None:
        import xlingual.api

        estimator = NoQualityEstimator()
        monkeypatch.setattr(xlingual.api, "load_estimator", lambda *args, **kwargs: estimator)
        return estimator
    return None
