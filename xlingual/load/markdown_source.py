"""What of a Markdown article is not prose: front matter, code blocks and code spans.

A rendered article shows code as code and never shows its front matter, yet the words in them
(`config.Load()`, a YAML title, a shell command) would fire prose rules: glued sentences,
misspellings, numbers that disagree with another article. `code_regions` finds them and
`blank_regions` replaces each character in them with a space, keeping line breaks, exactly as
comments are blanked (xlingual.load.suppressions.mask_comments): the text keeps its length, so
offsets, lines and columns still equal the file's, and no rule or sentence reads what was blanked.

What is blanked, by kind of file:
- Markdown (.md, .markdown): front matter, fenced code blocks, indented code blocks and inline
  code spans, as CommonMark defines them (simplified where noted).
- Plain text (.txt): front matter and fenced code blocks only. A ``` or ~~~ fence line and a
  `---` first line closed by another are Markdown in any file; but plain text indents paragraphs
  and quotations with spaces, and uses backticks as quotes or apostrophes ("don`t"), so an
  indented paragraph or a backticked word in a .txt stays prose.

Front matter: a first line of `---` closed by a later `---` or `...` line (YAML, Jekyll and
Hugo), or `+++` closed by `+++` (TOML, Hugo). Not closed, it is prose (a thematic break).
Fences: three or more backticks or tildes, indented by anything (a fence inside a list item or a
block quote is still code), with any info string; closed by a line of at least as many of the
same character, or by the end of the file when never closed (CommonMark).
Indented code: lines indented by four spaces or a tab after a blank line, not inside a list
(a list item's indented paragraph is its continuation). A list ends at a paragraph that starts in
column 1 after a blank line; this errs towards prose, so an unusual list layout is checked
rather than silenced.
Code spans: a run of N backticks up to the next run of exactly N backticks in the same paragraph;
an unmatched run is literal text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

MARKDOWN_SUFFIXES = (".md", ".markdown")

# Lines end as in segment.py and mask_comments: \r\n, \n or a lone \r.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
_FENCE_OPEN = re.compile(r"[ \t>]*(?P<fence>`{3,}|~{3,})(?P<info>[^\r\n]*)")
_LIST_ITEM = re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_BACKTICKS = re.compile(r"`+")
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\n|\r)[ \t]*(?:\r\n|\n|\r)")
_NOT_LINE_BREAK = re.compile(r"[^\r\n]")


@dataclass(frozen=True)
class CodeRegion:
    """[start, end) of text that is not prose; `kind` says why (for tests and debugging)."""

    start: int
    end: int
    kind: str  # "front matter", "fenced code", "indented code", "code span"


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # before the line break
    next: int  # after the line break
    content: str


def _lines(text: str) -> Iterator[_Line]:
    for match in _LINE.finditer(text):
        if match.start() == match.end():
            return  # the empty match after the last line
        content = match.group().rstrip("\r\n")
        yield _Line(match.start(), match.start() + len(content), match.end(), content)


def is_markdown(suffix: str) -> bool:
    return suffix.lower() in MARKDOWN_SUFFIXES


def code_regions(text: str, *, markdown: bool = True) -> list[CodeRegion]:
    """Regions of `text` that are front matter or code, sorted and not overlapping.

    `markdown=False` (plain text) finds only front matter and fenced code; see the module's
    docstring for why.
    """
    lines = list(_lines(text))
    regions: list[CodeRegion] = []
    first_prose_line = 0
    front = _front_matter(lines)
    if front is not None:
        regions.append(front[0])
        first_prose_line = front[1]
    regions.extend(_blocks(lines, first_prose_line, indented=markdown))
    if markdown:
        regions = _merged(regions, _code_spans(blank_regions(text, regions)))
    return regions


class Span(Protocol):
    """Anything with a [start, end) in the text: a CodeRegion, a comment."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def blank_regions(text: str, regions: Sequence[Span]) -> str:
    """`text` with every character inside `regions` (sorted, not overlapping) a space, line
    breaks kept (same length). Comments are blanked with it too (xlingual.load.suppressions)."""
    if not regions:
        return text
    pieces: list[str] = []
    copied = 0
    for region in regions:
        pieces.append(text[copied : region.start])
        pieces.append(_NOT_LINE_BREAK.sub(" ", text[region.start : region.end]))
        copied = region.end
    pieces.append(text[copied:])
    return "".join(pieces)


