"""XL201 as a rule: English documents only, spans, suggestions and messages."""

from __future__ import annotations

from tests.conftest import rule_context
from xlingual.findings import Severity
from xlingual.load.documents import Document
from xlingual.rules.meaning import MisusedWord


def test_misused_word_finding_has_span_suggestion_and_counts() -> None:
    text = "The talks went on for regarding a week. Nobody left."
    document = Document.from_text("story.txt", text, language="en")
    (finding,) = MisusedWord().check(rule_context(document))
    assert finding.code == "XL201" and finding.severity == Severity.WARNING
    assert text[finding.start : finding.end] == finding.text == "regarding"
    assert finding.suggestion == "about"
    assert '"for about" 420,381,376' in finding.message
    assert (finding.line, finding.column) == (1, 23)


def test_other_languages_are_left_alone() -> None:
    document = Document.from_text("story.txt", "Il a attendu for regarding a week.", language="fr")
    assert list(MisusedWord().check(rule_context(document))) == []


def test_untranslated_fragment_span_and_language() -> None:
    from xlingual.rules.meaning import UntranslatedFragment

    text = (
        "The officers refused to go. They said: nous ne partirons jamais de notre pays, "
        "and then they left the base."
    )
    document = Document.from_text("story.txt", text, language="en")
    (finding,) = UntranslatedFragment().check(rule_context(document))
    assert finding.code == "XL202"
    assert finding.text == "nous ne partirons jamais de notre pays"
    assert finding.message == "French text left untranslated (the document is in English)"


def test_a_near_spelling_another_article_writes_is_the_suggestion_and_the_evidence() -> None:
    ours = Document.from_text(
        "a.txt", "The results of the clinical trail were published on Monday.", language="en"
    )
    theirs = Document.from_text(
        "b.txt", "The hospital said the vaccine trial had met its goals.", language="en"
    )
    (finding,) = MisusedWord().check(rule_context(ours, theirs))
    assert (finding.path, finding.text, finding.suggestion) == ("a.txt", "trail", "trial")
    assert "b.txt writes" in finding.message and '"clinical trial" 68,801,088' in finding.message
    (evidence,) = finding.related
    assert (evidence.path, evidence.text) == ("b.txt", "trial")


def test_a_word_the_other_articles_write_too_is_not_judged_against_them() -> None:
    ours = Document.from_text(
        "a.txt", "The results of the clinical trail were published on Monday.", language="en"
    )
    theirs = Document.from_text(
        "b.txt", "The trial is over; the trail through the park reopened.", language="en"
    )
    assert list(MisusedWord().check(rule_context(ours, theirs))) == []
