"""Visible text of an HTML article, and where each of its characters sits in the HTML file.

Findings index the extracted text (the findings contract), while people and tools (GitHub
annotations, SARIF regions, `--changed-only`) need the line and column in the file they edit;
`SourceMap` connects the two without storing a number per character.
"""

from __future__ import annotations

import functools
import html
import re
import sys
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from xlingual.load.suppressions import DirectiveComment


class SourceMap:
    """Where each character of the text extracted from an HTML file came from in that file.

    Two maps, each a few sorted arrays with one entry per discontinuity (looked up with bisect),
    so that a large page costs memory per run of text, not per character:
    - normalisation: extracted text offset -> offset in the parser's raw text, before whitespace
      was collapsed and empty lines dropped. Within a run both advance together.
    - extraction: raw text offset -> source offset. Within a run both advance together, except
      that every character a character reference produced (`&amp;` -> `&`) maps to its `&`.
    Source offsets become line and column through the line starts of the source.
    """

    def __init__(
        self,
        text: str,
        line_starts: array,
        text_starts: array,
        text_raw: array,
        raw_starts: array,
        raw_source: array,
        raw_width: array,
    ):
        self._text = text
        self._line_starts = line_starts
        self._text_starts = text_starts  # normalisation map
        self._text_raw = text_raw
        self._raw_starts = raw_starts  # extraction map
        self._raw_source = raw_source
        self._raw_width = raw_width  # 0: one source character each; n: an n-character reference

    def __sizeof__(self) -> int:
        arrays = (
            self._line_starts,
            self._text_starts,
            self._text_raw,
            self._raw_starts,
            self._raw_source,
            self._raw_width,
        )
        return object.__sizeof__(self) + sum(sys.getsizeof(values) for values in arrays)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column in the source of the character at `offset` of the text.

        A line break of the text (placed between blocks by the extractor) takes the position of
        the next character, or the end of the last one when nothing follows.
        """
        start = self._source_start(offset)
        if start is None:
            start = self._source_end(len(self._text)) or 0
        return self._line_and_column(start)

    def end_position(self, end: int) -> tuple[int, int]:
        """1-based line and column in the source just past `text[end - 1]`: a span's exclusive end.

        Unlike `position(end)`, this stays on the span's line when the span ends a block.
        """
        source_end = self._source_end(end)
        if source_end is None:
            source_end = self._source_start(end) or 0
        return self._line_and_column(source_end)

    def text_offset(self, raw_offset: int) -> int:
        """Offset in the text of the first character kept at or after a raw text offset."""
        run = bisect_right(self._text_raw, raw_offset) - 1
        if run < 0:
            return 0
        run_end = (
            self._text_starts[run + 1] if run + 1 < len(self._text_starts) else len(self._text)
        )
        return min(self._text_starts[run] + raw_offset - self._text_raw[run], run_end)

    def _source_start(self, offset: int) -> int | None:
        text = self._text
        offset = max(0, offset)
        while offset < len(text) and text[offset] == "\n":
            offset += 1
        if offset >= len(text):
            return None
        return self._source(offset)[0]

    def _source_end(self, end: int) -> int | None:
        text = self._text
        last = min(end, len(text)) - 1
        while last >= 0 and text[last] == "\n":
            last -= 1
        if last < 0:
            return None
        source, width = self._source(last)
        return source + width

    def _source(self, offset: int) -> tuple[int, int]:
        """Source offset and source length of the character at `offset` of the text."""
        run = bisect_right(self._text_starts, offset) - 1
        raw = self._text_raw[run] + offset - self._text_starts[run]
        piece = max(0, bisect_right(self._raw_starts, raw) - 1)
        width = self._raw_width[piece]
        if width:
            return self._raw_source[piece], width
        return self._raw_source[piece] + raw - self._raw_starts[piece], 1

    def _line_and_column(self, source_offset: int) -> tuple[int, int]:
        line = bisect_right(self._line_starts, source_offset)
        return line, source_offset - self._line_starts[line - 1] + 1


@dataclass(frozen=True)
class ExtractedHtml:
    text: str
    source_map: SourceMap
    comments: tuple[DirectiveComment, ...]  # placed at their position in `text`


# html.unescape's own pattern: a reference is decoded alone exactly as within its run of text.
_CHARACTER_REFERENCE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


def _offsets(values: Iterable[int] = ()) -> array:
    # Four bytes an entry (texts up to 2**31 characters): a map costs a fraction of its text.
    return array("i", values)


def _line_starts(source: str) -> array:
    """Offset of each line's first character; lines end at "\n", as HTMLParser counts them."""
    starts = _offsets([0])
    found = source.find("\n")
    while found >= 0:
        starts.append(found + 1)
        found = source.find("\n", found + 1)
    return starts


