"""Load articles from disk: decode, extract text from HTML, detect language, split sentences.

Offsets everywhere in xlingual are indices into `Document.text`, the decoded text (for HTML, the
extracted text), so that findings point at exactly what a person reads. Lines and columns shown
to people point into the file they edit: `Document.position` maps an offset of extracted HTML
text back into the HTML source through a `SourceMap`.

Comments are the one thing taken out of Markdown and plain text (blanked, same length); they may
hold suppression directives, see xlingual.suppressions.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xlingual.findings import line_and_column
from xlingual.html_source import SourceMap, extract_html
from xlingual.segment import Sentence, split_sentences
from xlingual.suppressions import (
    DirectiveProblem,
    Suppression,
    collect_directives,
    line_after,
    mask_comments,
    paragraph_after,
)

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")


class InputError(Exception):
    """A file that cannot be read as an article; the message names the file."""

    def __init__(self, path: str | os.PathLike, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class Document:
    """One article. For HTML, `text` is the extracted visible text and `source_map` leads back
    from its offsets to lines and columns of the file; for other files `text` is the file's text
    (with comments blanked out) and `source_map` is None. `suppressions` and
    `directive_problems` come from `<!-- xlingual: ignore ... -->` comments (xlingual.suppressions).
    """

    path: str
    text: str
    language: str
    sentences: tuple[Sentence, ...]
    encoding: str = "utf-8"
    source_map: SourceMap | None = field(default=None, repr=False, compare=False)
    suppressions: tuple[Suppression, ...] = ()
    directive_problems: tuple[DirectiveProblem, ...] = ()

    @classmethod
    def from_text(cls, path: str, text: str, language: str | None = None) -> Document:
        return cls(
            path=path,
            text=text,
            language=language or detect_language(text),
            sentences=tuple(split_sentences(text)),
        )

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column in the file of the character at `offset` of `text`."""
        if self.source_map is not None:
            return self.source_map.position(offset)
        return line_and_column(self.text, offset)

    def end_position(self, end: int) -> tuple[int, int]:
        """1-based line and column in the file just past `text[end - 1]`: where a span ends.

        Differs from `position(end)` only for HTML, where the character after a span that ends a
        block is the next block, possibly lines further on.
        """
        if self.source_map is not None:
            return self.source_map.end_position(end)
        return line_and_column(self.text, end)


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
    source_map = None
    if path.suffix.lower() in HTML_SUFFIXES:
        extracted = extract_html(text)
        text, source_map = extracted.text, extracted.source_map
        suppressions, problems = collect_directives(text, extracted.comments, line_after)
    else:
        # Markdown hides comments when rendered; .txt articles are often Markdown in all but name.
        text, comments = mask_comments(text)
        suppressions, problems = collect_directives(text, comments, paragraph_after)
    if not text.strip():
        raise InputError(path, "file is empty")
    return dataclasses.replace(
        Document.from_text(str(path), text),
        encoding=encoding,
        source_map=source_map,
        suppressions=suppressions,
        directive_problems=problems,
    )


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


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's main language ('und' when there is too little text)."""
    sample = text[:20000]
    if sum(ch.isalpha() for ch in sample) < 3:
        return "und"
    import py3langid

    language, _score = py3langid.classify(sample)
    return language
