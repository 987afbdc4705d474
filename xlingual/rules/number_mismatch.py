"""XL401 number-mismatch: numbers that disagree between articles reporting the same fact.
It reads quantities with `xlingual.analysis.numbers`; the aligned groups are its first pass,
close sentences outside them its second (`xlingual.rules.unaligned_numbers`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import PurePath

from xlingual.align.groups import GroupMember
from xlingual.analysis.numbers import Quantity, in_base_units, same_quantity
from xlingual.findings import Finding
from xlingual.rules.base import CheckContext, Example, Rule, span_of
from xlingual.rules.quantities import (
    SentenceQuantities,
    by_kind,
    comparable,
    match_same,
    nouns_agree,
)
from xlingual.rules.unaligned_numbers import UnalignedConflict, unaligned_conflicts


def _display_name(path: str) -> str:
    return PurePath(path).name or path


def _differing_pairs(
    left: Sequence[Quantity], right: Sequence[Quantity], same_language: bool
) -> list[tuple[Quantity, Quantity, float]]:
    """Pairs of numbers that play the same role on both sides but differ, with a confidence.

    Aligned sentences often carry several unrelated numbers, so a pair is made only when it is
    unambiguous: after setting aside the numbers that agree, one number of a kind is left on
    each side, or the counted words match one to one.
    """
    left_rest, right_rest = match_same(left, right)
    totals_left = by_kind(left)
    totals_right = by_kind(right)
    rest_left = by_kind(left_rest)
    rest_right = by_kind(right_rest)
    pairs: list[tuple[Quantity, Quantity, float]] = []
    for kind in sorted(set(rest_left) & set(rest_right)):
        # One figure written twice in one sentence ("8,000 hectares (31 square miles)") is one.
        lefts, rights = _distinct(rest_left[kind]), _distinct(rest_right[kind])
        if len(lefts) == 1 and len(rights) == 1:
            a, b = lefts[0], rights[0]
            agree = nouns_agree(a.noun, b.noun)
            if agree is False and same_language:
                continue  # "10 days" and "10 people": different facts
            if kind == "weekday" and not agree:
                continue  # the day of the event or the day it was reported: see dates.weekdays
            if agree:
                confidence = 0.9
            elif len(totals_left[kind]) == 1 and len(totals_right[kind]) == 1:
                confidence = 0.8
            else:
                confidence = 0.6
            pairs.append((a, b, confidence))
            continue
        for a in lefts:
            partners = [b for b in rights if nouns_agree(a.noun, b.noun)]
            if len(partners) != 1:
                continue
            b = partners[0]
            if sum(bool(nouns_agree(other.noun, b.noun)) for other in lefts) == 1:
                pairs.append((a, b, 0.75))
    return [
        (a, b, confidence * (0.85 if a.approximate or b.approximate else 1.0))
        for a, b, confidence in pairs
    ]


def _shown(quantity: Quantity) -> str:
    """The figure as a message quotes it: with its unit when it is a measurement, whose unit
    word is not in the span ("8,000 ha" against "150 km2")."""
    if in_base_units(quantity)[0] != quantity.unit:
        return f"{quantity.text} {quantity.unit}"
    return quantity.text


def _distinct(quantities: list[Quantity]) -> list[Quantity]:
    """The first of each set of quantities that state the same figure."""
    kept: list[Quantity] = []
    for quantity in quantities:
        if not any(same_quantity(quantity, other) for other in kept):
            kept.append(quantity)
    return kept


class NumberMismatchAcrossArticles(Rule):
    """Numbers that disagree between sentences of different articles reporting the same fact.

    What it checks: for every group of aligned sentences from different documents, the numbers,
    amounts, percentages, years and dates each sentence states. When two aligned sentences give
    the same kind of figure in the same role and the values differ beyond rounding, the figure is
    flagged, pointing to the other. A figure is compared only when its partner is unambiguous:
    the only remaining number of its kind on each side, or the only one counting the same thing
    ("1,200 workers" / "2,100 workers"). When more articles give one figure than the other (a
    wire sentence that one copy changed), only the odd one out is flagged, with the figure of the
    majority as the suggestion and its sentences as evidence; on a tie both sides are flagged.
    Then, outside the groups: two close sentences of different articles (cosine >= 0.84) that
    state a figure of one kind (a unit, a counted word, a day or a year with its month) and
    differ as a slip would make them (27 / 72, 17 / 7, 3.5 million / 35 million) are compared
    too (`xlingual/rules/unaligned_numbers.py`), with a confidence of 0.6.

    Why it matters: articles assembled from several sources, some machine-translated, drift on
    figures: a dropped zero, a decimal comma read as a thousands separator (1,500 vs 1.500), a
    date shifted by a day. A reader cannot tell which one is right; an editor must check.

    Example: one article says "The flood displaced 1,200 families in March", another "The
    flood displaced 2,100 families in March".
    """

    code = "XL401"
    examples_fail = (
        Example(
            articles=(
                "The flood displaced 1,200 families in the north of the province in March, "
                "officials said.",
                "The flood displaced 2,100 families in the north of the province in March, "
                "officials said on Friday.",
            ),
            flagged="2,100",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "The flood displaced 1,200 families in the north of the province in March, "
                "officials said.",
                "The flood displaced about 1,200 families in the north of the province in March, "
                "officials said on Friday.",
            )
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        quantities = SentenceQuantities(context.documents)
        findings: list[Finding] = []
        for group in context.groups:
            findings.extend(self._check_group(context.documents, quantities, group))
        flagged = {(finding.path, finding.start) for finding in findings}
        for conflict in unaligned_conflicts(context, quantities):
            finding = self._unaligned_finding(context.documents, conflict)
            if (finding.path, finding.start) not in flagged:
                flagged.add((finding.path, finding.start))
                findings.append(finding)
        return sorted(findings, key=Finding.sort_key)

    def _unaligned_finding(self, documents, conflict: UnalignedConflict) -> Finding:
        this = conflict.statement
        document = documents[this.document]
        shown = conflict.others[:MAX_EVIDENCE]
        reports = ", ".join(
            f"{_shown(other.quantity)} ({_display_name(documents[other.document].path)})"
            for other in shown[:NAMES_SHOWN]
        )
        values = {other.quantity.text for other in conflict.others}
        same_language = all(documents[o.document].language == document.language for o in shown)
        return self.finding(
            document,
            this.quantity.start,
            this.quantity.end,
            f"a sentence stating the same fact (not aligned with this one; cosine "
            f"{conflict.cosine:.2f}) reports {reports} where this says {_shown(this.quantity)}",
            suggestion=shown[0].quantity.text if len(values) == 1 and same_language else None,
            related=[
                span_of(documents[o.document], o.quantity.start, o.quantity.end) for o in shown
            ],
            # Looser evidence than an aligned group's: the sentences only read alike.
            confidence=0.6,
        )

    def _check_group(self, documents, quantities, group) -> Iterator[Finding]:
        """Members stating the same figures in one language are one version and are compared
        once: the work grows with the number of versions, not with the group's size squared."""
        group_factor = 0.5 + 0.5 * min(1.0, max(0.0, float(group.score)))
        versions = _versions(documents, quantities, group.members)
        conflicts: dict[tuple[int, int], dict[tuple[int, int], float]] = {}
        for v, first in enumerate(versions):
            for w in range(v + 1, len(versions)):
                second = versions[w]
                if first.documents == second.documents and len(first.documents) == 1:
                    continue  # sentences of one article: not compared
                first_doc = documents[first.members[0].document]
                second_doc = documents[second.members[0].document]
                pairs = _differing_pairs(
                    comparable(list(first.quantities[0]), second_doc),
                    comparable(list(second.quantities[0]), first_doc),
                    first_doc.language == second_doc.language,
                )
                for a, b, confidence in pairs:
                    slot_a = (v, first.quantities[0].index(a))
                    slot_b = (w, second.quantities[0].index(b))
                    score = round(confidence * group_factor, 3)
                    for this, other in ((slot_a, slot_b), (slot_b, slot_a)):
                        known = conflicts.setdefault(this, {})
                        known[other] = max(known.get(other, 0.0), score)
        for (v, index), others in conflicts.items():
            support = len(versions[v].documents)
            strongest = max(len(versions[w].documents) for w, _ in others)
            if strongest < support:
                continue  # the majority's figure: the odd ones out carry the finding
            ordered = sorted(
                others,
                key=lambda slot: (-len(versions[slot[0]].documents), versions[slot[0]].first_path),
            )
            majority = [s for s in ordered if len(versions[s[0]].documents) == strongest]
            suggest = majority[0] if strongest > support and len(majority) == 1 else None
            for member_index, member in enumerate(versions[v].members):
                finding = self._finding(
                    documents,
                    versions,
                    member,
                    versions[v].quantities[member_index][index],
                    ordered,
                    suggest,
                    max(others.values()),
                )
                if finding is not None:
                    yield finding

    def _finding(self, documents, versions, member, this, ordered, suggest, confidence):
        document = documents[member.document]
        related = []
        parts = []
        total = 0
        for w, index in ordered:
            version = versions[w]
            count = len(version.members) - version.per_document.get(member.document, 0)
            if not count:
                continue
            total += count
            # The first few outside this article: never a scan of a large version per finding.
            elsewhere = list(
                islice(
                    (n for n, m in enumerate(version.members) if m.document != member.document),
                    max(NAMES_SHOWN, MAX_EVIDENCE),
                )
            )
            names = ", ".join(
                _display_name(documents[version.members[n].document].path)
                for n in elsewhere[:NAMES_SHOWN]
            )
            if count > NAMES_SHOWN:
                names += f" and {count - NAMES_SHOWN} more"
            parts.append((_shown(version.quantities[elsewhere[0]][index]), names))
            for n in elsewhere[: max(0, MAX_EVIDENCE - len(related))]:
                quantity = version.quantities[n][index]
                other = documents[version.members[n].document]
                related.append(span_of(other, quantity.start, quantity.end))
        if not total:
            return None
        if total == 1:
            text, name = parts[0]
            message = f"aligned sentence in {name} reports {text} where this says {_shown(this)}"
        else:
            reports = ", ".join(f"{text} ({names})" for text, names in parts)
            message = f"aligned sentences report {reports} where this says {_shown(this)}"
        suggestion = None
        if suggest is not None:
            majority = versions[suggest[0]]
            if majority.language == document.language:
                suggestion = majority.quantities[0][suggest[1]].text
        return self.finding(
            document,
            this.start,
            this.end,
            message,
            suggestion=suggestion,
            related=related,
            confidence=confidence,
        )