def _decoded_pieces(raw: str) -> Iterator[tuple[int, str, int]]:
    """Pieces of html.unescape(raw): (offset in raw, decoded text, width).

    Width 0: literal text, one source character per character. Otherwise every decoded character
    points at the reference's `&`, and `width` is the reference's length in the source.
    """
    copied = 0
    for match in _CHARACTER_REFERENCE.finditer(raw):
        if match.start() > copied:
            yield copied, raw[copied : match.start()], 0
        for offset, text, width in _decoded_reference(match.group()):
            yield match.start() + offset, text, width
        copied = match.end()
    if copied < len(raw):
        yield copied, raw[copied:], 0


@functools.lru_cache(maxsize=4096)
def _decoded_reference(reference: str) -> tuple[tuple[int, str, int], ...]:
    """`_decoded_pieces` of one reference; pages repeat the same few, hence the cache."""
    decoded = html.unescape(reference)
    # "&copy2024" decodes to "©2024": the literal tail keeps its own positions.
    tail = _common_suffix(decoded[1:], reference)
    if tail:
        head_width = len(reference) - tail
        return (0, decoded[:-tail], head_width), (head_width, reference[-tail:], 0)
    return ((0, decoded, len(reference)),) if decoded else ()


def _common_suffix(first: str, second: str) -> int:
    length = 0
    while length < min(len(first), len(second)) and first[-1 - length] == second[-1 - length]:
        length += 1
    return length


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page: scripts and styles dropped, blocks on lines of their own.

    Also records where each piece of text came from in the source and where each comment was.
    The parser decodes character references itself (convert_charrefs=True): with False, a
    reference such as "&#8217s" with no ";" later in the page makes it emit the whole rest of
    the page, tags and scripts included, as text. So each run of text is exactly html.unescape
    of the source between two events (getpos gives where each starts), and decoding that source
    again piece by piece (`_decoded_pieces`) tells where each character came from.
    """

    _SKIP = {"script", "style", "template", "noscript", "head", "svg"}
    _BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "figcaption",
        "title",
        "pre",
    }

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._source = source
        self.line_starts = _line_starts(source)
        self.parts: list[str] = []
        self.length = 0  # characters in parts: the raw text offset of the next one
        self.raw_starts = _offsets()
        self.raw_source = _offsets()
        self.raw_width = _offsets()
        self.comments: list[tuple[int, int, int, str]] = []  # raw offset, line, column, body
        self._skip_depth = 0
        self._pre_depth = 0  # inside <pre>, line breaks are the author's; elsewhere they wrap
        # (source offset, raw offset, data) of text whose end in the source is the next event's
        # start, not yet known.
        self._pending: tuple[int, int, str] | None = None

    def close(self) -> None:
        super().close()
        self._settle()

    def handle_starttag(self, tag: str, attrs) -> None:
        self._settle()
        if tag == "pre":
            self._pre_depth += 1
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag in self._BLOCK:
            self._append("\n")

    def handle_endtag(self, tag: str) -> None:
        self._settle()
        if tag == "pre":
            self._pre_depth = max(0, self._pre_depth - 1)
        if tag in self._SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in self._BLOCK:
            self._append("\n")

    def handle_data(self, data: str) -> None:
        source_offset = self._settle()
        if not self._skip_depth:
            self._pending = (source_offset, self.length, data)
            # A line break in HTML source is a space to the reader, so a paragraph wrapped in
            # the file stays one line here. Same length: the source map is unaffected.
            self._append(data if self._pre_depth else data.replace("\n", " "))

    def handle_comment(self, data: str) -> None:
        self._settle()
        line, column = self.getpos()
        self.comments.append((self.length, line, column + 1, data))

    def handle_decl(self, decl: str) -> None:
        self._settle()

    def handle_pi(self, data: str) -> None:
        self._settle()

    def unknown_decl(self, data: str) -> None:
        self._settle()

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def _settle(self) -> int:
        """Source offset of the event being handled; places the text that ended there."""
        line, column = self.getpos()
        here = self.line_starts[line - 1] + column
        if self._pending is not None:
            source_offset, raw_offset, data = self._pending
            self._pending = None
            self._place(self._source[source_offset:here], source_offset, raw_offset, data)
        return here

    def _place(self, source: str, source_offset: int, raw_offset: int, data: str) -> None:
        if data == source:  # no references, or raw text such as a script's
            self._anchor(raw_offset, source_offset, 0)
            return
        pieces = list(_decoded_pieces(source))
        if "".join(text for _, text, _ in pieces) != data:
            # Not expected from this parser; keep every character pointing into its run.
            self._anchor(raw_offset, source_offset, max(1, len(source)))
            return
        for offset, text, width in pieces:
            self._anchor(raw_offset, source_offset + offset, width)
            raw_offset += len(text)

    def _anchor(self, raw_offset: int, source_offset: int, width: int) -> None:
        if (
            width == 0
            and self.raw_starts
            and self.raw_width[-1] == 0
            and raw_offset - self.raw_starts[-1] == source_offset - self.raw_source[-1]
        ):
            return  # continues the previous run
        self.raw_starts.append(raw_offset)
        self.raw_source.append(source_offset)
        self.raw_width.append(width)


_COLLAPSIBLE = re.compile(r"[ \t\r\f\v]+")
_SHORTENING = re.compile(r"[ \t\r\f\v]{2,}")


def _normalise(raw: str) -> tuple[str, array, array]:
    """Collapse spaces, strip lines and drop empty ones; map each run of the result to `raw`.

    Returns the text and the normalisation map: (text offset, raw offset) where each run starts.
    """
    lines: list[str] = []
    text_starts, text_raw = _offsets(), _offsets()
    text_length = 0
    line_start = 0
    for line in raw.split("\n"):
        kept = _COLLAPSIBLE.sub(" ", line).strip()
        if kept:
            for offset, raw_offset in _kept_runs(line, kept):
                text_starts.append(text_length + offset)
                text_raw.append(line_start + raw_offset)
            lines.append(kept)
            text_length += len(kept) + 1
        line_start += len(line) + 1
    return "\n".join(lines) + "\n", text_starts, text_raw


def _kept_runs(line: str, kept: str) -> list[tuple[int, int]]:
    """(offset in kept, offset in line) where each run of `kept`, the normalised line, starts."""
    # Collapsing turns spaces into a space, so the first and last characters kept are the
    # first and last non-space characters of the line itself.
    first = len(line) - len(line.lstrip())
    runs = [(0, first)]
    last = len(line.rstrip())
    if len(kept) != last - first:
        removed = first
        for match in _SHORTENING.finditer(line, first, last):
            removed += len(match.group()) - 1
            runs.append((match.end() - removed, match.end()))
    return runs


def extract_html(markup: str) -> ExtractedHtml:
    """Visible text of an HTML page, with a map back into `markup` and the comments found."""
    parser = _TextExtractor(markup)
    parser.feed(markup)
    parser.close()
    text, text_starts, text_raw = _normalise("".join(parser.parts))
    source_map = SourceMap(
        text,
        parser.line_starts,
        text_starts,
        text_raw,
        parser.raw_starts,
        parser.raw_source,
        parser.raw_width,
    )
    comments = []
    for raw_offset, line, column, body in parser.comments:
        offset = source_map.text_offset(raw_offset)  # the comment itself is not in the text
        comments.append(DirectiveComment(offset, offset, line, column, body))
    return ExtractedHtml(text, source_map, tuple(comments))


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block a line (see `extract_html`)."""
    return extract_html(markup).text
