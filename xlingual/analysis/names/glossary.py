"""A newsroom's style sheet: how each name is to be spelled, and the wrong forms seen in copy.

Two formats, because style sheets live in two places: TOML for a file kept next to the code, and
CSV/TSV for the spreadsheet an editor exports.

    [[term]]                              # TOML
    canonical = "Dmitri Karbovsky"
    variants = ["Karbovskiy", "Karbowski"]
    note = "AP style"

    canonical,variant,variant             # CSV (the header row is optional)
    Dmitri Karbovsky,Karbovskiy,Karbowski

Every problem is a GlossaryError with a one-line message naming the file and, where there is one,
the line, so that the CLI can report it and exit 2 before any model loads.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from xlingual.load.documents import InputError

SUPPORTED_SUFFIXES = (".toml", ".csv", ".tsv")

_TERM_KEYS = ("canonical", "variants", "note")
_TERM_HEADER = re.compile(r"^\s*\[\[\s*(?:term|\"term\"|'term')\s*\]\]")


class GlossaryError(InputError):
    """A style sheet that cannot be used; the message names the file."""


@dataclass(frozen=True)
class GlossaryTerm:
    canonical: str  # the spelling to publish: "Dmitri Karbovsky"
    variants: tuple[str, ...] = ()  # known wrong forms: ("Karbovskiy",)
    note: str | None = None  # where the rule comes from: "AP style"
    line: int | None = None  # where the term is defined, for messages


@dataclass(frozen=True)
class Glossary:
    path: str
    terms: tuple[GlossaryTerm, ...]


def load_glossary(path: str | os.PathLike) -> Glossary:
    """Read a style sheet (.toml, .csv or .tsv); raises GlossaryError with a one-line message."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        found = f"'{path.suffix}'" if path.suffix else "no suffix"
        raise GlossaryError(path, f"unsupported glossary format ({found}); use {supported}")
    text = _read_text(path)
    if suffix == ".toml":
        terms = _parse_toml(path, text)
    else:
        terms = _parse_table(path, text, delimiter="\t" if suffix == ".tsv" else ",")
    _check_conflicts(path, terms)
    return Glossary(path=str(path), terms=tuple(terms))


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError(path, "no such file") from None
    except IsADirectoryError:
        raise GlossaryError(path, "is a folder, not a file") from None
    except OSError as error:
        raise GlossaryError(path, f"cannot read ({error.strerror or error})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Spreadsheet programs save "Unicode text" as UTF-16 with a byte-order mark.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise GlossaryError(path, "invalid UTF-16 after its byte-order mark") from None
    try:
        # utf-8-sig: spreadsheet programs often save CSV with a byte-order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GlossaryError(
            path, f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None
    if "\x00" in text:
        raise GlossaryError(path, "contains NUL bytes: binary, or UTF-16 without a byte-order mark")
    return text


def _parse_toml(path: Path, text: str) -> list[GlossaryTerm]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise GlossaryError(path, f"invalid TOML: {_one_line(str(error))}") from None
    unknown = sorted(key for key in document if key != "term")
    if unknown:
        raise GlossaryError(path, f"unknown key '{unknown[0]}' (expected [[term]] tables)")
    tables = document.get("term", [])
    if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
        raise GlossaryError(path, "'term' must be a list of tables, written [[term]]")
    # tomllib keeps no positions; the n-th [[term]] header is the n-th term.
    header_lines = [
        number for number, line in enumerate(text.splitlines(), start=1) if _TERM_HEADER.match(line)
    ]
    lines = header_lines if len(header_lines) == len(tables) else [None] * len(tables)
    return [
        _toml_term(path, number, table, line)
        for number, (table, line) in enumerate(zip(tables, lines, strict=True), start=1)
    ]


def _toml_term(path: Path, number: int, table: dict, line: int | None) -> GlossaryTerm:
    where = f"term {number}" + (f" (line {line})" if line else "")

    def fail(reason: str) -> GlossaryError:
        return GlossaryError(path, f"{where}: {reason}")

    for key in table:
        if key not in _TERM_KEYS:
            expected = ", ".join(_TERM_KEYS)
            raise fail(f"unknown key '{key}' (expected {expected})")
    if "canonical" not in table:
        raise fail("missing 'canonical'")
    canonical = table["canonical"]
    if not isinstance(canonical, str):
        raise fail(f"'canonical' must be a string, not {_toml_type(canonical)}")
    canonical = canonical.strip()
    if not canonical:
        raise fail("'canonical' is empty")
    variants = table.get("variants", [])
    if not isinstance(variants, list):
        raise fail(f"'variants' must be a list of strings, not {_toml_type(variants)}")
    for variant in variants:
        if not isinstance(variant, str):
            raise fail(
                f"'variants' must be a list of strings, not a list with {_toml_type(variant)}"
            )
        if not variant.strip():
            raise fail("'variants' contains an empty string")
    note = table.get("note")
    if note is not None and not isinstance(note, str):
        raise fail(f"'note' must be a string, not {_toml_type(note)}")
    return _term(path, where, canonical, variants, (note or "").strip() or None, line)


def _toml_type(value: object) -> str:
    names = {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), "a date or time")  # what else TOML has


