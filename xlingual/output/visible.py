"""Untrusted text made safe to show: control and bidi characters become visible marks.

File names, article text and messages come from whoever wrote the articles (in CI, the author of
a pull request). Shown raw, a line break in a file name starts a new line on stderr, where GitHub
reads workflow commands (`::error ...`); an escape sequence recolours or retitles a terminal; a
right-to-left override makes "rtl\u202etxt.md" read as "rtl" followed by "txt.md" reversed.
Every format a person reads, and every line on stderr, goes through this one table. It imports
nothing, so the CLI can use it without loading the report modules.
"""

from __future__ import annotations

import re

# C0 controls and DEL show as their Unicode control pictures (LF as "␊", ESC as "␛"), C1 controls
# as "\x9b": nothing a terminal or a CI log acts on, and one line stays one line.
_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_TABLE[0x7F] = "\u2421"
_TABLE.update({code: f"\\x{code:02x}" for code in range(0x80, 0xA0)})
# Bidi embeddings, overrides and isolates reorder what follows them, and the line and paragraph
# separators break a line in some viewers: they are named instead.
BIDI_CONTROLS = frozenset((*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_TABLE.update({code: f"<U+{code:04X}>" for code in (*BIDI_CONTROLS, 0x2028, 0x2029)})

# Bidi marks (LRM, RLM, ALM) cannot reverse letters, only move the neutral characters next to
# them (a "." or "/" of a file name); they are named too. Right-to-left prose uses them
# legitimately, so the HTML report keeps them in article text, where the browser honours them.
BIDI_MARKS = frozenset((0x200E, 0x200F, 0x061C))
_TABLE.update({code: f"<U+{code:04X}>" for code in BIDI_MARKS})
# A file name that is not valid UTF-8 reaches Python with its bad bytes as lone surrogates
# (U+DC80-U+DCFF, PEP 383), which no UTF-8 output can carry: they show as the bytes they were.
_TABLE.update({code: f"<U+{code:04X}>" for code in range(0xD800, 0xE000)})
_TABLE.update({code: f"\\x{code - 0xDC00:02x}" for code in range(0xDC80, 0xDD00)})

_NOT_LINE_BREAK = re.compile(r"[^\r\n]+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def visible(text: str) -> str:
    """The text with every control, bidi character and line separator shown as a visible mark:
    for file names, the text report and every line on stderr."""
    return text.translate(_TABLE)


def visible_lines(text: str) -> str:
    """`visible`, except that CR and LF stay: for formats that encode line breaks safely."""
    return _NOT_LINE_BREAK.sub(lambda match: visible(match.group()), text)


def is_hidden(char: str) -> bool:
    """True for a character `visible` would replace (what the fuzz tests look for)."""
    return ord(char) in _TABLE


def json_safe(text: str) -> str:
    """JSON text with any lone surrogate written as a `\\udcff` escape, so that the exact name
    (an undecodable file name) round-trips and the text can still be written as UTF-8."""
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


# GitHub Actions reads workflow commands from every line a step prints, on stdout and stderr: a
# line that starts with "::" after blanks, and the legacy form "##[command]" anywhere in a line
# (https://github.com/actions/runner, ActionCommand.TryParseV2 and TryParse). An article or a
# file name may hold either. `defused` breaks both with a character that reads the same: for
# people, a WORD JOINER (U+2060, invisible); for a markup format, a character reference.
_COMMAND_START = re.compile(r"^([^\S\n]*):(?=:)", re.MULTILINE)
_LEGACY_COMMAND = "##["


def defused(text: str, *, colon: str = ":\u2060", hash_sign: str = "#\u2060") -> str:
    """The text with no line a workflow command: `colon` replaces the first ":" of a line that
    starts with "::", `hash_sign` the first "#" of every "##["."""
    text = text.replace(_LEGACY_COMMAND, hash_sign + "#[")
    return _COMMAND_START.sub(lambda match: match.group(1) + colon, text)


def is_command_line(line: str) -> bool:
    """Whether the runner would read this line as a workflow command (for the tests)."""
    return line.lstrip().startswith("::") or _LEGACY_COMMAND in line
