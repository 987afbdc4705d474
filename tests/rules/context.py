"""The one way rule tests build what a rule sees and read what it reports.

`story` and `translation` make a CheckContext by hand (no model: vectors are zeros or given), and
`checked` runs a rule on it and asserts what every finding of every rule must satisfy: its span's
text is the document's text there, its evidence spans likewise, its confidence is in (0, 1], and
it carries its rule's code and name.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tests.conftest import rule_context
from xlingual.align.groups import AlignedGroup, GroupMember
from xlingual.align.pair import Bead
from xlingual.config import Config
from xlingual.findings import Finding
from xlingual.load.documents import Document
from xlingual.rules.base import CheckContext, PairAlignment, Rule

story = rule_context  # documents (and groups or pairs) for rules that never read vectors


def doc(path: str, text: str, language: str = "en") -> Document:
    return Document.from_text(path, text, language)


def unit(*values: float) -> np.ndarray:
    """A unit vector: sentence vectors are L2-normalised."""
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def translation(
    source: Document,
    target: Document,
    beads: Sequence[tuple[Sequence[int], Sequence[int]]],
    vectors: tuple[np.ndarray, np.ndarray] | None = None,
    config: Config | None = None,
) -> CheckContext:
    """A source and its translation aligned bead by bead ((source ids, target ids) each); every
    sentence has the same vector unless `vectors` are given."""
    if vectors is None:
        vectors = (
            np.tile(unit(1, 0, 0), (len(source.sentences), 1)),
            np.tile(unit(1, 0, 0), (len(target.sentences), 1)),
        )
    pair = PairAlignment(0, 1, tuple(Bead(tuple(s), tuple(t), 1.0) for s, t in beads))
    return CheckContext((source, target), tuple(vectors), (), (pair,), config or Config())


def checked(rule: Rule, context: CheckContext) -> list[Finding]:
    findings = list(rule.check(context))
    for finding in findings:
        document = next(d for d in context.documents if d.path == finding.path)
        assert document.text[finding.start : finding.end] == finding.text
        for span in finding.related:
            other = next(d for d in context.documents if d.path == span.path)
            assert other.text[span.start : span.end] == span.text
        assert 0 < finding.confidence <= 1
        assert finding.code == rule.code and finding.name == rule.name
    return findings


def check_documents(rule: Rule, *documents: Document) -> list[Finding]:
    """`checked` on a story of these documents."""
    return checked(rule, story(*documents))


def group(*members: tuple[int, int], score: float = 0.9) -> AlignedGroup:
    """An aligned group of (document, sentence) members."""
    return AlignedGroup(tuple(GroupMember(d, s) for d, s in members), score)
