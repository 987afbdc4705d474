"""Cross-article alignment: groups of sentences in different documents that report the same thing.

Articles about one story are comparable, not parallel: they reorder, omit and paraphrase, so
this is neither monotonic nor complete. Each sentence is linked to its best match in every other
document when the two are mutual nearest neighbours with a clear ratio margin (Artetxe & Schwenk
2019): cos(x, y) divided by the mean similarity of x and y to their k nearest neighbours. The
margin rejects sentences that are merely "about the story" and similar to everything. Links are
then joined into groups (connected components). numpy only: this takes vectors, not texts.

Copies are the exception. Syndicated wire copy puts one sentence, word for word or with a number
changed, into many articles; its nearest neighbours are then all copies of it, equally good, and
the margin (about 1.0) would reject every one of them although nothing is ambiguous. The margin
measures how many *different* sentences a sentence is close to (hubness), so:

- two sentences of different documents at or above `copy_cosine` (near-identity) are copies, and
  copies are always one group, whatever the margin;
- in a sentence's neighbourhood all of its copies count as one neighbour, their best.

Copies are joined without listing every pair (a wire sentence in 5,000 files would make 12.5
million), so memory stays bounded by the block size and the number of sentences.

The matrix is computed twice, in blocks of rows. The first pass keeps each sentence's
neighbourhood (and joins copies); the second keeps only the pairs that pass the margin, which it
can judge because it knows both neighbourhoods. One pass would have to keep every pair above the
cosine floor until the end: 10,000 one-sentence files in one register (e5 puts most such pairs
above 0.87) made about 50 million pairs and 7.8 GB.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from xlingual.components import connected_components


@dataclass(frozen=True)
class GroupMember:
    document: int  # index into the checked documents
    sentence: int  # index into that document's sentences


@dataclass(frozen=True)
class AlignedGroup:
    members: tuple[GroupMember, ...]
    score: float  # mean cosine similarity of the links that formed the group (copies: every pair)


@dataclass(frozen=True)
class GroupingConfig:
    min_cosine: float = 0.80
    min_margin: float = 1.015
    neighbours: int = 4
    # Fragments ("Comments", "It's not true.") carry no checkable fact and, being short, sit
    # close to many sentences; they are left out of groups.
    min_words: int = 4
    # Near-identity: the same sentence, give or take a number, a date or a word.
    copy_cosine: float = 0.98


# Cosines live on different scales per model (e5 puts unrelated sentences near 0.76, USE near
# 0.1), so thresholds are per model. On benchmarks/groups.py: the margin is the lowest with
# precision >= 0.98, the cosine floor the highest that costs no recall at that margin. The copy
# level sits below what a changed number or date costs a wire sentence (e5 0.993-0.997, USE
# 0.950-0.992) and above translations (e5 0.92-0.93, USE 0.81-0.83) and two sentences that
# differ in more than a number (e5 0.95 for "born in 1950 in a village" / "born in 1962 ...").
DEFAULTS_BY_EMBEDDER = {
    "e5-small": GroupingConfig(min_cosine=0.87, min_margin=1.015, copy_cosine=0.98),
    "use": GroupingConfig(min_cosine=0.40, min_margin=1.20, copy_cosine=0.95),
}


def grouping_defaults(embedder: str) -> GroupingConfig:
    return DEFAULTS_BY_EMBEDDER.get(embedder, DEFAULTS_BY_EMBEDDER["e5-small"])


# Rows of the similarity matrix computed at once: bounds memory at a few dozen bytes per element
# (float64 products, float32 cosines, masks) whatever the corpus size.
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
    doc_of: np.ndarray  # each row's document (non-decreasing: documents are stacked in order)
    usable: np.ndarray  # rows long enough to be grouped
    k: int  # neighbours in the margin's neighbourhood
    min_cosine: float
    copy_cosine: float = np.inf  # at or above it two sentences are copies
    # Known in the second pass only: each row's mean neighbour similarity, whether the margin
    # judges it (it has enough candidates), and the margin a link needs.
    neighbourhood: np.ndarray | None = None
    judged_by_margin: np.ndarray | None = None
    min_margin: float = 1.0


@dataclass(frozen=True)
class NeighbourhoodBlock:
    """What the first pass keeps of one block of rows, bounded by the block's size and the
    corpus's: per row, its neighbourhood's sum and size, and the sum and number of its copies
    of higher row number; and the copy graph's components among the rows it touches, as edges
    from each node to the lowest node of its component."""

    candidates: np.ndarray
    neighbourhood_sum: np.ndarray
    copy_sum: np.ndarray
    copy_count: np.ndarray
    copy_nodes: np.ndarray
    copy_roots: np.ndarray


@dataclass(frozen=True)
class LinkBlock:
    """What the second pass keeps of one block of rows: the non-copy pairs above the floor
    whose column is the row's best match in the column's document and whose margin is clear
    (from both sides, so a pair listed twice is a mutual best)."""

    pair_rows: np.ndarray
    pair_cols: np.ndarray
    pair_cosines: np.ndarray


BlockResult = NeighbourhoodBlock | LinkBlock


def block_bounds(total: int) -> list[tuple[int, int]]:
    """The row ranges `align_documents` computes at once, a function of the corpus size only."""
    chunk = max(1, CHUNK_ELEMENTS // max(total, 1))
    return [(start, min(start + chunk, total)) for start in range(0, total, chunk)]


def _masked(similarity: np.ndarray, rows: np.ndarray, doc_of: np.ndarray, usable: np.ndarray):
    # Only other documents can hold a counterpart; fragments are nobody's neighbour.
    similarity[doc_of[rows][:, None] == doc_of[None, :]] = -np.inf
    similarity[:, ~usable] = -np.inf
    similarity[~usable[rows], :] = -np.inf
    return similarity


def _neighbourhood(
    similarity: np.ndarray, copies: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the sum and the number of its k nearest distinct candidates.

    All of a row's copies count as one candidate, the best of them: five copies of a wire
    sentence are one sentence that five articles carry, not five sentences it resembles."""
    total = similarity.shape[1]
    if copies.any():
        best_copy = np.where(copies, similarity, -np.inf).max(axis=1, initial=-np.inf)
        others = np.where(copies, -np.inf, similarity)
    else:  # the common case, without two more copies of the block
        best_copy = np.full(len(similarity), -np.inf, dtype=similarity.dtype)
        others = similarity
    top_k = np.partition(others, total - k, axis=1)[:, total - k :]
    # Sorted descending, so the sums add in the same order in every blocking.
    top_k = -np.sort(-top_k, axis=1)[:, :k]
    has_copy = np.isfinite(best_copy)
    counted = np.isfinite(top_k)
    counted[has_copy, k - 1] = False  # the copy takes the last place
    sums = np.where(counted, top_k, 0.0).sum(axis=1) + np.where(has_copy, best_copy, 0.0)
    return sums.astype(np.float32), counted.sum(axis=1) + has_copy


