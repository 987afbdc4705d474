"""XL305 verbless-fragment: a very short sentence with no verb between full sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from xlingual.findings import Finding
from xlingual.load.documents import Document
from xlingual.rules.base import CheckContext, Example, Rule
from xlingual.rules.spelling.words import Line, article_lines, is_english
from xlingual.segment import Sentence
from xlingual.word_lists import words_of

if TYPE_CHECKING:
    from xlingual.analysis.words.syntax import TaggedWord

_MAX_FRAGMENT_WORDS = 4
# Courtesy and discourse words that make complete utterances without a verb ("Thanks.",
# "Kind regards."): conversation, not broken prose (data/discourse_words/en.txt).
_DISCOURSE_WORDS = words_of("discourse_words", "en")
_MIN_NEIGHBOUR_WORDS = 6


class VerblessFragment(Rule):
    """What it checks: a very short sentence with no finite verb and no interjection, standing
    between ordinary sentences of the same paragraph ("Shortage of staff." in the middle of a
    report). Headlines, labels, datelines and bylines are lines of their own and are not checked;
    nor are questions, exclamations or quoted speech.

    Why it matters: machine translation turns source headings, image alt texts and garbled
    clauses into such fragments; in running prose they read as a broken sentence.

    Example: "The mayor resigned on Monday after a long dispute over the budget. Budget
    shortfall. Her deputy, who has led the finance committee since 2019, takes over." reports
    "Budget shortfall." (its neighbours need six words or more each).
    """

    code = "XL305"
    examples_fail = (
        Example(
            articles=(
                "The mayor resigned on Monday after a long dispute over the budget. Budget "
                "shortfall. Her deputy, who has led the finance committee since 2019, takes over.",
            ),
            flagged="Budget shortfall.",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "Budget shortfall\n\nThe mayor resigned on Monday after a long dispute over the "
                "budget. Her deputy, who has led the finance committee since 2019, takes over.",
            )
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        from xlingual.analysis.words.syntax import tag_english_many

        candidates = [
            (document, line, found)
            for document in context.documents
            if is_english(document)
            for line in article_lines(document)
            if (found := self._candidates(document, line))
        ]
        # Every paragraph is tagged in one batched pass: one model call per paragraph was most
        # of the time of a run over thousands of short articles.
        paragraphs = [line.text for _, line, _ in candidates]
        tags = dict(zip(paragraphs, tag_english_many(paragraphs), strict=True))
        for document, line, found in candidates:
            for sentence, last in found:
                if _lacks_verb(tags[line.text], line, sentence, last):
                    yield self.finding(
                        document,
                        sentence.start,
                        sentence.end,
                        "A verbless fragment inside a paragraph of full sentences",
                        confidence=0.5 if last else 0.6,
                    )

    def _candidates(self, document: Document, line: Line) -> list[tuple[Sentence, bool]]:
        """Sentences of a paragraph that may be fragments, each with whether it ends it."""
        sentences = [s for s in document.sentences if line.start <= s.start < line.end]
        if len(sentences) < 2:
            return []
        found = []
        for position, sentence in enumerate(sentences):
            if position == 0 or not _is_fragment_candidate(sentence.text):
                continue
            neighbours = sentences[max(0, position - 1) : position] + sentences[position + 1 :][:1]
            if all(_is_full_sentence(n.text) for n in neighbours):
                found.append((sentence, position == len(sentences) - 1))
        return found


def _is_fragment_candidate(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text)
    return (
        1 <= len(words) <= _MAX_FRAGMENT_WORDS
        and text[0].isupper()
        and text.endswith(".")
        and not text.endswith("..")
        and not any(w.lower() in _DISCOURSE_WORDS for w in words)
        and not re.search(r"[\"“”«»:;()\[\]]", text)
        and not text.isupper()
    )


def _is_full_sentence(text: str) -> bool:
    return len(re.findall(r"\w+", text)) >= _MIN_NEIGHBOUR_WORDS


def _lacks_verb(
    paragraph_tags: tuple[TaggedWord, ...], line: Line, sentence: Sentence, last: bool
) -> bool:
    """No finite verb, and a noun at its core. A fragment closing a paragraph may be a sign-off
    or a signature ("Best regards, Anna Petrova."), so there only a lone common noun counts."""
    from xlingual.analysis.words.syntax import has_finite_verb

    # Tag the whole paragraph: a word's tag depends on its neighbours.
    offset = sentence.start - line.start
    words = tuple(
        w
        for w in paragraph_tags
        if offset <= w.start < offset + len(sentence.text) and w.pos != "PUNCT"
    )
    if not words or has_finite_verb(words):
        return False
    if any(w.pos in ("INTJ", "PRON", "NUM") for w in words):
        return False  # "Thanks.", "Me neither.", "Two." are answers, not breakage
    if last:
        return len(words) == 1 and words[0].pos == "NOUN"
    return any(w.pos in ("NOUN", "PROPN") for w in words)
