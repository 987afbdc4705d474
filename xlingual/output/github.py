"""`--format github`: GitHub Actions workflow commands, shown as annotations on a pull request.

https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlingual.findings import Finding, Severity
from xlingual.output.common import documents_by_path, finding_region, rule_title
from xlingual.output.visible import visible_lines

if TYPE_CHECKING:
    from xlingual.report import Report

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: Report) -> str:
    documents = documents_by_path(report)
    lines = []
    for finding in report.findings:
        where = finding_region(documents, finding)
        properties = [("file", finding.path), ("line", str(where.start_line))]
        if where.end_line is None:
            properties.append(("col", str(where.start_column)))
        elif where.end_line == where.start_line:
            properties += [
                ("col", str(where.start_column)),
                ("endLine", str(where.end_line)),
                ("endColumn", str(where.end_column)),
            ]
        else:
            # GitHub rejects columns on an annotation that spans several lines.
            properties.append(("endLine", str(where.end_line)))
        properties.append(("title", rule_title(finding)))
        fields = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
        lines.append(f"::{_COMMANDS[finding.severity]} {fields}::{escape_data(_message(finding))}")
    return "".join(line + "\n" for line in lines)


def escape_data(text: str) -> str:
    """The message after `::`: the runner decodes %25, %0D and %0A, so those must be encoded.

    Other controls and bidi characters have no encoding the runner decodes; they are shown as
    visible marks (xlingual.output.visible), so an annotation reads as what it is.
    """
    return visible_lines(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A `key=value` property: `:` would end the properties and `,` would start another one."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _message(finding: Finding) -> str:
    if finding.suggestion:
        return f"{finding.message} (suggestion: {finding.suggestion})"
    return finding.message
