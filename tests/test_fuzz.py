"""Fuzzing the loaders and the CLI on random bytes: a Document or an InputError, never a traceback.

Inputs mix random bytes with what real files get wrong: byte-order marks (sometimes of the wrong
width), NULs, UTF-8 sequences cut short, unclosed tags and comments, and `<!-- xlingual: ignore`
directives with junk in them.
"""

from __future__ import annotations

import codecs
import json
import os
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from xlingual.cli import app
from xlingual.load.documents import Document, InputError, decode, load_document

# XLINGUAL_PROPERTY_SCALE=20 searches twenty times harder (a bug hunt, not a CI run).
_SCALE = float(os.environ.get("XLINGUAL_PROPERTY_SCALE", "1"))

_FRAGMENTS = [
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    b"\x00",
    b"\xe2\x80",  # a three-byte sequence cut short
    b"\xf0\x9f\x98",  # a four-byte one
    b"\xc3",
    b"\x80",
    b"\xff\xfe",
    "Привет. ".encode(),
    "Пригожин сказал.".encode("cp1251"),
    "Café crème. ".encode("cp1252"),
    "日本語。".encode(),
    b"The minister said 40 people came. ",
    b"\r\n",
    b"\n",
    b"\r",
    b"\n\n",
    b"\t",
    b" ",
    b"<p>",
    b"</p>",
    b"<div",
    b"<script>",
    b"</script>",
    b"<style>a{}",
    b"<![CDATA[",
    b"<!DOCTYPE html>",
    b"<!--",
    b"-->",
    b"<!-- xlingual: ignore -->",
    b"<!-- xlingual: ignore XL",
    b"<!-- xlingual: ignore XL101, junk ,, -->",
    b"<!-- xlingual: ignore-file -->",
    b"<!-- xlingual: ignore-next-line \xff -->",
    b"<!-- xlingual: bogus -->",
    b"&amp;",
    b"&#",
    b"&#x110000;",
    b"&#0;",
    b"&nbsp",
    b"<br/>",
    b"<a href='",
    b"<pre>",
    b"<textarea>",
    b"# Heading\n",
    b"```\n",
    b"\x1b[31m",
    b"\x0c",
]

# Any number of fragments and random bytes, so whole files can be plausible, broken or noise.
file_bytes = st.lists(st.sampled_from(_FRAGMENTS) | st.binary(max_size=12), max_size=30).map(
    b"".join
)
suffixes = st.sampled_from([".txt", ".md", ".html", ".htm", ".markdown"])


def _check_document(document: Document) -> None:
    assert document.text.strip()
    previous_end = 0
    for number, sentence in enumerate(document.sentences):
        assert sentence.index == number
        assert sentence.text == document.text[sentence.start : sentence.end]
        assert previous_end <= sentence.start < sentence.end <= len(document.text)
        previous_end = sentence.end
        # Lines and columns of every sentence can be shown: the source map covers the text.
        line, column = document.position(sentence.start)
        end_line, end_column = document.end_position(sentence.end)
        assert line >= 1 and column >= 1 and (end_line, end_column) >= (line, column)


@settings(max_examples=int(300 * _SCALE), deadline=None)
@given(file_bytes, suffixes)
def test_loading_random_bytes_gives_a_document_or_an_input_error(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(data)
        try:
            document = load_document(path)
        except InputError as error:
            # One line naming the file: what the CLI prints.
            assert str(path) in str(error) and "\n" not in str(error)
            return
        _check_document(document)


@settings(max_examples=int(300 * _SCALE), deadline=None)
@given(file_bytes)
def test_decoding_random_bytes_gives_text_or_an_input_error(data: bytes) -> None:
    try:
        text, encoding = decode(data, Path("article.txt"))
    except InputError:
        return
    assert isinstance(text, str) and codecs.lookup(encoding)


GOOD_ARTICLE = (
    "The ministry said 1,200 workers lost their jobs in March. "
    "The factory will close next year. Unions protested on Monday.\n"
)


REPORT_SUFFIXES = (".json", ".sarif", ".xml", ".html", ".md", ".txt")


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@settings(
    max_examples=int(30 * _SCALE),
    deadline=None,
    # The fake embedder fixture holds no state between examples that matters here.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    files=st.lists(st.tuples(file_bytes, suffixes), min_size=1, max_size=3),
    every_format=st.booleans(),
)
def test_cli_on_random_files_never_shows_a_traceback(
    runner: CliRunner, use_fake_embedder, files: list[tuple[bytes, str]], every_format: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
        for number, (data, suffix) in enumerate(files):
            (root / f"random{number}{suffix}").write_bytes(data)
        report_path = root / "out" / "report.json"
        result = runner.invoke(
            app, ["check", str(root), "-f", "json", "-o", str(report_path), "--quiet"]
        )
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception,
            result.output,
        )
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
        report = json.loads(report_path.read_text(encoding="utf-8"))
        assert str(root / "good.txt") in [d["path"] for d in report["documents"]]
        if every_format:
            # The editor's reports on the same broken inputs: every renderer copes with what
            # loaded, and the machine-readable ones stay parseable.
            outputs = [root / "out" / f"report{suffix}" for suffix in REPORT_SUFFIXES]
            arguments = ["report", str(root), "--quiet"]
            result = runner.invoke(app, arguments + [f"-o{o}" for o in outputs])
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                result.exception,
                result.output,
            )
            assert result.exit_code in (0, 2), result.output
            json.loads((root / "out" / "report.sarif").read_text(encoding="utf-8"))
            ET.parse(root / "out" / "report.xml")
