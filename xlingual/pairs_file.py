"""A file of translation pairs, one `source<TAB>translation` a line (`xlingual pair PAIRS.tsv`).

Each line is checked on its own (xlingual.api.check_pairs) as two small documents. The report a
person reads must point into the file they edit, so `in_file` moves every offset found in a
line's text to where that text stands in the file, and line and column become the file's.

Blank lines are skipped. A line with no tab, more than one, or an empty side is not a pair: it is
reported as an input problem at its line, and the other lines are still checked.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from xlingual.config import DEFAULT_MAX_FILE_MB
from xlingual.findings import Finding, Span
from xlingual.load.documents import Document, InputError, decode, find_files
from xlingual.rules import UNREADABLE_INPUT, PairAlignment
from xlingual.segment import Sentence

if TYPE_CHECKING:
    from xlingual.align.pair import Bead
    from xlingual.report import Report


@dataclass(frozen=True)
class PairLine:
    """One pair: the two sides of a line and where each begins in the file's text."""

    number: int  # 1-based line of the file
    source_start: int
    source: str
    translation_start: int
    translation: str


@dataclass(frozen=True)
class BadLine:
    """A line that is not one pair; `start`..`end` is the line without its line break."""

    number: int
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class PairsFile:
    path: str
    text: str  # the decoded file: every offset of the report is an index into it
    lines: tuple[PairLine, ...]
    bad_lines: tuple[BadLine, ...] = ()
    encoding: str = "utf-8"

    def problems(self) -> tuple[InputError, ...]:
        """One input problem a bad line, naming it as `path:line`."""
        return tuple(InputError(f"{self.path}:{bad.number}", bad.reason) for bad in self.bad_lines)


def parse_pairs(path: str, text: str, encoding: str = "utf-8") -> PairsFile:
    """The pairs and the bad lines of a file's decoded text (lines end at `\\n`, as line numbers
    count them; a `\\r` before it is no part of the translation)."""
    lines: list[PairLine] = []
    bad: list[BadLine] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.removesuffix("\r")
        if line.strip() or "\t" in line:  # a tab makes it a pair, if an empty one
            fields = line.split("\t")
            reason = _not_a_pair(fields)
            if reason is None:
                source, translation = fields
                lines.append(PairLine(number, start, source, start + len(source) + 1, translation))
            else:
                bad.append(BadLine(number, start, start + len(line), reason))
        start += len(raw) + 1
    return PairsFile(path, text, tuple(lines), tuple(bad), encoding)


def _not_a_pair(fields: Sequence[str]) -> str | None:
    if len(fields) == 1:
        return "no tab: a line holds source<TAB>translation"
    if len(fields) > 2:
        return f"{len(fields) - 1} tabs: a line holds one source<TAB>translation pair"
    empty = [
        side
        for side, text in zip(("source", "translation"), fields, strict=True)
        if not text.strip()
    ]
    return f"empty {' and '.join(empty)}" if empty else None


def read_pairs_file(
    path: str | os.PathLike, *, max_file_mb: float = DEFAULT_MAX_FILE_MB
) -> PairsFile:
    """Read and parse a pairs file as `check` reads an article (size limit, binary files,
    encodings, links out of the working tree); raises InputError with a one-line message."""
    # An article's reader: the same refusals, without the comment and code blanking of articles.
    from xlingual.load.documents import _read_article

    path = Path(path)
    if not path.is_dir():  # a folder is refused by the reader, not searched for articles
        _files, errors = find_files([path])
        if errors:
            raise errors[0]
    text, encoding = decode(_read_article(path, max_file_mb), path)
    pairs = parse_pairs(str(path), text, encoding)
    if not pairs.lines and not pairs.bad_lines:
        raise InputError(path, "file is empty" if not text else "file is empty: only blank lines")
    return pairs


# --------------------------------------------------------------------------- the file's report


@dataclass(frozen=True)
class _Place:
    """Where one document of a pair stands in the file document."""

    start: int  # the offset of its text in the file's text
    first_sentence: int  # the index of its first sentence among the file document's


def in_file(report: Report, pairs_file: PairsFile) -> Report:
    """The report of `check_pairs` on `pairs_file.lines` (pair i on line i), told in the file's
    terms: one document, the file, whose sentences are every pair's sentences in file order;
    findings, evidence, alignments and names at their places in the file."""
    places: dict[int, _Place] = {}
    sentences: list[Sentence] = []
    for pair, line in zip(report.pairs, pairs_file.lines, strict=True):
        for index, start in (
            (pair.source, line.source_start),
            (pair.target, line.translation_start),
        ):
            places[index] = _Place(start, len(sentences))
            sentences.extend(_moved_sentences(report.documents[index], start, len(sentences)))
    document = Document(
        path=pairs_file.path,
        text=pairs_file.text,
        language="und",  # two languages on every line
        sentences=tuple(sentences),
        encoding=pairs_file.encoding,
    )
    by_path = {report.documents[index].path: place for index, place in places.items()}
    return replace(
        report,
        documents=(document,),
        # One alignment of the file with itself: a reader sees one table of lines, not one a pair.
        pairs=(_joined_pairs(report.pairs, places),) if report.pairs else (),
        findings=tuple(
            sorted(
                (_moved_finding(f, by_path, document) for f in report.findings),
                key=Finding.sort_key,
            )
        ),
        name_clusters=tuple(_moved_cluster(c, places) for c in report.name_clusters),
    )


def bad_line_findings(pairs_file: PairsFile) -> list[Finding]:
    """An input finding (XL901) at each bad line, the line its span."""
    return [
        replace(
            UNREADABLE_INPUT.input_finding(pairs_file.path, bad.reason),
            start=bad.start,
            end=bad.end,
            line=bad.number,
            text=pairs_file.text[bad.start : bad.end],
        )
        for bad in pairs_file.bad_lines
    ]


def _moved_sentences(document: Document, start: int, first: int) -> list[Sentence]:
    return [
        Sentence(first + s.index, start + s.start, start + s.end, s.text)
        for s in document.sentences
    ]


def _moved_finding(finding: Finding, places: dict[str, _Place], file: Document) -> Finding:
    related = tuple(_moved_span(span, places, file.path) for span in finding.related)
    place = places.get(finding.path)
    if place is None:  # not in a pair's text: an input problem
        return replace(finding, related=related)
    start, end = place.start + finding.start, place.start + finding.end
    line, column = file.position(start)
    return replace(
        finding,
        path=file.path,
        start=start,
        end=end,
        line=line,
        column=column,
        text=file.text[start:end],
        related=related,
    )


def _moved_span(span: Span, places: dict[str, _Place], path: str) -> Span:
    place = places.get(span.path)
    if place is None:
        return span
    return replace(span, path=path, start=place.start + span.start, end=place.start + span.end)


def _joined_pairs(pairs: Sequence[PairAlignment], places: dict[int, _Place]) -> PairAlignment:
    beads: list[Bead] = []
    for pair in pairs:
        source, target = places[pair.source].first_sentence, places[pair.target].first_sentence
        beads.extend(
            replace(
                bead,
                source=tuple(source + i for i in bead.source),
                target=tuple(target + j for j in bead.target),
            )
            for bead in pair.beads
        )
    return PairAlignment(0, 0, tuple(beads))


def _moved_cluster(cluster, places: dict[int, _Place]):
    return replace(
        cluster,
        parts=tuple(
            replace(
                part,
                document=0,
                start=places[part.document].start + part.start,
                end=places[part.document].start + part.end,
                sentence=places[part.document].first_sentence + part.sentence,
            )
            for part in cluster.parts
        ),
    )
