"""The findings contract: what every rule reports and every formatter renders.

A finding names a span of one document (character offsets into its text, and the line and column
people read), the rule (code and name from `xlingual.codes`), a severity, a message, an optional
suggestion, the evidence spans elsewhere (`related`) and a confidence in (0, 1] whose levels the
README's "What a finding's confidence means" explains. `Finding.to_dict` is the JSON form every
machine-readable format carries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


@dataclass(frozen=True)
class Span:
    """A piece of evidence: a character range of one document's decoded text."""

    path: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"path": self.path, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: Severity
    path: str
    start: int
    end: int
    line: int
    column: int
    text: str
    message: str
    suggestion: str | None = None
    related: tuple[Span, ...] = field(default_factory=tuple)
    confidence: float = 1.0

    def sort_key(self) -> tuple:
        return (self.path, self.start, self.end, self.code, self.message)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "path": self.path,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
            "related": [span.to_dict() for span in self.related],
            "confidence": round(self.confidence, 3),
        }


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset; CRLF counts as one line break."""
    line = text.count("\n", 0, offset) + 1
    line_start = text.rfind("\n", 0, offset) + 1
    return line, offset - line_start + 1
