"""Inline suppression directives: HTML comments that silence findings in the next paragraph.

Syntax, in .md, .markdown, .txt, .html and .htm files::

    <!-- xlingual: ignore -->               every rule
    <!-- xlingual: ignore XL101 -->         one rule
    <!-- xlingual: ignore XL1, XL202 -->    several, separated by spaces or commas

A code may be a prefix, as with `--select`: `XL1` covers every name rule (XL1xx). Whitespace and
the case of `xlingual`, `ignore` and the codes do not matter.

Scope, as offsets into `Document.text` (`Suppression.start` .. `Suppression.end`):
- Markdown and plain text: from the first non-blank character after the comment up to the next
  blank line, or the end of the text (`paragraph_after`). Every comment, directive or not, is
  invisible once Markdown is rendered, so `mask_comments` blanks all of them out of
  `Document.text` (same length, newlines kept): offsets, lines and columns still equal the file's,
  and no rule reads comment text.
- HTML: the extractor drops comments; a directive covers the next non-empty line of the extracted
  text after the place the comment was (`line_after`), i.e. the next block element.

A comment addressed to xlingual (`xlingual:` first, or `xlingual ignore` without the colon) that
does not parse suppresses nothing, so a typo can never hide findings, and is kept as a
`DirectiveProblem` in `Document.directive_problems`, so it is never dropped silently either: the
orchestrator reports each one at its `line` and `column` (the place of `<!--` in the file, which for
HTML is not recoverable from a `Document.text` offset because the comment is not in that text).
Comments that merely mention xlingual ("<!-- xlingual report below -->") are not directives.

The orchestrator drops a finding when `is_suppressed(finding.code, finding.start,
document.suppressions)` is true.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from xlingual.codes import known_codes
from xlingual.load.markdown_source import blank_regions

_KEYWORD = "ignore"
_SYNTAX = "expected 'xlingual: ignore' and optional rule codes, e.g. 'xlingual: ignore XL101, XL2'"
# A comment is addressed to xlingual when it starts with the word; the colon is checked after.
_ADDRESSED = re.compile(r"\s*xlingual\b(?P<colon>\s*:)?(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
# Codes are XL plus three digits; fewer digits make a prefix. A longer number can match nothing,
# so it is reported rather than accepted as a code that silently never applies.
_CODE = re.compile(r"XL\d{1,3}", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s,]+")
# `<!-->` and `<!--->` are complete (empty) comments in HTML; the last branch catches a comment
# that is never closed, which is not masked but is reported when it holds a directive.
_COMMENT = re.compile(r"<!--(?:-?>|(?P<body>.*?)-->|(?P<unclosed>.*))", re.DOTALL)
_VISIBLE = re.compile(r"\S")
_BLANK_LINE = re.compile(r"\n[^\S\n]*(?=\n|\Z)")


@dataclass(frozen=True)
class Suppression:
    """Findings of `codes` (prefixes; empty = every rule) starting in [start, end) are dropped."""

    start: int
    end: int
    codes: tuple[str, ...] = ()

    def covers(self, code: str, offset: int) -> bool:
        return self.start <= offset < self.end and self.matches(code)

    def matches(self, code: str) -> bool:
        code = code.upper()
        return not self.codes or any(code.startswith(prefix) for prefix in self.codes)


@dataclass(frozen=True)
class Directive:
    """What one comment says: the codes to ignore, or why it could not be understood."""

    codes: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class DirectiveComment:
    """An HTML comment as the loader found it.

    `start`/`end` place it in `Document.text` (for HTML the comment is not in that text, so
    start == end, where it was); `line`/`column` (1-based) place `<!--` in the source file.
    """

    start: int
    end: int
    line: int
    column: int
    body: str  # between `<!--` and `-->`
    closed: bool = True


@dataclass(frozen=True)
class DirectiveProblem:
    """A comment meant as a directive that could not be understood; it suppresses nothing."""

    start: int  # offsets into Document.text, as DirectiveComment
    end: int
    line: int  # 1-based, of `<!--` in the source file
    column: int
    text: str  # the comment as written
    message: str


def parse_directive(body: str) -> Directive | None:
    """Read a comment's body; None when the comment is not addressed to xlingual."""
    match = _ADDRESSED.fullmatch(body)
    if match is None:
        return None
    words = [word for word in _SEPARATORS.split(match["rest"]) if word]
    keyword = words[0].lower() if words else ""
    if not match["colon"]:
        if keyword != _KEYWORD:
            return None  # prose that happens to start with the name, not a directive
        return Directive(error=f"missing ':' after 'xlingual'; {_SYNTAX}")
    if keyword != _KEYWORD:
        return Directive(error=_unknown_keyword(keyword))
    codes = words[1:]
    bad = [code for code in codes if not _CODE.fullmatch(code)]
    if bad:
        listed = ", ".join(repr(code) for code in bad)
        return Directive(error=f"not a rule code: {listed} (a code is XL101, or XL1 for all XL1xx)")
    # A code no rule has would silence nothing, and say nothing about it: a typo (XL110 for
    # XL101) must be reported like any other. A prefix is fine when some rule starts with it.
    unknown = [code for code in codes if not _names_a_rule(code.upper())]
    if unknown:
        listed = ", ".join(repr(code) for code in unknown)
        return Directive(error=f"unknown rule code: {listed} (`xlingual rules` lists them)")
    return Directive(codes=tuple(dict.fromkeys(code.upper() for code in codes)))


