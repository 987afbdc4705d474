"""Property tests: invariants that hold for every input, not just the examples we thought of.

Segmentation spans, the source-translation aligner, cross-article groups and the round trips of
the report formats. Every property has a bounded number of examples so the file runs in seconds.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import unquote

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import xlingual.align.groups as groups_module
from tests.conftest import FakeEmbedder
from tests.sample_report import make_finding
from xlingual.align.groups import (
    AlignedGroup,
    GroupingConfig,
    GroupMember,
    align_documents,
    align_documents_dense,
)
from xlingual.align.pair import AlignConfig, Bead, align_texts, align_vectors
from xlingual.findings import Finding, Severity, Span, line_and_column
from xlingual.load.documents import Document
from xlingual.output import github, html, junit, markdown, sarif, text
from xlingual.output import json as json_format
from xlingual.output.common import alignments, documents_by_path, finding_region
from xlingual.output.html_text import plain
from xlingual.output.visible import visible_lines
from xlingual.report import Report
from xlingual.rules import PairAlignment
from xlingual.segment import split_sentences

# XLINGUAL_PROPERTY_SCALE=20 searches twenty times harder (a bug hunt, not a CI run).
_SCALE = float(os.environ.get("XLINGUAL_PROPERTY_SCALE", "1"))
FAST = settings(max_examples=int(150 * _SCALE), deadline=None)
SLOWER = settings(max_examples=int(60 * _SCALE), deadline=None)

# Characters that stress the splitter and the formatters: every kind of sentence end, closers,
# the line breaks the loader keeps (CR, LF, CRLF and the Unicode ones), zero-width characters,
# Cyrillic, CJK, right-to-left text and the markup characters a formatter must escape.
_TRICKY = (
    list("aAbBzZ09 .!?…。！？\"'“”‘’«»「」『』()[]-–—,;:%@#*_`|~\\$<>&=/")
    + ["\n", "\r", "\r\n", "\t", "\u2028", "\u0085", "\x0b", "\x0c", "\u00a0"]
    + ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060"]
    + list("ЖжПривет日本語中文한")
    + ["\u05d0", "\u0627", "\u202e", "\u200f"]  # Hebrew, Arabic, RTL override, RTL mark
    + ["Dr.", "U.S.", "3.5", "e.g.", "J.", "Mr. Smith", "<script>", "</p>", "<!--", "-->"]
)
tricky_text = st.lists(st.sampled_from(_TRICKY) | st.characters(), max_size=60).map("".join)


# ---------------------------------------------------------------------------------------------
# Segmentation


def _check_sentences(text: str) -> None:
    sentences = split_sentences(text)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    previous_end = 0
    for sentence in sentences:
        assert sentence.text == text[sentence.start : sentence.end]
        assert previous_end <= sentence.start < sentence.end <= len(text)
        # Stripped of surrounding whitespace, so never empty or blank.
        assert not sentence.text[0].isspace() and not sentence.text[-1].isspace()
        previous_end = sentence.end
    # Only whitespace is ever left out: every other character is in some sentence.
    covered = np.zeros(len(text), dtype=bool)
    for sentence in sentences:
        covered[sentence.start : sentence.end] = True
    left_out = "".join(ch for ch, inside in zip(text, covered, strict=True) if not inside)
    assert left_out.isspace() or not left_out


@FAST
@given(tricky_text)
def test_sentence_spans_are_exact_ordered_and_cover_the_text(text: str) -> None:
    _check_sentences(text)


@FAST
@given(st.text())
def test_sentence_spans_hold_for_any_unicode(text: str) -> None:
    _check_sentences(text)


@FAST
@given(tricky_text, tricky_text)
def test_a_paragraph_break_always_separates_sentences(first: str, second: str) -> None:
    # A blank line ends a block, so no sentence spans it: prose on either side splits alone.
    text = f"{first}\n\n{second}"
    for sentence in split_sentences(text):
        assert "\n\n" not in sentence.text


# ---------------------------------------------------------------------------------------------
# Source-translation alignment


def _unit_rows(draw, n: int, d: int, pool: np.ndarray) -> np.ndarray:
    """n rows drawn from a small pool, so duplicate vectors (ties) are common, plus zero rows
    (the fake embedder returns zero for text with no words)."""
    picks = draw(st.lists(st.integers(0, len(pool)), min_size=n, max_size=n))
    rows = np.zeros((n, d), dtype=np.float32)
    for row, pick in enumerate(picks):
        if pick < len(pool):
            rows[row] = pool[pick]
    return rows


@st.composite
def vector_pairs(draw) -> tuple[np.ndarray, np.ndarray]:
    d = draw(st.integers(2, 8))
    raw = draw(
        hnp.arrays(
            np.float32,
            (draw(st.integers(1, 12)), d),
            elements=st.floats(-1, 1, width=32, allow_nan=False),
        )
    )
    norms = np.linalg.norm(raw, axis=1, keepdims=True)
    pool = raw[norms[:, 0] > 1e-3] / norms[norms[:, 0] > 1e-3]
    n = draw(st.integers(0, 14))
    m = draw(st.integers(0, 14))
    return _unit_rows(draw, n, d, pool), _unit_rows(draw, m, d, pool)


def _check_beads(beads, n: int, m: int, config: AlignConfig) -> None:
    sources = [i for bead in beads for i in bead.source]
    targets = [j for bead in beads for j in bead.target]
    # Every sentence in exactly one bead, and the beads in order on both sides (monotonic).
    assert sources == list(range(n))
    assert targets == list(range(m))
    for bead in beads:
        assert bead.source or bead.target
        assert len(bead.source) <= config.max_window and len(bead.target) <= config.max_window
        if bead.source and bead.target:
            assert len(bead.source) + len(bead.target) <= config.max_bead
        assert np.isfinite(bead.score)


@SLOWER
@given(vector_pairs())
def test_alignment_covers_every_sentence_once_in_order(pair) -> None:
    src, tgt = pair
    config = AlignConfig()
    beads = align_vectors(src, tgt, config=config)
    _check_beads(beads, len(src), len(tgt), config)
    assert align_vectors(src.copy(), tgt.copy(), config=config) == beads


@st.composite
def long_documents(draw) -> tuple[np.ndarray, np.ndarray]:
    """Longer documents, some a noisy translation of the other (so anchors are found), some
    unrelated: the corridor between anchors must always leave a path to the end."""
    seed = draw(st.integers(0, 2**32 - 1))
    n, m = draw(st.integers(0, 90)), draw(st.integers(0, 90))
    rng = np.random.default_rng(seed)
    d = 8
    source = rng.standard_normal((n, d))
    if draw(st.booleans()) and n:
        picks = np.sort(rng.integers(0, n, m))
        target = source[picks] + draw(st.sampled_from([0.05, 0.3, 1.0])) * rng.standard_normal(
            (m, d)
        )
    else:
        target = rng.standard_normal((m, d))
    source /= np.linalg.norm(source, axis=1, keepdims=True)
    target /= np.linalg.norm(target, axis=1, keepdims=True)
    return source.astype(np.float32), target.astype(np.float32)


@SLOWER
@given(long_documents(), st.integers(0, 8), st.integers(0, 30), st.integers(1, 4))
def test_alignment_in_a_narrow_corridor_covers_every_sentence(
    documents, band: int, anchor_band: int, window: int
) -> None:
    source, target = documents
    config = AlignConfig(
        band=band,
        anchor_band=anchor_band,
        anchor_band_fraction=0.0,
        max_window=window,
        max_bead=window + 1,
    )
    _check_beads(align_vectors(source, target, config=config), len(source), len(target), config)


sentence_lists = st.lists(
    st.lists(st.sampled_from(_TRICKY[:40] + ["word", "Name", "1,200", "8.848"]), max_size=8).map(
        "".join
    ),
    max_size=10,
)


@SLOWER
@given(sentence_lists, sentence_lists, st.integers(1, 4), st.integers(0, 40))
def test_alignment_of_texts_covers_every_sentence_once_in_order(
    source: list[str], target: list[str], window: int, band: int
) -> None:
    # The path check_pair takes: windows embedded in one call, text features, the banded DP;
    # narrow bands and small windows stress the corridor around the anchors.
    config = AlignConfig(max_window=window, max_bead=window + 1, band=band % 8, anchor_band=band)
    beads = align_texts(source, target, FakeEmbedder(16).embed, config)
    _check_beads(beads, len(source), len(target), config)
    assert align_texts(source, target, FakeEmbedder(16).embed, config) == beads


# ---------------------------------------------------------------------------------------------
# Cross-article groups


@st.composite
def corpora(draw):
    d = draw(st.integers(2, 6))
    pool_size = draw(st.integers(1, 8))
    raw = draw(
        hnp.arrays(np.float32, (pool_size, d), elements=st.floats(-1, 1, width=32, allow_nan=False))
    )
    norms = np.linalg.norm(raw, axis=1, keepdims=True)
    assume(bool((norms > 1e-3).all()))
    pool = raw / norms
    documents = []
    for _ in range(draw(st.integers(0, 5))):
        n = draw(st.integers(0, 6))
        picks = draw(st.lists(st.integers(0, pool_size - 1), min_size=n, max_size=n))
        documents.append(pool[picks].reshape(n, d))
    with_counts = draw(st.booleans())
    counts = (
        [draw(st.lists(st.integers(0, 8), min_size=len(v), max_size=len(v))) for v in documents]
        if with_counts
        else None
    )
    config = GroupingConfig(
        min_cosine=draw(st.sampled_from([-1.0, 0.0, 0.5, 0.9])),
        min_margin=draw(st.sampled_from([0.0, 1.0, 1.015, 1.2])),
        neighbours=draw(st.integers(1, 5)),
        min_words=draw(st.integers(0, 5)),
        # Near-identity at many levels: every pair a copy, exact duplicates only, none.
        copy_cosine=draw(st.sampled_from([-1.0, 0.5, 0.98, 2.0])),
    )
    return documents, counts, config


def _same_groups(left, right) -> None:
    assert [g.members for g in left] == [g.members for g in right]
    assert [g.score for g in left] == pytest.approx([g.score for g in right], abs=1e-6)


@SLOWER
@given(corpora())
def test_groups_are_disjoint_cross_document_and_sorted(corpus) -> None:
    vectors, counts, config = corpus
    groups = align_documents(vectors, config, counts)
    seen: set[tuple[int, int]] = set()
    for group in groups:
        keys = [(m.document, m.sentence) for m in group.members]
        assert keys == sorted(keys)
        # Joined by links between documents, so a group always spans two or more of them.
        assert len({m.document for m in group.members}) >= 2
        for document, sentence in keys:
            assert 0 <= sentence < len(vectors[document])
            if counts is not None:
                assert counts[document][sentence] >= config.min_words
        assert not seen.intersection(keys), "a sentence is in two groups"
        seen.update(keys)
        assert config.min_cosine - 1e-6 <= group.score <= 1 + 1e-5
    firsts = [(g.members[0].document, g.members[0].sentence) for g in groups]
    assert firsts == sorted(firsts)


@SLOWER
@given(corpora(), st.integers(1, 40))
def test_blockwise_groups_equal_the_dense_reference(corpus, chunk_elements: int) -> None:
    vectors, counts, config = corpus
    dense = align_documents_dense(vectors, config, counts)
    _same_groups(align_documents(vectors, config, counts), dense)
    # Tiny blocks of rows: the blockwise path must not depend on where the blocks fall.
    original = groups_module.CHUNK_ELEMENTS
    groups_module.CHUNK_ELEMENTS = chunk_elements
    try:
        _same_groups(align_documents(vectors, config, counts), dense)
    finally:
        groups_module.CHUNK_ELEMENTS = original


def test_groups_do_not_depend_on_the_blocking_at_a_threshold() -> None:
    # Found by the property above: a float32 matmul rounds a one-row block differently from the
    # full matrix, so at min_margin 1.0 (a margin of exactly 1) the blockwise path linked two
    # duplicate sentences the dense reference did not.
    row = np.array([[0.44201642, 0.89700687]], dtype=np.float32)
    vectors = [np.repeat(row, 3, axis=0), row]
    config = GroupingConfig(min_cosine=-1.0, min_margin=1.0, neighbours=3, min_words=0)
    dense = align_documents_dense(vectors, config)
    for chunk_elements in (1, 4, 12, groups_module.CHUNK_ELEMENTS):
        original = groups_module.CHUNK_ELEMENTS
        groups_module.CHUNK_ELEMENTS = chunk_elements
        try:
            _same_groups(align_documents(vectors, config), dense)
        finally:
            groups_module.CHUNK_ELEMENTS = original


# ---------------------------------------------------------------------------------------------
# Report formats

# What finding text and messages may hold: markup, entities, quotes, line breaks of every kind,
# percent escapes the GitHub runner decodes, non-ASCII and right-to-left characters.
_HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "</td>",
    "<!--",
    "]]>",
    "&amp;",
    "&",
    "<",
    ">",
    '"',
    "'",
    "\n",
    "\r\n",
    "\r",
    "%",
    "%0A",
    "%25",
    "::",
    ",",
    "|",
    "*",
    "`",
    "@here",
    "ü",
    "Пригожин",
    "中文",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u202e",
    "\u200b",
    "\t",
    "a",
    " ",
]
hostile_text = st.lists(st.sampled_from(_HOSTILE) | st.characters(), max_size=12).map("".join)
# Messages come from rules and are never empty; GitHub drops an annotation with no message.
messages = hostile_text.filter(lambda s: s.strip() != "")
paths = st.lists(
    st.sampled_from(["a", "b", "ü", " ", ",", ":", "%", "#", "?", "dir/", ".md", "Ж", "&"]),
    min_size=1,
    max_size=6,
).map(lambda parts: "articles/" + "".join(parts) + ".txt")


@st.composite
def reports(draw) -> Report:
    names = draw(st.lists(paths, min_size=1, max_size=3, unique=True))
    documents = tuple(
        Document.from_text(path, draw(hostile_text.filter(str.strip)), "en") for path in names
    )
    findings = []
    for _ in range(draw(st.integers(0, 6))):
        document = draw(st.sampled_from(documents))
        start = draw(st.integers(0, len(document.text)))
        end = draw(st.integers(start, len(document.text)))
        related = tuple(
            Span(other.path, 0, min(3, len(other.text)), other.text[:3])
            for other in draw(st.lists(st.sampled_from(documents), max_size=2))
        )
        findings.append(
            make_finding(
                document,
                start,
                end,
                code=draw(st.sampled_from(["XL101", "XL201", "XL301", "XL401", "XL999"])),
                severity=draw(st.sampled_from(list(Severity))),
                message=draw(messages),
                suggestion=draw(st.none() | hostile_text.filter(bool)),
                related=related,
                confidence=draw(st.floats(0, 1)),
            )
        )
    if draw(st.booleans()):
        # An unreadable input: a finding on a path no document has.
        findings.append(
            Finding(
                "XL901", "unreadable-input", Severity.ERROR, draw(paths), 0, 0, 1, 1, "",
                draw(messages),
            )
        )  # fmt: skip
    groups: tuple[AlignedGroup, ...] = ()
    pairs: tuple[PairAlignment, ...] = ()
    if len(documents) >= 2:
        first, second = documents[0], documents[1]
        groups = (
            AlignedGroup(
                (
                    GroupMember(0, draw(st.integers(0, len(first.sentences) - 1))),
                    GroupMember(1, draw(st.integers(0, len(second.sentences) - 1))),
                ),
                draw(st.floats(-1, 1)),
            ),
        )
        pairs = (PairAlignment(0, 1, tuple(draw(_random_beads(first, second)))),)
    return Report(
        documents=documents,
        groups=groups,
        pairs=pairs,
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        signature=draw(hostile_text),
    )


@st.composite
def _random_beads(draw, source: Document, target: Document) -> list[Bead]:
    """A random monotonic path through the two documents' sentences."""
    i, j, n, m = 0, 0, len(source.sentences), len(target.sentences)
    beads = []
    while i < n or j < m:
        a = min(n - i, draw(st.integers(0, 2)))
        b = min(m - j, draw(st.integers(0 if a else 1, 2)))
        if a == b == 0:
            a = 1 if i < n else 0
            b = 0 if a else 1
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), draw(st.floats(-1, 2))))
        i, j = i + a, j + b
    return beads


