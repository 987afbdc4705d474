"""XL501 number-not-carried-over: numbers of a source sentence that its translation drops,
changes or adds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from xlingual.analysis.numbers import Quantity, quantity_kind
from xlingual.findings import Finding, Severity
from xlingual.rules.base import CheckContext, Example, Rule, span_of
from xlingual.rules.pairs.beads import BeadView, linked_beads
from xlingual.rules.quantities import SentenceQuantities, by_kind, comparable, match_same


class NumberNotCarriedOver(Rule):
    """Numbers of a source sentence that its translation drops, changes or adds.

    What it checks: for every aligned bead of a source document and its translation (both sides
    non-empty), the quantities on each side, matched by value with the locale read correctly
    (12,000 = 12 000 = 12.000 in German = 1,2 万) and rounding allowed. A number present on both
    sides with a different value is an error on the translated number; a source number with no
    counterpart is a warning on the translated sentence; a number only the translation has is a
    warning on that number.

    Why it matters: machine translation drops or rewrites numbers more often than people expect
    (a lost zero, a decimal mark misread, a date moved) and a wrong figure is a critical error
    that a fluent sentence hides.

    Example: source "The company hired 12,000 workers", translation "Die Firma stellte
    1.200 Arbeiter ein".
    """

    code = "XL501"
    examples_fail = (
        Example(
            articles=("Die Firma stellte letztes Jahr 1.200 Arbeiter ein.",),
            source="The company hired 12,000 workers last year.",
            flagged="1.200",
        ),
    )
    examples_pass = (
        Example(
            articles=("Die Firma stellte letztes Jahr 12.000 Arbeiter ein.",),
            source="The company hired 12,000 workers last year.",
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        quantities = SentenceQuantities(context.documents)
        findings: list[Finding] = []
        for view in linked_beads(context):
            findings.extend(self._check_bead(quantities, view, context))
        return sorted(set(findings), key=Finding.sort_key)

    def _check_bead(
        self, quantities: SentenceQuantities, view: BeadView, context: CheckContext
    ) -> Iterator[Finding]:
        source, target = view.pair.source, view.pair.target
        source_ids, target_ids = view.source.ids, view.target.ids
        source_doc, target_doc = view.source.document, view.target.document
        source_qs = [q for i in source_ids for q in quantities.of(source, i)]
        target_qs = [q for i in target_ids for q in quantities.of(target, i)]
        source_qs, target_qs = (
            comparable(source_qs, target_doc),
            comparable(target_qs, source_doc),
        )
        if not source_qs and not target_qs:
            return
        source_rest, target_rest = match_same(source_qs, target_qs)
        changed = _changed_pairs(source_rest, target_rest)
        for s, t, confidence in changed:
            source_rest.remove(s)
            target_rest.remove(t)
            yield self.finding(
                target_doc,
                t.start,
                t.end,
                f"translation has {t.text} where the source has {s.text}",
                related=[span_of(source_doc, s.start, s.end)],
                confidence=confidence,
                severity=Severity.ERROR,
            )
        target_span = (view.target.start, view.target.end)
        source_span = (view.source.start, view.source.end)
        for s in source_rest:
            yield self.finding(
                target_doc,
                *target_span,
                f'source number "{s.text}" is missing from the translation',
                related=[span_of(source_doc, s.start, s.end)],
                confidence=_unmatched_confidence(s),
                severity=Severity.WARNING,
            )
        for t in target_rest:
            yield self.finding(
                target_doc,
                t.start,
                t.end,
                f"{t.text} in the translation has no counterpart in the source sentence",
                related=[span_of(source_doc, *source_span)],
                confidence=_unmatched_confidence(t),
                severity=Severity.WARNING,
            )


def _changed_pairs(
    source: Sequence[Quantity], target: Sequence[Quantity]
) -> list[tuple[Quantity, Quantity, float]]:
    """Unmatched numbers that are the same figure rendered differently, with a confidence.

    A translation keeps the roles of its source, so a pair is certain enough when one number of
    a kind is left on each side; when exactly one number is left on each side at all and their
    units are compatible, that pair is taken with less confidence.
    """
    pairs: list[tuple[Quantity, Quantity, float]] = []
    kinds_source = by_kind(source)
    kinds_target = by_kind(target)
    for kind in sorted(set(kinds_source) & set(kinds_target)):
        if len(kinds_source[kind]) == 1 and len(kinds_target[kind]) == 1:
            pairs.append((kinds_source[kind][0], kinds_target[kind][0], 0.85))
    paired = {id(q) for pair in pairs for q in pair[:2]}
    source_left = [q for q in source if id(q) not in paired]
    target_left = [q for q in target if id(q) not in paired]
    if len(source_left) == 1 and len(target_left) == 1:
        s, t = source_left[0], target_left[0]
        if "count" in (quantity_kind(s), quantity_kind(t)):
            pairs.append((s, t, 0.6))
    return pairs


def _unmatched_confidence(quantity: Quantity) -> float:
    # Small counts are often rendered as words the extractor does not read ("both", "a").
    if quantity.unit is None and abs(quantity.value) <= 2:
        return 0.3
    if quantity.unit is None and abs(quantity.value) <= 10:
        return 0.45
    return 0.6
