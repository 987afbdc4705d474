"""`--format junit`: JUnit XML, the test report GitLab, Jenkins and most CI servers display.

One test suite per checked file and one failing test case per finding; a file with no findings
gets one passing test case, so that the CI server shows it as checked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from xlingual.findings import Finding
from xlingual.output.common import documents_by_path, findings_by_path, region, rule_title
from xlingual.output.visible import defused, visible, visible_lines

if TYPE_CHECKING:
    from xlingual.load.documents import Document
    from xlingual.report import Report

CLEAN_CASE = "no findings"

# Characters XML 1.0 cannot carry even escaped; a loaded article may still contain a few.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def render(report: Report) -> str:
    documents = documents_by_path(report)
    grouped = findings_by_path(report)
    failures = len(report.findings)
    tests = failures + sum(1 for findings in grouped.values() if not findings)
    root = ET.Element(
        "testsuites", _attributes(name="xlingual", tests=tests, failures=failures, errors=0)
    )
    for path, findings in grouped.items():
        suite = ET.SubElement(
            root,
            "testsuite",
            _attributes(name=path, tests=max(len(findings), 1), failures=len(findings), errors=0),
        )
        if not findings:
            ET.SubElement(suite, "testcase", _attributes(classname=path, name=CLEAN_CASE))
        for finding in findings:
            _add_case(suite, finding, documents)
    ET.indent(root, space="  ")
    # No line a workflow command, should the file be printed in a CI log: character references.
    body = defused(ET.tostring(root, encoding="unicode"), colon="&#58;", hash_sign="&#35;")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _add_case(suite: ET.Element, finding: Finding, documents: dict[str, Document]) -> None:
    name = f"{rule_title(finding)} at {finding.line}:{finding.column}"
    case = ET.SubElement(
        suite, "testcase", _attributes(classname=finding.path, name=name, file=finding.path)
    )
    failure = ET.SubElement(
        case, "failure", _attributes(type=finding.severity.value, message=finding.message)
    )
    failure.text = _clean(_details(finding, documents))


def _details(finding: Finding, documents: dict[str, Document]) -> str:
    lines = [f"{visible(finding.path)}:{finding.line}:{finding.column}: {finding.message}"]
    if finding.text:
        lines.append(f"flagged: {finding.text}")
    if finding.suggestion:
        lines.append(f"suggestion: {finding.suggestion}")
    for span in finding.related:
        where = region(documents, span.path, span.start, span.end)
        place = f"{where.start_line}:{where.start_column}" if where else f"@{span.start}"
        lines.append(f"related: {visible(span.path)}:{place}: {span.text}")
    return "\n".join(lines)


def _attributes(**values: object) -> dict[str, str]:
    # Keyword order is the attribute order: ElementTree keeps insertion order. A name or a
    # message in an attribute is shown on one line, its line breaks as marks.
    return {key: _NOT_XML.sub("\ufffd", visible(str(value))) for key, value in values.items()}


def _clean(text: str) -> str:
    # CI servers show these names and messages to people: controls and bidi characters are shown
    # as marks (xlingual.output.visible); line breaks of the details text stay.
    # XML reads a CR as a line break: only LF (the details' own line breaks) stays one.
    return _NOT_XML.sub("\ufffd", visible_lines(text.replace("\r\n", "\n").replace("\r", "\u240d")))