@SLOWER
@given(reports())
def test_json_gives_back_every_finding(report: Report) -> None:
    payload = json.loads(json_format.render(report))
    expected = [finding.to_dict() for finding in report.findings]
    assert payload["findings"] == expected
    assert [d["path"] for d in payload["documents"]] == [d.path for d in report.documents]
    for loaded, document in zip(payload["documents"], report.documents, strict=True):
        assert [(s["start"], s["end"], s["text"]) for s in loaded["sentences"]] == [
            (s.start, s.end, s.text) for s in document.sentences
        ]
    members = [
        [(m["path"], m["index"], m["start"], m["end"]) for m in alignment["members"]]
        for alignment in payload["alignments"]
    ]
    assert members == [
        [(m.path, m.index, m.start, m.end) for m in view.members] for view in alignments(report)
    ]
    for alignment in payload["alignments"]:
        for member in alignment["members"]:
            document = documents_by_path(report)[member["path"]]
            assert document.sentences[member["index"]].start == member["start"]
    assert json_format.render(report) == json_format.render(report)


@SLOWER
@given(reports())
def test_sarif_results_map_back_to_their_findings(report: Report) -> None:
    run = json.loads(sarif.render(report))["runs"][0]
    documents = documents_by_path(report)
    assert len(run["results"]) == len(report.findings)
    for result, finding in zip(run["results"], report.findings, strict=True):
        assert result["ruleId"] == finding.code
        message = result["message"]["text"]
        # Messages are shown to people: controls and bidi characters appear as marks.
        assert message.startswith(visible_lines(finding.message))
        if finding.suggestion:
            assert message.endswith(f"Suggestion: {visible_lines(finding.suggestion)}")
        physical = result["locations"][0]["physicalLocation"]
        assert unquote(physical["artifactLocation"]["uri"]) == finding.path
        where = finding_region(documents, finding)
        assert physical["region"]["startLine"] == where.start_line == finding.line
        assert physical["region"]["startColumn"] == where.start_column == finding.column
        if finding.text:
            assert physical["region"]["snippet"]["text"] == finding.text


