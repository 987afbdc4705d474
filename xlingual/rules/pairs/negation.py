"""XL508 negation-mismatch: a source sentence that negates what its translation affirms, or the
reverse."""

from __future__ import annotations

from collections.abc import Iterable

from xlingual.findings import Finding
from xlingual.rules.base import CheckContext, Example, Rule, span_of
from xlingual.rules.pairs.beads import (
    Side,
    letter_words,
    linked_beads,
)
from xlingual.text_helpers import base_language
from xlingual.word_lists import word_list, words_of

# Words that negate a clause are data/negations/<language>.txt. Czech and Slovak negate verbs
# with the prefix ne-, read by `_negates` below. Languages with no list are not checked.
_PREFIX_NEGATION = frozenset({"cs", "sk"})
# Czech words that start with ne- without negating anything; "nej-" is the superlative prefix
# except in forms of "být" and "jít" (nejsem, nejde), which are negations.
_NE_NOT_NEGATION_WORDS = frozenset(
    "nebo neboť nejen nebe nebi nebesa neděle neděli nedělní net neteř nehet nehty".split()
)
_NE_NOT_NEGATION_PREFIXES = ("nemoc", "nerv", "neutr", "neur", "nevěst", "neon", "nektar")
_NEJ_NEGATION = ("nejs", "nejde", "nejdu", "nejdou", "nejdeme", "nejdete", "nejdi")


def _negates(word: str, language: str) -> bool:
    folded = word.casefold()
    if folded.endswith("n't") or folded.endswith("n’t"):
        return language == "en"
    if folded in words_of("negations", language):
        return True
    if language in _PREFIX_NEGATION and folded.startswith("ne") and len(folded) >= 4:
        if folded.startswith("nej"):
            return folded.startswith(_NEJ_NEGATION)
        if folded.startswith("nech") and not folded.startswith(("necht", "nechc")):
            return False  # nechat: to let (nechtěl, nechci: did not want, do not want)
        return folded not in _NE_NOT_NEGATION_WORDS and not folded.startswith(
            _NE_NOT_NEGATION_PREFIXES
        )
    return False


def _negation_count(text: str, language: str) -> int:
    return sum(_negates(word, language) for word in letter_words(text))


def _widened(side: Side) -> str:
    """The side's text with one more sentence of its document on each side."""
    sentences = side.document.sentences
    first, last = max(0, side.ids[0] - 1), min(len(sentences) - 1, side.ids[-1] + 1)
    return side.document.text[sentences[first].start : sentences[last].end]


class NegationMismatch(Rule):
    """A source sentence that negates what its translation affirms, or the reverse.

    What it checks: in every aligned bead whose two languages it knows (English, German,
    French, Spanish, Italian, Czech), the negations on each side: negative words (not, never,
    nothing, kein, jamais, nikdy ...) and, in Czech, verbs with the negative prefix ne-. A bead
    where exactly one side negates is flagged on the translation.

    Why it matters: a dropped or added "not" reverses the meaning while leaving a fluent
    sentence, and sentence embeddings barely notice it; it is one of the most common critical
    errors of machine translation.

    Example: source "The vaccine is not approved for children.", translation "Der Impfstoff ist
    für Kinder zugelassen."
    """

    code = "XL508"
    examples_fail = (
        Example(
            articles=("Der Impfstoff ist für Kinder zugelassen.",),
            source="The vaccine is not approved for children.",
            flagged="Der Impfstoff ist für Kinder zugelassen.",
        ),
    )
    examples_pass = (
        Example(
            articles=("Der Impfstoff ist für Kinder nicht zugelassen.",),
            source="The vaccine is not approved for children.",
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        findings: list[Finding] = []
        for view in linked_beads(context):
            source_lang = base_language(view.source.document.language)
            target_lang = base_language(view.target.document.language)
            if None in (word_list("negations", source_lang), word_list("negations", target_lang)):
                continue
            in_source = _negation_count(view.source.text, source_lang)
            in_target = _negation_count(view.target.text, target_lang)
            if in_source and not in_target:
                # Sentences split differently on the two sides can put the negation in the
                # next or previous translated sentence.
                in_target = _negation_count(_widened(view.target), target_lang)
            if (in_source == 0) == (in_target == 0):
                continue
            if in_target and target_lang in _PREFIX_NEGATION:
                continue  # Czech ne- also makes adjectives (nespravedlivý: unfair, not "not")
            message = (
                "the source is negated but this translation is not"
                if in_source
                else "this translation is negated but its source is not"
            )
            findings.append(
                self.finding(
                    view.target.document,
                    view.target.start,
                    view.target.end,
                    message,
                    related=[span_of(view.source.document, view.source.start, view.source.end)],
                    confidence=0.5,
                )
            )
        return sorted(set(findings), key=Finding.sort_key)
