"""Meaning (XL2xx): words a translation got wrong, and text it left in another language."""

from __future__ import annotations

import re
from collections.abc import Iterable

from xlingual.findings import Finding
from xlingual.rules.base import CheckContext, Example, Rule, span_of


class MisusedWord(Rule):
    """A real word that fits its neighbours badly where a close alternative fits them well.

    What it checks: every lower-case word of an English sentence between two words, against two
    kinds of alternative: near spellings of it (a rarer word picked for a common one) and, for
    function words, the words of related meaning next to it in the multilingual model's token
    embeddings (the renderings of one source word). Google-Books bigram counts decide: the word
    is flagged when its pairs with its neighbours are missing where equally frequent words are
    usually attested, and the alternative forms frequent collocations with both neighbours. In
    a story, also a word that the other English articles never write where they write a word
    one typing slip away or sounding the same (not a form of it, nor its British or American
    spelling), when that word forms a collocation with a neighbour the written word has no pair
    with and fits the sentence better: the other article is the evidence, and the message names
    it. The message quotes the counts.

    Why it matters: machine translation rarely produces non-words; its quiet mistakes are real
    words in the wrong place, which a spell checker passes and a reader stumbles over.

    Example: "caught in a viscous circle of debt" is reported with the suggestion "vicious";
    "the results of the clinical trail" where another article of the story writes "trial".
    """

    code = "XL201"
    examples_fail = (
        Example(
            articles=(
                "The city has been caught in a viscous circle of debt for a decade, the auditors "
                "said.",
            ),
            flagged="viscous",
        ),
        Example(
            articles=(
                "The results of the clinical trail were published on Monday by the university "
                "hospital in the capital.",
                "The university hospital published the results of the vaccine trial on Monday, "
                "saying the trial had met its goals.",
            ),
            flagged="trail",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "The city has been caught in a vicious circle of debt for a decade, the auditors "
                "said.",
            )
        ),
        Example(
            articles=(
                "The hikers followed the mountain trail for three days before they reached the "
                "village.",
                "The trial of the two guides who led the hikers begins in the village on Monday.",
            )
        ),
        Example(
            articles=(
                "The new theatre in the city centre opened on Monday with a concert.",
                "The new theater in the city center opened on Monday with a concert.",
            )
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        from xlingual.analysis.words.usage import (
            OtherArticles,
            misfits,
            story_words,
            witnessed_misfits,
        )

        english = [document for document in context.documents if document.language == "en"]
        story = story_words([document.text for document in english])
        for document in english:
            others = OtherArticles.of(story, document.text)
            for sentence in document.sentences:
                found = {m.word.start: m for m in misfits(sentence.text, sentence.start)}
                for misfit in witnessed_misfits(sentence.text, sentence.start, others):
                    found.setdefault(misfit.word.start, misfit)
                for misfit in found.values():
                    related = []
                    if misfit.kind == "witnessed":
                        other, start, end = _use_elsewhere(english, document, misfit.suggestion)
                        related.append(span_of(other, start, end))
                    yield self.finding(
                        document,
                        misfit.word.start,
                        misfit.word.end,
                        _message(misfit, related[0].path if related else None),
                        suggestion=misfit.suggestion,
                        related=related,
                        confidence=misfit.confidence,
                    )


def _use_elsewhere(english, document, word: str) -> tuple:
    """The first place another English article writes `word` (lower-case, whole word)."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    for other in english:
        if other is document:
            continue
        match = pattern.search(other.text)
        if match:
            return other, match.start(), match.end()
    raise LookupError(word)


def _message(misfit, elsewhere: str | None = None) -> str:
    written = misfit.word.lower
    kind = {
        "spelling": "a near spelling",
        "related": "a word of related meaning",
        "witnessed": f"a near spelling or homophone that {elsewhere} writes",
    }[misfit.kind]
    counts = "; ".join(
        f'"{pair}" {count:,}' if count else f'"{pair}" unattested'
        for pair, count in misfit.evidence
    )
    return (
        f'"{written}" fits its neighbours badly; "{misfit.suggestion}" ({kind}) fits them well '
        f"(Google Books pairs: {counts})"
    )


class UntranslatedFragment(Rule):
    """A run of text in another language inside a sentence, left untranslated.

    What it checks: in every document whose language is one of
    `xlingual.analysis.words.foreign.LANGUAGES`, runs of words that wordfreq places clearly in
    another language (words common to both, like "service", may sit inside a run), confirmed by
    lingua on exactly that span. A run needs three lower-case foreign words (a first word
    capitalised by opening the sentence counts), or two when it fills a pair of brackets or
    neither is a word of the document's language at all ("placed under sequestro preventivo");
    names and titles (capitalised) and short quoted terms do not count. The span
    runs from the first to the last foreign word. In any document, also two or more letters in a
    script other than the document's own and other than Latin (Arabic in an English article, Han
    and kana, Hangul, Cyrillic, Greek...), unless a translation in brackets follows right after
    it or it is itself the bracketed original of the words before it.

    Why it matters: a translation that keeps a clause of its source, often an editor's bracketed
    aside, reads as a mistake and hides information from the reader.

    Example: "the new rules [sans aucune consultation préalable des syndicats] took effect last
    week", where the bracket is still French.
    """

    code = "XL202"
    examples_fail = (
        Example(
            articles=(
                "The government changed the labour code in the spring, and the new rules [sans "
                "aucune consultation préalable des syndicats] took effect last week, angering the "
                "unions across the country.",
            ),
            flagged="sans aucune consultation préalable des syndicats",
        ),
        Example(
            articles=(
                "A 정부 관계자 said the batteries had been recalled from every shop in the "
                "country by the end of the week.",
            ),
            flagged="정부 관계자",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "The government changed the labour code in the spring, and the new rules took "
                "effect last week without any consultation, angering the unions across the "
                "country.",
            )
        ),
        Example(
            articles=(
                'Officials put up signs at the closed bridge, "Κίνδυνος κατάρρευσης" ("Danger '
                'of collapse"), and sent a text to residents of nine villages north of the city.',
            )
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        from xlingual.analysis.names.scripts import dominant_script, foreign_script_runs
        from xlingual.analysis.words.foreign import foreign_runs, language_name

        for document in context.documents:
            own_script = dominant_script(document.text)
            for sentence in document.sentences:
                runs = foreign_runs(sentence.text, document.language, sentence.start)
                for run in runs:
                    yield self.finding(
                        document,
                        run.start,
                        run.end,
                        f"{language_name(run.language)} text left untranslated "
                        f"(the document is in {language_name(document.language)})",
                        confidence=round(0.5 + 0.4 * run.confidence, 3),
                    )
                for script_run in foreign_script_runs(sentence.text, own_script, sentence.start):
                    if any(r.start < script_run.end and script_run.start < r.end for r in runs):
                        continue  # already reported by its language
                    yield self.finding(
                        document,
                        script_run.start,
                        script_run.end,
                        f"{script_run.label} text left untranslated (the article is written in "
                        f"{own_script} script)",
                        confidence=0.85,
                    )


MEANING_RULES: tuple[Rule, ...] = (MisusedWord(), UntranslatedFragment())

__all__ = ["MEANING_RULES", "MisusedWord", "UntranslatedFragment"]
