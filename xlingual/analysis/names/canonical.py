"""Which spelling of a name-variant cluster is the right one: evidence beyond counting articles.

Machine translation systems often share a wrong spelling, so three articles may write a name the
same wrong way while two have it right. Counting articles alone then flags the right spelling with
the wrong one as the suggestion. The canonical spelling is decided by the first of these, in
order, that tells the spellings apart:

1. **The style sheet.** A spelling it lists wins. When it lists the name (one of its entries
   matched an occurrence of the cluster) but no article uses its spelling, its spelling is the
   canonical one even so.
2. **Another script.** When an article names the entity in its own script (Cyrillic, Greek, ...:
   a spelling of that script in the same cluster, joined by `same_name` or by aligned
   sentences), a Latin spelling that a standard romanisation of the native form produces
   (iuliia's schemes, anyascii, Greek digraphs; up to the alternations
   `xlingual.analysis.names.same_name` folds) beats one that no romanisation produces: Каспаров
   gives Kasparov, never Kasporov. Unless the dictionary (3.) clearly prefers the spelling no
   romanisation produces: a name of Western origin written in Cyrillic (Кэтрин) romanises back to
   none of its usual spellings (Kathryn).
3. **The dictionary.** wordfreq's frequency of the spelling as a word in English and in the
   articles' languages (an accented spelling also by its accent-free form). A name spelled right
   is usually attested and a typo is not: `benchmarks/names.py --canonical` finds 298 of the 299
   usual Latin spellings of its clusters in English wordfreq, and 25% of one-edit typos of them,
   nearly always far rarer. A spelling beats another when it is known
   (Zipf >= 1) and the other is not known at all, or when it is 1.5 Zipf more frequent (30x) and
   the two differ in sound (a changed letter, not a romanisation alternation like Mariya /
   Maria) or only by a doubled letter (Johnn). Spellings that differ only in accents are never
   decided here (wordfreq lacks most accented names).
4. **Counts.** The spelling more articles use, then the one used more often.
5. **The more established word** (wordfreq), then alphabetical order, so the choice is stable.

Each step only removes candidates; the message names the step that removed the strongest
alternative (the spelling that counting would rank first after the winner), and says so when
it goes against the majority of articles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from xlingual.analysis.names.same_name import romanises, sound_alike
from xlingual.analysis.names.scripts import dominant_script
from xlingual.analysis.words.lexicon import zipf
from xlingual.text_helpers import agree, plural

# A spelling wordfreq knows at all (Zipf 1 is about once per 100 million words).
KNOWN_SPELLING_ZIPF = 1.0
# How much more frequent a spelling must be to beat one that wordfreq also knows (30 times).
TYPO_MARGIN_ZIPF = 1.5
# How sure each kind of evidence makes the choice, for the findings' confidence. The style sheet
# is the newsroom's decision. A romanisation of the native form, or the dictionary, decided
# wrongly on under 1% of the synthetic one-edit typos of benchmarks/names.py --canonical.
_CERTAINTY = {"style sheet": 1.0, "other script": 0.95, "dictionary": 0.95}


@dataclass(frozen=True)
class SpellingUse:
    """One spelling of a cluster and how much the articles use it."""

    text: str
    articles: int
    occurrences: int


@dataclass(frozen=True)
class StyleSheetRuling:
    """What the style sheet says about a cluster: its spelling of this name part."""

    spelling: str  # "Zelensky"
    entry: str  # the entry's full canonical name, for the message: "Volodymyr Zelensky"


@dataclass(frozen=True)
class CanonicalChoice:
    spelling: str
    reason: str  # why, in words, for the message
    decided_by: str  # "style sheet", "other script", "dictionary", "articles", "occurrences", ...
    certainty: float  # 0..1 (a 3-to-2 count alone is little better than a coin)


def choose_canonical(
    spellings: Sequence[SpellingUse],
    languages: Sequence[str] = ("en",),
    style: StyleSheetRuling | None = None,
) -> CanonicalChoice:
    """The canonical spelling of a cluster of two or more spellings (see the module docstring)."""
    if style is not None:
        return _by_style_sheet(spellings, style)
    main = _main_script_spellings(spellings)
    script = dominant_script(main[0].text)
    natives = [s.text for s in spellings if dominant_script(s.text) != script]
    by_counts = sorted(main, key=_count_rank, reverse=True)
    steps: list[tuple[str, list[SpellingUse]]] = []  # (evidence, what it removed)
    candidates = list(by_counts)
    languages = tuple(languages)
    if natives:
        supported = [s for s in candidates if any(romanises(s.text, n) for n in natives)]
        # A name of Western origin written in Cyrillic (Кэтрин) romanises back to no usual
        # spelling (Kathryn): where wordfreq clearly prefers an unsupported spelling, it stays.
        kept = [
            s
            for s in candidates
            if s in supported
            or any(_dictionary_prefers(s.text, other.text, languages) for other in supported)
        ]
        candidates = _narrow(candidates, kept, "other script", steps)
    attested = [
        s
        for s in candidates
        if not any(_dictionary_prefers(o.text, s.text, languages) for o in candidates)
    ]
    candidates = _narrow(candidates, attested, "dictionary", steps)
    winner = candidates[0]  # still in count order
    rivals = [s for s in by_counts if s is not winner]
    if not rivals:
        return CanonicalChoice(winner.text, "the only spelling in this script", "articles", 1.0)
    rival = rivals[0]
    counted = _by_counts(winner, rival, languages)
    for evidence, removed in steps:
        if rival in removed:
            reason = _explain(evidence, winner, rival, natives, languages)
            certainty = _CERTAINTY[evidence]
            if rival.articles > winner.articles:
                uses = agree(rival.articles, "uses", "use")
                reason += f", though {plural(rival.articles, 'article')} {uses} it"
            elif counted.spelling == winner.text and counted.decided_by == "articles":
                reason += f"; {_articles_text(winner, rival)}"
                certainty = max(certainty, counted.certainty)
            return CanonicalChoice(winner.text, reason, evidence, certainty)
    return counted


def _by_style_sheet(spellings: Sequence[SpellingUse], style: StyleSheetRuling) -> CanonicalChoice:
    used = next((s.text for s in spellings if s.text.casefold() == style.spelling.casefold()), None)
    reason = f"the style sheet spells it '{style.entry}'"
    return CanonicalChoice(used or style.spelling, reason, "style sheet", 1.0)


def _main_script_spellings(spellings: Sequence[SpellingUse]) -> list[SpellingUse]:
    """The spellings in the script most articles write the name in (ties: Latin): the others are
    transliterations, evidence for step 2, never a suggestion for a Latin word."""
    articles_by_script: dict[str, int] = {}
    for spelling in spellings:
        script = dominant_script(spelling.text)
        articles_by_script[script] = articles_by_script.get(script, 0) + spelling.articles
    main = min(
        articles_by_script,
        key=lambda script: (-articles_by_script[script], script != "Latin", script),
    )
    return [s for s in spellings if dominant_script(s.text) == main]


def _count_rank(spelling: SpellingUse) -> tuple:
    return (spelling.articles, spelling.occurrences, established_zipf(spelling.text), spelling.text)


def _narrow(
    candidates: list[SpellingUse],
    kept: list[SpellingUse],
    evidence: str,
    steps: list[tuple[str, list[SpellingUse]]],
) -> list[SpellingUse]:
    """Keep `kept` when the evidence separates the candidates; when it says nothing (all kept or
    none), keep them all."""
    if not kept or len(kept) == len(candidates):
        return candidates
    steps.append((evidence, [s for s in candidates if s not in kept]))
    return kept


def _dictionary_prefers(strong: str, weak: str, languages: tuple[str, ...]) -> bool:
    """Whether wordfreq attests `strong` as a spelling where `weak` looks like a typo of it."""
    if strong.casefold() == weak.casefold() or _accent_free(strong) == _accent_free(weak):
        return False  # accents: wordfreq knows too few accented names to judge
    known_strong, known_weak = attestation(strong, languages), attestation(weak, languages)
    if known_strong >= KNOWN_SPELLING_ZIPF and known_weak == 0.0:
        return True
    if known_strong - known_weak < TYPO_MARGIN_ZIPF:
        return False
    # Romanisation variants of one sound sequence (Mariya / Maria) are both right; a doubled
    # letter sounds the same but is the commonest typo (Johnn), and Philipp / Philip are close
    # enough in frequency to stay below the margin.
    return not sound_alike(strong, weak) or _differ_by_doubling(strong, weak)


def _differ_by_doubling(a: str, b: str) -> bool:
    return _DOUBLED.sub(r"\1", a.casefold()) == _DOUBLED.sub(r"\1", b.casefold())


_DOUBLED = re.compile(r"(.)\1+")


def attestation(spelling: str, languages: Sequence[str]) -> float:
    """The highest wordfreq Zipf frequency of the spelling, as a word, in any of `languages`."""
    return _attestation(spelling.casefold(), tuple(sorted(set(languages))))


@lru_cache(maxsize=65536)
def _attestation(word: str, languages: tuple[str, ...]) -> float:
    # Text without its accents counts too: wordfreq knows "sato" where an article writes "Satō".
    forms = {word, _accent_free(word)}
    return max((zipf(form, language) for form in forms for language in languages), default=0.0)


def _accent_free(text: str) -> str:
    return anyascii(text).casefold()


# The languages of most news copy, in which a spelling's standing as a word is always looked up.
_NEWS_LANGUAGES = ("en", "fr", "de", "es", "ru")


@lru_cache(maxsize=65536)
def established_zipf(text: str, languages: tuple[str, ...] = ()) -> float:
    """How established a word the text is: its highest Zipf frequency in the languages of
    most news copy and in `languages`, those of the articles it appears in (a capitalised
    weekday in a Greek office name is a word of Greek). A tie-break here; the "two established
    words" guard of xlingual.analysis.names.variants."""
    return max(zipf(text.casefold(), language) for language in {*_NEWS_LANGUAGES, *languages})


