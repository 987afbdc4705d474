import json

import pytest

from xlingual.baseline import (
    BaselineError,
    fingerprint,
    new_findings,
    read_baseline,
    write_baseline,
)
from xlingual.findings import Finding, Severity, line_and_column
from xlingual.load.documents import Document

STORY = "The minister met 40 reporters on Monday.\n\nThe talks lasted about an hour, aides said.\n"


def finding_on(document: Document, needle: str, code: str = "XL401", nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = document.text.index(needle, start + 1)
    line, column = line_and_column(document.text, start)
    return Finding(
        code,
        "rule",
        Severity.WARNING,
        document.path,
        start,
        start + len(needle),
        line,
        column,
        needle,
        "a message",
    )


@pytest.fixture
def story(tmp_path):
    return Document.from_text(str(tmp_path / "a.md"), STORY, "en")


def test_round_trip_absorbs_every_recorded_finding(story, tmp_path):
    findings = [finding_on(story, "40"), finding_on(story, "hour", "XL201")]
    baseline = tmp_path / "baseline.json"
    baseline.write_text(write_baseline(baseline, findings, [story]))
    recorded = read_baseline(baseline)
    assert new_findings(findings, [story], recorded, tmp_path) == []
    entries = json.loads(baseline.read_text())["findings"]
    assert [(e["path"], e["line"], e["code"]) for e in entries] == [
        ("a.md", 1, "XL401"),
        ("a.md", 3, "XL201"),
    ]


def test_matching_survives_an_edit_elsewhere_in_the_file(story, tmp_path):
    old = finding_on(story, "hour", "XL201")
    baseline = tmp_path / "baseline.json"
    baseline.write_text(write_baseline(baseline, [old], [story]))
    edited = Document.from_text(story.path, "A new first paragraph.\n\n" + STORY, "en")
    moved = finding_on(edited, "hour", "XL201")
    assert moved.line != old.line
    assert new_findings([moved], [edited], read_baseline(baseline), tmp_path) == []


def test_an_edit_at_the_finding_or_a_new_finding_is_reported(story, tmp_path):
    baseline = tmp_path / "baseline.json"
    baseline.write_text(write_baseline(baseline, [finding_on(story, "40")], [story]))
    changed = Document.from_text(story.path, STORY.replace("met 40", "met only 40"), "en")
    recorded = read_baseline(baseline)
    reworded = finding_on(changed, "40")
    assert new_findings([reworded], [changed], recorded, tmp_path) == [reworded]
    other_rule = finding_on(story, "40", "XL101")
    assert new_findings([other_rule], [story], recorded, tmp_path) == [other_rule]


def test_a_repeated_slip_is_absorbed_only_as_often_as_recorded(tmp_path):
    text = "Same line here.\nSame line here.\nSame line here.\n"
    document = Document.from_text(str(tmp_path / "b.txt"), text, "en")
    first, second, third = (finding_on(document, "line", nth=n) for n in range(3))
    assert len({fingerprint(f, text, "b.txt") for f in (first, second, third)}) == 1
    baseline = tmp_path / "baseline.json"
    baseline.write_text(write_baseline(baseline, [first, second], [document]))
    assert new_findings([first, second, third], [document], read_baseline(baseline), tmp_path) == [
        third
    ]


def test_paths_are_kept_relative_to_the_baseline_file(story, tmp_path):
    baseline = tmp_path / "ci" / "baseline.json"
    entry = json.loads(write_baseline(baseline, [finding_on(story, "40")], [story]))["findings"][0]
    assert entry["path"] == "../a.md"


def test_unusable_baselines_are_one_line_errors(tmp_path):
    with pytest.raises(BaselineError, match="missing.json: baseline not found"):
        read_baseline(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(BaselineError, match="bad.json: baseline is not valid JSON"):
        read_baseline(bad)
    bad.write_text('{"version": 99, "findings": []}')
    with pytest.raises(BaselineError, match="not an xlingual baseline"):
        read_baseline(bad)
