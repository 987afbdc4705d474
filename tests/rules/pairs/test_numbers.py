"""XL501: xlingual/rules/pairs/numbers.py."""

import numpy as np
import pytest

from tests.rules.context import checked as check
from tests.rules.context import doc, group
from tests.rules.context import story as context
from xlingual.align.pair import Bead
from xlingual.findings import Severity
from xlingual.load.documents import Document
from xlingual.rules.base import CheckContext, PairAlignment
from xlingual.rules.number_mismatch import NumberMismatchAcrossArticles
from xlingual.rules.pairs import NumberNotCarriedOver

# --- XL501 number-not-carried-over -------------------------------------------------------------


def pair_context(source: Document, target: Document, *beads: Bead) -> CheckContext:
    return context(source, target, pairs=[PairAlignment(0, 1, tuple(beads))])


def test_changed_number_is_an_error_on_the_translated_number():
    source = doc("en.txt", "The group recruited 28,000 prisoners. They went to war.")
    target = doc("de.txt", "Die Gruppe rekrutierte 2.800 Häftlinge. Sie zogen in den Krieg.", "de")
    findings = check(
        NumberNotCarriedOver(),
        pair_context(source, target, Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9)),
    )
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.path, finding.text, finding.severity) == ("de.txt", "2.800", Severity.ERROR)
    assert finding.message == "translation has 2.800 where the source has 28,000"
    assert [(s.path, s.text) for s in finding.related] == [("en.txt", "28,000")]
    assert finding.code == "XL501"


def test_faithful_numbers_in_other_locales_and_words_pass():
    source = doc(
        "en.txt",
        "On September 12, 2022, about 20,000 soldiers and ten officers arrived; 40% stayed.",
    )
    target = doc(
        "fr.txt",
        "Le 12 septembre 2022, environ 20 000 soldats et 10 officiers sont arrivés ; "
        "40 % sont restés.",
        "fr",
    )
    assert check(NumberNotCarriedOver(), pair_context(source, target, Bead((0,), (0,), 1))) == []


def test_missing_number_is_a_warning_on_the_translated_sentence():
    source = doc("en.txt", "Intro. He fled to France in 2015 with his family.")
    target = doc("fr.txt", "Intro. Il a fui en France avec sa famille.", "fr")
    findings = check(
        NumberNotCarriedOver(),
        pair_context(source, target, Bead((0,), (0,), 1), Bead((1,), (1,), 1)),
    )
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity is Severity.WARNING
    assert finding.text == target.sentences[1].text
    assert finding.message == 'source number "2015" is missing from the translation'
    assert finding.related[0].text == "2015"


def test_added_number_is_a_warning_on_that_number():
    source = doc("en.txt", "He fled to France with his family.")
    target = doc("de.txt", "Er floh 2015 mit seiner Familie nach Frankreich.", "de")
    findings = check(NumberNotCarriedOver(), pair_context(source, target, Bead((0,), (0,), 1)))
    assert [(f.text, f.severity) for f in findings] == [("2015", Severity.WARNING)]
    assert "no counterpart" in findings[0].message
    assert findings[0].related[0].text == source.sentences[0].text


def test_multi_sentence_beads_pool_their_numbers():
    source = doc("en.txt", "He was 41. He fled in 2015.")
    target = doc("fr.txt", "Âgé de 41 ans, il a fui en 2015.", "fr")
    assert check(NumberNotCarriedOver(), pair_context(source, target, Bead((0, 1), (0,), 1))) == []


def test_beads_with_an_empty_side_are_skipped():
    source = doc("en.txt", "He fled in 2015. Extra sentence with 7 words.")
    target = doc("fr.txt", "Il a fui en 2015.", "fr")
    beads = (Bead((0,), (0,), 1), Bead((1,), (), 0))
    assert check(NumberNotCarriedOver(), pair_context(source, target, *beads)) == []


def test_date_change_in_translation_is_an_error():
    source = doc("en.txt", "The attack happened on September 12.")
    target = doc("fr.txt", "L'attaque a eu lieu le 21 septembre.", "fr")
    findings = check(NumberNotCarriedOver(), pair_context(source, target, Bead((0,), (0,), 1)))
    assert [(f.text, f.severity) for f in findings] == [("21", Severity.ERROR)]


def test_words_the_other_language_cannot_read_are_left_out():
    # Czech number words are not read; "two" must not be reported missing because of that.
    source = doc("en.txt", "They stayed for two weeks in 2015.")
    target = doc("cs.txt", "Zůstali dva týdny v roce 2015.", "cs")
    assert check(NumberNotCarriedOver(), pair_context(source, target, Bead((0,), (0,), 1))) == []


def test_small_numbers_missing_have_low_confidence():
    source = doc("en.txt", "He has 2 children and 28,000 followers.")
    target = doc("fr.txt", "Il a des enfants.", "fr")
    findings = check(NumberNotCarriedOver(), pair_context(source, target, Bead((0,), (0,), 1)))
    confidence = {f.related[0].text: f.confidence for f in findings}
    assert confidence["2"] < confidence["28,000"]


def test_out_of_range_indices_are_ignored():
    source = doc("en.txt", "He fled in 2015.")
    target = doc("fr.txt", "Il a fui en 2016.", "fr")
    beads = (Bead((0, 5), (0,), 1), Bead((9,), (9,), 1))
    findings = check(NumberNotCarriedOver(), pair_context(source, target, *beads))
    assert [(f.text, f.severity) for f in findings] == [("2016", Severity.ERROR)]


@pytest.mark.parametrize("rule", [NumberMismatchAcrossArticles(), NumberNotCarriedOver()])
def test_rules_do_not_need_vectors(rule):
    # XL401's second pass reads sentence vectors; without them the aligned groups still count.
    source = doc("en.txt", "He fled in 2015.")
    target = doc("fr.txt", "Il a fui en 2016.", "fr")
    ctx = CheckContext(
        (source, target),
        (np.zeros((0, 4)), np.zeros((0, 4))),
        groups=(group((0, 0), (1, 0)),),
        pairs=(PairAlignment(0, 1, (Bead((0,), (0,), 1),)),),
    )
    assert len(check(rule, ctx)) >= 1
