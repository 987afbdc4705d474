"""Word lists that are data, not code, read once from `xlingual/data/<kind>/<name>.txt`.

Each file holds whitespace-separated words, lower case; lines starting with `#` are comments
that say what belongs in the list and why. A language's list is named by its base code
(`negations/de.txt`); a list for every language is `common.txt`. A README in each folder says
what the lists are for. Adding a language is adding a file.
"""

from __future__ import annotations

import functools
from importlib import resources

_DATA = resources.files("xlingual") / "data"


@functools.cache
def word_list(kind: str, name: str) -> frozenset[str] | None:
    """The words of `data/<kind>/<name>.txt`, or None when there is no such file."""
    source = _DATA / kind / f"{name}.txt"
    if not source.is_file():
        return None
    lines = source.read_text(encoding="utf-8").splitlines()
    return frozenset(
        word for line in lines if not line.lstrip().startswith("#") for word in line.split()
    )


def words_of(kind: str, name: str) -> frozenset[str]:
    """`word_list`, empty when the file is missing (a language without a list)."""
    return word_list(kind, name) or frozenset()
