"""XL203 as a rule: flagged words become spans with kind, probability and source evidence."""

from __future__ import annotations

from dataclasses import replace

from tests.conftest import rule_context
from xlingual.config import Config
from xlingual.findings import Severity
from xlingual.load.documents import Document
from xlingual.qe.features import target_words
from xlingual.qe.model import SentenceJudgement, WordJudgement
from xlingual.qe.targets import JudgedSentence
from xlingual.rules.quality import LikelyMistranslation

SOURCE = "Le parquet a ouvert une enquête."
TRANSLATION = "The floor opened an investigation."


def _judged(probabilities, *, error_threshold=None, with_source=True) -> JudgedSentence:
    words = []
    source_words = target_words(SOURCE)
    for (start, end), probability in zip(target_words(TRANSLATION), probabilities, strict=True):
        aligned = source_words[1] if TRANSLATION[start:end] == "floor" else None
        words.append(WordJudgement(start, end, probability, "mistranslation", aligned))
    judgement = SentenceJudgement(tuple(words), 0.9, with_source, 0.4, 0.5, error_threshold)
    return JudgedSentence(1, 0, len(TRANSLATION), judgement, 0 if with_source else None, 0,
                          len(SOURCE))  # fmt: skip


def _context(judged, config=None):
    source = Document.from_text("source.txt", SOURCE, language="fr")
    translation = Document.from_text("translation.txt", TRANSLATION, language="en")
    context = rule_context(source, translation)
    return replace(context, quality=(judged,), config=config or Config())


def test_a_flagged_word_is_a_finding_with_its_source_word() -> None:
    (finding,) = LikelyMistranslation().check(_context(_judged([0.1, 0.93, 0.2, 0.1, 0.1, 0.0])))
    assert finding.code == "XL203" and finding.severity == Severity.WARNING
    assert finding.text == "floor" and finding.path == "translation.txt"
    assert finding.confidence == 0.93
    assert '"floor" is likely mistranslated: probability 0.93' in finding.message
    assert 'corresponds to "parquet" in the source' in finding.message
    (evidence,) = finding.related
    assert (evidence.path, evidence.text) == ("source.txt", "parquet")


def test_neighbouring_flagged_words_make_one_span() -> None:
    (finding,) = LikelyMistranslation().check(_context(_judged([0.1, 0.8, 0.9, 0.1, 0.1, 0.0])))
    assert finding.text == "floor opened"


def test_words_under_the_threshold_are_not_flagged_and_the_threshold_is_configurable() -> None:
    judged = _judged([0.1, 0.25, 0.2, 0.1, 0.1, 0.0])
    assert list(LikelyMistranslation().check(_context(judged))) == []
    (finding,) = LikelyMistranslation().check(_context(judged, Config(qe_threshold=0.22)))
    assert finding.text == "floor"
    # Read alone, the model needs more to go on: 0.32 flags with a source, not alone.
    judged = _judged([0.1, 0.32, 0.2, 0.1, 0.1, 0.0])
    assert [f.text for f in LikelyMistranslation().check(_context(judged))] == ["floor"]
    alone = _judged([0.1, 0.32, 0.2, 0.1, 0.1, 0.0], with_source=False)
    assert list(LikelyMistranslation().check(_context(alone))) == []


def test_error_only_above_the_held_out_precision_threshold() -> None:
    judged = _judged([0.1, 0.93, 0.2, 0.1, 0.1, 0.0], error_threshold=0.9)
    (finding,) = LikelyMistranslation().check(_context(judged))
    assert finding.severity == Severity.ERROR
    judged = _judged([0.1, 0.85, 0.2, 0.1, 0.1, 0.0], error_threshold=0.9)
    (finding,) = LikelyMistranslation().check(_context(judged))
    assert finding.severity == Severity.WARNING


def test_read_without_a_source_says_so_and_has_no_evidence() -> None:
    judged = _judged([0.1, 0.93, 0.2, 0.1, 0.1, 0.0], with_source=False)
    (finding,) = LikelyMistranslation().check(_context(judged))
    assert "(read without a source)" in finding.message and finding.related == ()


def test_merged_keeps_one_finding_per_span() -> None:
    from xlingual.rules.meaning import MisusedWord
    from xlingual.rules.quality import merged

    context = _context(_judged([0.1, 0.93, 0.2, 0.1, 0.9, 0.0]))
    floor, investigation = LikelyMistranslation().check(context)
    translation = context.documents[1]
    specific = MisusedWord().finding(translation, 4, 9, "floor fits badly", suggestion="court")
    elsewhere = MisusedWord().finding(
        Document.from_text("other.txt", TRANSLATION, language="en"), 4, 9, "same span, other file"
    )
    assert merged([floor, investigation, specific, elsewhere]) == [
        investigation, specific, elsewhere,
    ]  # fmt: skip


def test_a_sentence_level_finding_does_not_absorb_a_word_one() -> None:
    from xlingual.rules.pairs.similarity import LowSimilarityBead
    from xlingual.rules.quality import merged

    context = _context(_judged([0.1, 0.93, 0.2, 0.1, 0.1, 0.0]))
    (floor,) = LikelyMistranslation().check(context)
    sentence = LowSimilarityBead().finding(context.documents[1], 0, len(TRANSLATION), "low")
    assert merged([floor, sentence]) == [floor, sentence]


