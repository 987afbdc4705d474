"""XL505 name-not-carried-over: a name of the source sentence missing from its translation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from xlingual.analysis.names.same_name import latin_forms, same_name
from xlingual.analysis.words.lexicon import zipf
from xlingual.findings import Finding, Severity
from xlingual.rules.base import CheckContext, Example, Rule, span_of
from xlingual.rules.pairs.beads import (
    WORD,
    BeadView,
    letter_words,
    linked_beads,
)
from xlingual.text_helpers import base_language, fold

_NAME_LABELS = ("PERSON", "ORG", "NAME")  # places are left out: exonyms differ (Wien, Vienna)
_MIN_NAME_PART = 3


class NameNotCarriedOver(Rule):
    """A name in a source sentence that its translation does not mention.

    What it checks: for every aligned bead, the names of people and organisations in the source
    sentences (the name analysis when it ran, otherwise capitalised words inside a sentence)
    and the words of the translation. A name part counts as carried over when the translation
    has a word that is the same name in any script or romanisation (Горбачёв / Gorbachev) or
    that starts with it, allowing for case endings (Shion / Shionovu). Place names are left out,
    since many have their own form in each language (Vienna / Wien). Without the name analysis
    (no XL1xx rule selected) names are guessed from capitals and reported as info only.

    Why it matters: a dropped or replaced name changes who did what; in news it is a critical
    error that a fluent translation hides, and machine translation also "translates" names that
    look like common words (Rob -> rob).

    Example: source "Sanders met Warren in Iowa.", translation "Sanders traf sich in Iowa."
    """

    code = "XL505"
    examples_fail = (
        Example(
            articles=("Sanders traf sich in Iowa.",),
            source="Sanders met Warren in Iowa.",
            flagged="Sanders traf sich in Iowa.",
        ),
    )
    examples_pass = (
        Example(articles=("Sanders traf Warren in Iowa.",), source="Sanders met Warren in Iowa."),
    )
    needs_names = True

    def check(self, context: CheckContext) -> Iterable[Finding]:
        findings: list[Finding] = []
        for view in linked_beads(context):
            target_words = letter_words(view.target.text)
            source_lang = base_language(view.source.document.language)
            for start, end, label in _source_names(context, view):
                name = view.source.document.text[start:end]
                parts = [
                    part for part in _NAME_PIECE.findall(name) if _is_name_part(part, source_lang)
                ]
                if not parts or any(_name_in(part, target_words) for part in parts):
                    continue  # one part carried over (a surname alone) is enough
                findings.append(
                    self.finding(
                        view.target.document,
                        view.target.start,
                        view.target.end,
                        f'the source names "{name}" but this translation does not',
                        related=[span_of(view.source.document, start, end)],
                        confidence=0.6 if label == "PERSON" else 0.5,
                        severity=Severity.INFO if label == "GUESS" else None,
                    )
                )
        return sorted(set(findings), key=Finding.sort_key)


def _source_names(context: CheckContext, view: BeadView) -> list[tuple[int, int, str]]:
    document = view.source.document
    start, end = view.source.start, view.source.end
    if context.names is not None and view.pair.source < len(context.names.mentions):
        return [
            (m.start, m.end, m.label)
            for m in context.names.mentions[view.pair.source]
            if start <= m.start and m.end <= end and m.label in _NAME_LABELS
        ]
    names = []
    for sentence_id in view.source.ids:
        sentence = document.sentences[sentence_id]
        for index, match in enumerate(WORD.finditer(sentence.text)):
            word = match.group()
            if index == 0 or not _is_name_part(word, base_language(document.language)):
                continue  # sentence-initial words are capitalised whatever they are
            begin = sentence.start + match.start()
            # Guessed from capitals alone: reported as a hint only (see NameNotCarriedOver).
            names.append((begin, begin + len(word), "GUESS"))
    return names


_NAME_PIECE = re.compile(r"[^\W\d_]+")
NAME_MAX_ZIPF = 5.0


def _is_name_part(part: str, language: str) -> bool:
    """A capitalised word that reads as a name: not an acronym or shouting, not a common word
    capitalised for emphasis or in a title (Main, Side, Importance), not a name with its own
    form in each language (Jesus / Ježíš), which common words catch as well."""
    if len(part) < _MIN_NAME_PART or not part[0].isupper() or part.isupper():
        return False
    return zipf(part.lower(), language) < NAME_MAX_ZIPF


def _name_in(part: str, words: Sequence[str]) -> bool:
    folded = fold(part)
    stem = folded[: max(_MIN_NAME_PART, len(folded) - 2)]
    forms = set(latin_forms(part))
    for word in words:
        candidate = fold(word)
        if (
            candidate.startswith(stem)
            or stem.startswith(candidate[: len(stem)])
            and len(candidate) >= len(stem)
        ):
            return True
        if forms & set(latin_forms(word)):
            return True
        if word[:1].isupper() and same_name(part, word):
            return True
    return False
