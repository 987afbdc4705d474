"""Which sentences the quality-estimation model judges, and against which source.

- A source and its translation (`check_pair`, `check_pairs`): each bead's translated sentences,
  against the bead's source sentences.
- A story (`check`): the sentences of the articles in the story's language (the language most
  of its articles are in: the one it is published in). An article that reads as the
  translation of an article in another language (`_source_documents`) has each sentence aligned
  with one of that article's judged against it as its source; every other sentence is judged
  alone when it is English (the target-only head is trained on English MT), and not at all
  otherwise. Another outlet's English report of the same facts is not a translation: its
  sentences are read alone, never against a foreign paraphrase.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from xlingual.load.documents import Document
from xlingual.qe.model import SentenceJudgement

# e5-small cosine from which a sentence's best partner in another language counts as close.
TRANSLATION_COSINE = 0.85
# Share of an article's sentences that must have a close partner in the other article, in the
# other article's order, for it to be read as that article's translation. Measured on
# stories_dev (`benchmarks/stories.py`): the three MT articles and their sources 0.67, 0.89 and
# 0.95; every other English article against a foreign one 0.11-0.50 (another outlet's report of
# the same facts, or an MT of a different article in that language).
MIN_TRANSLATED_SHARE = 0.6
# Sentences shorter than this many characters (datelines, bylines) are not judged.
MIN_CHARACTERS = 20


@dataclass(frozen=True)
class JudgedSentence:
    """A judgement placed in its document: word offsets in `judgement` are relative to
    `start`; source word offsets to `source_start` in `source_document`."""

    document: int
    start: int
    end: int
    judgement: SentenceJudgement
    source_document: int | None = None
    source_start: int = 0
    source_end: int = 0


@dataclass(frozen=True)
class Request:
    """A sentence to judge (document and offsets) and its source, if it has one."""

    document: int
    start: int
    end: int
    source_document: int | None
    source_start: int
    source_end: int


def texts(
    documents: Sequence[Document], requests: Sequence[Request]
) -> list[tuple[str | None, str]]:
    """The (source or None, translation) texts the estimator reads for `requests`."""
    return [
        (
            documents[r.source_document].text[r.source_start : r.source_end]
            if r.source_document is not None
            else None,
            documents[r.document].text[r.start : r.end],
        )
        for r in requests
    ]


def placed(
    requests: Sequence[Request], judgements: Sequence[SentenceJudgement]
) -> tuple[JudgedSentence, ...]:
    """Each judgement placed where its request points."""
    return tuple(
        JudgedSentence(
            r.document, r.start, r.end, j, r.source_document, r.source_start, r.source_end
        )
        for r, j in zip(requests, judgements, strict=True)
    )


def bead_requests(documents: Sequence[Document], source: int, target: int, beads) -> list[Request]:
    """Each translated sentence of a bead, against the bead's source sentences."""
    requests = []
    source_sentences = documents[source].sentences
    for bead in beads:
        if not bead.source or not bead.target:
            continue
        first, last = source_sentences[bead.source[0]], source_sentences[bead.source[-1]]
        for index in bead.target:
            sentence = documents[target].sentences[index]
            requests.append(
                Request(target, sentence.start, sentence.end, source, first.start, last.end)
            )
    return requests


def story_language(documents: Sequence[Document]) -> str:
    counts = Counter(document.language for document in documents)
    return max(sorted(counts), key=lambda language: (counts[language], language == "en"))


def source_documents(
    documents: Sequence[Document], vectors: Sequence[np.ndarray]
) -> dict[int, int]:
    """Which article (index) translates which other-language article: the one whose sentences
    it follows most closely (`translated_share` at least MIN_TRANSLATED_SHARE), when it is also
    that article's closest follower. Each original gets one translation."""
    language = story_language(documents)
    shares = {
        (target, source): translated_share(vectors[target], vectors[source])
        for target, document in enumerate(documents)
        if document.language == language
        for source, other in enumerate(documents)
        if other.language != language and len(vectors[target]) and len(vectors[source])
    }
    best_source: dict[int, tuple[float, int]] = {}
    best_translation: dict[int, tuple[float, int]] = {}
    for (target, source), share in sorted(shares.items()):
        if share >= MIN_TRANSLATED_SHARE:
            if share > best_source.get(target, (0.0, -1))[0]:
                best_source[target] = (share, source)
            if share > best_translation.get(source, (0.0, -1))[0]:
                best_translation[source] = (share, target)
    return {
        target: source
        for target, (_, source) in best_source.items()
        if best_translation[source][1] == target
    }


def translated_share(target_vectors: np.ndarray, source_vectors: np.ndarray) -> float:
    """The share of the target's sentences whose best partner in the source is close (cosine
    >= TRANSLATION_COSINE) and in the source's order (the longest run of such partners in
    increasing order). A translation follows its source sentence by sentence; another report
    of the same facts matches fewer sentences, in another order."""
    similarity = target_vectors @ source_vectors.T
    partners = similarity.argmax(axis=1)[similarity.max(axis=1) >= TRANSLATION_COSINE]
    return _longest_increasing(partners.tolist()) / len(target_vectors)


def _longest_increasing(values: list[int]) -> int:
    """Length of the longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    for value in values:
        place = bisect.bisect_left(tails, value)
        tails[place : place + 1] = [value]
    return len(tails)


def story_requests(
    documents: Sequence[Document], beads: Mapping[tuple[int, int], Sequence]
) -> list[Request]:
    """The story's sentences to judge: those of an article that translates another (`beads`
    aligns them: (translation, source) -> beads of the source-translation aligner) against
    their source sentences, and any other sentence in English alone."""
    language = story_language(documents)
    requests = []
    with_source: set[tuple[int, int]] = set()
    for (target, source), pair_beads in sorted(beads.items()):
        for request in bead_requests(documents, source, target, pair_beads):
            requests.append(request)
            with_source.add((target, request.start))
    if language == "en":
        for index, document in enumerate(documents):
            if document.language != language:
                continue
            for sentence in document.sentences:
                if (index, sentence.start) not in with_source:
                    requests.append(Request(index, sentence.start, sentence.end, None, 0, 0))
    return [
        r
        for r in requests
        if len(documents[r.document].text[r.start : r.end].strip()) >= MIN_CHARACTERS
    ]
