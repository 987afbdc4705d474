"""Which sentences the quality-estimation model judges, and against which source.

- A source and its translation (`check_pair`, `check_pairs`): each bead's translated sentences,
  against the bead's source sentences.
- A story (`check`): the sentences of the articles in the story's language (the language most
  of its articles are in: the one it is published in). A sentence aligned with a sentence in
  another language that reads as its translation (cosine at least TRANSLATION_COSINE) is judged
  against it as its source; any other sentence is judged alone when it is English (the
  target-only head is trained on English MT), and not at all otherwise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from xlingual.documents import Document
from xlingual.qe.model import Estimator, SentenceJudgement

# e5-small cosine above which a sentence in another language is taken as the source of an
# aligned sentence, not a paraphrase of the same fact by another outlet. Tuned on stories_dev:
# an MT sentence and its source article's sentence sit above it, a wire sentence and a foreign
# article's sentence mostly below (benchmarks/qe.py prints the judged pairs).
TRANSLATION_COSINE = 0.88
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
class _Request:
    document: int
    start: int
    end: int
    source_document: int | None
    source_start: int
    source_end: int


def judge_requests(
    documents: Sequence[Document], requests: Sequence[_Request], estimator: Estimator
) -> tuple[JudgedSentence, ...]:
    pairs = [
        (
            documents[r.source_document].text[r.source_start : r.source_end]
            if r.source_document is not None
            else None,
            documents[r.document].text[r.start : r.end],
        )
        for r in requests
    ]
    judgements = estimator.judge(pairs)
    return tuple(
        JudgedSentence(
            r.document, r.start, r.end, j, r.source_document, r.source_start, r.source_end
        )
        for r, j in zip(requests, judgements, strict=True)
    )


def bead_requests(documents: Sequence[Document], source: int, target: int, beads) -> list[_Request]:
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
                _Request(target, sentence.start, sentence.end, source, first.start, last.end)
            )
    return requests


def story_language(documents: Sequence[Document]) -> str:
    counts = Counter(document.language for document in documents)
    return max(sorted(counts), key=lambda language: (counts[language], language == "en"))


def story_requests(
    documents: Sequence[Document], vectors: Sequence[np.ndarray], groups
) -> list[_Request]:
    """The story's sentences to judge, each with the other-language sentence it translates."""
    language = story_language(documents)
    source_of: dict[tuple[int, int], tuple[float, int, int]] = {}
    for group in groups:
        members = [(member.document, member.sentence) for member in group.members]
        for doc_a, sentence_a in members:
            if documents[doc_a].language != language:
                continue
            for doc_b, sentence_b in members:
                if documents[doc_b].language == language:
                    continue
                cosine = float(vectors[doc_a][sentence_a] @ vectors[doc_b][sentence_b])
                best = source_of.get((doc_a, sentence_a))
                if cosine >= TRANSLATION_COSINE and (best is None or cosine > best[0]):
                    source_of[(doc_a, sentence_a)] = (cosine, doc_b, sentence_b)
    requests = []
    for index, document in enumerate(documents):
        if document.language != language:
            continue
        for number, sentence in enumerate(document.sentences):
            if len(sentence.text.strip()) < MIN_CHARACTERS:
                continue
            found = source_of.get((index, number))
            if found is not None:
                _, doc_b, sentence_b = found
                source = documents[doc_b].sentences[sentence_b]
                requests.append(
                    _Request(index, sentence.start, sentence.end, doc_b, source.start, source.end)
                )
            elif language == "en":
                requests.append(_Request(index, sentence.start, sentence.end, None, 0, 0))
    return requests