def _front_matter(lines: list[_Line]) -> tuple[CodeRegion, int] | None:
    """The front matter region and the index of the first line after it, if the text has one."""
    if not lines:
        return None
    opening = lines[0].content.rstrip(" \t")
    closers = {"---": ("---", "..."), "+++": ("+++",)}.get(opening)
    if closers is None:
        return None
    for number, line in enumerate(lines[1:], start=1):
        if line.content.rstrip(" \t") in closers:
            return CodeRegion(0, line.end, "front matter"), number + 1
    return None


def _blocks(lines: list[_Line], first: int, *, indented: bool) -> Iterator[CodeRegion]:
    """Fenced (and, for Markdown, indented) code blocks among `lines[first:]`."""
    number = first
    previous_blank = True  # the start of the text, or the end of front matter, is a block edge
    in_list = False
    while number < len(lines):
        line = lines[number]
        fence = _FENCE_OPEN.fullmatch(line.content)
        if fence is not None and not (
            fence["fence"][0] == "`" and "`" in fence["info"]  # "``` a `b` ```" is a code span
        ):
            closing = _closing_fence(lines, number + 1, fence["fence"])
            last = lines[closing] if closing is not None else lines[-1]
            yield CodeRegion(line.start, last.end, "fenced code")
            number = (closing if closing is not None else len(lines) - 1) + 1
            previous_blank = True  # what follows a block starts a new one
            continue
        blank = not line.content.strip()
        if not blank:
            if _LIST_ITEM.match(line.content):
                in_list = True
            elif previous_blank and not line.content[:1].isspace():
                in_list = False
        if indented and previous_blank and not in_list and _indented(line.content) and not blank:
            end = _indented_block_end(lines, number)
            yield CodeRegion(line.start, lines[end].end, "indented code")
            number = end + 1
            previous_blank = False
            continue
        previous_blank = blank
        number += 1


def _closing_fence(lines: list[_Line], first: int, fence: str) -> int | None:
    closing = re.compile(rf"[ \t>]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*")
    for number in range(first, len(lines)):
        if closing.fullmatch(lines[number].content):
            return number
    return None


def _indented(content: str) -> bool:
    return content.startswith(("    ", "\t", " \t", "  \t", "   \t"))


def _indented_block_end(lines: list[_Line], first: int) -> int:
    """Index of the last line of the indented block starting at `first` (blank lines inside it
    belong to it; blank lines after it do not)."""
    last = first
    for number in range(first + 1, len(lines)):
        content = lines[number].content
        if _indented(content) and content.strip():
            last = number
        elif content.strip():
            break
    return last


def _code_spans(text: str) -> list[CodeRegion]:
    """Inline code spans, paragraph by paragraph; linear in the text (each run is looked at a
    bounded number of times, however many unmatched runs there are)."""
    regions: list[CodeRegion] = []
    start = 0
    for paragraph_break in _PARAGRAPH_BREAK.finditer(text):
        regions.extend(_spans_in(text, start, paragraph_break.start()))
        start = paragraph_break.end()
    regions.extend(_spans_in(text, start, len(text)))
    return regions


def _spans_in(text: str, start: int, end: int) -> list[CodeRegion]:
    runs = []
    for match in _BACKTICKS.finditer(text, start, end):
        run_start = match.start()
        if run_start > 0 and text[run_start - 1] == "\\":
            run_start += 1  # an escaped backtick is literal; the rest of the run may still open
        if run_start < match.end():
            runs.append((run_start, match.end()))
    by_length: dict[int, list[int]] = {}
    for index, (run_start, run_end) in enumerate(runs):
        by_length.setdefault(run_end - run_start, []).append(index)
    cursor = dict.fromkeys(by_length, 0)  # next candidate closer per length
    regions = []
    index = 0
    while index < len(runs):
        run_start, run_end = runs[index]
        length = run_end - run_start
        candidates = by_length[length]
        position = cursor[length]
        while position < len(candidates) and candidates[position] <= index:
            position += 1
        cursor[length] = position
        if position < len(candidates):
            closer = candidates[position]
            regions.append(CodeRegion(run_start, runs[closer][1], "code span"))
            index = closer + 1
        else:
            index += 1
    return regions


def _merged(blocks: list[CodeRegion], spans: list[CodeRegion]) -> list[CodeRegion]:
    # Spans were found in the text with blocks blanked, so the two never overlap.
    return sorted(blocks + spans, key=lambda region: region.start)