_GITHUB_LINE = re.compile(r"::(error|warning|notice) (.*?)::(.*)", re.DOTALL)


def _unescape(value: str) -> str:
    # The runner's decoding: each escape is read once, so "%250A" is "%0A", not a line break.
    table = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: table[m.group(0)], value)


@SLOWER
@given(reports())
def test_github_annotations_parse_back_to_their_findings(report: Report) -> None:
    output = github.render(report)
    # One annotation per line: only LF ends a workflow command.
    lines = output.split("\n")
    assert lines[-1] == ""
    lines = lines[:-1]
    assert len(lines) == len(report.findings)
    for line, finding in zip(lines, report.findings, strict=True):
        assert "\r" not in line
        match = _GITHUB_LINE.fullmatch(line)
        assert match, line
        properties = dict(part.split("=", 1) for part in match.group(2).split(","))
        assert _unescape(properties["file"]) == finding.path
        assert int(properties["line"]) == finding.line
        message = _unescape(match.group(3))
        expected = finding.message
        if finding.suggestion:
            expected += f" (suggestion: {finding.suggestion})"
        assert message == visible_lines(expected)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


# Everything the HTML report writes itself; anything else came from article or message text.
_HTML_TAGS = {
    "a", "article", "body", "code", "div", "h1", "h2", "h3", "head", "header", "html", "ins",
    "li", "main", "mark", "meta", "nav", "p", "q", "section", "span", "style", "table", "tbody",
    "td", "th", "thead", "title", "tr", "ul",
}  # fmt: skip


