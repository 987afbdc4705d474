"""XL504 low-similarity-translation: an aligned sentence whose meaning is far from its source."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from xlingual.findings import Finding, Severity
from xlingual.rules.base import CheckContext, Example, Rule, span_of
from xlingual.rules.pairs.beads import (
    BeadView,
    bead_cosine,
    letter_words,
    linked_beads,
)

# Absolute cosine floors for pairs too short to have a distribution of their own, per embedder
# (cosine scales differ: e5 puts unrelated sentences near 0.79, USE near 0.06). Measured on the
# dev sets; an embedder not listed gets only the relative test.
LOW_SIMILARITY_FLOORS: dict[str, tuple[float, float]] = {
    # name: (warning below, info below)
    "e5-small": (0.80, 0.84),
}
RELATIVE_MIN_BEADS = 5  # beads needed before the pair's own median and MAD are trusted
RELATIVE_MADS = 4.0  # how many robust standard deviations below the median is "far below"
RELATIVE_MIN_GAP = 0.06  # and never closer to the median than this (in cosine)
LOW_SIMILARITY_MIN_WORDS = 4  # very short sentences embed unreliably ("Ok.", "Thanks!")


class LowSimilarityBead(Rule):
    """An aligned sentence whose meaning is far from its source sentence.

    What it checks: the cross-lingual similarity (cosine of the sentence embeddings) of every
    aligned bead. In a pair with enough beads, a bead is flagged when its similarity lies far
    below what the pair's other beads reach (more than four robust standard deviations under the
    median, measured with the median absolute deviation). In a pair of one or a few beads, where
    there is no distribution to compare with, it is flagged below an absolute floor measured for
    the embedder. Sentences of fewer than four words are skipped: their embeddings are noisy.

    Why it matters: a low similarity is the general signature of a mistranslation, a
    hallucination, or a translation that was aligned to the wrong sentence, whatever the
    particular word that went wrong.

    Example: source "The council approved the budget on Tuesday.", translation "Der Rat lehnte
    die Klage am Dienstag ab." (a fluent sentence that says something else).
    """

    code = "XL504"
    examples_fail = (
        Example(
            articles=("Der Rat lehnte die Klage am Dienstag ab.",),
            source="The council approved the budget on Tuesday.",
            flagged="Der Rat lehnte die Klage am Dienstag ab.",
        ),
    )
    examples_pass = (
        Example(
            articles=("Der Rat hat den Haushalt am Dienstag gebilligt.",),
            source="The council approved the budget on Tuesday.",
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        floors = LOW_SIMILARITY_FLOORS.get(context.config.embedder)
        findings: list[Finding] = []
        by_pair: dict[int, list[tuple[BeadView, float]]] = {}
        for view in linked_beads(context):
            cosine = bead_cosine(context, view)
            if cosine is not None:
                by_pair.setdefault(id(view.pair), []).append((view, cosine))
        for scored in by_pair.values():
            cosines = np.array([cosine for _, cosine in scored])
            median = float(np.median(cosines))
            spread = 1.4826 * float(np.median(np.abs(cosines - median)))
            relative = len(scored) >= RELATIVE_MIN_BEADS
            cutoff = median - max(RELATIVE_MADS * spread, RELATIVE_MIN_GAP)
            for view, cosine in scored:
                words = min(
                    len(letter_words(view.source.text)), len(letter_words(view.target.text))
                )
                if words < LOW_SIMILARITY_MIN_WORDS:
                    continue
                severity = None
                if relative and cosine < cutoff:
                    severity = Severity.WARNING
                    reason = f"similarity {cosine:.2f}, the pair's median is {median:.2f}"
                elif floors is not None and cosine < floors[1]:
                    severity = Severity.WARNING if cosine < floors[0] else Severity.INFO
                    reason = f"similarity {cosine:.2f} is low for a translation"
                if severity is None:
                    continue
                findings.append(
                    self.finding(
                        view.target.document,
                        view.target.start,
                        view.target.end,
                        f"this translation may not say what its source says ({reason})",
                        related=[span_of(view.source.document, view.source.start, view.source.end)],
                        confidence=0.5 if severity is Severity.INFO else 0.6,
                        severity=severity,
                    )
                )
        return sorted(set(findings), key=Finding.sort_key)
