"""Every rule's examples (Rule.examples_fail / examples_pass), run through the whole pipeline
with only that rule selected, as proselint runs its examples: one parametrised test over the
registry. Real models (embedder, names, QE), so marked slow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import xlingual
from xlingual.config import Config
from xlingual.rules import ALL_RULES, Rule
from xlingual.rules.base import Example

CASES = [
    pytest.param(rule, example, must_fire, id=f"{rule.code}-{kind}{number}")
    for rule in ALL_RULES
    for must_fire, kind, examples in (
        (True, "fail", rule.examples_fail),
        (False, "pass", rule.examples_pass),
    )
    for number, example in enumerate(examples)
]


def _findings(rule: Rule, example: Example, folder: Path):
    config = Config().with_overrides(select=[rule.code])
    if example.glossary:
        glossary = folder / "style-sheet.csv"
        glossary.write_text(example.glossary, encoding="utf-8")
        config = config.with_overrides(glossary=str(glossary))
    if example.source is not None:
        report = xlingual.check_pair(example.source, example.articles[0], config)
    else:
        paths = []
        for number, text in enumerate(example.articles):
            path = folder / f"article-{number}.md"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        report = xlingual.check(paths, config)
    return [finding for finding in report.findings if finding.code == rule.code]


def test_every_rule_has_examples_both_ways():
    for rule in ALL_RULES:
        assert rule.examples_fail, f"{rule.code} has no example that must fire"
        assert rule.examples_pass, f"{rule.code} has no example that must not fire"


def test_the_documented_example_is_one_that_runs():
    """The docstring's "Example:" quotes what the first failing example flags."""
    for rule in ALL_RULES:
        flagged = rule.examples_fail[0].flagged
        if flagged:
            documentation = re.sub(r"\s+", " ", rule.documentation)
            assert flagged in documentation, f"{rule.code}: {flagged!r} not in its documentation"


@pytest.mark.slow
@pytest.mark.parametrize(("rule", "example", "must_fire"), CASES)
def test_rule_example(rule: Rule, example: Example, must_fire: bool, tmp_path: Path):
    findings = _findings(rule, example, tmp_path)
    if not must_fire:
        assert findings == [], [f.text for f in findings]
        return
    assert findings, f"{rule.code} did not fire"
    if example.flagged:
        assert any(example.flagged in f.text for f in findings), [f.text for f in findings]
