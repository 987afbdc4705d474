"""Load articles from disk: decode, extract text from HTML, detect language, split sentences.

Offsets everywhere in xlingual are indices into `Document.text`, the decoded text (for HTML, the
extracted text), so that findings point at exactly what a person reads.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from xlingual.findings import line_and_column
from xlingual.segment import Sentence, split_sentences

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


class InputError(Exception):
    """A file that cannot be read as an article; the message names the file."""

    def __init__(self, path: str | os.PathLike, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class Document:
    path: str
    text: str
    language: str
    sentences: tuple[Sentence, ...]
    encoding: str = "utf-8"

    @classmethod
    def from_text(cls, path: str, text: str, language: str | None = None) -> Document:
        return cls(
            path=path,
            text=text,
            language=language or detect_language(text),
            sentences=tuple(split_sentences(text)),
        )

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column in the file of a character offset into `text`."""
        return line_and_column(self.text, offset)


def find_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[InputError]]:
    """Expand files and folders into article files, sorted, plus one error message per bad path.

    A folder is searched recursively for supported suffixes; symlinked folders are not followed,
    so a symlink loop cannot hang the search.
    """
    found: list[Path] = []
    errors: list[InputError] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            errors.append(InputError(path, "no such file or folder"))
        elif path.is_dir():
            in_folder = sorted(_walk(path))
            if not in_folder:
                suffixes = ", ".join(SUPPORTED_SUFFIXES)
                errors.append(InputError(path, f"folder contains no article files ({suffixes})"))
            found.extend(in_folder)
        else:
            found.append(path)
    unique = sorted(dict.fromkeys(found), key=lambda p: str(p))
    return unique, errors


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.lower().endswith(SUPPORTED_SUFFIXES) and not name.startswith("."):
                yield Path(root) / name


def load_document(path: str | os.PathLike) -> Document:
    """Read one article; raises InputError with a one-line message naming the file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except OSError as error:
        raise InputError(path, f"cannot read ({error.strerror or error})") from None
    text, encoding = decode(data, path)
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text)
    if not text.strip():
        raise InputError(path, "file is empty")
    document = Document.from_text(str(path), text)
    return Document(document.path, document.text, document.language, document.sentences, encoding)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes to text: BOMs first, then UTF-8, then the likeliest legacy encoding.

    Line endings are kept as they are so that offsets match the file an editor opens.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise InputError(path, f"invalid {encoding} after its byte-order mark") from None
    if _looks_binary(data):
        raise InputError(path, "binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return bool(sample) and control / len(sample) > 0.05


def _legacy_encoding(data: bytes) -> str:
    # Cyrillic single-byte text has most high bytes in 0xC0-0xFF; Western text uses them
    # sparsely for accented letters. windows-1251 vs cp1252 is the common confusion in news feeds.
    high = [byte for byte in data if byte >= 0x80]
    if high and sum(byte >= 0xC0 for byte in high) / len(high) > 0.9 and len(high) > len(data) / 4:
        return "cp1251"
    return "cp1252"


def _decode_legacy(data: bytes) -> tuple[str, str]:
    encoding = _legacy_encoding(data)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so nothing is lost.
        return data.decode("latin-1"), "latin-1"


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page: scripts and styles dropped, blocks on lines of their own."""

    _SKIP = {"script", "style", "template", "noscript", "head", "svg"}
    _BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "figcaption",
        "title",
        "pre",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)  # character references are already decoded by the parser
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's main language ('und' when there is too little text)."""
    sample = text[:20000]
    if sum(ch.isalpha() for ch in sample) < 3:
        return "und"
    import py3langid

    language, _score = py3langid.classify(sample)
    return language
