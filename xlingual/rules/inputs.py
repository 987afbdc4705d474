"""XL9xx: problems with the input itself, reported as findings so that the other files are still
checked and the problem reaches every output format."""

from __future__ import annotations

from collections.abc import Iterable

from xlingual.findings import Finding
from xlingual.rules.base import CheckContext, Example, Rule


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
    examples_fail = (
        Example(
            articles=(
                "",
                "The council approved the new budget on Tuesday.",
            )
        ),
    )
    examples_pass = (Example(articles=("The council approved the new budget on Tuesday.",)),)

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


class MalformedDirective(Rule):
    """An `xlingual:` comment in an article that could not be understood.

    What it checks: every HTML comment addressed to xlingual in a Markdown, HTML or text article.
    The only directive is `<!-- xlingual: ignore [CODES] -->`, which silences the listed rules
    (code prefixes; none for every rule) in the next paragraph. A comment that does not parse
    suppresses nothing and is reported here, at the comment.

    Why it matters: a typo in a suppression must neither hide findings nor be silently ignored;
    the writer meant to silence something and should learn that it did not work.

    Example: `<!-- xlingual: ignroe XL101 -->` (unknown directive 'ignroe'; did you mean 'ignore'?).
    """

    code = "XL902"
    examples_fail = (
        Example(
            articles=(
                "<!-- xlingual: ignroe XL101 -->\nThe council approved the new budget on Tuesday.",
            ),
            flagged="<!-- xlingual: ignroe XL101 -->",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "<!-- xlingual: ignore XL101 -->\nThe council approved the new budget on Tuesday.",
            )
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        for document in context.documents:
            for problem in document.directive_problems:
                # The comment's own place: for HTML it is not part of the extracted text.
                yield Finding(
                    code=self.code,
                    name=self.name,
                    severity=self.default_severity,
                    path=document.path,
                    start=problem.start,
                    end=problem.end,
                    line=problem.line,
                    column=problem.column,
                    text=problem.text,
                    message=problem.message,
                )


UNREADABLE_INPUT = UnreadableInput()
INPUT_RULES = (UNREADABLE_INPUT, MalformedDirective())