def _names_a_rule(code: str) -> bool:
    return any(known.startswith(code) for known in known_codes())


def _unknown_keyword(keyword: str) -> str:
    if not keyword:
        return f"empty directive; {_SYNTAX}"
    hint = " (did you mean 'ignore'?)" if difflib.get_close_matches(keyword, [_KEYWORD]) else ""
    return f"unknown directive {keyword!r}{hint}; {_SYNTAX}"


def mask_comments(text: str) -> tuple[str, list[DirectiveComment]]:
    """Blank out every `<!-- ... -->` (spaces, line breaks kept) and list the comments found.

    An unclosed `<!--` is left as it is (hiding the rest of the article from every check would be
    worse than reading a stray marker) but still listed, so a broken directive gets reported.
    """
    comments: list[DirectiveComment] = []
    closed: list[DirectiveComment] = []
    line, counted = 1, 0  # lines counted as we go: a long file with many comments stays linear
    for match in _COMMENT.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        column = match.start() - text.rfind("\n", 0, match.start())
        if match["unclosed"] is not None:
            # Only its first line can be a directive; the rest is the article.
            body = match["unclosed"].split("\n", 1)[0].rstrip("\r")
            end = match.start() + len("<!--") + len(body)
            comments.append(DirectiveComment(match.start(), end, line, column, body, closed=False))
            continue
        comment = DirectiveComment(match.start(), match.end(), line, column, match["body"] or "")
        comments.append(comment)
        closed.append(comment)
    return blank_regions(text, closed), comments


def paragraph_after(text: str, offset: int) -> tuple[int, int] | None:
    """The paragraph that starts at the first non-blank character from `offset` on (Markdown)."""
    first = _VISIBLE.search(text, offset)
    if first is None:
        return None
    blank = _BLANK_LINE.search(text, first.start())
    return first.start(), blank.start() + 1 if blank else len(text)


def line_after(text: str, offset: int) -> tuple[int, int] | None:
    """The next non-empty line from `offset` on (extracted HTML: one block element a line)."""
    first = _VISIBLE.search(text, offset)
    if first is None:
        return None
    end = text.find("\n", first.start())
    return first.start(), end if end >= 0 else len(text)


def collect_directives(
    text: str,
    comments: Iterable[DirectiveComment],
    scope: Callable[[str, int], tuple[int, int] | None],
) -> tuple[tuple[Suppression, ...], tuple[DirectiveProblem, ...]]:
    """Turn the comments of one document into suppressions and problems.

    `scope(text, offset)` is the span a directive ending at `offset` covers (`paragraph_after` or
    `line_after`); a directive with nothing after it covers nothing.
    """
    suppressions: list[Suppression] = []
    problems: list[DirectiveProblem] = []
    for comment in comments:
        directive = parse_directive(comment.body)
        if directive is None:
            continue
        error = directive.error
        if error is None and not comment.closed:
            error = "comment is not closed with '-->'"
        if error is not None:
            written = f"<!--{comment.body}" + ("-->" if comment.closed else "")
            problems.append(
                DirectiveProblem(
                    comment.start, comment.end, comment.line, comment.column, written, error
                )
            )
            continue
        span = scope(text, comment.end)
        if span is not None:
            suppressions.append(Suppression(span[0], span[1], directive.codes))
    return tuple(suppressions), tuple(problems)


def is_suppressed(
    finding_code: str, finding_start: int, suppressions: Iterable[Suppression]
) -> bool:
    """True when a directive covers a finding of this code starting at this offset."""
    return any(suppression.covers(finding_code, finding_start) for suppression in suppressions)
