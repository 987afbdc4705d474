"""XL401's second pass: one fact stated in sentences the alignment did not group.

An article that phrases a fact loosely ("police arrested 31 fans after the match" / "After the game
13 fans were detained, police said") often leaves its sentence out of every aligned group,
or in another group than the sentence it contradicts. Such a pair is compared only when
everything points to one fact:
- the sentences are close in meaning (e5-small cosine >= UNALIGNED_COSINE) and in different
  articles;
- the two figures are of one kind: the same unit (%, a currency, a duration), or plain counts of
  the same counted word, or days of the same month, or years of the same month ("May 2019" /
  "May 2018", not the "July 2023" that ends the same sentence);
- the figures differ as a slip would make them (`confusable`: 27 / 72, 17 / 7, 3.5 million /
  35 million), which two unrelated figures seldom do.
Where more outlets give one figure (here or in sentences aligned with its own), only the other
is flagged; a translation and the source it was read against are one outlet (the same wrong
figure in both is one error carried over, not two witnesses).

Tuned on stories_dev (`python benchmarks/stories.py`): inconsistencies found 8/18 -> 16/18 with
no finding outside the annotation (with the outlets and the units of
xlingual.analysis.numbers); the seeds' findings unchanged. In a first measurement of the
sentence pairs alone, a cosine of 0.82 let 15 unrelated pairs of figures through where 0.84
let 2.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from xlingual.analysis.numbers import Quantity, confusable, quantity_kind, same_quantity
from xlingual.components import connected_components
from xlingual.rules.base import CheckContext
from xlingual.rules.quantities import SentenceQuantities, comparable, match_same, nouns_agree

UNALIGNED_COSINE = 0.84
# Sentences compared per sentence: the closest few, so that a story syndicated into thousands of
# articles costs a bounded number of comparisons per sentence.
PARTNERS = 8
_BLOCK = 1024  # rows of the similarity matrix computed at once


@dataclass(frozen=True)
class Statement:
    """A figure in a sentence: where it is and what it says."""

    document: int
    sentence: int
    quantity: Quantity  # offsets in the document


@dataclass(frozen=True)
class UnalignedConflict:
    """A figure that contradicts the same fact stated elsewhere, outside the aligned groups."""

    statement: Statement
    others: tuple[Statement, ...]  # what the other articles state instead
    cosine: float  # the closest of the sentence pairs


def unaligned_conflicts(
    context: CheckContext, quantities: SentenceQuantities
) -> list[UnalignedConflict]:
    """Figures contradicted by a close sentence of another article that shares no aligned group
    with theirs. Where more articles state one figure than the other, only the odd one out is
    returned; on a tie, both."""
    documents = context.documents
    aligned_with = _aligned_with(context)
    edges: list[tuple[Statement, Statement, float]] = []
    for (doc_a, sent_a), (doc_b, sent_b), cosine in _close_pairs(context, quantities, aligned_with):
        left = quantities.of(doc_a, sent_a)
        right = quantities.of(doc_b, sent_b)
        left_rest, right_rest = match_same(
            comparable(list(left), documents[doc_b]), comparable(list(right), documents[doc_a])
        )
        for a in left_rest:
            for b in right_rest:
                if _one_fact(a, b, left, right):
                    edges.append((Statement(doc_a, sent_a, a), Statement(doc_b, sent_b, b), cosine))
    figures = _aligned_figures(quantities, edges, aligned_with)
    return _odd_ones_out(edges, figures, _outlets(context))


def _aligned_with(context: CheckContext) -> dict[tuple[int, int], set[tuple[int, int]]]:
    """(document, sentence) -> the sentences in an aligned group with it, itself included."""
    aligned: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
    for group in context.groups:
        members = {(m.document, m.sentence) for m in group.members}
        for member in members:
            aligned[member] |= members
    return aligned


def _outlets(context: CheckContext) -> dict[int, int]:
    """Each document's outlet: a translation and the source it was judged against
    (xlingual.qe.targets) are one witness of a figure, not two. Documents in no such pair are
    missing from the map and are their own outlet."""
    links = {
        (judged.document, judged.source_document, None)
        for judged in context.quality
        if judged.source_document is not None
    }
    return {
        document: members[0]
        for members, _ in connected_components(sorted(links))
        for document in members
    }


def _aligned_figures(
    quantities: SentenceQuantities,
    edges: list[tuple[Statement, Statement, float]],
    aligned_with: dict[tuple[int, int], set[tuple[int, int]]],
) -> dict[Statement, list[tuple[int, Quantity]]]:
    """For each statement, the figures (with their article) of the sentences of other articles
    aligned with its sentence: the German copy's "31" beside the wire's "Thirty-one fans"."""
    return {
        statement: [
            (document, quantity)
            for document, sentence in sorted(
                aligned_with.get((statement.document, statement.sentence), ())
            )
            if document != statement.document
            for quantity in quantities.of(document, sentence)
        ]
        for statement in {s for a, b, _ in edges for s in (a, b)}
    }


def _close_pairs(
    context: CheckContext,
    quantities: SentenceQuantities,
    aligned_with: dict[tuple[int, int], set[tuple[int, int]]],
):
    """(document, sentence) pairs of different articles, not in one aligned group, both stating
    a figure, at UNALIGNED_COSINE or closer; each sentence with its PARTNERS closest. Copies of
    one sentence (syndicated wire copy) are searched once."""
    copies: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for document, found in enumerate(context.documents):
        if len(context.vectors[document]) != len(found.sentences):
            continue  # no sentence vectors (a caller that aligned without them): nothing to do
        for sentence, text in enumerate(found.sentences):
            if quantities.of(document, sentence):
                copies[(found.language, text.text)].append((document, sentence))
    wordings = list(copies.values())
    if len(wordings) < 2:
        return
    vectors = np.stack([context.vectors[d][s] for d, s in (w[0] for w in wordings)])
    partners = min(PARTNERS, len(wordings) - 1)
    seen: set[tuple[int, int]] = set()
    for start in range(0, len(wordings), _BLOCK):
        block = vectors[start : start + _BLOCK] @ vectors.T
        for row, similarities in enumerate(block):
            i = start + row
            similarities[i] = -1.0
            closest = np.argpartition(-similarities, partners - 1)[:partners]
            for j in sorted(int(j) for j in closest):
                cosine = float(similarities[j])
                if cosine < UNALIGNED_COSINE or (min(i, j), max(i, j)) in seen:
                    continue
                seen.add((min(i, j), max(i, j)))
                for a in wordings[i]:
                    for b in wordings[j]:
                        if a[0] != b[0] and b not in aligned_with.get(a, ()):
                            yield a, b, cosine


def _one_fact(
    a: Quantity, b: Quantity, left: Sequence[Quantity], right: Sequence[Quantity]
) -> bool:
    """Two figures of loosely matched sentences that state one fact two ways (module doc)."""
    kind = quantity_kind(a)
    if kind != quantity_kind(b) or not confusable(a, b):
        return False
    if kind in ("count", "weekday"):
        return nouns_agree(a.noun, b.noun) is True
    if kind in ("day", "year"):
        # A day or a year is one fact only with its month: Mar 3 / Mar 4, May 2019 /
        # May 2018 (not the July 2023 that ends the same sentence).
        month_a, month_b = _month_of(a, left), _month_of(b, right)
        return month_a is not None and month_a == month_b
    return kind not in ("month", "ordinal", "decade")


# A month name this close (characters) to a day or a year dates it: "3 March", "Mar. 3",
# "May 2019", "3 de marzo".
_MONTH_GAP = 4


def _month_of(quantity: Quantity, found: Sequence[Quantity]) -> float | None:
    """The month written right next to a day or a year, if any."""
    for other in found:
        if other.unit != "month":
            continue
        gap = max(other.start - quantity.end, quantity.start - other.end)
        if 0 <= gap <= _MONTH_GAP:
            return other.value
    return None


def _odd_ones_out(
    edges: list[tuple[Statement, Statement, float]],
    aligned: dict[Statement, list[tuple[int, Quantity]]],
    outlets: dict[int, int],
) -> list[UnalignedConflict]:
    """Per fact (statements joined by conflicts), the statements whose figure fewer outlets
    give, with what the others give instead. A figure's articles are those that state it in the
    fact or in a sentence aligned with one of its statements (`aligned`); a translation and its
    source count once (`outlets`)."""
    index: dict[Statement, int] = {}
    links = []
    for a, b, cosine in edges:
        links.append((index.setdefault(a, len(index)), index.setdefault(b, len(index)), cosine))
    statements = list(index)
    conflicts: list[UnalignedConflict] = []
    for members, _ in connected_components(links):
        fact = [statements[m] for m in members]
        stated = [(s.document, s.quantity) for s in fact] + [
            figure for s in fact for figure in aligned.get(s, [])
        ]
        support = {
            s: len({outlets.get(d, d) for d, q in stated if same_quantity(q, s.quantity)})
            for s in fact
        }
        strongest = max(support.values())
        tie = all(count == strongest for count in support.values())
        for statement in fact:
            if support[statement] == strongest and not tie:
                continue  # the majority's figure: the odd ones out carry the finding
            others = tuple(
                o
                for o in fact
                if o.document != statement.document
                and not same_quantity(o.quantity, statement.quantity)
            )
            cosines = [c for a, b, c in edges if statement in (a, b) and ({a, b} & set(others))]
            if others and cosines:
                conflicts.append(UnalignedConflict(statement, others, max(cosines)))
    return conflicts