def _copy_level(config_copy: float, min_cosine: float) -> float:
    # A copy is a link, so it is never below the floor a link needs.
    return max(config_copy, min_cosine)


def similarity_block(inputs: SimilarityInputs, start: int, stop: int) -> BlockResult:
    """Rows start..stop of the similarity matrix, reduced to what the grouping needs.

    First pass (`inputs.neighbourhood` is None): the neighbourhoods and the copies, no pairs.
    Second pass: only the pairs, those that pass the margin.

    Pure, and a function of its arguments alone, so it can run anywhere (xlingual.distributed
    runs it on a cluster's workers) and give the very same floats."""
    all_vectors, doc_of, usable, k = inputs.vectors, inputs.doc_of, inputs.usable, inputs.k
    total = len(all_vectors)
    rows = np.arange(start, stop)
    block = _masked(_cosines(all_vectors[rows], all_vectors), rows, doc_of, usable)
    copies = block >= inputs.copy_cosine
    if inputs.neighbourhood is not None:
        return _links_block(inputs, rows, block, copies)
    neighbourhood_sum, candidates = _neighbourhood(block, copies, k)

    # Each pair of copies once, from its lower row; summed in column order within a row.
    copy_r, copy_c = np.nonzero(copies)
    later = rows[copy_r] < copy_c
    copy_r, copy_c = copy_r[later], copy_c[later]
    copy_cosines = block[copy_r, copy_c].astype(np.float64)
    copy_sum = np.bincount(copy_r, weights=copy_cosines, minlength=len(rows))
    copy_count = np.bincount(copy_r, minlength=len(rows))
    nodes, roots = _forest(rows[copy_r], copy_c, total)

    return NeighbourhoodBlock(
        candidates=candidates,
        neighbourhood_sum=neighbourhood_sum,
        copy_sum=copy_sum,
        copy_count=copy_count,
        copy_nodes=nodes,
        copy_roots=roots,
    )


