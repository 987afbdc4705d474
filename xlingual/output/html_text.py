"""An article's text with its findings highlighted in place, for `--format html`.

Findings may overlap or nest, so the text is cut at every finding boundary (and wherever another
part of the page links to) into elementary pieces. Each piece that findings cover becomes one
`<mark>`: coloured by the highest severity over it, titled with every covering finding's message,
and linked to the card of the most specific (shortest) finding. Marks never nest, and every
character is written exactly once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from xlingual.findings import Finding
from xlingual.output.visible import BIDI_CONTROLS, defused, visible, visible_lines

if TYPE_CHECKING:
    from xlingual.load.documents import Document


@dataclass(frozen=True)
class Numbered:
    """A finding with its number on the page (its card is `finding-<number>`)."""

    number: int
    finding: Finding


def card_id(number: int) -> str:
    return f"finding-{number}"


def first_mark_id(number: int) -> str:
    """The first place in the article text that links to a finding's card."""
    return f"mark-{number}"


def anchor_id(document_number: int, offset: int) -> str:
    return f"d{document_number}-{offset}"


def clamp(offset: int, text: str) -> int:
    # Offsets come from rules; a stale or bad one must not break the page.
    return min(max(offset, 0), len(text))


def attribute(text: str) -> str:
    # Hover text is drawn by the browser, where no markup can isolate a bidi override: every
    # control and bidi character is shown as a mark instead, as in `plain`, which also quotes.
    return plain(text)


def plain(text: str) -> str:
    """Untrusted text (a message, a quoted span) as HTML text, controls and bidi shown as marks."""
    return _html_defused(escape(visible_lines(_one_break(text)), quote=True))


def name(path: str) -> str:
    """A file name as HTML text: on one line, controls and bidi characters shown as marks."""
    return _html_defused(escape(visible(path), quote=True))


def _html_defused(html: str) -> str:
    # No line a GitHub workflow command, should the page be printed in a CI log (see
    # xlingual.output.visible.defused); a character reference reads the same in a browser.
    return defused(html, colon="&#58;", hash_sign="&#35;")


def _one_break(text: str) -> str:
    # The HTML parser turns every CR into a line break, but only LF breaks a line in the article
    # (CRLF is one break; a lone CR none), as line numbers count them.
    return text.replace("\r\n", "\n").replace("\r", " ")


# In article text a control or bidi character is kept, so that the page holds the article as
# written, but each one sits alone in an isolating span: an override or an isolate cannot reach
# past the span's end (UAX #9, X6a), and the stylesheet shows the code point (`.cc::before`).
_HIDDEN_IN_ARTICLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    + "".join(chr(code) for code in sorted(BIDI_CONTROLS))
    + "\u2028\u2029]"
)


def article(text: str) -> str:
    """Article text as HTML text: every character kept, hidden ones isolated and named."""
    escaped = _html_defused(escape(_one_break(text), quote=True))
    return _HIDDEN_IN_ARTICLE.sub(
        lambda match: f'<span class="cc" title="U+{ord(match.group()):04X}">{match.group()}</span>',
        escaped,
    )


def title_of(items: Sequence[Numbered]) -> str:
    """Hover text: every finding over a piece, the most specific first."""
    parts = []
    for item in items:
        finding = item.finding
        line = f"{finding.code} {finding.severity.value}: {finding.message}"
        if finding.suggestion:
            line += f"\nSuggestion: {finding.suggestion}"
        parts.append(line)
    return "\n\n".join(parts)


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    covering: tuple[Numbered, ...]  # most specific first
    line_break: bool  # the piece is a line break: it separates line blocks


def _specificity(item: Numbered) -> tuple:
    finding = item.finding
    return (finding.end - finding.start, -finding.severity.rank, item.number)


_LINE_BREAK = re.compile(r"\r?\n")


