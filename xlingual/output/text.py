"""`--format text`: the report a person reads in a terminal."""

from __future__ import annotations

import textwrap

from xlingual.api import Report
from xlingual.output.common import alignments, name_variants, summary

_EXCERPT = 110


def render(report: Report) -> str:
    lines: list[str] = []
    lines.append(f"Documents ({len(report.documents)})")
    for document in report.documents:
        lines.append(
            f"  {document.path}  [{document.language}]  {len(document.sentences)} sentences"
        )
    views = alignments(report)
    if views:
        lines.append("")
        lines.append(f"Aligned sentences ({len(views)})")
        for number, view in enumerate(views, 1):
            lines.append(f"  #{number} {view.kind}, similarity {view.score:.2f}")
            for member in view.members:
                lines.append(f"    {member.path}:{member.index}  {_excerpt(member.text)}")
    clusters = name_variants(report)
    if clusters:
        lines.append("")
        lines.append(f"Name variants ({len(clusters)})")
        for cluster in clusters:
            lines.append(f"  {cluster.canonical}  ({cluster.reason})")
            for spelling, places in cluster.spellings:
                paths = sorted({place.path for place in places})
                lines.append(f"    {spelling}: {len(places)}x in {', '.join(paths)}")
    lines.append("")
    lines.append(f"Findings ({len(report.findings)})")
    for finding in report.findings:
        location = f"{finding.path}:{finding.line}:{finding.column}"
        lines.append(f"  {location}: {finding.code} [{finding.severity.value}] {finding.message}")
        if finding.text:
            lines.append(f"      {_excerpt(finding.text)}")
        if finding.suggestion:
            lines.append(f"      suggestion: {finding.suggestion}")
        for related in finding.related:
            lines.append(f"      see {related.path}@{related.start}: {_excerpt(related.text)}")
    counts = summary(report)
    lines.append("")
    lines.append(", ".join(f"{count} {level}" for level, count in counts.items()))
    return "\n".join(lines) + "\n"


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return textwrap.shorten(flat, _EXCERPT, placeholder=" …") if len(flat) > _EXCERPT else flat
