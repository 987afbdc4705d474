"""XL9xx: problems with the input itself, reported as findings so that the other files are still
checked and the problem reaches every output format."""

from __future__ import annotations

from collections.abc import Iterable

from xlingual.findings import Finding, Severity
from xlingual.rules.base import CheckContext, Rule


class UnreadableInput(Rule):
    """A path that could not be read as an article.

    What it checks: every path given on the command line. A missing file, a folder without
    article files, a binary file, an empty file or a file that cannot be decoded is reported
    with the reason, at line 1 of that path; every other file is still checked.

    Why it matters: a gate that silently skips an article it could not read reports a clean
    story that was never checked.

    Example: `articles/photo.jpg: binary file, not text`.
    """

    code = "XL901"
    name = "unreadable-input"
    default_severity = Severity.ERROR
    summary = "A file could not be read as an article."

    def check(self, context: CheckContext) -> Iterable[Finding]:
        # The loader reports these (xlingual.api): a file that cannot be read has no context.
        return ()

    def input_finding(self, path: str, reason: str) -> Finding:
        return Finding(
            code=self.code,
            name=self.name,
            severity=self.default_severity,
            path=path,
            start=0,
            end=0,
            line=1,
            column=1,
            text="",
            message=reason,
        )


UNREADABLE_INPUT = UnreadableInput()
