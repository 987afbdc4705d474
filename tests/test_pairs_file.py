"""xlingual.pairs_file: reading a file of source<TAB>translation lines and telling a report of its
pairs in the file's own lines and columns."""

import pytest

from xlingual.api import check_pairs
from xlingual.config import Config
from xlingual.load.documents import InputError
from xlingual.pairs_file import (
    BadLine,
    PairLine,
    bad_line_findings,
    in_file,
    parse_pairs,
    read_pairs_file,
)

PAIRS = (
    "Der Zug kam um 9 Uhr an.\tThe train arrived at 10 o'clock.\n"
    "\n"
    "Es regnete.\tIt rained.\r\n"
    "Alle 300 Leute stiegen aus.\tAll 300 people got off.\n"
)


def test_each_line_is_a_pair_with_the_offsets_of_its_two_sides():
    pairs = parse_pairs("p.tsv", PAIRS)
    assert [(line.number, line.source, line.translation) for line in pairs.lines] == [
        (1, "Der Zug kam um 9 Uhr an.", "The train arrived at 10 o'clock."),
        (3, "Es regnete.", "It rained."),  # the \r of a CRLF line is no part of the translation
        (4, "Alle 300 Leute stiegen aus.", "All 300 people got off."),
    ]
    for line in pairs.lines:
        assert PAIRS[line.source_start :].startswith(line.source + "\t" + line.translation)
        assert PAIRS[line.translation_start :].startswith(line.translation)
    assert pairs.bad_lines == ()  # a blank line and the final line break are no problem


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("no tab at all", "no tab: a line holds source<TAB>translation"),
        ("a\tb\tc", "2 tabs: a line holds one source<TAB>translation pair"),
        ("  \tThe translation.", "empty source"),
        ("The source.\t", "empty translation"),
        ("\t ", "empty source and translation"),
    ],
)
def test_a_line_that_is_not_one_pair_is_reported_at_its_line(line, reason):
    text = f"Ein Satz.\tA sentence.\n{line}\r\nNoch einer.\tOne more."
    pairs = parse_pairs("p.tsv", text)
    assert [line.number for line in pairs.lines] == [1, 3]  # the others are still checked
    start = text.index(line)
    assert pairs.bad_lines == (BadLine(2, start, start + len(line), reason),)
    (problem,) = pairs.problems()
    assert str(problem) == f"p.tsv:2: {reason}"
    (finding,) = bad_line_findings(pairs)
    assert (finding.code, finding.path, finding.line, finding.column) == ("XL901", "p.tsv", 2, 1)
    assert (finding.text, finding.message) == (line, reason)


def test_reading_a_file(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_bytes("\ufeffEin Satz.\tA sentence.\n".encode())
    pairs = read_pairs_file(path)
    assert pairs.path == str(path) and pairs.encoding == "utf-8-sig"
    assert pairs.lines == (PairLine(1, 0, "Ein Satz.", 10, "A sentence."),)  # BOM not counted


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no such file or folder"),
        (b"", "file is empty"),
        (b"\n  \n\n", "file is empty: only blank lines"),
        ("Früh.\tEarly.\n".encode() + b"Sp\xe4t.\tLate.\n", "invalid UTF-8 at line 2, column 3"),
        (b"\x00\x01binary", "binary file, not text"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_input_error(tmp_path, content, reason):
    path = tmp_path / "pairs.tsv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_pairs_file(path)
    assert raised.value.path == str(path) and raised.value.reason.startswith(reason)


def test_a_folder_is_not_a_pairs_file(tmp_path):
    with pytest.raises(InputError, match="is a folder, not a file"):
        read_pairs_file(tmp_path)


def test_legacy_encodings_are_read_as_articles_are(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_bytes("Поезд пришёл вовремя утром.\tThe train came on time.\n".encode("cp1251"))
    (line,) = read_pairs_file(path).lines
    assert line.source == "Поезд пришёл вовремя утром."


# ------------------------------------------------------------------------ the file's report


@pytest.fixture
def file_report(fake_embedder, isolated_cache):
    pairs = parse_pairs("p.tsv", PAIRS)
    checked = check_pairs(
        [(line.source, line.translation) for line in pairs.lines],
        Config(select=("XL5",)),  # the pair rules; names and spelling are not what is tested
        embedder=fake_embedder,
        path="p.tsv",
    )
    return checked, pairs, in_file(checked, pairs)


def test_the_report_has_one_document_the_file(file_report):
    checked, pairs, report = file_report
    (document,) = report.documents
    assert (document.path, document.text) == ("p.tsv", PAIRS)
    # Every pair's sentences, in file order, each at its place in the file.
    assert [s.text for s in document.sentences] == [
        s.text for d in checked.documents for s in d.sentences
    ]
    assert [s.index for s in document.sentences] == list(range(len(document.sentences)))
    assert all(PAIRS[s.start : s.end] == s.text for s in document.sentences)


def test_findings_point_at_their_line_of_the_file(file_report):
    checked, pairs, report = file_report
    numbers = {line.number for line in pairs.lines}
    assert {f.code for f in report.findings} >= {"XL501"}  # 10 o'clock for 9 Uhr, line 1
    assert len(report.findings) == len(checked.findings)
    for before, after in zip(checked.findings, report.findings, strict=True):
        assert after.path == "p.tsv" and after.text == before.text
        assert PAIRS[after.start : after.end] == after.text
        assert after.line in numbers
        line_start = PAIRS.rfind("\n", 0, after.start) + 1
        assert after.column == after.start - line_start + 1
        for span in after.related:
            assert span.path == "p.tsv" and PAIRS[span.start : span.end] == span.text
    (number,) = [f for f in report.findings if f.code == "XL501"]
    assert (number.line, number.text, number.related[0].text) == (1, "10", "9")


def test_alignments_pair_sentences_of_the_same_line(file_report):
    checked, pairs, report = file_report
    (document,) = report.documents
    (alignment,) = report.pairs
    assert (alignment.source, alignment.target) == (0, 0)
    assert len(alignment.beads) == sum(len(pair.beads) for pair in checked.pairs)
    for bead in alignment.beads:
        lines = {document.position(document.sentences[i].start)[0] for i in bead.source}
        lines |= {document.position(document.sentences[j].start)[0] for j in bead.target}
        assert len(lines) == 1