# Evidence kept per XL401 finding, and file names its message lists per figure: a wire sentence
# in thousands of articles must not make a finding of thousands of spans.
MAX_EVIDENCE = 10
NAMES_SHOWN = 3


@dataclass(frozen=True)
class _Version:
    """The members of a group whose sentences state the same figures, in one language."""

    language: str
    members: tuple[GroupMember, ...]
    quantities: tuple[tuple[Quantity, ...], ...]  # each member's, in document offsets
    documents: frozenset[int]
    per_document: dict[int, int]  # members in each document
    first_path: str


def _versions(documents, quantities: SentenceQuantities, members) -> list[_Version]:
    by_key: dict[tuple, list[tuple[GroupMember, tuple[Quantity, ...]]]] = {}
    for member in sorted(set(members), key=lambda m: (m.document, m.sentence)):
        found = quantities.of(member.document, member.sentence)
        if not found:
            continue
        language = documents[member.document].language
        key = (language, tuple((q.text, q.value, q.unit, q.noun, q.approximate) for q in found))
        by_key.setdefault(key, []).append((member, found))
    return [
        _Version(
            language=key[0],
            members=tuple(m for m, _ in listed),
            quantities=tuple(q for _, q in listed),
            documents=frozenset(m.document for m, _ in listed),
            per_document=dict(Counter(m.document for m, _ in listed)),
            first_path=documents[listed[0][0].document].path,
        )
        for key, listed in by_key.items()
    ]
