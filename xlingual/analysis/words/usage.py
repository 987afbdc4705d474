"""Words that fit their neighbours badly where a close alternative fits well (English).

A machine translation rarely produces non-words; its quiet mistakes are real words in the wrong
place: a near spelling picked for another word ("viscous circle" for "vicious"), or one rendering
of a source word where another was needed ("throughout" for "during": both translate one French
or German word). Without a language model, the evidence is the Google-Books bigram counts in
`xlingual.analysis.words.lexicon`: a word whose pairs with its neighbours are unattested, next to an
alternative whose pairs with the same neighbours are frequent, strong collocations.

Candidates come from two places only, so that the search stays precise:
- near spellings of the word among the words attested next to its neighbours, leaving out
  inflections and derivations of the word itself (see/seen, create/creation), which are grammar;
- words of related meaning: the word's nearest neighbours in the multilingual model's token
  embeddings (`xlingual.analysis.words.related`), where the renderings of one source word sit
  together.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein, Indel

from xlingual.analysis.spacy_import import import_spacy
from xlingual.analysis.words import lexicon
from xlingual.analysis.words.lexicon import Token
from xlingual.analysis.words.related import related_words
from xlingual.memo import remembered

# Bigram counts below the dictionary's floor (about 6.4 million) are missing; an absent pair is
# scored as half the floor.
_ABSENT_FACTOR = 0.5
MIN_SPELLING_SIMILARITY = 0.75  # Indel similarity between a word and a near-spelling candidate
MIN_HOMOPHONE_SIMILARITY = 0.6  # the same, for a candidate with the same sound key
MIN_COLLOCATION = 3.0  # log(observed / expected) of a candidate's pair on the word's empty side
MIN_ABSENCE_SURPRISE = 0.4  # nats; see _absence_surprise
# log(observed / expected) of the pair a story's word forms where the written word has none
# (witnessed_misfits): "clinical trial" 9.6, "the trial" 5.0; a plural's chance pair with "of" or
# "for" is about 3.9. Chosen on stories_dev, checked on MLQE-PE (benchmarks/misused.py).
MIN_WITNESSED_COLLOCATION = 4.5
FIXED_PHRASE = 10.0  # association of a pair seen ~20,000 times more often than chance
# Log-probability gain a candidate must bring: a near spelling, a word of related meaning, a
# slip or homophone that another article of the story writes (benchmarks/misused.py: on MLQE-PE
# dev read against its post-edits, the MT words it flags gain 4.8-17, the post-edits' false
# alarms 4.5-16; 6.5 keeps 8 of 9 MT words, all tagged BAD, and 8 false alarms in 52,300 words).
MIN_GAIN = {"spelling": 2.0, "related": 4.0, "witnessed": 6.5}


@dataclass(frozen=True)
class Misfit:
    """`word` fits its neighbours badly; `suggestion` fits them well."""

    word: Token
    suggestion: str
    kind: str  # "spelling", "related" or "witnessed"
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
        misfit = _scored(before, word, after, candidate, kind, (written_sides, sides))
        if misfit is not None and (best is None or misfit.gain > best.gain):
            best = misfit
    return best


_WORD = re.compile(r"[^\W\d_]+")


def _word_counts(texts: Sequence[str]) -> dict[str, int]:
    """How often each word (lower case) stands in `texts`."""
    counts: dict[str, int] = defaultdict(int)
    for text in texts:
        for word in _WORD.findall(text):
            counts[word.lower()] += 1
    return dict(counts)


@dataclass(frozen=True)
class StoryWords:
    """What a story's English articles write, counted once for the whole story: how often each
    word (lower case) stands in them, their length in words, and the words of three letters or
    more indexed for the search for slips (sorted, and by sound: Metaphone key)."""

    counts: dict[str, int]
    total: int
    vocabulary: tuple[str, ...]
    by_sound: dict[str, tuple[str, ...]]


def story_words(texts: Sequence[str]) -> StoryWords:
    """The words of the story's English articles (string work only: no word table is read)."""
    counts = _word_counts(texts)
    vocabulary = tuple(sorted(word for word in counts if len(word) >= 3))
    by_sound: dict[str, list[str]] = defaultdict(list)
    for word in vocabulary:
        by_sound[sound_key(word)].append(word)
    return StoryWords(
        counts,
        sum(counts.values()),
        vocabulary,
        {key: tuple(found) for key, found in by_sound.items()},
    )


