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