def _links_block(
    inputs: SimilarityInputs, rows: np.ndarray, block: np.ndarray, copies: np.ndarray
) -> LinkBlock:
    """The second pass over a block: the non-copy pairs above the floor whose column is the
    row's best match in its document (ties to the lowest sentence, as argmax does; when the best
    match is a copy, nothing is) and whose margin is clear."""
    assert inputs.neighbourhood is not None and inputs.judged_by_margin is not None
    doc_of = inputs.doc_of
    above = (block >= inputs.min_cosine) & ~copies
    r, c = np.nonzero(above)
    if len(r):
        starts = np.flatnonzero(np.r_[True, doc_of[1:] != doc_of[:-1]])
        segment_of = np.cumsum(np.r_[False, doc_of[1:] != doc_of[:-1]])
        best_in_document = np.maximum.reduceat(block, starts, axis=1)
        best = block[r, c] == best_in_document[r, segment_of[c]]
        r, c = r[best], c[best]
        # np.nonzero lists columns in order within a row, so the first of each (row, document)
        # is the lowest-numbered of tied best matches.
        _, first = np.unique(r * len(starts) + segment_of[c], return_index=True)
        r, c = r[first], c[first]
        # The margin is symmetric in the pair and both sides compute the same cosine, so a pair
        # dropped here is dropped from both of its rows: the same links as judging it after.
        i, j = rows[r], c
        neighbourhood, judged = inputs.neighbourhood, inputs.judged_by_margin
        margin = block[r, c] / ((neighbourhood[i] + neighbourhood[j]) / 2)
        clear = (margin >= inputs.min_margin) | ~(judged[i] | judged[j])
        r, c = r[clear], c[clear]
    return LinkBlock(pair_rows=rows[r], pair_cols=c, pair_cosines=block[r, c])


def _forest(first: np.ndarray, second: np.ndarray, total: int) -> tuple[np.ndarray, np.ndarray]:
    """The components of the graph with these edges, as edges from each node that is not the
    lowest of its component to that lowest node: at most one edge per node, same components."""
    labels = _join(np.arange(total), first, second)
    moved = np.flatnonzero(labels != np.arange(total))
    return moved, labels[moved]