class HighlightedText:
    """One document's text, cut into pieces and rendered whole (with ids) or by ranges."""

    def __init__(
        self,
        document: Document,
        document_number: int,
        findings: Sequence[Numbered],
        targets: Iterable[tuple[int, int]],
    ):
        self.document = document
        self.document_number = document_number
        text = document.text
        spans = []
        for item in findings:
            start = clamp(item.finding.start, text)
            spans.append((start, max(start, clamp(item.finding.end, text)), item))
        cuts = {0, len(text)}
        for start, end, _item in spans:
            cuts.update((start, end))
        self.anchors: dict[int, str] = {}
        for raw_start, raw_end in targets:
            start, end = clamp(raw_start, text), clamp(raw_end, text)
            cuts.update((start, end))
            self.anchors.setdefault(start, anchor_id(document_number, start))
        for match in _LINE_BREAK.finditer(text):
            cuts.update(match.span())
        ordered = sorted(cuts)
        self.pieces = [
            _Piece(
                start,
                end,
                tuple(
                    sorted(
                        (item for s, e, item in spans if s <= start and end <= e),
                        key=_specificity,
                    )
                ),
                _LINE_BREAK.fullmatch(text, start, end) is not None,
            )
            for start, end in zip(ordered, ordered[1:], strict=False)
        ]
        self._place_links(spans)

    def _place_links(self, spans: list[tuple[int, int, Numbered]]) -> None:
        """Make sure every finding gets at least one link in the text.

        A piece links to its most specific finding. A finding that is never the most specific
        (two findings on the same span) gets a small extra link after its last piece; one that
        covers no visible character (empty span, a bare line break) gets a caret at its start.
        """
        visible = [piece for piece in self.pieces if not piece.line_break]
        shown = {item.number for piece in visible for item in piece.covering}
        linked = {piece.covering[0].number for piece in visible if piece.covering}
        self.carets: dict[int, list[Numbered]] = {}
        for start, _end, item in spans:
            if item.number not in shown:
                self.carets.setdefault(start, []).append(item)
        self.extra_links: dict[int, list[Numbered]] = {}
        for index, piece in enumerate(self.pieces):
            for item in piece.covering:
                if item.number in linked or piece.line_break:
                    continue
                later = self.pieces[index + 1 :]
                if not any(item in p.covering and not p.line_break for p in later):
                    self.extra_links.setdefault(index, []).append(item)

    def render_lines(self) -> str:
        """The whole text as one block per line, with the ids other parts of the page link to."""
        lines: list[list[str]] = [[]]
        for fragment, line_break in self._fragments(0, len(self.document.text), with_ids=True):
            if line_break:
                lines.append([])
            else:
                lines[-1].append(fragment)
        if len(lines) > 1 and not lines[-1]:
            lines.pop()  # the article's final line break does not start another line
        return "\n".join(f'<div class="line">{"".join(parts)}</div>' for parts in lines)

    def render_range(self, start: int, end: int) -> str:
        """A sentence, highlighted like the full text but without ids (those stay unique)."""
        return "".join(
            "\n" if line_break else fragment
            for fragment, line_break in self._fragments(start, end, with_ids=False)
        )

    def _fragments(self, start: int, end: int, *, with_ids: bool) -> Iterator[tuple[str, bool]]:
        text = self.document.text
        linked: set[int] = set()  # first link per finding gets an id, so a card can link back

        def link(item: Numbered, label: str, css: str = "") -> str:
            id_ = ""
            if with_ids and item.number not in linked:
                linked.add(item.number)
                id_ = f' id="{first_mark_id(item.number)}"'
            return f'<a{css} href="#{card_id(item.number)}"{id_}>{label}</a>'

        def carets(offset: int) -> Iterator[tuple[str, bool]]:
            for item in self.carets.get(offset, ()):
                severity = item.finding.severity.value
                title = attribute(title_of([item]))
                yield (
                    f'<mark class="sev-{severity} caret" title="{title}">{link(item, "‸")}</mark>',
                    False,
                )

        for index, piece in enumerate(self.pieces):
            if start <= piece.start < end:
                yield from carets(piece.start)
            low, high = max(piece.start, start), min(piece.end, end)
            if low >= high:
                continue
            id_ = self.anchors.get(low) if with_ids else None
            if id_ and piece.line_break:  # a line break is no element: its target goes before it
                yield f'<span id="{id_}"></span>', False
            yield self._piece(piece, text[low:high], id_, self.extra_links.get(index, ()), link)
        if start <= len(text) <= end:
            yield from carets(len(text))
            if with_ids and len(text) in self.anchors:
                yield f'<span id="{self.anchors[len(text)]}"></span>', False

    @staticmethod
    def _piece(
        piece: _Piece,
        text: str,
        id_: str | None,
        extra: Sequence[Numbered],
        link: Callable[..., str],
    ) -> tuple[str, bool]:
        if piece.line_break:
            return "\n", True
        id_attribute = f' id="{id_}"' if id_ else ""
        if not piece.covering:
            return (f"<span{id_attribute}>{article(text)}</span>" if id_ else article(text)), False
        most_specific = piece.covering[0].finding.severity
        top = max((item.finding.severity for item in piece.covering), key=lambda s: s.rank)
        css = f"sev-{top.value}"
        if most_specific != top:
            css += f" inner-{most_specific.value}"  # a nested finding shows as an underline
        title = attribute(title_of(piece.covering))
        extra_links = "".join(
            link(
                item,
                attribute(item.finding.code),
                f' class="also sev-{item.finding.severity.value}"',
            )
            for item in extra
        )
        body = link(piece.covering[0], article(text)) + extra_links
        return f'<mark class="{css}"{id_attribute} title="{title}">{body}</mark>', False
