"""The articles of one check as one searchable text: where a pattern or a whole word first occurs.

Rules ask "is this word (or this hyphenated pair) written anywhere in the story?" for each
candidate they consider. A regex pass over every article per question made those rules quadratic
in the size of an archive, so the articles are joined once and their words indexed once; a check
builds one `ArticleSearch` (`CheckContext.search`) on first use and every rule shares it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from xlingual.load.documents import Document

_WORD_CHARS = re.compile(r"\w+")
# A separator no pattern of a rule can match across: no letter, digit, space or hyphen, and a
# word boundary on either side just as at the start and end of a document.
_SEPARATOR = "\n\x00\n"


@dataclass(frozen=True)
class Place:
    """Where a match is: the document's index in the check and the character range in its text."""

    document: int
    start: int
    end: int


class ArticleSearch:
    def __init__(self, documents: Sequence[Document]) -> None:
        self.documents = documents

    @cached_property
    def _joined(self) -> tuple[str, tuple[int, ...]]:
        """Every document's text in one string, and where each begins in it."""
        starts, position = [], 0
        for document in self.documents:
            starts.append(position)
            position += len(document.text) + len(_SEPARATOR)
        return _SEPARATOR.join(document.text for document in self.documents), tuple(starts)

    @cached_property
    def _first_occurrence(self) -> dict[str, Place]:
        first: dict[str, Place] = {}
        for index, document in enumerate(self.documents):
            for match in _WORD_CHARS.finditer(document.text):
                first.setdefault(match.group(), Place(index, match.start(), match.end()))
        return first

    def find(self, pattern: re.Pattern[str]) -> Place | None:
        """The first match of `pattern` in any document."""
        text, starts = self._joined
        match = pattern.search(text)
        if match is None:
            return None
        index = bisect.bisect_right(starts, match.start()) - 1
        return Place(index, match.start() - starts[index], match.end() - starts[index])

    def find_word(self, word: str) -> Place | None:
        """The first occurrence of `word` as a whole word in any document (as `\\bword\\b`
        finds it)."""
        if not _WORD_CHARS.fullmatch(word):
            return self.find(re.compile(rf"\b{re.escape(word)}\b"))
        return self._first_occurrence.get(word)