def _parse_table(path: Path, text: str, delimiter: str) -> list[GlossaryTerm]:
    physical = io.StringIO(text, newline="").readlines()
    # Comment lines become blank lines, so that the reader's line count stays the file's line count.
    cleaned = ["\n" if line.lstrip().startswith("#") else line for line in physical]
    reader = csv.reader(cleaned, delimiter=delimiter, strict=True)
    terms: list[GlossaryTerm] = []
    seen_row = False
    line = 1
    while True:
        line = reader.line_num + 1  # where the next row starts
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise GlossaryError(path, f"line {line}: malformed row ({error})") from None
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if not seen_row:
            seen_row = True
            if cells[0].casefold() == "canonical":
                continue
        if not cells[0]:
            raise GlossaryError(path, f"line {line}: empty canonical (first cell)")
        variants = [cell for cell in cells[1:] if cell]
        terms.append(_term(path, f"line {line}", cells[0], variants, None, line))
    return terms


def _term(
    path: Path, where: str, canonical: str, variants: list[str], note: str | None, line: int | None
) -> GlossaryTerm:
    unique: dict[str, str] = {}
    for variant in (variant.strip() for variant in variants):
        if _key(variant) == _key(canonical):
            raise GlossaryError(path, f"{where}: variant '{variant}' is the canonical form itself")
        unique.setdefault(_key(variant), variant)
    return GlossaryTerm(canonical, tuple(unique.values()), note, line)


def _check_conflicts(path: Path, terms: list[GlossaryTerm]) -> None:
    """Two entries for one name, or a name listed as wrong that another entry says is right."""
    canonical_at: dict[str, GlossaryTerm] = {}
    for term in terms:
        earlier = canonical_at.setdefault(_key(term.canonical), term)
        if earlier is not term:
            raise GlossaryError(
                path,
                f"duplicate canonical '{term.canonical}' {_where(earlier)} and {_where(term)}",
            )
    for term in terms:
        for variant in term.variants:
            other = canonical_at.get(_key(variant))
            if other is not None:
                raise GlossaryError(
                    path,
                    f"'{variant}' is a wrong form {_where(term)} but the canonical form "
                    f"{_where(other)}",
                )


def _where(term: GlossaryTerm) -> str:
    return f"on line {term.line}" if term.line else f"in the entry for '{term.canonical}'"


def _key(name: str) -> str:
    # One name however it is cased, composed or spaced: "Dmitri  Karbovsky" == "dmitri karbovsky".
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _one_line(message: str) -> str:
    return " ".join(message.split())
