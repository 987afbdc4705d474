"""The QE step of the pipeline: which texts reach the model, and where XL203 lands. A stand-in
estimator flags one chosen word (the real model runs in the tests marked slow)."""

from __future__ import annotations

import json

import pytest

import xlingual
from tests.test_cli import run
from xlingual.qe.features import target_words
from xlingual.qe.model import SentenceJudgement, WordJudgement


class FlagsOneWord:
    """Judges the word `word` wrong (probability 0.9, aligned with the source's second word)."""

    def __init__(self, word: str):
        self.word = word
        self.pairs: list[tuple[str | None, str]] = []

    def judge(self, pairs):
        self.pairs.extend(pairs)
        judgements = []
        for source, target in pairs:
            source_words = target_words(source or "")
            words = tuple(
                WordJudgement(
                    start,
                    end,
                    0.9 if target[start:end] == self.word else 0.05,
                    "mistranslation",
                    source_words[1] if source and len(source_words) > 1 else None,
                )
                for start, end in target_words(target)
            )
            judgements.append(SentenceJudgement(words, 0.8, source is not None, 0.4, 0.5, None))
        return judgements


@pytest.fixture
def flags_floor(monkeypatch):
    import xlingual.api

    estimator = FlagsOneWord("floor")
    monkeypatch.setattr(xlingual.api, "load_estimator", lambda *args, **kwargs: estimator)
    return estimator


def test_check_pairs_judges_each_translation_against_its_source(flags_floor, fake_embedder):
    report = xlingual.check_pairs(
        [("Le parquet a ouvert une enquête.", "The floor opened an investigation.")],
        embedder=fake_embedder,
    )
    assert flags_floor.pairs == [
        ("Le parquet a ouvert une enquête.", "The floor opened an investigation.")
    ]
    (finding,) = [f for f in report.findings if f.code == "XL203"]
    assert finding.text == "floor" and finding.path == "pairs[0].translation"
    assert [span.text for span in finding.related] == ["parquet"]
    assert "qe=" in report.signature


def test_a_pairs_file_finding_carries_its_line(flags_floor, use_fake_embedder, tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text(
        "Es regnete.\tIt rained.\nLe parquet a ouvert une enquête.\tThe floor opened it.\n",
        encoding="utf-8",
    )
    result = run(["pair", str(path), "-f", "json", "--select", "XL203", "--fail-on", "never"])
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["line"], finding["text"]) == (2, "floor")
    assert path.read_text(encoding="utf-8")[finding["start"] : finding["end"]] == "floor"


def test_ignoring_xl203_loads_no_model(monkeypatch, fake_embedder):
    import xlingual.api

    def refuse(*args, **kwargs):
        raise AssertionError("the QE model was loaded")

    monkeypatch.setattr(xlingual.api, "load_estimator", refuse)
    report = xlingual.check_pair(
        "Der Hund.", "The dog.", xlingual.Config(ignore=("XL203",)), embedder=fake_embedder
    )
    assert "qe=" not in report.signature


def test_a_story_judges_english_articles_and_not_the_foreign_one(
    flags_floor, fake_embedder, tmp_path
):
    (tmp_path / "a.txt").write_text("The floor of Bergamo opened an inquiry on Monday.\n")
    (tmp_path / "b.txt").write_text("Prosecutors in Bergamo opened an inquiry on Monday.\n")
    (tmp_path / "c.txt").write_text("La procura di Bergamo ha aperto un'inchiesta lunedì.\n")
    report = xlingual.check([tmp_path], embedder=fake_embedder)
    judged = {target for _source, target in flags_floor.pairs}
    assert judged == {
        "The floor of Bergamo opened an inquiry on Monday.",
        "Prosecutors in Bergamo opened an inquiry on Monday.",
    }
    (finding,) = [f for f in report.findings if f.code == "XL203"]
    assert finding.text == "floor" and finding.path.endswith("a.txt")
