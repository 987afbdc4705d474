"""Views of a Report shared by the formatters, so each format renders the same facts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from xlingual.findings import Finding, Severity

if TYPE_CHECKING:
    from xlingual.load.documents import Document
    from xlingual.report import Report


@dataclass(frozen=True)
class AlignedSentence:
    path: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Alignment:
    kind: str  # "group": cross-article; "bead": source-translation
    score: float
    members: tuple[AlignedSentence, ...]


def alignments(report: Report) -> list[Alignment]:
    documents = report.documents

    def member(document_index: int, sentence_index: int) -> AlignedSentence:
        document = documents[document_index]
        sentence = document.sentences[sentence_index]
        return AlignedSentence(
            document.path, sentence.index, sentence.start, sentence.end, sentence.text
        )

    views = [
        Alignment(
            "group", group.score, tuple(member(m.document, m.sentence) for m in group.members)
        )
        for group in report.groups
    ]
    for pair in report.pairs:
        for bead in pair.beads:
            views.append(
                Alignment(
                    "bead",
                    bead.score,
                    tuple(member(pair.source, i) for i in bead.source)
                    + tuple(member(pair.target, j) for j in bead.target),
                )
            )
    return views


@dataclass(frozen=True)
class NameVariants:
    canonical: str
    reason: str
    spellings: tuple[tuple[str, tuple[AlignedSentence, ...]], ...]  # spelling, where it occurs


def name_variants(report: Report) -> list[NameVariants]:
    """Each name-variant cluster with the places every spelling occurs."""
    views = []
    for cluster in report.name_clusters:
        spellings = []
        for spelling in cluster.spellings:
            places = tuple(
                AlignedSentence(
                    report.documents[part.document].path,
                    part.sentence,
                    part.start,
                    part.end,
                    part.text,
                )
                for part in cluster.occurrences(spelling)
            )
            spellings.append((spelling, places))
        views.append(NameVariants(cluster.canonical, cluster.reason, tuple(spellings)))
    return views


def summary(report: Report) -> dict[str, int]:
    return {severity.value: report.count(severity) for severity in reversed(Severity)}


@dataclass(frozen=True)
class Region:
    """Where a span sits in its file, 1-based; the end is exclusive (the column after the span).

    The end is unknown (None) for a path that has no document, such as an unreadable input.
    """

    start_line: int
    start_column: int
    end_line: int | None = None
    end_column: int | None = None


def documents_by_path(report: Report) -> dict[str, Document]:
    return {document.path: document for document in report.documents}


def region(documents: dict[str, Document], path: str, start: int, end: int) -> Region | None:
    """The region of a character range, or None when the path has no document to measure."""
    document = documents.get(path)
    if document is None:
        return None
    start_line, start_column = document.position(start)
    end_line, end_column = document.end_position(end)
    return Region(start_line, start_column, end_line, end_column)


def finding_region(documents: dict[str, Document], finding: Finding) -> Region:
    return region(documents, finding.path, finding.start, finding.end) or Region(
        finding.line, finding.column
    )


def findings_by_path(report: Report) -> dict[str, list[Finding]]:
    """Every checked path, in report order, with its findings; then paths only findings name
    (inputs that could not be read), so that a clean document still shows as checked."""
    grouped: dict[str, list[Finding]] = {document.path: [] for document in report.documents}
    for finding in report.findings:
        grouped.setdefault(finding.path, []).append(finding)
    return grouped


def rule_title(finding: Finding) -> str:
    return f"{finding.code} {finding.name}"