def _join(labels: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Merge the components that each edge (first[n], second[n]) joins, in place.

    `labels[x] <= x` points towards x's component's lowest node; after the call every label is
    that lowest node. Vectorised union-find: hook the higher root under the lower, jump pointers,
    repeat until every edge lies inside one component."""
    _compress(labels)
    while len(first):
        left, right = labels[first], labels[second]
        apart = left != right
        if not apart.any():
            break
        first, second = first[apart], second[apart]
        low = np.minimum(left[apart], right[apart])
        high = np.maximum(left[apart], right[apart])
        np.minimum.at(labels, high, low)
        _compress(labels)
    return labels


def _compress(labels: np.ndarray) -> None:
    while True:
        jumped = labels[labels]
        if np.array_equal(jumped, labels):
            return
        labels[:] = jumped


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
    similarities are computed in blocks of rows, twice, and from each block only what the
    grouping needs is kept (`NeighbourhoodBlock`, then `LinkBlock`): memory grows with the number
    of sentences and of links between different sentences, never with the number of pairs of
    copies. That is exact, because a
    link needs cosine >= min_cosine, and if i's best match in document e is j, then j's best
    match in i's document is at least as close, so above the floor too.

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
    copy_level = _copy_level(config.copy_cosine, config.min_cosine)
    neighbourhood_sum = np.zeros(total, dtype=np.float32)
    candidates = np.zeros(total, dtype=np.int64)
    copy_sum = np.zeros(total, dtype=np.float64)
    copy_count = np.zeros(total, dtype=np.int64)
    copy_labels = np.arange(total)
    inputs = SimilarityInputs(all_vectors, doc_of, usable, k, config.min_cosine, copy_level)
    bounds = block_bounds(total)
    map_blocks = map_blocks or _blocks_here
    for (start, stop), result in zip(bounds, map_blocks(inputs, bounds), strict=True):
        assert isinstance(result, NeighbourhoodBlock)  # the first pass: no neighbourhood given
        candidates[start:stop] = result.candidates
        neighbourhood_sum[start:stop] = result.neighbourhood_sum
        copy_sum[start:stop] = result.copy_sum
        copy_count[start:stop] = result.copy_count
        # Folded in at once: the copy graph never needs more than one label per sentence.
        _join(copy_labels, result.copy_nodes, result.copy_roots)
    # With fewer candidates than `neighbours` (tiny documents) a margin says nothing, since the
    # best match is most of its own neighbourhood: such a link is judged on cosine alone.
    judged_by_margin = candidates >= config.neighbours
    neighbourhood = neighbourhood_sum / np.maximum(candidates, 1)
    neighbourhood = np.clip(neighbourhood, 1e-6, None)

    second_pass = replace(
        inputs,
        neighbourhood=neighbourhood,
        judged_by_margin=judged_by_margin,
        min_margin=config.min_margin,
    )
    blocks = list(map_blocks(second_pass, bounds))
    assert all(isinstance(block, LinkBlock) for block in blocks)  # the second pass
    first, second, cosines = _mutual(
        np.concatenate([b.pair_rows for b in blocks]),
        np.concatenate([b.pair_cols for b in blocks]),
        np.concatenate([b.pair_cosines for b in blocks]),
    )

    # Components of the links and the copy graph together; copies are joined by their labels.
    labels = _join(copy_labels, first, second)
    linked = np.zeros(total, dtype=bool)
    linked[first] = linked[second] = True
    linked |= labels != np.arange(total)
    linked[labels[linked]] = True
    link_sum = np.bincount(labels[first], weights=cosines.astype(np.float64), minlength=total)
    link_count = np.bincount(labels[first], minlength=total)
    score_sum = link_sum + np.bincount(labels, weights=copy_sum, minlength=total)
    score_count = link_count + np.bincount(labels, weights=copy_count, minlength=total)
    groups: dict[int, list[int]] = {}
    for node in np.flatnonzero(linked):
        groups.setdefault(int(labels[node]), []).append(int(node))
    # Rows are stacked in (document, sentence) order and each group's label is its lowest row,
    # so members and groups come out sorted.
    return [
        AlignedGroup(
            members=tuple(GroupMember(int(doc_of[n]), int(sentence_of[n])) for n in nodes),
            score=float(score_sum[root] / score_count[root]),
        )
        for root, nodes in sorted(groups.items())
    ]


def _mutual(
    rows: np.ndarray, cols: np.ndarray, cosines: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs listed from both sides (each side's best match in the other's document), once,
    lower row first, with the cosine its lower row computed."""
    low, high = np.minimum(rows, cols), np.maximum(rows, cols)
    order = np.lexsort((rows != low, high, low))
    low, high, cosines = low[order], high[order], cosines[order]
    twice = (low[1:] == low[:-1]) & (high[1:] == high[:-1])
    return low[:-1][twice], high[:-1][twice], cosines[:-1][twice]


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


def align_documents_dense(
    vectors: Sequence[np.ndarray],
    config: GroupingConfig | None = None,
    word_counts: Sequence[Sequence[int]] | None = None,
) -> list[AlignedGroup]:
    """The reference implementation: one full similarity matrix over every sentence pair.

    Quadratic in memory and with a Python loop over every pair of documents and every pair of
    copies, so it is kept only to check `align_documents` against (tests) on small inputs.

    `word_counts[d][i]`, when given, is the number of words of sentence i of document d; shorter
    sentences than `config.min_words` are not grouped.
    """
    config = config or GroupingConfig()
    if len(vectors) < 2:
        return []
    all_vectors, doc_of, sentence_of, usable = _flattened(vectors, word_counts, config.min_words)
    total = len(all_vectors)
    if total == 0:
        return []
    everything = np.arange(total)
    similarity = _masked(_cosines(all_vectors, all_vectors), everything, doc_of, usable)
    copy_level = _copy_level(config.copy_cosine, config.min_cosine)
    copies = similarity >= copy_level
    k = max(1, min(config.neighbours, total - 1))
    neighbourhood_sum, candidates = _neighbourhood(similarity, copies, k)
    # With fewer candidates than `neighbours` (tiny documents) a margin says nothing, since the
    # best match is most of its own neighbourhood: a link between two such sentences is judged
    # on cosine alone.
    judged_by_margin = candidates >= config.neighbours
    neighbourhood = np.clip(neighbourhood_sum / np.maximum(candidates, 1), 1e-6, None)

    links: list[tuple[int, int, float]] = []
    offsets = np.cumsum([0] + [len(v) for v in vectors])
    for d in range(len(vectors)):
        rows = np.arange(offsets[d], offsets[d + 1])
        for e in range(d + 1, len(vectors)):
            cols = np.arange(offsets[e], offsets[e + 1])
            if len(rows) == 0 or len(cols) == 0:
                continue
            block = similarity[np.ix_(rows, cols)]
            best_col = block.argmax(axis=1)
            best_row = block.argmax(axis=0)
            for r, c in np.ndindex(block.shape):
                i, j, cosine = int(rows[r]), int(cols[c]), float(block[r, c])
                if copies[i, j]:
                    links.append((i, j, cosine))  # copies: always linked
                    continue
                if best_col[r] != c or best_row[c] != r or cosine < config.min_cosine:
                    continue
                margin = cosine / ((neighbourhood[i] + neighbourhood[j]) / 2)
                if margin >= config.min_margin or not (judged_by_margin[i] or judged_by_margin[j]):
                    links.append((i, j, cosine))
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