def _by_counts(
    winner: SpellingUse, rival: SpellingUse, languages: Sequence[str]
) -> CanonicalChoice:
    if winner.articles != rival.articles:
        reason = _articles_text(winner, rival)
        certainty = winner.articles / (winner.articles + rival.articles)
        if certainty < 0.75:
            reason += "; nothing else tells which is right"
        return CanonicalChoice(winner.text, reason, "articles", round(certainty, 3))
    if winner.occurrences != rival.occurrences:
        reason = (
            f"'{winner.text}' is used {_times(winner.occurrences)}, "
            f"'{rival.text}' {_times(rival.occurrences)}; nothing else tells which is right"
        )
        certainty = winner.occurrences / (winner.occurrences + rival.occurrences)
        return CanonicalChoice(winner.text, reason, "occurrences", round(min(certainty, 0.6), 3))
    reason = f"'{winner.text}' is the more common word; nothing else tells which is right"
    return CanonicalChoice(winner.text, reason, "word frequency", 0.5)


def _articles_text(winner: SpellingUse, rival: SpellingUse) -> str:
    return (
        f"{plural(winner.articles, 'article')} {agree(winner.articles, 'uses', 'use')} "
        f"'{winner.text}', {rival.articles} {agree(rival.articles, 'uses', 'use')} '{rival.text}'"
    )


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _explain(
    evidence: str,
    winner: SpellingUse,
    rival: SpellingUse,
    natives: Sequence[str],
    languages: Sequence[str],
) -> str:
    if evidence == "other script":
        native = next(n for n in natives if romanises(winner.text, n))
        return (
            f"'{winner.text}' is a standard romanisation of '{native}' in another article; "
            f"'{rival.text}' is not"
        )
    known_winner = attestation(winner.text, languages)
    known_rival = attestation(rival.text, languages)
    rival_words = "not at all" if known_rival == 0.0 else f"only at {known_rival:.1f}"
    return (
        f"wordfreq knows '{winner.text}' at Zipf {known_winner:.1f}, '{rival.text}' {rival_words}"
    )
