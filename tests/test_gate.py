"""The gate (xlingual/gate.py): one place decides what is reported and the exit code."""

from __future__ import annotations

import subprocess

import pytest

from tests.test_baseline import finding_on
from xlingual.baseline import write_baseline
from xlingual.config import Config
from xlingual.findings import Severity
from xlingual.gate import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_USAGE,
    at_configured_severity,
    exit_code,
    gated,
    input_findings,
    is_selected,
    reported,
    selected_rules,
)
from xlingual.load.documents import Document, InputError, load_document
from xlingual.report import Report

STORY = "The minister met 40 reporters on Monday.\n\nThe talks lasted about an hour, aides said.\n"


def report_of(document: Document, findings, input_errors=()) -> Report:
    return Report((document,), (), (), tuple(findings), "test", tuple(input_errors))


@pytest.fixture
def story(tmp_path):
    return Document.from_text(str(tmp_path / "a.md"), STORY, "en")


def test_selection_is_by_longest_prefix():
    assert is_selected("XL203", ["XL2"], ["XL20"]) is False
    assert is_selected("XL203", ["XL203"], ["XL2"]) is True
    assert is_selected("XL101", [], []) is True
    config = Config().with_overrides(select=["XL1"], ignore=["XL104"])
    assert [rule.code for rule in selected_rules(config)] == [
        "XL101",
        "XL102",
        "XL103",
        "XL105",
        "XL106",
    ]


def test_a_severity_override_reaches_input_findings_too():
    # Before the gate, XL901 was added after the overrides: `severity = {XL901 = "info"}`
    # validated and did nothing.
    config = Config().with_overrides(severity={"XL901": "info"})
    (finding,) = input_findings([InputError("gone.txt", "no such file")], config)
    assert finding.code == "XL901"
    assert finding.severity is Severity.INFO
    (default,) = input_findings([InputError("gone.txt", "no such file")], Config())
    assert default.severity is Severity.ERROR


def test_reported_applies_severity_then_suppressions(tmp_path):
    text = "<!-- xlingual: ignore XL401 -->\nThe minister met 40 reporters.\n\nAn hour passed.\n"
    (tmp_path / "b.md").write_text(text, encoding="utf-8")
    document = load_document(tmp_path / "b.md")
    config = Config().with_overrides(severity={"XL201": "error"})
    findings = [finding_on(document, "40"), finding_on(document, "hour", "XL201")]
    kept = reported(findings, config, [document])
    assert [(f.code, f.severity) for f in kept] == [("XL201", Severity.ERROR)]
    assert at_configured_severity(findings, Config()) == findings


def test_exit_code_levels(story):
    warning = finding_on(story, "40")
    report = report_of(story, [warning])
    assert exit_code(report, "warning") == EXIT_FINDINGS
    assert exit_code(report, "error") == EXIT_CLEAN
    assert exit_code(report, "never") == EXIT_CLEAN
    assert exit_code(report, "warning", exit_zero=True) == EXIT_CLEAN
    unreadable = report_of(story, [warning], [InputError("x.txt", "binary")])
    assert exit_code(unreadable, "never", exit_zero=True) == EXIT_USAGE


def test_baseline_from_python(story, tmp_path):
    old, new = finding_on(story, "40"), finding_on(story, "hour", "XL201")
    baseline = tmp_path / "baseline.json"
    baseline.write_text(write_baseline(baseline, [old], [story]))
    config = Config().with_overrides(baseline=str(baseline))
    assert gated(report_of(story, [old, new]), config).findings == (new,)
    assert gated(report_of(story, [old, new]), Config()).findings == (old, new)


def test_changed_lines_from_python(tmp_path):
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )

    path = tmp_path / "a.md"
    path.write_text(STORY, encoding="utf-8")
    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "first")
    path.write_text(STORY.replace("an hour", "two hours"), encoding="utf-8")
    document = Document.from_text(str(path), path.read_text(encoding="utf-8"), "en")
    untouched, touched = finding_on(document, "40"), finding_on(document, "hours", "XL201")
    narrowed = gated(report_of(document, [untouched, touched]), Config(), changed_since="HEAD")
    assert narrowed.findings == (touched,)