def test_a_run_of_names_and_figures_is_left_to_the_name_and_number_rules() -> None:
    text = "Giannis Drosos said 8 Beaufort winds were forecast."
    translation = Document.from_text("translation.txt", text, language="en")
    words = tuple(
        WordJudgement(start, end, 0.9 if start < 30 else 0.1, "mistranslation", None)
        for start, end in target_words(text)
    )
    judged = JudgedSentence(0, 0, len(text), SentenceJudgement(words, 0.9, False, 0.4, 0.5, None))
    context = replace(rule_context(translation), quality=(judged,))
    # "Giannis Drosos" and "8 Beaufort" alone would be skipped; "said" makes the run a clause.
    (finding,) = LikelyMistranslation().check(context)
    assert finding.text == "Giannis Drosos said 8 Beaufort"
    words = tuple(
        WordJudgement(start, end, 0.9 if text[start:end] in ("Giannis", "Drosos", "8") else 0.1,
                      "mistranslation", None)
        for start, end in target_words(text)
    )  # fmt: skip
    judged = replace(judged, judgement=replace(judged.judgement, words=words))
    assert list(LikelyMistranslation().check(replace(context, quality=(judged,)))) == []


def test_an_aligned_sentence_of_another_article_suggests_its_wording() -> None:
    from xlingual.align.groups import AlignedGroup, GroupMember

    mt_text = "Thick tobacco covered the villages of the area on Monday."
    wire_text = "Thick smoke covered the villages of the area on Monday."
    mt = Document.from_text("mt.txt", mt_text, language="en")
    wire = Document.from_text("wire.txt", wire_text, language="en")
    words = tuple(
        WordJudgement(s, e, 0.9 if mt_text[s:e] == "tobacco" else 0.1, "mistranslation", None)
        for s, e in target_words(mt_text)
    )
    judged = JudgedSentence(
        0, 0, len(mt_text), SentenceJudgement(words, 0.9, False, 0.4, 0.5, None)
    )
    group = AlignedGroup((GroupMember(0, 0), GroupMember(1, 0)), 0.95)
    context = replace(rule_context(mt, wire, groups=[group]), quality=(judged,))
    (finding,) = LikelyMistranslation().check(context)
    assert (finding.text, finding.suggestion) == ("tobacco", "smoke")
    assert [span.path for span in finding.related] == ["wire.txt"]
    # A sentence that is not worded alike suggests nothing.
    other = Document.from_text("wire.txt", "Officials said nothing about it at all.", "en")
    context = replace(rule_context(mt, other, groups=[group]), quality=(judged,))
    (finding,) = LikelyMistranslation().check(context)
    assert finding.suggestion is None and finding.related == ()


def test_a_translation_not_in_english_is_flagged_only_in_a_sentence_likely_wrong() -> None:
    text = "Die Etage eröffnete eine Untersuchung."
    german = Document.from_text("translation.txt", text, language="de")
    words = tuple(
        WordJudgement(s, e, 0.9 if text[s:e] == "Etage" else 0.1, "mistranslation", None)
        for s, e in target_words(text)
    )

    def findings(major: float):
        judgement = SentenceJudgement(words, major, True, 0.4, 0.5, None)
        judged = JudgedSentence(0, 0, len(text), judgement, None)
        return list(LikelyMistranslation().check(replace(rule_context(german), quality=(judged,))))

    assert findings(major=0.3) == []
    assert [f.text for f in findings(major=0.7)] == ["Etage"]


def test_words_an_aligned_sentence_of_another_article_also_writes_are_not_flagged() -> None:
    from xlingual.align.groups import AlignedGroup, GroupMember

    mt_text = "The fire broke out near the village late on Sunday."
    mt = Document.from_text("mt.txt", mt_text, language="en")
    words = tuple(
        WordJudgement(s, e, 0.9 if mt_text[s:e] in ("broke", "out") else 0.1, "mistranslation",
                      None)
        for s, e in target_words(mt_text)
    )  # fmt: skip
    judged = JudgedSentence(
        0, 0, len(mt_text), SentenceJudgement(words, 0.9, False, 0.4, 0.5, None)
    )
    group = AlignedGroup((GroupMember(0, 0), GroupMember(1, 0)), 0.95)
    # The wire story chose "broke out" too: an independent rendering attests the words.
    wire = Document.from_text("wire.txt", "A wildfire broke out near the village on Sunday.", "en")
    context = replace(rule_context(mt, wire, groups=[group]), quality=(judged,))
    assert list(LikelyMistranslation().check(context)) == []
    # One of the two words missing from it, and the span stands.
    wire = Document.from_text("wire.txt", "A wildfire started near the village on Sunday.", "en")
    context = replace(rule_context(mt, wire, groups=[group]), quality=(judged,))
    (finding,) = LikelyMistranslation().check(context)
    assert finding.text == "broke out"
