"""Words that fit their neighbours badly where a close alternative fits well (English).

A machine translation rarely produces non-words; its quiet mistakes are real words in the wrong
place: a near spelling picked for another word ("viscous circle" for "vicious"), or one rendering
of a source word where another was needed ("throughout" for "during": both translate one French
or German word). Without a language model, the evidence is the Google-Books bigram counts in
`xlingual.analysis.words.lexicon`: a word whose pairs with its neighbours are unattested, next to an
alternative whose pairs with the same neighbours are frequent, strong collocations.

Candidates come from two places only, so that the search stays precise:
- near spellings of the word among the words attested next to its neighbours, leaving out
  inflections and derivations of the word itself (see/seen, form/forums), which are grammar;
- words of related meaning: the word's nearest neighbours in the multilingual model's token
  embeddings (`xlingual.analysis.words.related`), where the renderings of one source word sit
  together.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel

from xlingual.analysis.words import lexicon
from xlingual.analysis.words.lexicon import Token
from xlingual.analysis.words.related import related_words
from xlingual.memo import remembered

# Bigram counts below the dictionary's floor (about 6.4 million) are missing; an absent pair is
# scored as half the floor.
_ABSENT_FACTOR = 0.5
MIN_SPELLING_SIMILARITY = 0.75  # Indel similarity between a word and a near-spelling candidate
MIN_COLLOCATION = 3.0  # log(observed / expected) of a candidate's pair on the word's empty side
MIN_ABSENCE_SURPRISE = 0.4  # nats; see _absence_surprise
FIXED_PHRASE = 10.0  # association of a pair seen ~20,000 times more often than chance
MIN_GAIN = {"spelling": 2.0, "related": 4.0}  # log-probability gain a candidate must bring


@dataclass(frozen=True)
class Misfit:
    """`word` fits its neighbours badly; `suggestion` fits them well."""

    word: Token
    suggestion: str
    kind: str  # "spelling" or "related"
    gain: float  # log P(sentence with suggestion) - log P(sentence as written), bigram model
    evidence: tuple[tuple[str, int], ...]  # (bigram as written or suggested, count) for display

    @property
    def confidence(self) -> float:
        return round(min(0.95, 0.5 + self.gain / 20), 3)


@remembered("symspellpy", "wordfreq")
def misfits(text: str, offset: int = 0) -> list[Misfit]:
    """Every lower-case word of `text` with a clearly better-fitting alternative."""
    words = lexicon.tokens(text, offset)
    found = []
    for i in range(1, len(words) - 1):
        before, word, after = words[i - 1], words[i], words[i + 1]
        if not (_adjacent(text, offset, before, word) and _adjacent(text, offset, word, after)):
            continue
        alternative = best_alternative(before.lower, word, after.lower)
        if alternative is not None:
            found.append(alternative)
    return found


def best_alternative(before: str, word: Token, after: str) -> Misfit | None:
    """The alternative to `word` between `before` and `after` that fits far better, if any."""
    written = word.text
    if not written.isalpha() or not written.islower() or len(written) < 3:
        return None
    if not lexicon.is_english_word(written):
        return None  # a non-word is a misspelling, not a misuse
    written_sides = (lexicon.bigram(before, written), lexicon.bigram(written, after))
    if all(written_sides):
        return None
    # Missing pairs are evidence only where equally frequent words are usually attested ...
    surprising = _absence_surprise(before, written, after, written_sides) >= MIN_ABSENCE_SURPRISE
    best: Misfit | None = None
    for candidate, kind in _candidates(before, written, after):
        sides = (lexicon.bigram(before, candidate), lexicon.bigram(candidate, after))
        if not any(sides):
            continue
        if (
            kind == "spelling"
            and any(written_sides)
            and _strongest_association(before, candidate, after) < FIXED_PHRASE
        ):
            continue  # a near spelling must beat a word that fits neither neighbour
        if not _collocates_where_written_does_not(before, candidate, after, written_sides):
            continue
        # ... or where a near spelling forms a fixed phrase with the neighbour.
        if not surprising and not (
            kind == "spelling" and _strongest_association(before, candidate, after) >= FIXED_PHRASE
        ):
            continue
        gain = _log_fit(before, candidate, after, sides) - _log_fit(
            before, written, after, written_sides
        )
        if gain < MIN_GAIN[kind] or (best is not None and gain <= best.gain):
            continue
        evidence = (
            (f"{before} {written}", written_sides[0]),
            (f"{written} {after}", written_sides[1]),
            (f"{before} {candidate}", sides[0]),
            (f"{candidate} {after}", sides[1]),
        )
        best = Misfit(word, candidate, kind, round(gain, 2), evidence)
    return best


def _candidates(before: str, written: str, after: str) -> Iterator[tuple[str, str]]:
    if _is_function_word(written):
        for candidate in related_words(written):
            if _is_function_word(candidate):
                yield candidate, "related"
    initial = written[0]
    attested = _neighbours_by_initial(before, "after").get(initial, frozenset()) | (
        _neighbours_by_initial(after, "before").get(initial, frozenset())
    )
    for candidate in sorted(attested):
        if _near_spelling(written, candidate):
            yield candidate, "spelling"


@lru_cache(maxsize=4096)
def _neighbours_by_initial(word: str, side: str) -> dict[str, frozenset[str]]:
    """Words attested right after (side "after") or before `word`, by first letter: a near
    spelling shares the written word's first letter, so only one bucket needs searching."""
    neighbours = lexicon.words_after(word) if side == "after" else lexicon.words_before(word)
    buckets: dict[str, set[str]] = defaultdict(set)
    for neighbour in neighbours:
        buckets[neighbour[:1]].add(neighbour)
    return {initial: frozenset(words) for initial, words in buckets.items()}


