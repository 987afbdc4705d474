"""Load articles from disk: decode, extract text from HTML, detect language, split sentences.

Offsets everywhere in xlingual are indices into `Document.text`, the decoded text (for HTML, the
extracted text), so that findings point at exactly what a person reads. Lines and columns shown
to people point into the file they edit: `Document.position` maps an offset of extracted HTML
text back into the HTML source through a `SourceMap`.

Comments, front matter and code are taken out of Markdown and plain text (blanked, same length,
so offsets and lines stay the file's): comments may hold suppression directives (see
xlingual.load.suppressions); front matter and code are not prose (see
xlingual.load.markdown_source).
"""

from __future__ import annotations

import codecs
import dataclasses
import errno
import os
import re
import stat
import tempfile
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xlingual.cache import NoRoomForModel, reason
from xlingual.config import DEFAULT_MAX_FILE_MB
from xlingual.findings import line_and_column
from xlingual.load.html_source import SourceMap, extract_html
from xlingual.load.markdown_source import blank_regions, code_regions, is_markdown
from xlingual.load.suppressions import (
    DirectiveComment,
    DirectiveProblem,
    Suppression,
    collect_directives,
    line_after,
    mask_comments,
    paragraph_after,
)
from xlingual.memo import remembered
from xlingual.segment import Sentence, split_sentences

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
    `directive_problems` come from `<!-- xlingual: ignore ... -->` comments
    (xlingual.load.suppressions).
    """

    path: str
    text: str
    language: str
    sentences: tuple[Sentence, ...]
    encoding: str = "utf-8"
    source_map: SourceMap | None = field(default=None, repr=False, compare=False)
    suppressions: tuple[Suppression, ...] = ()
    directive_problems: tuple[DirectiveProblem, ...] = ()
    # Why the end of the file's text is not in `text` (None: all of it is); see MAX_TEXT_CHARS.
    unchecked: str | None = None

    @classmethod
    def from_text(cls, path: str, text: str, language: str | None = None) -> Document:
        # The language comes first: it decides which abbreviations and ordinals end no sentence.
        language = language or detect_language(text)
        return cls(
            path=path,
            text=text,
            language=language,
            sentences=tuple(split_sentences(text, language)),
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

    A folder is searched recursively for supported suffixes, following symlinked folders so that
    no article is silently left out, but entering each real folder once: a symlink loop, or a link
    to a folder already searched, adds nothing and cannot hang the search.

    Symbolic links are never a way out (in CI, the author of a pull request makes them): inside a
    folder given here, a file or folder whose real path is outside every folder given, or in a
    hidden folder (`.git`) of it, is refused with an error and never read. A path given here is
    taken as given, except that a symbolic link inside the working tree (see `working_tree`) may
    not lead out of it, nor into a hidden folder of it.
    """
    found: list[Path] = []
    errors: list[InputError] = []
    visited: set[str] = set()
    tree = working_tree()
    paths = list(paths)
    roots = [
        os.path.realpath(path)
        for path in paths
        if os.path.isdir(path) and escaping_link(path, tree) is None
    ]
    for raw in paths:
        path = Path(raw)
        escape = escaping_link(path, tree)
        if escape is not None and path.exists():
            errors.append(InputError(path, f"{escape}; {_NOT_READ}"))
        elif not path.exists():
            errors.append(InputError(path, _missing_reason(path)))
        elif path.is_dir():
            errors_before = len(errors)
            if os.path.realpath(path) in visited:
                # Given twice, or inside a folder given before: its files are found already,
                # and are looked for again only to report a folder that has none.
                in_folder = list(_walk(path, set(), [], roots))
                found_here: list[Path] = []
            else:
                in_folder = found_here = sorted(_walk(path, visited, errors, roots))
            if not in_folder and len(errors) == errors_before:
                suffixes = ", ".join(SUPPORTED_SUFFIXES)
                errors.append(InputError(path, f"folder contains no article files ({suffixes})"))
            found.extend(found_here)
        else:
            found.append(path)
    unique = sorted(dict.fromkeys(found), key=lambda p: str(p))
    return unique, errors


def working_tree() -> str:
    """The real path of the git work tree holding the current folder, else the current folder.

    What a pull request controls: symbolic links in it may not lead out of it.
    """
    here = os.path.realpath(os.getcwd())
    folder = here
    while True:
        if os.path.lexists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return here
        folder = parent


