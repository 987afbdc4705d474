"""Baselines: findings a newsroom has accepted, so that a gate reports only new ones.

A finding is recorded by a fingerprint of what it is about, not where it is: its rule, its file,
the flagged text and a few words around it. Offsets and line numbers move whenever a paragraph
is added above, so they are kept in the file for people to read but never used to match. A
fingerprint that occurs twice (the same slip in two places) is matched as many times as it was
recorded, no more.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from xlingual.findings import Finding
from xlingual.load.documents import Document
from xlingual.output.visible import json_safe

BASELINE_VERSION = 1
# Characters of context on each side of the flagged text, within its line: enough to tell two
# occurrences of one word apart, short enough that an edit elsewhere in the paragraph is no edit.
_CONTEXT = 24


class BaselineError(Exception):
    """A baseline file that cannot be used; the message names the file."""


def fingerprint(finding: Finding, text: str, path_key: str) -> str:
    """A stable id for a finding: rule, file, flagged text and its near context, normalised."""
    line_start = text.rfind("\n", 0, finding.start) + 1
    line_end = text.find("\n", finding.end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[max(line_start, finding.start - _CONTEXT) : finding.start]
    after = text[finding.end : min(line_end, finding.end + _CONTEXT)]
    parts = (
        finding.code,
        path_key,
        _normalised(before),
        _normalised(finding.text),
        _normalised(after),
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _normalised(text: str) -> str:
    return " ".join(text.split())


def path_key(path: str, root: Path) -> str:
    """The finding's path relative to the baseline's folder, so any working folder matches."""
    try:
        return Path(os.path.relpath(os.path.abspath(path), root.resolve())).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return Path(path).as_posix()


def fingerprints(
    findings: Sequence[Finding], documents: Sequence[Document], root: Path
) -> list[str]:
    texts = {document.path: document.text for document in documents}
    return [fingerprint(f, texts.get(f.path, ""), path_key(f.path, root)) for f in findings]


def write_baseline(path: Path, findings: Sequence[Finding], documents: Sequence[Document]) -> str:
    """The baseline file's content for these findings (deterministic; sorted by place)."""
    root = path.parent
    entries = [
        {
            "fingerprint": key,
            "code": finding.code,
            "path": path_key(finding.path, root),
            "line": finding.line,
            "text": finding.text,
            "message": finding.message,
        }
        for finding, key in zip(findings, fingerprints(findings, documents, root), strict=True)
    ]
    entries.sort(key=lambda e: (e["path"], e["line"], e["code"], e["fingerprint"]))
    payload = {"version": BASELINE_VERSION, "tool": "xlingual", "findings": entries}
    # json_safe: a path that is not valid UTF-8 (lone surrogates) is kept, as a JSON escape.
    return json_safe(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n"


def read_baseline(path: Path) -> Counter[str]:
    """Fingerprints recorded in a baseline file, with how often each was recorded."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: baseline not found (create it with --update-baseline)"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"{path}: cannot read baseline ({error})") from None
    except json.JSONDecodeError as error:
        raise BaselineError(f"{path}: baseline is not valid JSON ({error})") from None
    if not isinstance(payload, dict) or payload.get("version") != BASELINE_VERSION:
        raise BaselineError(f"{path}: not an xlingual baseline (version {BASELINE_VERSION})")
    try:
        return Counter(str(entry["fingerprint"]) for entry in payload["findings"])
    except (KeyError, TypeError):
        raise BaselineError(f"{path}: baseline entries need a 'fingerprint'") from None


def new_findings(
    findings: Sequence[Finding],
    documents: Sequence[Document],
    recorded: Counter[str],
    root: Path,
) -> list[Finding]:
    """The findings not in the baseline (each recorded fingerprint absorbs one finding)."""
    remaining = Counter(recorded)
    kept = []
    for finding, key in zip(findings, fingerprints(findings, documents, root), strict=True):
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            kept.append(finding)
    return kept
