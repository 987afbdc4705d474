"""XL506 source-text-left: a run of source-language words copied into the translation."""

from __future__ import annotations

import re
from collections.abc import Iterable

from xlingual.analysis.words.lexicon import zipf
from xlingual.findings import Finding, Severity
from xlingual.rules.base import CheckContext, Example, Rule, span_of
from xlingual.rules.pairs.beads import (
    Side,
    letter_words,
    linked_beads,
)
from xlingual.text_helpers import base_language

_TOKEN = re.compile(r"\S+")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\S+\.(?:com|org|net|html?)\b", re.I)

UNTRANSLATED_MIN_RUN = 3  # consecutive copied source-language words
UNTRANSLATED_ERROR_RUN = 6
SOURCE_LANGUAGE_MARGIN = 1.0  # Zipf points more frequent in the source language than the target


class SourceTextLeftUntranslated(Rule):
    """A run of source-language words copied into the translation untranslated.

    What it checks: in every aligned bead, runs of consecutive translation words that also occur
    in the source sentence and belong to the source language: at least one Zipf point more
    frequent there than in the translation's language (wordfreq), so that words the two
    languages share (video, Internet, Hotel) do not count. Numbers, URLs and names (capitalised
    inside the source sentence) break no run but do not count either. Three such words in a row
    are a warning, six an error.

    Why it matters: machine translation copies what it cannot translate (slang, misspellings,
    long titles), and the reader of the translation is left with a fragment of another language.

    Example: source "Stop doing that, I will report you", translation "Přestaň to dělat , I will
    report you".
    """

    code = "XL506"
    examples_fail = (
        Example(
            articles=("Přestaň to dělat , I will report you",),
            source="Stop doing that, I will report you",
            flagged="will report you",
        ),
    )
    examples_pass = (
        Example(
            articles=("Přestaň to dělat, nahlásím tě",), source="Stop doing that, I will report you"
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        findings: list[Finding] = []
        for view in linked_beads(context):
            source_lang = base_language(view.source.document.language)
            target_lang = base_language(view.target.document.language)
            if source_lang == target_lang:
                continue
            source_words = {w.casefold() for w in letter_words(view.source.text)}
            names = _capitalised_inside(view.source)
            for start, end, count in _copied_runs(
                view.target, source_words, names, source_lang, target_lang
            ):
                severity = Severity.ERROR if count >= UNTRANSLATED_ERROR_RUN else Severity.WARNING
                findings.append(
                    self.finding(
                        view.target.document,
                        start,
                        end,
                        f"{count} words copied from the source are left untranslated",
                        related=[span_of(view.source.document, view.source.start, view.source.end)],
                        confidence=min(0.9, 0.5 + 0.07 * count),
                        severity=severity,
                    )
                )
        return sorted(set(findings), key=Finding.sort_key)


def _capitalised_inside(side: Side) -> set[str]:
    names: set[str] = set()
    for text in side.sentence_texts():
        for index, word in enumerate(letter_words(text)):
            if index > 0 and word[0].isupper() and not word.isupper():
                names.add(word.casefold())
    return names


def _is_source_word(word: str, source_lang: str, target_lang: str) -> bool:
    folded = word.casefold()
    in_source = zipf(folded, source_lang)
    return in_source >= 2.0 and in_source - zipf(folded, target_lang) >= SOURCE_LANGUAGE_MARGIN


def _copied_runs(
    side: Side, source_words: set[str], names: set[str], source_lang: str, target_lang: str
) -> list[tuple[int, int, int]]:
    """(start, end, counted words) of runs of copied source-language words in a side."""
    runs: list[tuple[int, int, int]] = []
    text, offset = side.text, side.start
    run_start = run_end = -1
    count = 0

    def close() -> None:
        if count >= UNTRANSLATED_MIN_RUN:
            runs.append((offset + run_start, offset + run_end, count))

    for match in _TOKEN.finditer(text):
        token = match.group()
        words = letter_words(token)
        if not words or _URL.fullmatch(token):
            continue  # punctuation, numbers and links neither count nor break a run
        word = words[0]
        folded = word.casefold()
        if folded in names:
            continue
        if folded in source_words and _is_source_word(word, source_lang, target_lang):
            if count == 0:
                run_start = match.start() + token.index(word)
            run_end = match.start() + token.index(word) + len(word)
            count += 1
            continue
        close()
        count = 0
    close()
    return runs
