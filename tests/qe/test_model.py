"""The shipped QE model, end to end (real encoder and heads): false friends must fire (the rule's
documented example among them), a plain correct translation must not."""

from __future__ import annotations

import pytest

import xlingual

pytestmark = pytest.mark.slow


def _quality_findings(source: str, translation: str):
    report = xlingual.check_pair(source, translation, xlingual.Config(select=("XL203",)))
    return [f for f in report.findings if f.code == "XL203"]


def test_a_false_friend_is_flagged_with_its_source_word() -> None:
    findings = _quality_findings(
        "Le parquet a ouvert une enquête sur le dopage.",
        "The floor opened an investigation into doping.",
    )
    (floor,) = [f for f in findings if "floor" in f.text]
    assert floor.related and "parquet" in floor.related[0].text
    assert 0.3 <= floor.confidence <= 1


def test_the_rule_documentation_example_is_flagged() -> None:
    findings = _quality_findings(
        "La ministra está embarazada de cinco meses.", "The minister is five months embarrassed."
    )
    (embarrassed,) = [f for f in findings if "embarrassed" in f.text]
    assert embarrassed.related and embarrassed.related[0].path == "source"
    assert 0.3 <= embarrassed.confidence <= 1


def test_a_plain_correct_translation_is_not_flagged() -> None:
    assert _quality_findings("Der Zug kam pünktlich an.", "The train arrived on time.") == []


def test_judging_alone_and_with_a_source_give_calibrated_probabilities() -> None:
    from xlingual.qe.model import QualityEstimator

    with_source, alone = QualityEstimator().judge(
        [("Der Zug kam pünktlich an.", "The train arrived on time."),
         (None, "The train arrived on time.")]
    )  # fmt: skip
    assert with_source.with_source and not alone.with_source
    for judgement in (with_source, alone):
        assert 0 < judgement.major_probability < 1
        assert all(0 < word.probability < 1 for word in judgement.words)
    assert [w.source for w in with_source.words if w.source] and not any(
        w.source for w in alone.words
    )
