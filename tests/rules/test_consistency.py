"""XL402 quotes rendered differently, XL403 duplicated sentences."""

from __future__ import annotations

from tests.conftest import rule_context
from xlingual.load.documents import Document
from xlingual.rules.consistency import DuplicateSentence, QuoteRenderedDifferently, quotes


def test_quotes_have_exact_spans_and_need_four_words() -> None:
    text = 'He said “we will never leave this place” and «non» and "too short".'
    document = Document.from_text("a.txt", text, language="en")
    (quote,) = quotes(document, 0)
    assert text[quote.start : quote.end] == "we will never leave this place"


def test_same_quote_worded_differently_across_articles() -> None:
    first = Document.from_text("a.txt", "The mayor said “the river will rise again tonight”.", "en")
    second = Document.from_text(
        "b.txt", "The mayor warned: “the river will rise once more tonight”.", "en"
    )
    (finding,) = QuoteRenderedDifferently().check(rule_context(first, second))
    assert finding.code == "XL402" and finding.path == "b.txt"
    assert finding.text == "the river will rise once more tonight"
    assert finding.suggestion == "the river will rise again tonight"
    assert finding.related[0].path == "a.txt"


def test_identical_or_unrelated_quotes_and_other_languages_pass() -> None:
    a = Document.from_text("a.txt", "She said “the river will rise again tonight”.", "en")
    b = Document.from_text("b.txt", "She said: “The river will rise again tonight!”", "en")
    c = Document.from_text("c.txt", "He said “our budget is balanced this year”.", "en")
    d = Document.from_text("d.txt", "Elle a dit « the river will rise more tonight ».", "fr")
    assert list(QuoteRenderedDifferently().check(rule_context(a, b, c, d))) == []


def test_repeated_sentence_is_flagged_once_with_the_first_as_evidence() -> None:
    text = (
        "Floods close the northern bridge again\n"
        "Floods close the northern bridge again\n"
        "The council met on Monday. The bridge stays closed until Friday."
    )
    document = Document.from_text("a.txt", text, language="en")
    (finding,) = DuplicateSentence().check(rule_context(document))
    assert finding.code == "XL403" and finding.line == 2
    assert finding.related[0].start == 0
    assert finding.message == "repeats sentence 1 (line 1)"


def test_short_or_different_sentences_are_not_duplicates() -> None:
    text = "Thank you. Thank you. The council met on Monday. The council met on Tuesday night."
    document = Document.from_text("a.txt", text, language="en")
    assert list(DuplicateSentence().check(rule_context(document))) == []


def test_a_quote_copied_into_thousands_of_articles_is_compared_once_per_wording(
    monkeypatch,
) -> None:
    from xlingual.rules import consistency

    comparisons = 0
    compare = consistency.fuzz.token_sort_ratio

    def counted(*args, **kwargs):
        nonlocal comparisons
        comparisons += 1
        return compare(*args, **kwargs)

    monkeypatch.setattr(consistency.fuzz, "token_sort_ratio", counted)
    quote = "“the river will rise again tonight”"
    changed = "“the river will rise once more tonight”"
    documents = [
        Document.from_text(
            f"{n:05d}.txt", f"The mayor said {changed if n == 2_999 else quote}.", "en"
        )
        for n in range(3_000)
    ]
    (finding,) = QuoteRenderedDifferently().check(rule_context(*documents))
    assert finding.path == "02999.txt" and finding.related[0].path == "00000.txt"
    # Every pair of the 3,000 quotations would be 4.5 million comparisons; two wordings make 2.
    assert comparisons <= 2


def test_the_rendering_the_quality_model_doubts_more_is_the_one_flagged() -> None:
    from dataclasses import replace

    from xlingual.qe.features import target_words
    from xlingual.qe.model import SentenceJudgement, WordJudgement
    from xlingual.qe.targets import JudgedSentence

    native = "The chair said “no evidence of systematic fraud” had been found."
    stiff = "The chair said “there are no proofs of a systematic fraud” was found."
    a = Document.from_text("a.txt", stiff, "en")
    b = Document.from_text("b.txt", native, "en")

    def judged(document: int, text: str, doubt: float) -> JudgedSentence:
        words = tuple(
            WordJudgement(s, e, doubt, "mistranslation", None) for s, e in target_words(text)
        )
        return JudgedSentence(document, 0, len(text),
                              SentenceJudgement(words, 0.5, False, 0.4, 0.5, None))  # fmt: skip

    context = rule_context(a, b)
    # Without the model's reading, the later one (b.txt) is flagged.
    (finding,) = QuoteRenderedDifferently().check(context)
    assert finding.path == "b.txt"
    # The model finds a.txt's words the likelier wrong: a.txt is flagged, b.txt suggested.
    context = replace(context, quality=(judged(0, stiff, 0.4), judged(1, native, 0.1)))
    (finding,) = QuoteRenderedDifferently().check(context)
    assert finding.path == "a.txt" and finding.text == "there are no proofs of a systematic fraud"
    assert finding.suggestion == "no evidence of systematic fraud"
