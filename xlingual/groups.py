"""Cross-article alignment: groups of sentences in different documents that report the same thing.

Articles about one story are comparable, not parallel: they reorder, omit and paraphrase, so
this is neither monotonic nor complete. Each sentence is linked to its best match in every other
document when the two are mutual nearest neighbours with a clear ratio margin (Artetxe & Schwenk
2019): cos(x, y) divided by the mean similarity of x and y to their k nearest neighbours. The
margin rejects sentences that are merely "about the story" and similar to everything. Links are
then joined into groups (connected components). numpy only: this takes vectors, not texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from xlingual.components import connected_components


@dataclass(frozen=True)
class GroupMember:
    document: int  # index into the checked documents
    sentence: int  # index into that document's sentences


@dataclass(frozen=True)
class AlignedGroup:
    members: tuple[GroupMember, ...]
    score: float  # mean cosine similarity of the links that formed the group


@dataclass(frozen=True)
class GroupingConfig:
    min_cosine: float = 0.80
    min_margin: float = 1.015
    neighbours: int = 4
    # Fragments ("Comments", "It's not true.") carry no checkable fact and, being short, sit
    # close to many sentences; they are left out of groups.
    min_words: int = 4


# Cosines live on different scales per model (e5 puts unrelated sentences near 0.76, USE near
# 0.1), so thresholds are per model. On benchmarks/groups.py: the margin is the lowest with
# precision >= 0.98, the cosine floor the highest that costs no recall at that margin.
DEFAULTS_BY_EMBEDDER = {
    "e5-small": GroupingConfig(min_cosine=0.87, min_margin=1.015),
    "use": GroupingConfig(min_cosine=0.40, min_margin=1.20),
}


def grouping_defaults(embedder: str) -> GroupingConfig:
    return DEFAULTS_BY_EMBEDDER.get(embedder, DEFAULTS_BY_EMBEDDER["e5-small"])


def align_documents(
    vectors: Sequence[np.ndarray],
    config: GroupingConfig | None = None,
    word_counts: Sequence[Sequence[int]] | None = None,
) -> list[AlignedGroup]:
    """Group sentences across documents; `vectors[d]` holds document d's L2-normalised rows.

    `word_counts[d][i]`, when given, is the number of words of sentence i of document d; shorter
    sentences than `config.min_words` are not grouped.
    """
    config = config or GroupingConfig()
    if len(vectors) < 2:
        return []
    doc_of = np.concatenate([np.full(len(v), d) for d, v in enumerate(vectors)])
    sentence_of = np.concatenate([np.arange(len(v)) for v in vectors])
    all_vectors = np.concatenate([np.asarray(v, dtype=np.float32) for v in vectors])
    if len(all_vectors) == 0:
        return []
    similarity = all_vectors @ all_vectors.T
    # Only other documents can hold a counterpart: mask the own document out of every row.
    same_document = doc_of[:, None] == doc_of[None, :]
    similarity[same_document] = -np.inf
    if word_counts is not None:
        too_short = np.concatenate([np.asarray(c) for c in word_counts]) < config.min_words
        similarity[too_short, :] = -np.inf
        similarity[:, too_short] = -np.inf
    k = max(1, min(config.neighbours, len(all_vectors) - 1))
    top_k = -np.sort(-similarity, axis=1)[:, :k]
    finite = np.isfinite(top_k)
    # With fewer candidates than `neighbours` (tiny documents) a margin says nothing, since the
    # best match is most of its own neighbourhood: a link between two such sentences is judged
    # on cosine alone.
    candidates = finite.sum(axis=1)
    judged_by_margin = candidates >= config.neighbours
    neighbourhood = np.where(finite, top_k, 0.0).sum(axis=1) / np.maximum(candidates, 1)
    neighbourhood = np.clip(neighbourhood, 1e-6, None)

    links: list[tuple[int, int, float]] = []
    offsets = np.cumsum([0] + [len(v) for v in vectors])
    for d in range(len(vectors)):
        rows = np.arange(offsets[d], offsets[d + 1])
        if len(rows) == 0:
            continue
        for e in range(d + 1, len(vectors)):
            cols = np.arange(offsets[e], offsets[e + 1])
            if len(cols) == 0:
                continue
            block = similarity[np.ix_(rows, cols)]
            if not np.isfinite(block).any():
                continue
            best_col = block.argmax(axis=1)
            best_row = block.argmax(axis=0)
            for r, c in enumerate(best_col):
                if best_row[c] != r:
                    continue
                cosine = float(block[r, c])
                if not np.isfinite(cosine):
                    continue
                i, j = rows[r], cols[c]
                margin = cosine / ((neighbourhood[i] + neighbourhood[j]) / 2)
                margin_ok = margin >= config.min_margin or not (
                    judged_by_margin[i] or judged_by_margin[j]
                )
                if cosine >= config.min_cosine and margin_ok:
                    links.append((int(i), int(j), cosine))
    return _components(links, doc_of, sentence_of)


def _components(links, doc_of: np.ndarray, sentence_of: np.ndarray) -> list[AlignedGroup]:
    groups = [
        AlignedGroup(
            members=tuple(
                GroupMember(int(doc_of[n]), int(sentence_of[n]))
                for n in sorted(nodes, key=lambda n: (doc_of[n], sentence_of[n]))
            ),
            score=float(np.mean(cosines)),
        )
        for nodes, cosines in connected_components(links)
    ]
    return sorted(groups, key=lambda g: (g.members[0].document, g.members[0].sentence))
