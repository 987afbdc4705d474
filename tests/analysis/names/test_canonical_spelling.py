"""When most articles share a misspelling, the right spelling must not be flagged toward it.

Through the real command line (typer's runner, the fake embedder, real spaCy mentions): three
articles write a name wrong the same way, as machine translation systems often do, and two write
it right. The style sheet, a romanisation of the name written in another script, and wordfreq
each overrule the count; with none of them, the finding must say that nothing but the count
decided, with a low confidence.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xlingual.cli import app

# One person, five reports; {name} is the surname as each article spells it.
SENTENCES = (
    "The chess champion Garry {name} arrived in Berlin on Monday. {name} said he would play.",
    "Garry {name} opened the tournament on Tuesday. Officials thanked {name} for coming.",
    "Reporters met Garry {name} at the airport. {name} answered questions for an hour.",
    "On Wednesday Garry {name} gave a lecture. Students asked {name} about his career.",
    "Garry {name} left the city on Friday. {name} will return next year.",
)
LAWYER = (
    "The lawyer Dmitry {name} filed an appeal on Monday. {name} said the court had erred.",
    "Dmitry {name} told reporters the hearing was unfair. {name} plans a complaint.",
    "A statement by Dmitry {name} was read in court. {name} was not present.",
    "Dmitry {name} met the family on Tuesday. {name} promised to fight on.",
    "Prosecutors dismissed claims by Dmitry {name} on Friday. {name} called it a farce.",
)
RUSSIAN = "Адвокат Дмитрий Рябцев подал апелляцию в понедельник. Рябцев заявил, что суд ошибся.\n"


def _story(folder: Path, sentences: tuple[str, ...], wrong: str, right: str) -> Path:
    """Articles 0-2 use the wrong spelling, 3-4 the right one."""
    folder.mkdir()
    for index, template in enumerate(sentences):
        name = wrong if index < 3 else right
        (folder / f"{index}.txt").write_text(template.format(name=name) + "\n", encoding="utf-8")
    return folder


def _check(*args: str) -> list[dict]:
    result = CliRunner().invoke(app, ["check", *args, "-f", "json", "--select", "XL1", "--quiet"])
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    return json.loads(result.stdout)["findings"]


@pytest.fixture(autouse=True)
def _offline(use_fake_embedder, isolated_cache):
    return use_fake_embedder


def _flagged(findings: list[dict], code_prefix: str = "XL1") -> set[tuple[str, str]]:
    return {(f["text"], f["suggestion"]) for f in findings if f["code"].startswith(code_prefix)}


def test_wordfreq_overrules_a_majority_typo(tmp_path):
    findings = _check(str(_story(tmp_path / "s", SENTENCES, "Kasporov", "Kasparov")))
    assert _flagged(findings) == {("Kasporov", "Kasparov")}
    across = [f for f in findings if f["code"] == "XL101"]
    assert len(across) == 6  # every occurrence in the three misspelling articles
    assert "wordfreq knows 'Kasparov'" in across[0]["message"]
    assert "though 3 articles use it" in across[0]["message"]
    assert "which 2 articles also use (" in across[0]["message"]


def test_style_sheet_decides_against_the_majority(tmp_path):
    story = _story(tmp_path / "s", LAWYER, "Ryabtsov", "Ryabtsev")
    sheet = tmp_path / "names.toml"
    sheet.write_text('[[term]]\ncanonical = "Dmitry Ryabtsev"\n', encoding="utf-8")
    findings = _check(str(story), "--glossary", str(sheet))
    assert _flagged(findings) == {("Ryabtsov", "Ryabtsev")}
    assert {f["code"] for f in findings} == {"XL103"}


def test_style_sheet_spelling_that_no_article_uses_is_the_suggestion(tmp_path):
    # No article writes the style sheet's "Ryabtsev". Article 2 names him by surname only, so
    # the style sheet cannot flag it (no given name to match); the cluster's canonical spelling
    # must still be the style sheet's, not the majority's "Ryabtsov".
    story = _story(tmp_path / "s", LAWYER, "Ryabtsov", "Ryabtzov")
    (story / "2.txt").write_text(
        "A statement by the defence was read in court. Ryabtsov was not present.\n",
        encoding="utf-8",
    )
    sheet = tmp_path / "names.csv"
    sheet.write_text("canonical\nDmitry Ryabtsev\n", encoding="utf-8")
    findings = _check(str(story), "--glossary", str(sheet))
    assert {s for _, s in _flagged(findings)} == {"Ryabtsev"}
    assert {t for t, _ in _flagged(findings)} == {"Ryabtsov", "Ryabtzov"}
    bare = [f for f in findings if f["path"].endswith("2.txt")]
    assert [(f["code"], f["text"], f["suggestion"]) for f in bare] == [
        ("XL101", "Ryabtsov", "Ryabtsev")
    ]
    assert "the style sheet spells it 'Dmitry Ryabtsev'" in bare[0]["message"]


def test_the_name_in_another_script_overrules_a_majority_typo(tmp_path):
    story = _story(tmp_path / "s", LAWYER, "Ryabtsov", "Ryabtsev")
    (story / "ru.txt").write_text(RUSSIAN, encoding="utf-8")
    findings = _check(str(story))
    assert _flagged(findings) == {("Ryabtsov", "Ryabtsev")}
    message = next(f["message"] for f in findings if f["code"] == "XL101")
    assert "romanisation of 'Рябцев'" in message


def test_with_no_evidence_but_the_count_the_finding_says_so(tmp_path):
    # wordfreq knows neither spelling and no article writes the name in Cyrillic: the count is
    # all there is, so the right spelling is flagged, but not with confidence.
    findings = _check(str(_story(tmp_path / "s", LAWYER, "Ryabtsov", "Ryabtsev")))
    assert _flagged(findings) == {("Ryabtsev", "Ryabtsov")}
    for finding in findings:
        assert finding["confidence"] <= 0.6
        assert "3 articles use 'Ryabtsov', 2 use 'Ryabtsev'" in finding["message"]
        assert "nothing else tells which is right" in finding["message"]


def test_one_article_is_singular(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    for index in range(3):
        name = "Kasparov" if index < 2 else "Kasparow"
        text = SENTENCES[index].format(name=name)
        (folder / f"{index}.txt").write_text(text + "\n", encoding="utf-8")
    findings = _check(str(folder))
    messages = [f["message"] for f in findings if f["code"] == "XL101"]
    assert messages and all("1 uses 'Kasparow'" in m for m in messages)
    assert not any("1 articles" in m or "1 use " in m for m in messages)