@SLOWER
@given(reports())
def test_html_shows_hostile_text_as_text(report: Report) -> None:
    page = html.render(report)
    assert "<script" not in page.lower()
    parser = _Tags()
    parser.feed(page)
    assert parser.tags <= _HTML_TAGS, parser.tags - _HTML_TAGS
    assert not {name for name in parser.attributes if name.startswith("on")}
    for finding in report.findings:
        assert plain(finding.message) in page


class _ArticleLines(HTMLParser):
    """The text of each document's line blocks, without the report's own carets and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.documents: list[list[str]] = []
        self.stack: list[tuple[str, bool]] = []  # open tags inside a text block: tag, kept?

    def handle_starttag(self, tag: str, attrs) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if not self.stack and tag == "div" and "text" in classes:
            self.documents.append([])
            self.stack.append((tag, False))
        elif self.stack:
            line = tag == "div" and "line" in classes
            if line:
                self.documents[-1].append("")
            # Carets (a finding on no visible character) and "also" links are not article text.
            kept = (line or self.stack[-1][1]) and not {"caret", "also"} & set(classes)
            self.stack.append((tag, kept))

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            assert self.stack.pop()[0] == tag

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][1]:
            self.documents[-1][-1] += data


@SLOWER
@given(reports())
def test_html_writes_every_character_of_an_article_once(report: Report) -> None:
    parser = _ArticleLines()
    parser.feed(html.render(report))
    assert len(parser.documents) == len(report.documents)
    for lines, document in zip(parser.documents, report.documents, strict=True):
        expected = document.text.replace("\r\n", "\n").replace("\r", " ").split("\n")
        if len(expected) > 1 and expected[-1] == "":
            expected.pop()
        if len(lines) == len(expected) + 1 and lines[-1] == "":
            # A finding just past the final line break shows as a caret on a line of its own.
            lines.pop()
        # A finding may start between CR and LF, leaving the CR to show as a space.
        assert [line.rstrip(" ") for line in lines] == [line.rstrip(" ") for line in expected]


_MARKDOWN_TAGS = re.compile(r"<(?:/?details|/?summary|/?sub|br)>")


@SLOWER
@given(reports())
def test_markdown_shows_hostile_text_as_text(report: Report) -> None:
    comment = markdown.render(report)
    assert "<script" not in comment.lower()
    # The only markup is the report's own; every "<" from the text became "&lt;".
    assert "<" not in _MARKDOWN_TAGS.sub("", comment)
    for finding in report.findings:
        assert markdown.escape(finding.message) in comment
    # No text breaks the findings table: every row has its six cells, one line each.
    rows = [line for line in comment.split("\n") if line.startswith("| ") and "---" not in line]
    assert len(rows) == len(report.findings) + len({f.path for f in report.findings})
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 7, row


@SLOWER
@given(reports())
def test_junit_and_text_render_any_report(report: Report) -> None:
    root = ET.fromstring(junit.render(report).split("\n", 1)[1])
    failures = [f for f in root.iter("failure")]
    assert len(failures) == len(report.findings)
    rendered = text.render(report)
    for finding in report.findings:
        assert finding.code in rendered


@FAST
@given(hostile_text, st.data())
def test_line_and_column_point_at_the_character(value: str, data) -> None:
    offset = data.draw(st.integers(0, len(value)))
    line, column = line_and_column(value, offset)
    lines = value.split("\n")
    assert 1 <= line <= len(lines)
    assert sum(len(x) + 1 for x in lines[: line - 1]) + column - 1 == offset
