"""Views of a Report shared by the formatters, so each format renders the same facts."""

from __future__ import annotations

from dataclasses import dataclass

from xlingual.api import Report
from xlingual.findings import Severity


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