def escaping_link(path: str | os.PathLike, tree: str) -> str | None:
    """Why `path` may not be followed, or None: a symbolic link inside `tree` (a real path)
    that leads out of it or into a hidden folder of it (the caller adds what is not done).

    A path with no symbolic link on its way is what the user named, and so is one outside the
    tree (a link there is the user's own, not the checked repository's).
    """
    given = os.path.normpath(os.path.abspath(path))
    real = os.path.realpath(path)
    if real == given or not _is_within(given, tree):
        return None
    return _leaving(real, [tree], "the working tree")


_NOT_READ = "not read (name its target to check it)"


def _leaving(real: str, roots: Iterable[str], root_name: str) -> str | None:
    """Why a link whose target is `real` may not be followed, or None: it must lead into one of
    `roots` (real paths), and not into a hidden folder of it."""
    containing = [root for root in roots if _is_within(real, root)]
    if not containing:
        return f"symbolic link leading outside {root_name}"
    for root in containing:
        inside = Path(os.path.relpath(real, root)).parts
        if not any(part.startswith(".") and part not in (".", "..") for part in inside):
            return None
    return "symbolic link into a hidden folder"


def _is_within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _missing_reason(path: Path) -> str:
    """Why a path that does not exist as a file or folder is not there."""
    if not path.is_symlink():
        return "no such file or folder"
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a symlink loop this way
        return "symbolic link loop"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
    return f"broken symbolic link (its target {os.readlink(path)!r} does not exist)"


def _walk(
    folder: Path, visited: set[str], errors: list[InputError], roots: Iterable[str] = ()
) -> Iterator[Path]:
    """Article files under `folder`; links may lead anywhere inside `roots` (real paths; the
    folder itself when none are given), see `find_files`."""

    def unlisted(error: OSError) -> None:
        # os.walk skips a folder it cannot list unless told; a skipped folder must be reported.
        where = error.filename or folder
        errors.append(InputError(where, f"cannot list folder ({error.strerror or error})"))

    top = os.path.realpath(folder)
    visited.add(top)
    roots = list(roots) or [top]
    for root, dirs, files in os.walk(folder, followlinks=True, onerror=unlisted):
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            link = os.path.join(root, name)
            real = os.path.realpath(link)
            refused = _leaving(real, roots, "the checked folders") if os.path.islink(link) else None
            if refused is not None:
                errors.append(InputError(Path(link), f"{refused}; not searched"))
            elif real not in visited:
                visited.add(real)
                kept.append(name)
        dirs[:] = kept
        for name in files:
            if name.lower().endswith(SUPPORTED_SUFFIXES) and not name.startswith("."):
                path = Path(root) / name
                refused = _refused_file(path, roots)
                if refused is None:
                    yield path
                else:
                    errors.append(InputError(path, f"{refused}; {_NOT_READ}"))


def _refused_file(path: Path, roots: list[str]) -> str | None:
    """Why a file found in a folder is not read: a link out of the folder or into a hidden one.

    A broken link is left to the loader, which names it as broken.
    """
    if not path.is_symlink() or not path.exists():
        return None
    return _leaving(os.path.realpath(path), roots, "the checked folders")


