"""Syndicated copy through the real command line: one wire sentence in many articles, one copy
with a changed number. The copies must be one aligned group and the changed number one XL401
finding on the odd article, with the majority's figure as the suggestion and the other copies as
evidence, whatever the number of copies (the ratio margin alone dropped five or more)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO
from xlingual.cli import app

WIRE = "The storm destroyed {} homes along the northern coast, the regional office said on Monday."
# Sentences of each article's own, so no two articles are the same text.
OWN = [
    "Volunteers from nearby towns arrived with blankets and bottled water.",
    "The local school was turned into a shelter for families who lost their houses.",
    "Fishermen said their boats were thrown onto the beach by the waves.",
    "A spokesman for the electricity company promised to restore power within days.",
    "Farmers fear that salt water has ruined the harvest in the low fields.",
    "The mayor asked residents to stay away from the damaged harbour wall.",
    "Insurance companies have sent assessors to the worst affected villages.",
    "Several roads remain closed because of fallen trees and debris.",
    "The weather service had issued a warning two days before the storm hit.",
    "Church groups collected clothes and food for the displaced families.",
    "Engineers are inspecting the bridge that links the island to the mainland.",
    "Tourists were evacuated from campsites along the bay by the coast guard.",
]


def write_story(folder: Path, copies: int) -> Path:
    """`copies` articles, each with the wire sentence second; the last one says 2,140."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        figure = "2,140" if n == copies - 1 else "1,240"
        own = [OWN[(n * 3 + j) % len(OWN)] for j in range(3)]
        text = " ".join([own[0], WIRE.format(figure), own[1], own[2]]) + "\n"
        (folder / f"article{n:02d}.md").write_text(text, encoding="utf-8")
    return folder


def wire_sentence_group(report: dict) -> list[dict]:
    groups = [
        group
        for group in report["alignments"]
        if any("storm destroyed" in sentence_text(report, m) for m in group["members"])
    ]
    assert len(groups) == 1, report["alignments"]
    return groups[0]["members"]


def sentence_text(report: dict, member: dict) -> str:
    document = next(d for d in report["documents"] if d["path"] == member["path"])
    return document["sentences"][member["index"]]["text"]


def assert_odd_one_out(report: dict, folder: Path, copies: int) -> None:
    members = wire_sentence_group(report)
    assert sorted(m["path"] for m in members) == [
        str(folder / f"article{n:02d}.md") for n in range(copies)
    ]
    number_findings = [f for f in report["findings"] if f["code"] == "XL401"]
    assert len(number_findings) == 1, number_findings
    (finding,) = number_findings
    assert finding["path"] == str(folder / f"article{copies - 1:02d}.md")
    assert finding["text"] == "2,140"
    assert finding["suggestion"] == "1,240"
    assert "report 1,240 (article00.md, article01.md" in finding["message"]
    assert finding["message"].endswith("where this says 2,140")
    evidence = finding["related"]
    assert [span["text"] for span in evidence] == ["1,240"] * min(copies - 1, 10)
    assert {span["path"] for span in evidence} <= {
        str(folder / f"article{n:02d}.md") for n in range(copies - 1)
    }


def check_in_process(*args: str) -> dict:
    result = CliRunner().invoke(
        app, ["check", *args, "-f", "json", "--quiet", "--fail-on", "never"]
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("copies", [3, 5, 8])
def test_changed_number_among_copies_is_reported_on_the_odd_article(
    copies, tmp_path, use_fake_embedder, isolated_cache
):
    folder = write_story(tmp_path / "story", copies)
    assert_odd_one_out(check_in_process(str(folder)), folder, copies)


def test_the_text_report_shows_the_group_and_one_finding(tmp_path, use_fake_embedder):
    folder = write_story(tmp_path / "story", 8)
    result = CliRunner().invoke(app, ["check", str(folder), "--quiet", "--fail-on", "never"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.count("storm destroyed") == 8  # every copy, in one group
    assert "XL401" in result.stdout and "suggestion: 1,240" in result.stdout
    assert result.stdout.count("XL401") == 1


@pytest.mark.slow
def test_ten_thousand_tiny_files_group_and_report(tmp_path, use_fake_embedder, isolated_cache):
    """10,000 one-sentence files: 2,000 carry the wire sentence, one of them changed."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    # The other files: distinct sentences without figures, made of 20 x 20 x 20 word choices.
    words = "baker teacher council farmer museum orchestra sailor doctor painter miller".split()
    words += "weaver potter tailor cook porter hunter gardener singer dancer writer".split()
    for n in range(10_000):
        if n < 2_000:
            text = WIRE.format("2,140" if n == 1_999 else "1,240")
        else:
            a, b, c = words[n % 20], words[n // 20 % 20], words[n // 400 % 20]
            text = f"The {a} met the {b} and the {c} at the fair."
        (folder / f"f{n:05d}.txt").write_text(text + "\n", encoding="utf-8")
    started = time.perf_counter()
    report = check_in_process(str(folder), "--select", "XL4")
    elapsed = time.perf_counter() - started
    members = wire_sentence_group(report)
    assert len(members) == 2_000
    number_findings = [f for f in report["findings"] if f["code"] == "XL401"]
    assert [(f["path"], f["text"], f["suggestion"]) for f in number_findings] == [
        (str(folder / "f01999.txt"), "2,140", "1,240")
    ]
    assert "and 1996 more" in number_findings[0]["message"]
    assert elapsed < 300, f"{elapsed:.0f} s"


@pytest.mark.slow
def test_five_copies_with_the_real_model(tmp_path):
    # The default model, in a fresh process: e5-small puts the changed copy at cosine 0.99.
    folder = write_story(tmp_path / "story", 5)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "xlingual",
            "check",
            str(folder),
            "-f",
            "json",
            "--fail-on",
            "never",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert_odd_one_out(json.loads(result.stdout), folder, 5)