def _is_function_word(word: str) -> bool:
    # Renderings of one source word that an MT system swaps without changing the topic are
    # function words (prepositions, adverbs, pronouns). Content words close in the embedding
    # space are mostly alternatives of their own (color / temperature), not mistakes.
    from spacy.lang.en.stop_words import STOP_WORDS

    return word in STOP_WORDS


def _near_spelling(written: str, candidate: str) -> bool:
    if candidate == written or candidate[0] != written[0] or not candidate.isalpha():
        return False
    if abs(len(candidate) - len(written)) > 3:
        return False
    if Indel.normalized_similarity(written, candidate) < MIN_SPELLING_SIMILARITY:
        return False
    return not _same_stem(written, candidate)


def _same_stem(a: str, b: str) -> bool:
    """Inflections and derivations (see/seen, form/forums, create/creation) share all but the
    last few letters; choosing between them is grammar, not a misused word."""
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared >= min(len(a), len(b)) - 2


def _absence_surprise(before: str, written: str, after: str, sides: tuple[int, int]) -> float:
    """How unexpected the written word's missing pairs are: -log P(absent) per missing side,
    where P(absent) is the share of equally frequent words also missing next to that neighbour."""
    frequency = lexicon.unigram(written)
    surprise = 0.0
    if not sides[0]:
        surprise -= math.log1p(-min(lexicon.attested_share(before, frequency, "after"), 0.99))
    if not sides[1]:
        surprise -= math.log1p(-min(lexicon.attested_share(after, frequency, "before"), 0.99))
    return surprise


def _collocates_where_written_does_not(
    before: str, candidate: str, after: str, written_sides: tuple[int, int]
) -> bool:
    """On each side where the written pair is unattested, the candidate's pair must be a real
    collocation: seen far more often than the two words' frequencies alone predict."""
    pairs = ((before, candidate), (candidate, after))
    for (first, second), written_count in zip(pairs, written_sides, strict=True):
        if written_count:
            continue
        if _association(first, second) < MIN_COLLOCATION:
            return False
    return True


def _strongest_association(before: str, candidate: str, after: str) -> float:
    return max(_association(before, candidate), _association(candidate, after))


def _association(first: str, second: str) -> float:
    expected = lexicon.unigram(first) * lexicon.unigram(second) / lexicon.total_words()
    observed = lexicon.bigram(first, second)
    if not observed or not expected:
        return 0.0
    return math.log(observed / expected)


def _log_fit(before: str, word: str, after: str, sides: tuple[int, int]) -> float:
    """log P(word | before) + log P(after | word) under the bigram counts."""
    left = (sides[0] or _absent_count(before, word)) / max(lexicon.unigram(before), 1)
    right = (sides[1] or _absent_count(word, after)) / max(lexicon.unigram(word), 1)
    return math.log(left) + math.log(right)


def _absent_count(first: str, second: str) -> float:
    """A stand-in count for a pair below the dictionary's floor: what chance alone predicts,
    capped at half the floor (a rare word's absent pair must not look likely)."""
    expected = lexicon.unigram(first) * lexicon.unigram(second) / lexicon.total_words()
    return max(min(_ABSENT_FACTOR * lexicon.bigram_floor(), expected), 1.0)


def _adjacent(text: str, offset: int, first: Token, second: Token) -> bool:
    # Punctuation between two words breaks the bigram: "hour. I" is not the pair "hour i".
    return text[first.end - offset : second.start - offset] == " "


__all__ = ["MIN_GAIN", "Misfit", "best_alternative", "misfits"]