@dataclass(frozen=True)
class OtherArticles:
    """The story's English articles other than the one being read: the story's counts less its
    own (so that each article costs its own words, not the whole story again)."""

    story: StoryWords
    own: dict[str, int]
    own_total: int

    @staticmethod
    def of(story: StoryWords, text: str) -> OtherArticles:
        own = _word_counts([text])
        return OtherArticles(story, own, sum(own.values()))

    def count(self, word: str) -> int:
        return self.story.counts.get(word, 0) - self.own.get(word, 0)

    @property
    def length(self) -> int:
        return self.story.total - self.own_total


# A word of the other articles is evidence when it would be expected there by chance fewer than
# this many times: their length in words times the word's frequency in English (wordfreq),
# divided by how often they write it. "having" in 3,000 words of English is expected about once
# and says nothing of the story; a rarer word (or a common one the story repeats) stands for
# what the story is about.
MAX_CHANCE_OCCURRENCES = 0.25


def witnessed_misfits(text: str, offset: int, others: OtherArticles) -> list[Misfit]:
    """Words of `text` that another article of the story writes differently: the story's other
    English articles use a near spelling or a homophone of the word, unlikely there by chance,
    and never the word itself, and the bigram counts prefer theirs here ("the clinical trail"
    where another article writes "trial"). The other articles are the evidence a reader lacks
    when one article stands alone, so the neighbours need not make the written word's missing
    pairs surprising as `misfits` asks; their word must form a collocation with a neighbour the
    written word has no pair with (MIN_WITNESSED_COLLOCATION) and fit the sentence far better
    (MIN_GAIN).

    The search for such words is string work only; word frequencies and bigram counts are read
    (and the answer remembered) only for a sentence that has one, so a warm run loads no word
    table."""
    words = lexicon.tokens(text, offset)
    slips = []
    for i in range(1, len(words) - 1):
        before, word, after = words[i - 1], words[i], words[i + 1]
        written = word.text
        if (
            not written.isalpha()
            or not written.islower()
            or len(written) < 3
            or others.count(written) > 0
            or not (_adjacent(text, offset, before, word) and _adjacent(text, offset, word, after))
        ):
            continue
        candidates = _slips(written, others)
        if candidates:
            slips.append((before.lower, word, after.lower, candidates))
    return _judged_slips(tuple(slips), others.length) if slips else []


def _slips(written: str, others: OtherArticles) -> tuple[tuple[str, int], ...]:
    """(word, how often the other articles write it) for the words of the other articles one
    typing slip away from the written word (a letter replaced, added, dropped or two swapped:
    most real-word errors, after Damerau) or sounding like it, other than its own forms and its
    other national spelling."""
    from rapidfuzz import process

    story = others.story
    near = {
        found
        for found, _distance, _index in process.extract(
            written, story.vocabulary, scorer=DamerauLevenshtein.distance, score_cutoff=1,
            limit=None,
        )
    }  # fmt: skip
    near.update(
        candidate
        for candidate in story.by_sound.get(sound_key(written), ())
        if _homophone(written, candidate)
    )
    near.discard(written)
    return tuple(
        (candidate, others.count(candidate))
        for candidate in sorted(near)
        if candidate.isalpha()
        and others.count(candidate) > 0
        and not (_forms_of_one_word(written, candidate) or _spelling_variants(written, candidate))
    )


@remembered("symspellpy", "wordfreq", "spacy")
def _judged_slips(
    slips: tuple[tuple[str, Token, str, tuple[tuple[str, int], ...]], ...], length: int
) -> list[Misfit]:
    """The slips the word tables confirm; `length`: the other articles' length in words."""
    found = []
    for before, word, after, candidates in slips:
        written = word.text
        if _is_function_word(written) or not lexicon.is_english_word(written):
            continue
        witnesses = tuple(
            candidate
            for candidate, count in candidates
            if length * 10 ** (lexicon.zipf(candidate, "en") - 9) / count <= MAX_CHANCE_OCCURRENCES
        )
        best = _best_witnessed(before, word, after, witnesses)
        if best is not None:
            found.append(best)
    return found


def _best_witnessed(
    before: str, word: Token, after: str, candidates: tuple[str, ...]
) -> Misfit | None:
    written = word.text
    written_sides = (lexicon.bigram(before, written), lexicon.bigram(written, after))
    best: Misfit | None = None
    for candidate in candidates:
        if _is_function_word(candidate):
            continue
        sides = (lexicon.bigram(before, candidate), lexicon.bigram(candidate, after))
        # Their word must form a collocation on a side where the written one is unattested.
        pairs = ((before, candidate), (candidate, after))
        if not any(
            ours == 0 < theirs and _association(*pair) >= MIN_WITNESSED_COLLOCATION
            for ours, theirs, pair in zip(written_sides, sides, pairs, strict=True)
        ):
            continue
        misfit = _scored(before, word, after, candidate, "witnessed", (written_sides, sides))
        if misfit is not None and (best is None or misfit.gain > best.gain):
            best = misfit
    return best


