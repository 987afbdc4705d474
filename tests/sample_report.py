"""One hand-built Report that every formatter renders in the snapshot tests.

Built without a model or spaCy so that a change to a rule never changes a formatter's snapshot.
It holds what a formatter must cope with: every severity, a suggestion and related evidence,
overlapping findings, a finding on a second line, an input error, a cross-article group across
languages, a source-translation pair, a name-variant cluster, and article text that is markup
(`<script>`, `&`, `|`, `*`, backticks) which every format must show as text.
"""

from __future__ import annotations

from xlingual.align.groups import AlignedGroup, GroupMember
from xlingual.align.pair import Bead
from xlingual.analysis.names.variants import NamePart, VariantCluster
from xlingual.findings import Finding, Severity, Span, line_and_column
from xlingual.load.documents import Document
from xlingual.report import Report
from xlingual.rules.base import PairAlignment

ARTICLE_A = (
    "Minister Anna Kowalska met 40 reporters in Lisbon on Monday.\n"
    "She said the talks lasted for concerning an hour.\n"
    "\n"
    "Critics called it <script>alert('x')</script> & a 'farce' | a *staged* `show`.\n"
)
ARTICLE_B = (
    "Minister Anna Kovalska met 45 reporters in Lisbon on Monday.\n"
    "The talks lasted about an hour, she said.\n"
)
ARTICLE_C = "La ministre Anna Kowalska a rencontré 40 journalistes à Lisbonne lundi.\n"


def _document(path: str, text: str, language: str) -> Document:
    return Document.from_text(path, text, language)


def make_finding(document: Document, start: int, end: int, **fields) -> Finding:
    """A finding on document.text[start:end]; fields override the defaults below."""
    line, column = line_and_column(document.text, min(start, len(document.text)))
    defaults = {
        "code": "XL301",
        "name": "misspelling",
        "severity": Severity.WARNING,
        "message": "a message",
    }
    return Finding(
        path=document.path,
        start=start,
        end=end,
        line=line,
        column=column,
        text=document.text[start:end],
        **(defaults | fields),
    )


def _finding(
    document: Document,
    needle: str,
    code: str,
    name: str,
    severity: Severity,
    message: str,
    **extra,
) -> Finding:
    start = document.text.index(needle)
    return make_finding(
        document,
        start,
        start + len(needle),
        code=code,
        name=name,
        severity=severity,
        message=message,
        **extra,
    )


def _span(document: Document, needle: str) -> Span:
    start = document.text.index(needle)
    return Span(document.path, start, start + len(needle), needle)


def _part(documents: tuple[Document, ...], index: int, word: str, given: str) -> NamePart:
    document = documents[index]
    start = document.text.index(word)
    sentence = next(s.index for s in document.sentences if s.start <= start < s.end)
    return NamePart(index, start, start + len(word), word, "PERSON", sentence, given)


def sample_report() -> Report:
    a = _document("articles/a.md", ARTICLE_A, "en")
    b = _document("articles/b.txt", ARTICLE_B, "en")
    c = _document("articles/c.txt", ARTICLE_C, "fr")
    documents = (a, b, c)
    findings = (
        _finding(
            b,
            "Kovalska",
            "XL101",
            "name-variant",
            Severity.WARNING,
            "'Kovalska' is spelled 'Kowalska' in 2 other articles",
            suggestion="Kowalska",
            related=(_span(a, "Kowalska"), _span(c, "Kowalska")),
            confidence=0.9,
        ),
        _finding(
            b,
            "45",
            "XL401",
            "number-mismatch",
            Severity.ERROR,
            "45 here, 40 in the aligned sentences of 2 other articles",
            related=(_span(a, "40"), _span(c, "40")),
            confidence=0.8,
        ),
        _finding(
            a,
            "for concerning an hour",
            "XL201",
            "misused-word",
            Severity.WARNING,
            "'for concerning' is unattested; 'for about' is common",
            suggestion="for about an hour",
            confidence=0.7,
        ),
        _finding(
            a,
            "concerning",
            "XL301",
            "misspelling",
            Severity.INFO,
            "an invented overlapping finding: inside another finding's span",
        ),
        _finding(
            a,
            "<script>alert('x')</script>",
            "XL304",
            "web-boilerplate",
            Severity.INFO,
            "markup <b>left</b> in the text & shown as text",
            suggestion="remove '<script>'",
        ),
    )
    input_error = Finding(
        code="XL901",
        name="unreadable-input",
        severity=Severity.ERROR,
        path="articles/broken.html",
        start=0,
        end=0,
        line=1,
        column=1,
        text="",
        message="binary file, not text",
    )
    group = AlignedGroup(
        (GroupMember(0, 0), GroupMember(1, 0), GroupMember(2, 0)),
        0.9123,
    )
    pair = PairAlignment(
        0, 1, (Bead((0,), (0,), 1.02), Bead((1,), (1,), 0.87), Bead((2,), (), -0.1))
    )
    parts = (
        _part(documents, 0, "Kowalska", "Anna"),
        _part(documents, 1, "Kovalska", "Anna"),
        _part(documents, 2, "Kowalska", "Anna"),
    )
    cluster = VariantCluster(
        canonical="Kowalska",
        spellings=("Kowalska", "Kovalska"),
        parts=parts,
        reason="used in 2 of 3 articles",
        evidence=("same given name Anna",),
        score=0.88,
    )
    return Report(
        documents=documents,
        groups=(group,),
        pairs=(pair,),
        findings=tuple(sorted((*findings, input_error), key=Finding.sort_key)),
        signature="xlingual 0.1.0; model=sample; group_min_cosine=0.8",
        name_clusters=(cluster,),
    )
