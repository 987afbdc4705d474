"""`--format text`: the report a person reads in a terminal, optionally in colour.

Lines are built as (text, style) pieces, so the plain and the coloured report cannot drift apart:
the colour only adds ANSI codes around the same characters.
"""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING

from xlingual.findings import Severity
from xlingual.output.common import alignments, documents_by_path, name_variants, summary
from xlingual.output.visible import defused, visible
from xlingual.text_helpers import plural

if TYPE_CHECKING:
    from xlingual.report import Report

_EXCERPT = 110

SEVERITY_STYLES = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_HEADING = "bold"

Piece = tuple[str, str]  # text and a rich style ("" for none)
Line = list[Piece]


def render(report: Report, *, color: bool = False) -> str:
    """The plain report; with `color`, the same characters with ANSI colours for a terminal."""
    # Article text, file names and messages are untrusted: an escape sequence in an article must
    # not recolour, retitle or clear the reader's terminal, and a bidi override must not make a
    # line read as something else (`visible`); no line is a GitHub workflow command (`defused`).
    lines = [[(defused(visible(text)), style) for text, style in line] for line in _lines(report)]
    if color:
        return _colored(lines)
    return "".join("".join(text for text, _ in line) + "\n" for line in lines)


def _lines(report: Report) -> list[Line]:
    documents = documents_by_path(report)

    def place(path: str, offset: int) -> str:
        # path:line:column, the form editors and terminals open at the right spot
        document = documents.get(path)
        return f"{path}:{':'.join(map(str, document.position(offset)))}" if document else path

    lines: list[Line] = []
    lines.append([(f"Documents ({len(report.documents)})", _HEADING)])
    for document in report.documents:
        lines.append(
            _plain(
                f"  {document.path}  [{document.language}]  "
                f"{plural(len(document.sentences), 'sentence')}"
            )
        )
    views = alignments(report)
    if views:
        lines.append(_plain(""))
        lines.append([(f"Aligned sentences ({len(views)})", _HEADING)])
        for number, view in enumerate(views, 1):
            lines.append(_plain(f"  #{number} {view.kind}, similarity {view.score:.2f}"))
            for member in view.members:
                lines.append(
                    _plain(f"    {place(member.path, member.start)}  {_excerpt(member.text)}")
                )
    clusters = name_variants(report)
    if clusters:
        lines.append(_plain(""))
        lines.append([(f"Name variants ({len(clusters)})", _HEADING)])
        for cluster in clusters:
            lines.append(_plain(f"  {cluster.canonical}  ({cluster.reason})"))
            for spelling, places in cluster.spellings:
                paths = sorted({place.path for place in places})
                lines.append(_plain(f"    {spelling}: {len(places)}x in {', '.join(paths)}"))
    lines.append(_plain(""))
    lines.append([(f"Findings ({len(report.findings)})", _HEADING)])
    for finding in report.findings:
        style = SEVERITY_STYLES[finding.severity]
        location = f"{finding.path}:{finding.line}:{finding.column}"
        lines.append(
            [
                (f"  {location}: ", ""),
                (finding.code, f"bold {style}"),
                (" ", ""),
                (f"[{finding.severity.value}]", style),
                (f" {finding.message}", ""),
            ]
        )
        if finding.text:
            lines.append(_plain(f"      {_excerpt(finding.text)}"))
        if finding.suggestion:
            lines.append([("      suggestion: ", "dim"), (finding.suggestion, "green")])
        for related in finding.related:
            lines.append(
                _plain(f"      see {place(related.path, related.start)}: {_excerpt(related.text)}")
            )
    lines.append(_plain(""))
    counts = [
        (f"{count} {level}", SEVERITY_STYLES[Severity(level)] if count else "")
        for level, count in summary(report).items()
    ]
    lines.append([piece for i, count in enumerate(counts) for piece in (*_comma(i), count)])
    return lines


def _plain(text: str) -> Line:
    return [(text, "")]


def _comma(index: int) -> tuple[Piece, ...]:
    return ((", ", ""),) if index else ()


def _colored(lines: list[Line]) -> str:
    # rich only when colour is asked for: the plain report needs no import beyond the stdlib.
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    width = max((sum(len(text) for text, _ in line) for line in lines), default=0) + 1
    console = Console(
        file=buffer,
        force_terminal=True,
        color_system="standard",
        no_color=False,  # the caller decided; NO_COLOR is the CLI's to honour
        width=max(width, 80),
        soft_wrap=True,
        markup=False,  # Text pieces are never parsed, so "[bold]" in an article stays text
        emoji=False,
        highlight=False,
        legacy_windows=False,
    )
    for line in lines:
        console.print(Text.assemble(*line))
    return buffer.getvalue()


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return textwrap.shorten(flat, _EXCERPT, placeholder=" …") if len(flat) > _EXCERPT else flat