# British and American spellings of one word (centre/center, colour/color, realise/realize,
# analyse/analyze, haem-/hem-, manoeuvre/maneuver, travelled/traveled, catalogue/catalog,
# defence/defense): rewritten to one form, the two spellings meet.
_CONVENTIONS = (
    (re.compile(r"([^aeiou])re(s|d)?$"), r"\1er\2"),
    (re.compile(r"our"), "or"),
    (re.compile(r"is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"ae|oe"), "e"),
    (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),
    (re.compile(r"ogue$"), "og"),
    (re.compile(r"ence$"), "ense"),
)


def _spelling_variants(a: str, b: str) -> bool:
    return _american(a) == _american(b)


def _american(word: str) -> str:
    for pattern, replacement in _CONVENTIONS:
        word = pattern.sub(replacement, word)
    return word


def _scored(
    before: str,
    word: Token,
    after: str,
    candidate: str,
    kind: str,
    counts: tuple[tuple[int, int], tuple[int, int]],
) -> Misfit | None:
    """`candidate` for `word` with its gain under the bigram model and the four pair counts as
    evidence; None when the gain is below MIN_GAIN for its kind. `counts`: the pairs of the
    written word with its neighbours, then the candidate's."""
    written_sides, sides = counts
    written = word.text
    gain = _log_fit(before, candidate, after, sides) - _log_fit(
        before, written, after, written_sides
    )
    if gain < MIN_GAIN[kind]:
        return None
    evidence = (
        (f"{before} {written}", written_sides[0]),
        (f"{written} {after}", written_sides[1]),
        (f"{before} {candidate}", sides[0]),
        (f"{candidate} {after}", sides[1]),
    )
    return Misfit(word, candidate, kind, round(gain, 2), evidence)


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


@lru_cache(maxsize=65536)
def sound_key(word: str) -> str:
    """The word's Metaphone key with doubled letters made one ("scent" SSNT and "sent" SNT)."""
    import jellyfish

    key = jellyfish.metaphone(word)
    return "".join(letter for k, letter in enumerate(key) if k == 0 or key[k - 1] != letter)


def _homophone(written: str, candidate: str) -> bool:
    """A word that sounds like the written one (knight/night, steal/steel). Metaphone keeps
    consonants only, so the spellings must also be alike (Indel similarity
    MIN_HOMOPHONE_SIMILARITY): better/bidder share a key and are not homophones."""
    return (
        candidate != written
        and len(candidate) >= 3
        and Indel.normalized_similarity(written, candidate) >= MIN_HOMOPHONE_SIMILARITY
        and sound_key(candidate) == sound_key(written)
    )


def _is_function_word(word: str) -> bool:
    # Renderings of one source word that an MT system swaps without changing the topic are
    # function words (prepositions, adverbs, pronouns). Content words close in the embedding
    # space are mostly alternatives of their own (color / temperature), not mistakes.
    import_spacy()
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
    return _shared_prefix(a, b) >= min(len(a), len(b)) - 2


def _shared_prefix(a: str, b: str) -> int:
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared


# Endings that inflect or derive an English word; two words that differ only in them are forms
# of one word (immigration/immigrants; vote/voter, where the ending's e is the stem's).
_ENDINGS = frozenset(
    "s es ed d r rs n en ing er ers or ors e y ies ied ion ions tion tions ation ations ment ments "
    "nt nts ant ants ance ence al ally ly ity ities ive ives ism ist ists ize ise ized ised "
    "able ible ness ful less ic ical ous".split()
)


def _forms_of_one_word(a: str, b: str) -> bool:
    """Two words that differ only in their endings (see/seen, immigration/immigrants). Narrower
    than `_same_stem`, which also sets aside lake/late: with another article of the story as
    witness such a pair is worth judging (benchmarks/misused.py: on MLQE-PE post-edits
    `_same_stem` alone keeps gold/good and lake/late out of the one-sentence mode)."""
    shared = _shared_prefix(a, b)
    tails = (a[shared:], b[shared:])
    return shared >= 3 and all(tail == "" or tail in _ENDINGS for tail in tails)


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


__all__ = [
    "MIN_GAIN",
    "Misfit",
    "OtherArticles",
    "StoryWords",
    "best_alternative",
    "misfits",
    "story_words",
    "witnessed_misfits",
]
