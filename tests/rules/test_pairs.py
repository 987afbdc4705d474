"""XL502-XL508: source-translation adequacy rules, on small hand-made pairs and vectors."""

from __future__ import annotations

import numpy as np
import pytest

from xlingual.align.pair import Bead
from xlingual.config import Config
from xlingual.findings import Severity
from xlingual.load.documents import Document
from xlingual.rules import ALL_RULES
from xlingual.rules.base import CheckContext, PairAlignment
from xlingual.rules.pairs import (
    PAIR_RULES,
    LowSimilarityBead,
    NameNotCarriedOver,
    NegationMismatch,
    SourceSentenceOmitted,
    SourceTextLeftUntranslated,
    TranslationSentenceAdded,
)


def doc(path: str, text: str, language: str) -> Document:
    return Document.from_text(path, text, language)


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def context(source, target, beads, vectors=None, config=None) -> CheckContext:
    if vectors is None:
        vectors = (
            np.tile(unit(1, 0, 0), (len(source.sentences), 1)),
            np.tile(unit(1, 0, 0), (len(target.sentences), 1)),
        )
    pair = PairAlignment(0, 1, tuple(Bead(tuple(s), tuple(t), 1.0) for s, t in beads))
    return CheckContext((source, target), tuple(vectors), (), (pair,), config or Config())


def check(rule, ctx) -> list:
    findings = list(rule.check(ctx))
    for finding in findings:
        document = next(d for d in ctx.documents if d.path == finding.path)
        assert document.text[finding.start : finding.end] == finding.text
        for span in finding.related:
            other = next(d for d in ctx.documents if d.path == span.path)
            assert other.text[span.start : span.end] == span.text
        assert 0 < finding.confidence <= 1
        assert finding.code == rule.code and finding.name == rule.name
    return findings


def test_rules_are_registered_with_documentation():
    codes = [rule.code for rule in PAIR_RULES]
    assert codes == ["XL502", "XL503", "XL504", "XL505", "XL506", "XL508"]
    registered = {rule.code for rule in ALL_RULES}
    assert set(codes) <= registered
    for rule in PAIR_RULES:
        text = type(rule).__doc__
        assert "What it checks" in text and "Why it matters" in text and "Example" in text
        assert rule.summary and rule.name == rule.name.lower() and " " not in rule.name


# --- XL502 / XL503 --------------------------------------------------------------------------


def test_dropped_source_sentence_is_flagged_on_the_nearest_translated_sentence():
    source = doc("en.txt", "The minister resigned today. She gave no reason for it.", "en")
    target = doc("de.txt", "Der Minister trat heute zurück.", "de")
    findings = check(SourceSentenceOmitted(), context(source, target, [([0], [0]), ([1], [])]))
    assert len(findings) == 1
    assert findings[0].path == "de.txt" and findings[0].text == "Der Minister trat heute zurück."
    assert findings[0].related[0].text == "She gave no reason for it."
    assert findings[0].severity is Severity.WARNING


def test_short_dropped_sentence_and_full_alignment_are_not_flagged():
    source = doc("en.txt", "Thanks! The minister resigned today.", "en")
    target = doc("de.txt", "Der Minister trat heute zurück.", "de")
    rule = SourceSentenceOmitted()
    assert check(rule, context(source, target, [([0], []), ([1], [0])])) == []
    assert check(rule, context(source, target, [([0, 1], [0])])) == []


def test_added_translation_sentence_is_flagged():
    source = doc("en.txt", "The bridge reopened on Monday.", "en")
    target = doc(
        "de.txt",
        "Die Brücke wurde am Montag wieder eröffnet. Die Polizei ermittelt weiter in dem Fall.",
        "de",
    )
    # The source's length matches the first translated sentence alone: the second is extra.
    findings = check(TranslationSentenceAdded(), context(source, target, [([0], [0]), ([], [1])]))
    assert [f.text for f in findings] == ["Die Polizei ermittelt weiter in dem Fall."]
    assert findings[0].related[0].text == "The bridge reopened on Monday."


