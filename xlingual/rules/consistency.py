"""Consistency (XL4xx): one story told two ways. XL401 (numbers) lives in `rules.numbers`."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

from xlingual.findings import Finding
from xlingual.load.documents import Document
from xlingual.qe.targets import JudgedSentence
from xlingual.rules.base import CheckContext, Example, Rule, span_of

# Opening quote -> closing quotes it may pair with (typographic, straight, guillemets, German).
_QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»", "„": "“”", "‘": "’"}
_QUOTE = re.compile(r"""(“|"|«|„|‘)([^“”"«»„‘’]{3,400}?)(”|"|»|“|’)""")
_WORD = re.compile(r"\w+")

MIN_QUOTE_WORDS = 4
# token_sort_ratio of two quotes: above the floor they render one utterance, below the ceiling
# they differ in more than punctuation or case.
SAME_QUOTE_FLOOR = 65.0
SAME_QUOTE_CEILING = 97.0
MIN_DUPLICATE_WORDS = 5
NEAR_DUPLICATE_RATIO = 92.0


@dataclass(frozen=True)
class _Quote:
    document: int
    start: int
    end: int  # the quoted words, without the quote marks
    words: str  # normalised: lower case, letters and digits only


def quotes(document: Document, index: int) -> Iterator[_Quote]:
    """Quotations of at least MIN_QUOTE_WORDS words in `document`, with exact spans."""
    for match in _QUOTE.finditer(document.text):
        opening, body, closing = match.groups()
        if closing not in _QUOTE_PAIRS[opening]:
            continue
        words = _normalise(body)
        if len(words.split()) >= MIN_QUOTE_WORDS:
            yield _Quote(index, match.start(2), match.end(2), words)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(_WORD.findall(text))


