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

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from xlingual.load.documents import Document
from xlingual.qe.model import SentenceJudgement

# e5-small cosine from which an aligned pair of sentences in two languages counts as a close
# link. Measured on stories_dev: an MT article's sentences and its source's sit at 0.84-0.95, a
# wire story's and a foreign article's at 0.80-0.90, so the count decides, not one pair.
TRANSLATION_COSINE = 0.85
# Close links an article needs with another-language article to be read as its translation.
MIN_LINKS = 2
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
    documents: Sequence[Document], vectors: Sequence[np.ndarray], groups
) -> dict[int, int]:
    """Which article (index) translates which other-language article (see _source_documents)."""
    links = _cross_language_links(documents, vectors, groups, story_language(documents))
    return _source_documents(links)


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


def _cross_language_links(documents, vectors, groups, language):
    """(document in the story's language, document in another) -> {sentence: (cosine, the
    other document's sentence)}: the best partner each sentence has in each other document."""
    links: dict[tuple[int, int], dict[int, tuple[float, int]]] = {}
    for group in groups:
        members = [(member.document, member.sentence) for member in group.members]
        for doc_a, sentence_a in members:
            if documents[doc_a].language != language:
                continue
            for doc_b, sentence_b in members:
                if documents[doc_b].language == language:
                    continue
                cosine = float(vectors[doc_a][sentence_a] @ vectors[doc_b][sentence_b])
                best = links.setdefault((doc_a, doc_b), {}).get(sentence_a)
                if best is None or cosine > best[0]:
                    links[(doc_a, doc_b)][sentence_a] = (cosine, sentence_b)
    return links


def _source_documents(links) -> dict[int, int]:
    """Which article each article translates: the other-language article it shares the most
    close links with (cosine >= TRANSLATION_COSINE), at least MIN_LINKS of them, when it is
    also that article's best partner. Another outlet's report of the same facts shares fewer
    sentences with the original than its translation does, so each original gets one."""
    close = {
        pair: sum(1 for cosine, _ in sentences.values() if cosine >= TRANSLATION_COSINE)
        for pair, sentences in links.items()
    }
    best_source: dict[int, tuple[int, int]] = {}
    best_translation: dict[int, tuple[int, int]] = {}
    for (target, source), count in sorted(close.items()):
        if count >= MIN_LINKS:
            if count > best_source.get(target, (0, -1))[0]:
                best_source[target] = (count, source)
            if count > best_translation.get(source, (0, -1))[0]:
                best_translation[source] = (count, target)
    return {
        target: source
        for target, (_, source) in best_source.items()
        if best_translation[source][1] == target
    }
