"""`--format sarif`: SARIF 2.1.0 for code-scanning services (GitHub code scanning, IDE viewers).

Columns count Unicode code points (`columnKind`), because offsets are Python `str` indices.
Regions carry lines and columns only, no character offsets: for an HTML article the offsets index
the extracted text, not the bytes of the file a viewer opens.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from xlingual.codes import BY_CODE
from xlingual.findings import Finding, Severity, Span
from xlingual.output.common import Region, documents_by_path, finding_region, region
from xlingual.output.visible import defused, json_safe, visible_lines
from xlingual.rules import ALL_RULES, Rule
from xlingual.version import __version__

if TYPE_CHECKING:
    from xlingual.load.documents import Document
    from xlingual.report import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# SARIF wants IANA charset names; the loader reports Python codec names.
_IANA_ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-32": "UTF-32",
    "cp1252": "windows-1252",
    "cp1251": "windows-1251",
    "latin-1": "ISO-8859-1",
}


def render(report: Report) -> str:
    documents = documents_by_path(report)
    artifact_index = {document.path: i for i, document in enumerate(report.documents)}
    rule_index = {rule.code: i for i, rule in enumerate(ALL_RULES)}
    run = {
        "tool": {
            "driver": {
                "name": "xlingual",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(rule) for rule in ALL_RULES],
            }
        },
        "artifacts": [_artifact(document) for document in report.documents],
        "results": [
            _result(finding, documents, artifact_index, rule_index, ordinal)
            for finding, ordinal in zip(report.findings, _ordinals(report.findings), strict=True)
        ],
        "columnKind": "unicodeCodePoints",
        "properties": {"signature": report.signature},
    }
    payload = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    text = json_safe(json.dumps(payload, indent=2, ensure_ascii=False))
    return defused(text, colon=":", hash_sign="\\u0023") + "\n"  # as in xlingual.output.json


def artifact_uri(path: str) -> dict:
    """A relative path becomes a URI reference under %SRCROOT%; an absolute one a file: URI."""
    pure: PurePath = PureWindowsPath(path) if PureWindowsPath(path).drive else PurePosixPath(path)
    if pure.is_absolute():
        try:
            return {"uri": pure.as_uri()}
        except UnicodeEncodeError:  # a surrogate that is no undecodable byte
            return {"uri": "file://" + _quoted(pure.as_posix())}
    return {"uri": _quoted(pure.as_posix()), "uriBaseId": SOURCE_ROOT}


def _quoted(path: str) -> str:
    # An undecodable file name holds its bytes as surrogates (PEP 383): the URI gets the bytes.
    try:
        return quote(path, safe="/", errors="surrogateescape")
    except UnicodeEncodeError:
        return quote(path, safe="/", errors="surrogatepass")


def _rule(rule: Rule) -> dict:
    documentation = rule.documentation
    first_paragraph = " ".join(documentation.split("\n\n", 1)[0].split())
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": first_paragraph},
        "help": {"text": documentation, "markdown": documentation},
        "defaultConfiguration": {"level": _LEVELS[rule.default_severity]},
        "properties": {"tags": [BY_CODE[rule.code].family]},
    }


def _artifact(document: Document) -> dict:
    artifact: dict = {"location": artifact_uri(document.path)}
    if document.encoding in _IANA_ENCODINGS:
        artifact["encoding"] = _IANA_ENCODINGS[document.encoding]
    artifact["properties"] = {"language": document.language}
    return artifact


def _result(
    finding: Finding,
    documents: dict[str, Document],
    artifact_index: dict[str, int],
    rule_index: dict[str, int],
    ordinal: int,
) -> dict:
    message = finding.message
    if finding.suggestion:
        stop = "" if message.endswith((".", "!", "?")) else "."
        message += f"{stop} Suggestion: {finding.suggestion}"
    result: dict = {"ruleId": finding.code}
    if finding.code in rule_index:
        result["ruleIndex"] = rule_index[finding.code]
    result["level"] = _LEVELS[finding.severity]
    # The message is what a code-scanning page shows: controls and bidi characters as marks.
    # Snippets and URIs stay exact, so a viewer still finds the text and the file.
    result["message"] = {"text": visible_lines(message)}
    location = _location(finding.path, finding_region(documents, finding), artifact_index)
    if finding.text:
        location["physicalLocation"]["region"]["snippet"] = {"text": finding.text}
    result["locations"] = [location]
    if finding.related:
        result["relatedLocations"] = [
            _related(number, span, documents, artifact_index)
            for number, span in enumerate(finding.related, 1)
        ]
    result["partialFingerprints"] = {"xlingualFinding/v1": _fingerprint(finding, ordinal)}
    result["properties"] = {
        "confidence": round(finding.confidence, 3),
        "suggestion": finding.suggestion,
    }
    return result


def _location(path: str, where: Region | None, artifact_index: dict[str, int]) -> dict:
    artifact = artifact_uri(path)
    if path in artifact_index:
        artifact["index"] = artifact_index[path]
    physical: dict = {"artifactLocation": artifact}
    if where is not None:
        physical["region"] = _region(where)
    return {"physicalLocation": physical}


def _region(where: Region) -> dict:
    result: dict[str, int | None] = {
        "startLine": where.start_line,
        "startColumn": where.start_column,
    }
    if where.end_line is not None:
        result["endLine"] = where.end_line
        result["endColumn"] = where.end_column
    return result


def _related(
    number: int, span: Span, documents: dict[str, Document], artifact_index: dict[str, int]
) -> dict:
    location = _location(
        span.path, region(documents, span.path, span.start, span.end), artifact_index
    )
    region_of = location["physicalLocation"].get("region")
    if region_of is not None and span.text:
        region_of["snippet"] = {"text": span.text}
    return {"id": number, **location, "message": {"text": visible_lines(span.text or span.path)}}


def _ordinals(findings: tuple[Finding, ...]) -> list[int]:
    # Counts earlier findings with the same fingerprint basis, so that two identical flags in one
    # file stay distinct while an edit elsewhere in the file leaves both fingerprints unchanged.
    seen: dict[tuple[str, str, str], int] = {}
    ordinals = []
    for finding in findings:
        key = (finding.code, finding.path, finding.text)
        ordinals.append(seen.get(key, 0))
        seen[key] = ordinals[-1] + 1
    return ordinals


def _fingerprint(finding: Finding, ordinal: int) -> str:
    basis = "\x00".join((finding.code, finding.path, finding.text, str(ordinal)))
    # surrogatepass: the same digest for every valid name, and none refused (PEP 383 names)
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:32]