class QuoteRenderedDifferently(Rule):
    """The same quotation worded differently in two places.

    What it checks: every quotation of four words or more (typographic, straight, guillemet or
    German quote marks) against the quotations of the other documents in the same language and
    of other sentences of its own document. Two quotations whose words mostly agree (rapidfuzz
    token-sort ratio 65-97) but not fully are one utterance rendered two ways. The one whose
    words the quality-estimation model (XL203's) finds the likelier wrong is flagged, with the
    other as related evidence and suggestion; where the model did not read both, the later one
    (by path, then position).

    Why it matters: a quotation promises the speaker's words. Two translations of one interview
    quoting it differently tell the reader that at least one is not what was said.

    Example: one article quotes "We will not raise taxes on small farms this year", another "We
    shall not raise the taxes on small farms this year".
    """

    code = "XL402"
    examples_fail = (
        Example(
            articles=(
                'The minister told reporters: "We will not raise taxes on small farms this year."',
                '"We shall not raise the taxes on small farms this year," the minister told '
                "reporters.",
            ),
            flagged="We shall not raise the taxes",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                'The minister told reporters: "We will not raise taxes on small farms this year."',
                '"We will not raise taxes on small farms this year," the minister told reporters.',
            )
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        documents = context.documents
        found = [q for i, d in enumerate(documents) for q in quotes(d, i)]
        flagged: set[tuple[int, int]] = set()
        # The quality model's reading of each document, to tell which rendering reads worse.
        judged: dict[int, list[JudgedSentence]] = defaultdict(list)
        for sentence in context.quality:
            judged[sentence.document].append(sentence)
        # A quotation is compared with the first occurrence of each earlier wording only: the
        # first of equal scores wins, and a later copy of a wording scores what its first did.
        # One quote syndicated into thousands of articles then costs one comparison a copy.
        first_of_wording: dict[tuple[str, str], _Quote] = {}
        scores: dict[tuple[str, str], float] = {}
        for later in found:
            language = documents[later.document].language
            best, best_score = None, 0.0
            for (earlier_language, words), earlier in first_of_wording.items():
                if earlier_language != language:
                    continue
                score = scores.get((words, later.words))
                if score is None:
                    score = scores[words, later.words] = fuzz.token_sort_ratio(words, later.words)
                if SAME_QUOTE_FLOOR <= score < SAME_QUOTE_CEILING and score > best_score:
                    best, best_score = earlier, score
            first_of_wording.setdefault((language, later.words), later)
            if best is None:
                continue
            suspect, reference = _suspect_first(judged, later, best)
            if (suspect.document, suspect.start) in flagged:
                continue
            flagged.add((suspect.document, suspect.start))
            yield self._finding(documents, suspect, reference, best_score)

    def _finding(self, documents, later: _Quote, earlier: _Quote, score: float) -> Finding:
        document = documents[later.document]
        other = documents[earlier.document]
        where = "earlier in this article" if other is document else f"in {other.path}"
        other_text = other.text[earlier.start : earlier.end]
        return self.finding(
            document,
            later.start,
            later.end,
            f'the same quotation reads "{other_text}" {where}',
            suggestion=other_text,
            related=[span_of(other, earlier.start, earlier.end)],
            confidence=round(score / 100, 3),
        )


def _suspect_first(
    judged: dict[int, list[JudgedSentence]], later: _Quote, earlier: _Quote
) -> tuple[_Quote, _Quote]:
    """(the rendering to flag, the one to offer instead): a translation's stiff wording ("we
    make all that is in our hands") beside an article's own ("we are doing everything we can")
    reads worse to the model."""
    doubt_later, doubt_earlier = _doubt(judged, later), _doubt(judged, earlier)
    if doubt_later is not None and doubt_earlier is not None and doubt_earlier > doubt_later:
        return earlier, later
    return later, earlier


def _doubt(judged: dict[int, list[JudgedSentence]], quote: _Quote) -> float | None:
    """The mean probability the quality-estimation model gives the quoted words of being wrong;
    None where it did not read them."""
    probabilities = [
        word.probability
        for sentence in judged.get(quote.document, ())
        for word in sentence.judgement.words
        if quote.start <= sentence.start + word.start and sentence.start + word.end <= quote.end
    ]
    return sum(probabilities) / len(probabilities) if probabilities else None


class DuplicateSentence(Rule):
    """A sentence repeated inside one article.

    What it checks: sentences of five words or more whose words (case and punctuation aside)
    are the same as, or nearly the same as (rapidfuzz ratio >= 92), an earlier sentence of the
    same document. The repeat is flagged; the first occurrence is the related span.

    Why it matters: repeats come from copying a page with its headline, caption or pull quote
    twice, or from pasting a paragraph twice while assembling a story; published, they look
    careless.

    Example: a headline, "Floods hit the northern valley after days of rain.", printed twice at
    the top of an article.
    """

    code = "XL403"
    examples_fail = (
        Example(
            articles=(
                "Floods hit the northern valley after days of rain.\n\nFloods hit the northern "
                "valley after days of rain.\n\nRescue teams reached the villages on Sunday.",
            ),
            flagged="Floods hit the northern valley after days of rain.",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "Floods hit the northern valley after days of rain.\n\nRescue teams reached the "
                "villages on Sunday after the rain stopped.",
            )
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        for document in context.documents:
            seen: list[tuple[str, int]] = []
            for position, sentence in enumerate(document.sentences):
                words = _normalise(sentence.text)
                if len(words.split()) < MIN_DUPLICATE_WORDS:
                    continue
                match = next(
                    (i for text, i in seen if fuzz.ratio(text, words) >= NEAR_DUPLICATE_RATIO),
                    None,
                )
                if match is None:
                    seen.append((words, position))
                    continue
                first = document.sentences[match]
                exact = _normalise(first.text) == words
                yield self.finding(
                    document,
                    sentence.start,
                    sentence.end,
                    f"repeats sentence {match + 1} (line "
                    f"{document.text.count(chr(10), 0, first.start) + 1})"
                    + ("" if exact else ", nearly word for word"),
                    related=[span_of(document, first.start, first.end)],
                    confidence=0.95 if exact else 0.8,
                )


CONSISTENCY_RULES: tuple[Rule, ...] = (QuoteRenderedDifferently(), DuplicateSentence())

__all__ = ["CONSISTENCY_RULES", "DuplicateSentence", "QuoteRenderedDifferently", "quotes"]
