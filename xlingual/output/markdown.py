"""`--format markdown`: a report to post as a pull-request comment (GitHub-flavoured Markdown).

Article text and messages are untrusted: everything Markdown or HTML would interpret is escaped,
so a `<script>` in an article shows as text. GitHub refuses a comment over 65,536 characters, so
the render stops adding findings near `LIMIT` and says how many were left out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from xlingual.findings import Finding
from xlingual.output.common import alignments, findings_by_path, name_variants, rule_title, summary
from xlingual.output.visible import defused, visible, visible_lines

if TYPE_CHECKING:
    from xlingual.report import Report

LIMIT = 60_000
_NOTE_RESERVE = 200  # room kept for a "left out" note and the closing lines
_EXCERPT = 200

# Backslash-escapable ASCII punctuation with a meaning somewhere in GitHub's Markdown: emphasis,
# code, links, tables, strikethrough, headings, math. `&`, `<`, `>` become entities instead, which
# also holds inside the HTML of the <details> block.
_SPECIAL = re.compile(r"([\\`*_\[\]()|~#$!])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_NEWLINE = re.compile(r"\r\n|\r|\n")


def render(report: Report) -> str:
    writer = _Writer(LIMIT)
    writer.add(f"## xlingual report\n\n{_summary_line(report)}\n")
    grouped = [item for item in findings_by_path(report).items() if item[1]]
    rows = [(path, finding) for path, findings in grouped for finding in findings]
    _add_findings(writer, rows)
    clusters = name_variants(report)
    writer.add_items(
        "\n### Name variants\n\n",
        [f"- {_cluster_line(cluster)}\n" for cluster in clusters],
        "",
        "name variants",
    )
    views = alignments(report)
    writer.add_items(
        f"\n<details>\n<summary>Aligned sentences ({len(views)})</summary>\n\n",
        [_alignment_item(number, view) for number, view in enumerate(views, 1)],
        "\n</details>\n",
        "aligned sentence groups",
    )
    writer.add(f"\n<sub>{escape(report.signature)}</sub>\n")
    # escape() leaves no "##[" and starts no line; this holds it for the report's own text too.
    return defused(writer.text(), colon="&#58;", hash_sign="&#35;")


def escape(text: str) -> str:
    """Untrusted text as literal inline Markdown: one line, nothing interpreted, no @-mentions.

    Controls and bidi characters show as marks (xlingual.output.visible); line breaks as <br>.
    """
    text = _SPECIAL.sub(r"\\\1", visible_lines(text))
    text = "".join(_ENTITIES.get(char, char) for char in text)
    # A word joiner after "@" keeps an article's "@name" from notifying a GitHub user.
    text = text.replace("@", "@\u2060")
    return _NEWLINE.sub("<br>", text)


def escape_name(path: str) -> str:
    """A file name as literal Markdown on one line: a line break in it shows as a mark."""
    return escape(visible(path))


class _Writer:
    """Collects the comment, refusing any chunk that would take it past the limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.chunks: list[str] = []
        self.size = 0

    def fits(self, chunk: str) -> bool:
        return self.size + len(chunk) + _NOTE_RESERVE <= self.limit

    def add(self, chunk: str) -> None:
        self.chunks.append(chunk)
        self.size += len(chunk)

    def add_items(self, opening: str, items: list[str], closing: str, noun: str) -> None:
        """A section of items, as many as fit; the section is skipped when it is empty."""
        if not items:
            return
        kept = 0
        for item in items:
            chunk = (opening if kept == 0 else "") + item
            if not self.fits(chunk + closing):
                break
            self.add(chunk)
            kept += 1
        left_out = len(items) - kept
        if kept:
            if left_out:
                self.add(f"\n_{left_out} more {noun} left out to fit a comment._\n")
            self.add(closing)
        else:
            self.add(f"\n_{left_out} {noun} left out to fit a comment._\n")

    def text(self) -> str:
        return "".join(self.chunks)


def _summary_line(report: Report) -> str:
    documents = len(report.documents)
    checked = f"{documents} document{'s' if documents != 1 else ''} checked."
    if not report.findings:
        return f"No findings. {checked}"
    parts = [
        f"{count} {level}{'s' if count != 1 and level != 'info' else ''}"
        for level, count in summary(report).items()
    ]
    return f"{', '.join(parts)}. {checked}"


def _add_findings(writer: _Writer, rows: list[tuple[str, Finding]]) -> None:
    header = (
        "| Line | Rule | Severity | Text | Message | Suggestion |\n|---:|---|---|---|---|---|\n"
    )
    current = None
    for kept, (path, finding) in enumerate(rows):
        opening = f"\n### {escape_name(path)}\n\n{header}" if path != current else ""
        chunk = opening + _row(finding)
        if not writer.fits(chunk):
            writer.add(
                f"\n_{len(rows) - kept} more findings left out to fit a comment; "
                "the other formats list them all._\n"
            )
            return
        writer.add(chunk)
        current = path


def _row(finding: Finding) -> str:
    cells = (
        str(finding.line),
        escape(rule_title(finding)),
        finding.severity.value,
        f"**{escape(_excerpt(finding.text))}**" if finding.text.strip() else "",
        escape(finding.message),
        escape(finding.suggestion) if finding.suggestion else "",
    )
    return "| " + " | ".join(cells) + " |\n"


def _cluster_line(cluster) -> str:
    spellings = "; ".join(
        f"{escape(spelling)} ×{len(places)} in "
        + ", ".join(escape_name(path) for path in sorted({place.path for place in places}))
        for spelling, places in cluster.spellings
    )
    return f"**{escape(cluster.canonical)}** ({escape(cluster.reason)}): {spellings}"


def _alignment_item(number: int, view) -> str:
    lines = [f"{number}. {view.kind}, similarity {view.score:.2f}\n"]
    for member in view.members:
        lines.append(
            f"   - {escape_name(member.path)}:{member.index} {escape(_excerpt(member.text))}\n"
        )
    return "".join(lines)


def _excerpt(text: str, limit: int = _EXCERPT) -> str:
    """The text on one line, cut to `limit` characters (the flagged text may be a paragraph)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
