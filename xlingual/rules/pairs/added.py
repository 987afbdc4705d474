"""XL503 content-added: a translated sentence that renders nothing in the source."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from xlingual.findings import Finding
from xlingual.rules.base import CheckContext, Example, PairAlignment, Rule, span_of
from xlingual.rules.pairs.beads import (
    BeadView,
    beads,
    letter_words,
    nearest_target_span,
    valid_ids,
)

ADDITION_MIN_WORDS = 3


class TranslationSentenceAdded(Rule):
    """A translated sentence that renders nothing in the source.

    What it checks: a bead of the source-translation alignment with translated sentences and
    no source sentence: the translation says something the source does not. Sentences of fewer
    than three words are left out (a closing formula, a heading repeated), and so are pieces
    of one source sentence that the translation split in two. The evidence is the source
    sentence next to where it appears.

    Why it matters: machine translation sometimes hallucinates, repeating a sentence or
    inventing a plausible one, and an editor reading only the translation cannot tell.

    Example: source "The bridge reopened on Monday.", translation "Die Brücke wurde am Montag
    wieder eröffnet. Die Polizei ermittelt weiter." (the second sentence is not in the source).
    """

    code = "XL503"
    examples_fail = (
        Example(
            articles=("Die Brücke wurde am Montag wieder eröffnet. Die Polizei ermittelt weiter.",),
            source="The bridge reopened on Monday.",
            flagged="Die Polizei ermittelt weiter.",
        ),
    )
    examples_pass = (
        Example(
            articles=("Die Brücke wurde am Montag wieder eröffnet.",),
            source="The bridge reopened on Monday.",
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        findings: list[Finding] = []
        for view in beads(context):
            if not view.target.ids or view.source.ids:
                continue
            source_doc, target_doc = view.source.document, view.target.document
            near = nearest_target_span(_swap(view.pair), view.index, source_doc)
            for sentence_id in view.target.ids:
                sentence = target_doc.sentences[sentence_id]
                words = len(letter_words(sentence.text))
                if words < ADDITION_MIN_WORDS:
                    continue
                if _continues_neighbour(view, sentence_id):
                    continue
                findings.append(
                    self.finding(
                        target_doc,
                        sentence.start,
                        sentence.end,
                        "this sentence has no counterpart in the source",
                        related=[span_of(source_doc, *near)] if near[1] > near[0] else [],
                        confidence=min(0.9, 0.4 + 0.05 * words),
                    )
                )
        return sorted(set(findings), key=Finding.sort_key)


def _continues_neighbour(view: BeadView, sentence_id: int) -> bool:
    """Whether an unaligned translated sentence is the rest of its neighbour's translation:
    the translation split one source sentence in two (often at "...") and the neighbouring
    bead's lengths agree better with it than without it."""
    source_doc, target_doc = view.source.document, view.target.document
    for step in (-1, 1):
        extra = len(target_doc.sentences[sentence_id].text)
        position = view.index + step
        source_ids: tuple[int, ...] = ()
        target_ids: tuple[int, ...] = ()
        # Skip other unaligned translated sentences (a lone "." split off at "...") on the way.
        while 0 <= position < len(view.pair.beads):
            bead = view.pair.beads[position]
            source_ids = valid_ids(bead.source, source_doc)
            target_ids = valid_ids(bead.target, target_doc)
            if source_ids:
                break
            extra += sum(len(target_doc.sentences[i].text) for i in target_ids)
            position += step
        if not source_ids or not target_ids:
            continue
        source_length = sum(len(source_doc.sentences[i].text) for i in source_ids)
        target_length = sum(len(target_doc.sentences[i].text) for i in target_ids)
        alone = abs(np.log(target_length / source_length))
        together = abs(np.log((target_length + extra) / source_length))
        if together < alone:
            return True
    return False


def _swap(pair: PairAlignment) -> PairAlignment:
    """The same alignment seen from the translation's side."""
    from xlingual.align.pair import Bead

    return PairAlignment(
        pair.target,
        pair.source,
        tuple(Bead(tuple(b.target), tuple(b.source), b.score) for b in pair.beads),
    )
