"""`--format json`: the findings contract of `xlingual.findings`, deterministic to the byte."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from xlingual.output.common import alignments, summary
from xlingual.output.visible import defused, json_safe
from xlingual.version import __version__

if TYPE_CHECKING:
    from xlingual.report import Report


def render(report: Report) -> str:
    payload = {
        "version": "1",
        "tool": {"name": "xlingual", "version": __version__, "signature": report.signature},
        "documents": [
            {
                "path": document.path,
                "language": document.language,
                "sentences": [
                    {"index": s.index, "start": s.start, "end": s.end, "text": s.text}
                    for s in document.sentences
                ],
            }
            for document in report.documents
        ],
        "alignments": [
            {
                "kind": alignment.kind,
                "score": round(alignment.score, 4),
                "members": [
                    {"path": m.path, "index": m.index, "start": m.start, "end": m.end}
                    for m in alignment.members
                ],
            }
            for alignment in alignments(report)
        ],
        "findings": [finding.to_dict() for finding in report.findings],
        "summary": summary(report),
    }
    # "##[" as "#\u0023[": the same string to a JSON reader, no workflow command to a CI log.
    text = json_safe(json.dumps(payload, ensure_ascii=False, indent=2))
    return defused(text, colon=":", hash_sign="\\u0023") + "\n"
