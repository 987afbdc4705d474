"""The gate: the one place that decides which findings a run reports and what its exit code is
(the role of flake8's StyleGuide and DecisionEngine).

In the order a finding meets them:

1. selection: `select`/`ignore` decide which rules run (the longest matching prefix wins);
2. severity: `severity = {CODE = level}` overrides a rule's level, for every code, XL901 too;
3. one finding per span: the model's XL203 gives way to a rule that names the cause;
4. suppressions: an `<!-- xlingual: ignore CODE -->` comment in the article;
5. changed lines (`changed_since`, the CLI's --changed-only): only findings on lines a git
   diff touches, and every input problem;
6. baseline (`baseline` in the config): findings recorded there are not news;
7. exit code: 2 when an input could not be read (never a pass), else 1 when a finding reaches
   `fail_on`, else 0.

Steps 1-4 run inside `xlingual.check`; 5-6 are `gated()`, which the CLI and a Python caller
run on the report; 7 is `exit_code()`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from xlingual.findings import Finding, Severity

# The rules, the baseline and git are imported where they are used: the command line reads
# the exit codes from here and must start fast.
if TYPE_CHECKING:
    from xlingual.changes import ChangedLines
    from xlingual.config import Config
    from xlingual.load.documents import Document, InputError
    from xlingual.report import Report
    from xlingual.rules import Rule

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def is_selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Ruff-style selection: the longest matching prefix of --select or --ignore decides."""
    best_select = max((len(p) for p in select if code.startswith(p.upper())), default=-1)
    best_ignore = max((len(p) for p in ignore if code.startswith(p.upper())), default=-1)
    if not select:
        best_select = max(best_select, 0)
    return best_select > best_ignore


def selected_rules(config: Config) -> list[Rule]:
    from xlingual.rules import ALL_RULES

    return [rule for rule in ALL_RULES if is_selected(rule.code, config.select, config.ignore)]


def reported(
    findings: Sequence[Finding], config: Config, documents: Sequence[Document]
) -> list[Finding]:
    """What the rules found, at the configured severity, one a span, less the suppressed."""
    from xlingual.load.suppressions import is_suppressed
    from xlingual.rules.quality import merged

    configured = at_configured_severity(findings, config)
    suppressions = {document.path: document.suppressions for document in documents}
    return [
        finding
        for finding in merged(configured)
        if not is_suppressed(finding.code, finding.start, suppressions.get(finding.path, ()))
    ]


def input_findings(errors: Sequence[InputError], config: Config) -> list[Finding]:
    """An XL901 finding for each file that could not be read, at the configured severity.
    Selection and suppressions do not apply: an input problem is never silent."""
    from xlingual.rules import UNREADABLE_INPUT

    found = [UNREADABLE_INPUT.input_finding(error.path, error.reason) for error in errors]
    return at_configured_severity(found, config)


def gated(report: Report, config: Config, changed_since: str | None = None) -> Report:
    """The report as the gate options narrow it: to the lines changed since the git ref
    `changed_since`, then to the findings the config's baseline file has not recorded.

    Raises ChangesError (git cannot say what changed) or BaselineError (the file is not a
    baseline)."""
    from xlingual.changes import changed_lines

    if changed_since is not None:
        changes = changed_lines(changed_since, {document.path for document in report.documents})
        report = only_changed(report, changes)
    if config.baseline:
        report = new_since_baseline(report, Path(config.baseline))
    return report


def only_changed(report: Report, changes: ChangedLines) -> Report:
    """The findings on lines `changes` touches; input problems are news whatever changed."""
    from xlingual.rules import UNREADABLE_INPUT

    documents = {document.path: document for document in report.documents}

    def on_changed_line(finding: Finding) -> bool:
        document = documents.get(finding.path)
        if document is None or finding.code == UNREADABLE_INPUT.code:
            return True
        last_line, _ = document.position(max(finding.start, finding.end - 1))
        return changes.touches(finding.path, finding.line, last_line)

    return narrowed(report, on_changed_line)


def new_since_baseline(report: Report, baseline: Path) -> Report:
    """The findings the baseline file did not record (each recorded finding absorbs one)."""
    from xlingual.baseline import new_findings, read_baseline

    known = read_baseline(baseline)
    kept = set(map(id, new_findings(report.findings, report.documents, known, baseline.parent)))
    return narrowed(report, lambda finding: id(finding) in kept)


def narrowed(report: Report, keep: Callable[[Finding], bool]) -> Report:
    """The same report with only the findings `keep` accepts."""
    return replace(report, findings=tuple(f for f in report.findings if keep(f)))


def exit_code(report: Report, fail_on: str, exit_zero: bool = False) -> int:
    """2 if an input could not be read (even with exit_zero), else 1 if a finding is at
    `fail_on` or above (never: no level fails), else 0."""
    if report.input_errors:
        return EXIT_USAGE
    if exit_zero or fail_on == "never":
        return EXIT_CLEAN
    threshold = Severity(fail_on).rank
    failing = any(finding.severity.rank >= threshold for finding in report.findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def at_configured_severity(findings: Sequence[Finding], config: Config) -> list[Finding]:
    """Each finding at the level `severity = {CODE = level}` sets for its code, if any."""
    return [
        replace(finding, severity=Severity(config.severity[finding.code]))
        if finding.code in config.severity
        else finding
        for finding in findings
    ]
