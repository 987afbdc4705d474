"""What a rule is and what it sees. Rules are pure: no I/O, no printing, no model loading."""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from xlingual.align.groups import AlignedGroup
from xlingual.analysis.names.variants import NameAnalysis
from xlingual.analysis.words.search import ArticleSearch, Place
from xlingual.codes import BY_CODE
from xlingual.config import Config
from xlingual.findings import Finding, Severity, Span
from xlingual.load.documents import Document
from xlingual.qe.targets import JudgedSentence


@dataclass(frozen=True)
class PairAlignment:
    """A source document and its translation, aligned bead by bead (sentence indices)."""

    source: int  # index into CheckContext.documents
    target: int
    beads: tuple  # tuple[xlingual.align.pair.Bead, ...]


@dataclass(frozen=True)
class Example:
    """An input a rule must report (`Rule.examples_fail`) or must leave alone
    (`Rule.examples_pass`). tests/rules/test_examples.py runs every example through the whole
    pipeline with only that rule selected, as proselint runs its examples.

    `articles` are the texts of one story, each checked as a file of its own. With `source`,
    the example is a translation pair: `check_pair(source, articles[0])`. `flagged` is text a
    finding of the rule must cover (examples that must fire). `glossary` is a style sheet in
    CSV (canonical spelling first) to check against.
    """

    articles: tuple[str, ...]
    source: str | None = None
    flagged: str = ""
    glossary: str = ""


@dataclass(frozen=True)
class CheckContext:
    documents: tuple[Document, ...]
    vectors: tuple[np.ndarray, ...]  # per document: one L2-normalised row per sentence
    groups: tuple[AlignedGroup, ...] = ()
    pairs: tuple[PairAlignment, ...] = ()
    config: Config = field(default_factory=Config)
    names: NameAnalysis | None = None  # None when no XL1xx rule is selected
    # Sentences the quality-estimation model judged (xlingual.qe.targets); () when XL203 is off.
    quality: tuple[JudgedSentence, ...] = ()

    @cached_property
    def search(self) -> ArticleSearch:
        """The articles indexed for "where is this written?", built on first use and shared by
        the rules of one check."""
        return ArticleSearch(self.documents)

    def span_at(self, place: Place | None) -> Span | None:
        """The span a search result names, with its text, for a finding's evidence."""
        if place is None:
            return None
        return span_of(self.documents[place.document], place.start, place.end)


class Rule:
    """One check. Subclasses set `code` (declared in xlingual/codes.py, where its name, default
    severity and summary come from) and implement `check`.

    The docstring of a subclass ("What it checks / Why it matters / Example") is its documentation.
    """

    code: str = ""
    name: str = ""
    default_severity: Severity = Severity.WARNING
    summary: str = ""
    needs_names: bool = False  # True: check() reads context.names (spaCy runs only if needed)
    examples_fail: tuple[Example, ...] = ()  # must be reported (`flagged` covered)
    examples_pass: tuple[Example, ...] = ()  # must not be reported

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if cls.code:
            entry = BY_CODE[cls.code]  # a KeyError here: the code is missing from the table
            cls.name, cls.default_severity, cls.summary = (
                entry.name,
                entry.default_severity,
                entry.summary,
            )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        raise NotImplementedError

    @property
    def documentation(self) -> str:
        """The class docstring, dedented: what `xlingual rule CODE` prints and SARIF's help text."""
        return inspect.cleandoc(type(self).__doc__ or self.summary)

    def finding(
        self,
        document: Document,
        start: int,
        end: int,
        message: str,
        *,
        suggestion: str | None = None,
        related: Sequence[Span] = (),
        confidence: float = 1.0,
        severity: Severity | None = None,
    ) -> Finding:
        line, column = document.position(start)
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.default_severity,
            path=document.path,
            start=start,
            end=end,
            line=line,
            column=column,
            text=document.text[start:end],
            message=message,
            suggestion=suggestion,
            related=tuple(related),
            confidence=confidence,
        )


def span_of(document: Document, start: int, end: int) -> Span:
    return Span(document.path, start, end, document.text[start:end])
