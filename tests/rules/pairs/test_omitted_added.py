"""XL502 content-omitted and XL503 content-added: xlingual/rules/pairs/omitted.py, added.py."""

from __future__ import annotations

from tests.rules.context import checked as check
from tests.rules.context import doc
from tests.rules.context import translation as context
from xlingual.findings import Severity
from xlingual.rules.pairs import (
    SourceSentenceOmitted,
    TranslationSentenceAdded,
)

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
