"""XL504 low-similarity-translation: xlingual/rules/pairs/similarity.py."""

from __future__ import annotations

import numpy as np

from tests.rules.context import checked as check
from tests.rules.context import doc, unit
from tests.rules.context import translation as context
from xlingual.config import Config
from xlingual.findings import Severity
from xlingual.load.documents import Document
from xlingual.rules.pairs import (
    LowSimilarityBead,
)

# --- XL504 -----------------------------------------------------------------------------------


def _many_sentences(n: int, language: str, path: str) -> Document:
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india"]
    text = " ".join(f"Sentence {words[i]} has several words in it." for i in range(n))
    return doc(path, text, language)


def test_bead_far_below_the_pair_median_is_flagged():
    n = 6
    source = _many_sentences(n, "en", "en.txt")
    target = _many_sentences(n, "de", "de.txt")
    rng = np.random.default_rng(0)
    base = rng.normal(size=(n, 8)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    translated = base + 0.05 * rng.normal(size=base.shape).astype(np.float32)
    translated[3] = -base[3]  # this translation says something else
    translated /= np.linalg.norm(translated, axis=1, keepdims=True)
    ctx = context(source, target, [([i], [i]) for i in range(n)], (base, translated))
    findings = check(LowSimilarityBead(), ctx)
    assert [f.text for f in findings] == [target.sentences[3].text]
    assert findings[0].related[0].text == source.sentences[3].text


def test_single_bead_uses_the_embedder_floor():
    source = doc("en.txt", "The council approved the budget on Tuesday.", "en")
    target = doc("de.txt", "Der Rat lehnte die Klage am Dienstag ab.", "de")
    close = (unit(1, 0), unit(1, 0.2))[:2]
    far = (unit(1, 0), unit(1, 1.5))  # cosine 0.55
    rule = LowSimilarityBead()
    e5 = Config(embedder="e5-small")
    assert (
        check(rule, context(source, target, [([0], [0])], (close[0][None], close[1][None]), e5))
        == []
    )
    found = check(rule, context(source, target, [([0], [0])], (far[0][None], far[1][None]), e5))
    assert len(found) == 1 and found[0].severity is Severity.WARNING
    # An embedder without a measured floor: no absolute judgement.
    other = Config(embedder="some/other-model")
    assert (
        check(rule, context(source, target, [([0], [0])], (far[0][None], far[1][None]), other))
        == []
    )