def test_translation_split_in_two_is_not_an_addition():
    source = doc(
        "en.txt", "It sold two million copies in a year... is that good enough for you?", "en"
    )
    target = doc("cs.txt", "Za rok se prodaly dva miliony kopií. Je to pro vás dost dobré?", "cs")
    assert len(target.sentences) == 2
    ctx = context(source, target, [([0], [0]), ([], [1])])
    assert check(TranslationSentenceAdded(), ctx) == []


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


# --- XL505 -----------------------------------------------------------------------------------


def test_missing_name_is_flagged_and_inflected_or_transliterated_names_are_not():
    source = doc("en.txt", "Yesterday the senator met Warren and Prigozhin in the capital.", "en")
    dropped = doc("cs.txt", "Včera se senátor setkal s Prigožinem v hlavním městě.", "cs")
    findings = check(NameNotCarriedOver(), context(source, dropped, [([0], [0])]))
    assert [f.related[0].text for f in findings] == ["Warren"]
    kept = doc("cs.txt", "Včera se senátor setkal s Warrenem a Пригожиным v hlavním městě.", "cs")
    assert check(NameNotCarriedOver(), context(source, kept, [([0], [0])])) == []


def test_common_capitalised_words_are_not_names():
    source = doc("en.txt", "Would you say this article is on the Main page now?", "en")
    target = doc("cs.txt", "Řekl byste, že tento článek je teď na hlavní stránce?", "cs")
    assert check(NameNotCarriedOver(), context(source, target, [([0], [0])])) == []


# --- XL506 -----------------------------------------------------------------------------------


def test_copied_source_words_are_flagged():
    source = doc("en.txt", "Stop doing that or I will report you to the admins.", "en")
    target = doc("cs.txt", "Přestaň to dělat nebo I will report you to the admins.", "cs")
    findings = check(SourceTextLeftUntranslated(), context(source, target, [([0], [0])]))
    # "I" and "to" are Czech words as well, so the run is the three purely English ones.
    assert [(f.text, f.severity) for f in findings] == [("will report you", Severity.WARNING)]


def test_long_copied_run_is_an_error():
    source = doc("en.txt", "I said: please stop making these changes every single day.", "en")
    target = doc("de.txt", "Ich sagte: please stop making these changes every single day.", "de")
    findings = check(SourceTextLeftUntranslated(), context(source, target, [([0], [0])]))
    assert [(f.text, f.severity) for f in findings] == [
        ("please stop making these changes every", Severity.ERROR)  # "Single" is German too
    ]


def test_shared_words_and_names_are_not_untranslated():
    source = doc("en.txt", "Watch the video about Barack Obama on the Internet.", "en")
    target = doc("de.txt", "Sehen Sie sich das Video über Barack Obama im Internet an.", "de")
    assert check(SourceTextLeftUntranslated(), context(source, target, [([0], [0])])) == []


# --- XL508 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source_text", "target_text", "language", "flagged"),
    [
        (
            "The vaccine is not approved for children.",
            "Der Impfstoff ist für Kinder zugelassen.",
            "de",
            True,
        ),
        (
            "The vaccine is not approved for children.",
            "Der Impfstoff ist nicht zugelassen.",
            "de",
            False,
        ),
        ("I don't know the answer.", "Znám odpověď.", "cs", True),
        ("I don't know the answer.", "Neznám odpověď.", "cs", False),
        ("I didn't want to sound rude.", "Nechtěl jsem znít hrubě.", "cs", False),
        # Czech ne- also makes adjectives: "unfair" is not a negated clause.
        ("That is very unfair.", "To je velmi nespravedlivé.", "cs", False),
        ("The vaccine is approved.", "Der Impfstoff ist nicht zugelassen.", "de", True),
    ],
)
def test_negation_on_one_side_only(source_text, target_text, language, flagged):
    source = doc("en.txt", source_text, "en")
    target = doc("t.txt", target_text, language)
    findings = check(NegationMismatch(), context(source, target, [([0], [0])]))
    assert bool(findings) is flagged


def test_rules_ignore_pairs_that_point_nowhere():
    source = doc("en.txt", "One sentence here.", "en")
    ctx = CheckContext((source,), (np.zeros((1, 3), np.float32),), (), (PairAlignment(0, 5, ()),))
    for rule in PAIR_RULES:
        assert list(rule.check(ctx)) == []