def load_document(path: str | os.PathLike, *, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> Document:
    """Read one article; raises InputError with a one-line message naming the file.

    Files over `max_file_mb` megabytes are refused before a byte is read (see xlingual.config).
    """
    path = Path(path)
    data = _read_article(path, max_file_mb)
    text, encoding = decode(data, path)
    source_map = None
    if path.suffix.lower() in HTML_SUFFIXES:
        extracted = extract_html(text)
        text, source_map = extracted.text, extracted.source_map
        suppressions, problems = collect_directives(text, extracted.comments, line_after)
    else:
        # Markdown hides comments when rendered; .txt articles are often Markdown in all but name.
        text, comments = mask_comments(text)
        text, comments = _mask_code(text, comments, markdown=is_markdown(path.suffix))
        suppressions, problems = collect_directives(text, comments, paragraph_after)
    if not text.strip():
        raise InputError(path, _empty_reason(data, path))
    checked = _checked_length(text)
    document = dataclasses.replace(
        Document.from_text(str(path), text[:checked]),
        encoding=encoding,
        source_map=source_map,
        suppressions=suppressions,
        directive_problems=problems,
    )
    if checked == len(text):
        return document
    line, _column = document.position(checked)
    unchecked = (
        f"only the first {checked:,} of {len(text):,} characters of text are checked, not "
        f"line {line} on: an article is checked up to {MAX_TEXT_CHARS:,} characters; "
        "split the file to check the rest"
    )
    return dataclasses.replace(document, unchecked=unchecked)


# The work of a check grows linearly with the text, about a minute per million characters on two
# cores (benchmarks/inputs.py; the name tagger and the word statistics dominate). A file's text
# past this is not checked, and that is reported (XL901) rather than taking minutes per file.
MAX_TEXT_CHARS = 1_000_000


def _checked_length(text: str) -> int:
    """How much of `text` is checked: all of it, or up to a line break (else a space) near
    MAX_TEXT_CHARS, so that no sentence or word is cut in two."""
    if len(text) <= MAX_TEXT_CHARS:
        return len(text)
    for separator in ("\n", " "):
        cut = text.rfind(separator, 0, MAX_TEXT_CHARS) + 1
        if cut > MAX_TEXT_CHARS // 2:
            return cut
    return MAX_TEXT_CHARS


def _mask_code(
    text: str, comments: list[DirectiveComment], *, markdown: bool
) -> tuple[str, list[DirectiveComment]]:
    """Blank front matter and code (xlingual.load.markdown_source) out of comment-blanked text.

    Found after comments are blanked, so a fence written inside a comment opens nothing; a
    comment inside code is code as the reader sees it, so it is no directive.
    """
    regions = code_regions(text, markdown=markdown)
    if not regions:
        return text, comments
    starts = [region.start for region in regions]

    def in_code(offset: int) -> bool:
        index = bisect_right(starts, offset) - 1
        return index >= 0 and offset < regions[index].end

    return blank_regions(text, regions), [c for c in comments if not in_code(c.start)]


def _read_article(path: Path, max_file_mb: float) -> bytes:
    # stat before open: opening a FIFO blocks until something writes to it, and a device or a
    # huge file would be read without end or into memory whole.
    try:
        info = path.stat()
    except OSError as error:
        raise InputError(path, _stat_failure(path, error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        kind = _SPECIAL_FILES.get(stat.S_IFMT(info.st_mode), "special file")
        raise InputError(path, f"is a {kind}, not a regular file; only files are read")
    limit = int(max_file_mb * _MEGABYTE)
    if info.st_size > limit:
        raise InputError(path, _too_large(info.st_size, max_file_mb))
    try:
        with open(path, "rb") as file:
            if _sniffs_binary(file, info.st_size):
                raise InputError(path, "binary file, not text")
            data = _read_streaming(file, limit)
    except OSError as error:
        raise InputError(path, f"cannot read ({error.strerror or error})") from None
    if data is None:
        raise InputError(path, "binary file, not text")
    if len(data) > limit:
        raise InputError(path, _too_large(len(data), max_file_mb))
    return bytes(data)


# A binary file is recognised from a few blocks before the rest is read: a 1 GB sparse file or
# disk image costs eight reads of 8 KiB, not a gigabyte of memory.
_SNIFF_BLOCK = 8192
_SNIFF_PLACES = 8  # the first block and seven spread through the file (a PDF's text header)
_READ_CHUNK = 1 << 20
# UTF-32 before UTF-16: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Text in these encodings is full of NUL bytes, so a NUL does not make it binary.
_WIDE_BOMS = tuple(bom for bom, encoding in _BOMS if encoding != "utf-8-sig")


def _sniffs_binary(file, size: int) -> bool:
    head = file.read(_SNIFF_BLOCK)
    if head.startswith(_WIDE_BOMS):
        return False  # UTF-16 and UTF-32 text is full of NUL bytes; decode() judges it
    if _looks_binary(head):
        return True
    places = {size * part // _SNIFF_PLACES for part in range(1, _SNIFF_PLACES)}
    places.add(max(0, size - _SNIFF_BLOCK))
    return any(
        b"\x00" in os.pread(file.fileno(), _SNIFF_BLOCK, place)
        for place in sorted(places)
        if place >= _SNIFF_BLOCK
    )


def _read_streaming(file, limit: int) -> bytearray | None:
    """The file's bytes, at most `limit + 1` (it may have grown since stat), read in chunks;
    None as soon as a chunk holds a NUL byte (binary, unless the text is UTF-16 or UTF-32)."""
    file.seek(0)
    data = bytearray()
    wide = False
    while len(data) <= limit:
        chunk = file.read(min(_READ_CHUNK, limit + 1 - len(data)))
        if not chunk:
            break
        if not data:
            wide = chunk.startswith(_WIDE_BOMS)
        if not wide and b"\x00" in chunk:
            return None
        data += chunk
    return data


_MEGABYTE = 1 << 20
_SPECIAL_FILES = {
    stat.S_IFIFO: "named pipe (FIFO)",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
    stat.S_IFSOCK: "socket",
}


def _stat_failure(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOENT:
        return _missing_reason(path)
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    return f"cannot read ({error.strerror or error})"


def _too_large(size: int, max_file_mb: float) -> str:
    return (
        f"{size / _MEGABYTE:.1f} MB, over the {max_file_mb:g} MB limit; "
        "raise max-file-mb in the config to check it"
    )


def _empty_reason(data: bytes, path: Path) -> str:
    if not data:
        return "file is empty"
    if path.suffix.lower() in HTML_SUFFIXES:
        return "file is empty: no visible text (only markup, scripts or comments)"
    return "file is empty: only whitespace, comments, front matter or code"


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes to text: BOMs first, then UTF-8, then the likeliest legacy encoding.

    Line endings are kept as they are so that offsets match the file an editor opens.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise InputError(path, f"invalid {encoding} after its byte-order mark") from None
    if _looks_binary(data):
        raise InputError(path, "binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if _mostly_utf8(data):
            raise InputError(path, _invalid_utf8(data, error)) from None
    return _decode_legacy(data)


def _looks_binary(data: bytes) -> bool:
    # Text never holds NUL (UTF-16 and UTF-32 text was decoded by its BOM before this); looking
    # past the first block catches files with a text-like header, such as a PDF.
    if b"\x00" in data:
        return True
    sample = data[:8192]
    control = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return bool(sample) and control / len(sample) > 0.05


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _mostly_utf8(data: bytes) -> bool:
    """Whether most bytes over 0x7F form UTF-8 characters: UTF-8 with a few broken bytes.

    Legacy single-byte text (windows-1251, latin-1) almost never forms a valid UTF-8 sequence,
    while a UTF-8 file with a pasted or truncated fragment is mostly valid. Guessing a legacy
    encoding for the latter would turn every correct accented letter into two wrong ones.
    """
    # Byte counts by deletion: bounded memory and C speed on a file of many megabytes.
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    in_sequences = len(data) - len(_UTF8_SEQUENCE.sub(b"", data))
    return in_sequences * 2 > high


_HIGH_BYTES = bytes(range(0x80, 0x100))


def _invalid_utf8(data: bytes, error: UnicodeDecodeError) -> str:
    before = data[: error.start]
    line_start = before.rfind(b"\n") + 1
    line = before.count(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    # Each invalid sequence decodes to one U+FFFD; a U+FFFD written in the file is not one.
    replaced = data.decode("utf-8", errors="replace").count("\ufffd")
    bad = replaced - data.count("\ufffd".encode())
    places = "1 place" if bad == 1 else f"{bad} places"
    return (
        f"invalid UTF-8 at line {line}, column {column} (byte 0x{data[error.start]:02X}; "
        f"{places} in a file that is otherwise UTF-8); save it as UTF-8"
    )


def _legacy_encoding(data: bytes) -> str:
    # Cyrillic single-byte text has most high bytes in 0xC0-0xFF; Western text uses them
    # sparsely for accented letters. windows-1251 vs cp1252 is the common confusion in news feeds.
    # Counted by deletion, at C speed: a loop over the bytes of a 10 MB file takes seconds.
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    letters = len(data) - len(data.translate(None, _CYRILLIC_LETTER_BYTES))
    if high and letters / high > 0.9 and high > len(data) / 4:
        return "cp1251"
    return "cp1252"


_CYRILLIC_LETTER_BYTES = bytes(range(0xC0, 0x100))


def _decode_legacy(data: bytes) -> tuple[str, str]:
    encoding = _legacy_encoding(data)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so nothing is lost.
        return data.decode("latin-1"), "latin-1"


@remembered("py3langid")  # loading the identifier takes longer than a warm run's other work
def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's main language ('und' when there is too little text)."""
    sample = text[:20000]
    if sum(ch.isalpha() for ch in sample) < 3:
        return "und"
    import py3langid

    try:
        language, _score = py3langid.classify(sample)
    except OSError as error:  # it unpacks its model (about 100 MB) into a temporary file first
        raise NoRoomForModel(
            f"cannot load the language identifier: the temporary folder "
            f"{tempfile.gettempdir()} cannot hold its model ({reason(error)}); set TMPDIR to a "
            "writable folder with room"
        ) from None
    return language
