"""Word lists that are data, not code, read once from `xlingual/data/<kind>/<name>.txt`.

Each file holds whitespace-separated words, lower case (or `word=value` entries, for words that
stand for a number); lines starting with `#` are comments that say what belongs in the list and
why. A language's list is named by its base code (`negations/de.txt`); a list for every language
is `common.txt`. Adding a language is adding a file.
"""

from __future__ import annotations

import functools
from importlib import resources

_DATA = resources.files("xlingual") / "data"


def _tokens(kind: str, name: str) -> list[str] | None:
    source = _DATA / kind / f"{name}.txt"
    if not source.is_file():
        return None
    lines = source.read_text(encoding="utf-8").splitlines()
    return [word for line in lines if not line.lstrip().startswith("#") for word in line.split()]


@functools.cache
def word_list(kind: str, name: str) -> frozenset[str] | None:
    """The words of `data/<kind>/<name>.txt`, or None when there is no such file."""
    words = _tokens(kind, name)
    return None if words is None else frozenset(words)


def words_of(kind: str, name: str) -> frozenset[str]:
    """`word_list`, empty when the file is missing (a language without a list)."""
    return word_list(kind, name) or frozenset()


@functools.cache
def word_values(kind: str, name: str) -> dict[str, int] | None:
    """The `word=value` entries of `data/<kind>/<name>.txt` in file order ("twenty=20"), or None
    when there is no such file."""
    words = _tokens(kind, name)
    if words is None:
        return None
    values = {}
    for entry in words:
        word, _, value = entry.rpartition("=")
        values[word] = int(value)
    return values
