"""Cross-article alignment: groups of sentences in different documents that report the same thing.

Articles about one story are comparable, not parallel: they reorder, omit and paraphrase, so
this is neither monotonic nor complete. Each sentence is linked to its best match in every other
document when the two are mutual nearest neighbours with a clear ratio margin (Artetxe & Schwenk
2019): cos(x, y) divided by the mean similarity of x and y to their k nearest neighbours. The
margin rejects sentences that are merely "about the story" and similar to everything. Links are
then joined into groups (connected components). numpy only: this takes vectors, not texts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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


# Rows of the similarity matrix computed at once: bounds memory at about
# CHUNK_ELEMENTS * 12 bytes (float64 products, their float32 copy) whatever the corpus size.
CHUNK_ELEMENTS = 8_000_000


def _cosines(rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """float32 dot products of float32 rows that do not depend on how the rows are blocked.

    A float32 matmul sums in an order that depends on the shapes (a one-row block takes another
    BLAS kernel than a many-row one), so one pair's cosine could differ in the last bit between
    two blockings, or between a block and the dense matrix: enough to break a tie between
    duplicate sentences or to cross a threshold. Products of float32 numbers are exact in float64,
    and their float64 sum, in whatever order, rounds to the same float32 unless it lies within
    about 1e-14 of a rounding midpoint. It costs about half as much again as a float32 matmul.
    """
    return (rows.astype(np.float64) @ columns.T.astype(np.float64)).astype(np.float32)


@dataclass(frozen=True)
class SimilarityInputs:
    """What every block of rows reads; the same for all blocks, so a cluster receives it once."""

    vectors: np.ndarray  # every sentence's row, float32
    doc_of: np.ndarray  # each row's document
    usable: np.ndarray  # rows long enough to be grouped
    k: int  # neighbours in the margin's neighbourhood
    min_cosine: float


@dataclass(frozen=True)
class BlockResult:
    """What is kept of one block of rows: per row, its top-k sum and count; the pairs above the
    floor (from their lower-numbered row)."""

    candidates: np.ndarray
    neighbourhood_sum: np.ndarray
    pair_rows: np.ndarray
    pair_cols: np.ndarray
    pair_cosines: np.ndarray


def block_bounds(total: int) -> list[tuple[int, int]]:
    """The row ranges `align_documents` computes at once, a function of the corpus size only."""
    chunk = max(1, CHUNK_ELEMENTS // max(total, 1))
    return [(start, min(start + chunk, total)) for start in range(0, total, chunk)]


def similarity_block(inputs: SimilarityInputs, start: int, stop: int) -> BlockResult:
    """Rows start..stop of the similarity matrix, reduced to what the grouping needs.

    Pure, and a function of its arguments alone, so it can run anywhere (xlingual.distributed
    runs it on a cluster's workers) and give the very same floats."""
    all_vectors, doc_of, usable, k = inputs.vectors, inputs.doc_of, inputs.usable, inputs.k
    total = len(all_vectors)
    rows = np.arange(start, stop)
    block = _cosines(all_vectors[rows], all_vectors)
    # Only other documents can hold a counterpart; fragments are nobody's neighbour.
    block[doc_of[rows][:, None] == doc_of[None, :]] = -np.inf
    block[:, ~usable] = -np.inf
    block[~usable[rows], :] = -np.inf
    top_k = np.partition(block, total - k, axis=1)[:, total - k :]
    # Sorted descending as the dense path does, so the sums add in the same order.
    top_k = -np.sort(-top_k, axis=1)[:, :k]
    finite = np.isfinite(top_k)
    # Each pair is kept once, from its lower-numbered row, so both directions of the
    # mutual-best test below see the very same cosine.
    r, c = np.nonzero((block >= inputs.min_cosine) & (rows[:, None] < np.arange(total)))
    return BlockResult(
        candidates=finite.sum(axis=1),
        neighbourhood_sum=np.where(finite, top_k, 0.0).sum(axis=1),
        pair_rows=rows[r],
        pair_cols=c,
        pair_cosines=block[r, c],
    )


# Computes the blocks of the given bounds, in that order: locally, or on a cluster.
BlockMap = Callable[[SimilarityInputs, Sequence[tuple[int, int]]], Iterable[BlockResult]]


def _blocks_here(inputs: SimilarityInputs, bounds: Sequence[tuple[int, int]]):
    # A generator: one block's matrix at a time.
    return (similarity_block(inputs, start, stop) for start, stop in bounds)


def align_documents(
    vectors: Sequence[np.ndarray],
    config: GroupingConfig | None = None,
    word_counts: Sequence[Sequence[int]] | None = None,
    *,
    map_blocks: BlockMap | None = None,
) -> list[AlignedGroup]:
    """Group sentences across documents; `vectors[d]` holds document d's L2-normalised rows.

    `word_counts[d][i]`, when given, is the number of words of sentence i of document d; shorter
    sentences than `config.min_words` are not grouped.

    Gives the same groups as `align_documents_dense` without ever holding the full matrix: the
    similarities are computed in blocks of rows, and from each block only two things are kept,
    each row's k nearest neighbours (for the margin) and the pairs at or above `min_cosine`. That
    is exact, because a link needs cosine >= min_cosine, and if i's best match in document e is
    j, then j's best match in i's document is at least as close, so above the floor too.

    `map_blocks` computes the blocks (`similarity_block` over `block_bounds`); the default runs
    them here, one at a time.
    """
    config = config or GroupingConfig()
    if len(vectors) < 2:
        return []
    all_vectors, doc_of, sentence_of, usable = _flattened(vectors, word_counts, config.min_words)
    total = len(all_vectors)
    if total == 0:
        return []
    k = max(1, min(config.neighbours, total - 1))
    neighbourhood_sum = np.zeros(total, dtype=np.float32)
    candidates = np.zeros(total, dtype=np.int64)
    pair_rows: list[np.ndarray] = []
    pair_cols: list[np.ndarray] = []
    pair_cosines: list[np.ndarray] = []
    inputs = SimilarityInputs(all_vectors, doc_of, usable, k, config.min_cosine)
    bounds = block_bounds(total)
    blocks = (map_blocks or _blocks_here)(inputs, bounds)
    for (start, stop), result in zip(bounds, blocks, strict=True):
        candidates[start:stop] = result.candidates
        neighbourhood_sum[start:stop] = result.neighbourhood_sum
        pair_rows.append(result.pair_rows)
        pair_cols.append(result.pair_cols)
        pair_cosines.append(result.pair_cosines)
    judged_by_margin = candidates >= config.neighbours
    neighbourhood = neighbourhood_sum / np.maximum(candidates, 1)
    neighbourhood = np.clip(neighbourhood, 1e-6, None)

    first = np.concatenate(pair_rows)
    second = np.concatenate(pair_cols)
    cosines = np.concatenate(pair_cosines)
    links: list[tuple[int, int, float]] = []
    if len(first):
        is_best = _best_in_other_document(first, second, cosines, doc_of) & (
            _best_in_other_document(second, first, cosines, doc_of)
        )
        # The dense path emits links by (document pair, row); keep that order, since the
        # group score averages its links' cosines in link order.
        order = np.lexsort((first, doc_of[second], doc_of[first]))
        for n in order[is_best[order]]:
            i, j, cosine = int(first[n]), int(second[n]), float(cosines[n])
            margin = cosine / ((neighbourhood[i] + neighbourhood[j]) / 2)
            margin_ok = margin >= config.min_margin or not (
                judged_by_margin[i] or judged_by_margin[j]
            )
            if margin_ok:
                links.append((i, j, cosine))
    return _components(links, doc_of, sentence_of)


def _flattened(
    vectors: Sequence[np.ndarray], word_counts: Sequence[Sequence[int]] | None, min_words: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every document's rows stacked (float32), with each row's document, its sentence index in
    that document, and whether it is long enough to be grouped."""
    doc_of = np.concatenate([np.full(len(v), d) for d, v in enumerate(vectors)])
    sentence_of = np.concatenate([np.arange(len(v)) for v in vectors])
    all_vectors = np.concatenate([np.asarray(v, dtype=np.float32) for v in vectors])
    usable = np.ones(len(all_vectors), dtype=bool)
    if word_counts is not None:
        usable = np.concatenate([np.asarray(c) for c in word_counts]) >= min_words
    return all_vectors, doc_of, sentence_of, usable


def _best_in_other_document(
    source: np.ndarray, target: np.ndarray, cosines: np.ndarray, doc_of: np.ndarray
) -> np.ndarray:
    """Whether each pair's target is its source's best match within the target's document.

    Ties go to the lowest sentence index, as `argmax` does in the dense path."""
    order = np.lexsort((target, -cosines, doc_of[target], source))
    key_source, key_doc = source[order], doc_of[target][order]
    first_of_group = np.ones(len(order), dtype=bool)
    first_of_group[1:] = (key_source[1:] != key_source[:-1]) | (key_doc[1:] != key_doc[:-1])
    best = np.zeros(len(order), dtype=bool)
    best[order] = first_of_group
    return best


def align_documents_dense(
    vectors: Sequence[np.ndarray],
    config: GroupingConfig | None = None,
    word_counts: Sequence[Sequence[int]] | None = None,
) -> list[AlignedGroup]:
    """The reference implementation: one full similarity matrix over every sentence pair.

    Quadratic in memory and with a Python loop over every pair of documents, so it is kept only
    to check `align_documents` against (tests) on small inputs.

    `word_counts[d][i]`, when given, is the number of words of sentence i of document d; shorter
    sentences than `config.min_words` are not grouped.
    """
    config = config or GroupingConfig()
    if len(vectors) < 2:
        return []
    all_vectors, doc_of, sentence_of, usable = _flattened(vectors, word_counts, config.min_words)
    if len(all_vectors) == 0:
        return []
    similarity = _cosines(all_vectors, all_vectors)
    # Only other documents can hold a counterpart: mask the own document out of every row.
    same_document = doc_of[:, None] == doc_of[None, :]
    similarity[same_document] = -np.inf
    similarity[~usable, :] = -np.inf
    similarity[:, ~usable] = -np.inf
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
