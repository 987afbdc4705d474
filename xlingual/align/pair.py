"""Source-translation sentence alignment: a monotonic DP over beads (Vecalign/Bertalign family).

Two passes over embeddings of sentence windows (runs of 1..`max_window` consecutive sentences,
embedded as concatenated text):

1. Anchors: pairs of single sentences that are each other's nearest neighbour within a wide
   diagonal band and lie on the longest increasing chain of such pairs.
2. A DP in a corridor around the anchors (the rectangle between consecutive anchors, widened by
   `band`) over beads 0-1, 1-0 and every a-b with a, b <= `max_window`, a + b <= `max_bead`.

A bead's score adds up evidence, on one per-document scale:
- the cosine of its two windows, calibrated so that 0 is the mean over all window pairs of those
  sizes (unrelated text) and 1 the median anchor (a typical translation pair); this puts every
  embedder on one scale, so one set of weights serves e5 (unrelated pairs near 0.79) and USE
  (near 0.06);
- character-length agreement: minus the squared log length ratio, after the document's own ratio;
- shared numbers and shared name-like words (Dice overlap of hashed sets), which sentence
  embeddings blur;
- optionally Bertalign's neighbourhood margin (off by default: it measured no gain here).
Skipping a sentence (a 1-0 or 0-1 bead) scores `skip`.

numpy only: the caller embeds (`window_texts`, one batch), this module takes vectors and the
arrays `text_features` (in `features`) derives from the sentence strings. No model, no I/O.
Scoring an alignment against a gold one is in `evaluation`.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

# text_features and TextFeatures stay importable from here too: callers that align (api)
# take them with the aligner.
from xlingual.align.features import TextFeatures, _popcount, text_features


@dataclass(frozen=True)
class Bead:
    """Source sentence ids aligned with target sentence ids (0-based); one side may be empty.

    `score` is the bead's DP score: for a two-sided bead about 1 for a typical translation pair
    and near 0 for unrelated text; for a skipped sentence, `AlignConfig.skip`.
    """

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float


@dataclass(frozen=True)
class AlignConfig:
    """Weights are in calibrated-cosine units (0 = unrelated, 1 = a typical anchor pair).

    Chosen on the Text+Berg de-fr dev document (`benchmarks/align.py`), where F1 is flat around
    them; see the benchmark's ablation for what each term is worth.
    """

    max_window: int = 4  # most sentences on one side of a bead
    max_bead: int = 5  # most sentences in a bead, both sides together
    anchor_band: int = 250  # first pass: half-width of the diagonal band searched for anchors
    anchor_band_fraction: float = 0.06  # ... or this fraction of the longer text, if wider
    band: int = 6  # second pass: how far the path may leave the corridor between anchors
    skip: float = -0.2  # score of leaving one sentence unaligned
    length_weight: float = 0.2  # times the squared log length ratio (after the document's)
    number_weight: float = 0.1  # times the Dice overlap of the numbers on the two sides
    token_weight: float = 0.1  # times the Dice overlap of name-like words
    margin: float = 0.0  # times the mean cosine with the sentences just outside the partner
    merge_cost: float = 0.03  # per sentence beyond the first on each side: prefer 1-1 when unsure
    sentence_cost: float = 0.0  # half of it per sentence in a two-sided bead
    informative_content: float = 20.0  # letters and digits from which skipping costs all of `skip`
    calibrate: bool = True  # put cosines on the per-document scale described above
    length_smoothing: float = 10.0  # characters added to both sides before the length ratio


# ---------------------------------------------------------------------------------------------
# Text side: windows to embed.


def window_texts(sentences: Sequence[str], max_window: int) -> list[str]:
    """Texts of every run of 1..max_window consecutive sentences, shortest runs first.

    Order: all single sentences, then all pairs (starting at 0, 1, ...), and so on. Embed them in
    one batch and pass the rows to `stack_windows`.
    """
    cleaned = [s.strip() for s in sentences]
    texts: list[str] = []
    for size in range(1, max_window + 1):
        for start in range(len(cleaned) - size + 1):
            texts.append(" ".join(cleaned[start : start + size]))
    return texts


def window_count(n: int, max_window: int) -> int:
    """How many texts `window_texts` returns for n sentences."""
    return sum(max(0, n - size + 1) for size in range(1, max_window + 1))


def stack_windows(vectors: np.ndarray, n: int, max_window: int) -> np.ndarray:
    """Rows in `window_texts` order -> (max_window, n, d); [w-1, i] embeds sentences i..i+w-1.

    Windows that would run past the end are zero rows.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    expected = window_count(n, max_window)
    if len(vectors) != expected:
        raise ValueError(f"expected {expected} window vectors, got {len(vectors)}")
    d = vectors.shape[1] if vectors.ndim == 2 else 0
    stacked = np.zeros((max_window, n, d), dtype=np.float32)
    offset = 0
    for size in range(1, max_window + 1):
        count = max(0, n - size + 1)
        stacked[size - 1, :count] = vectors[offset : offset + count]
        offset += count
    return stacked


def mean_windows(sentence_vectors: np.ndarray, max_window: int) -> np.ndarray:
    """Windows from sentence vectors alone (normalised sums), for when windows were not embedded.

    Cheaper (n texts to embed instead of about max_window * n) and less accurate.
    """
    v = np.asarray(sentence_vectors, dtype=np.float32)
    n, d = v.shape
    stacked = np.zeros((max_window, n, d), dtype=np.float32)
    running = np.zeros_like(v)
    for size in range(1, max_window + 1):
        count = max(0, n - size + 1)
        running = running[:count] + v[size - 1 : size - 1 + count]
        norms = np.linalg.norm(running, axis=1, keepdims=True)
        stacked[size - 1, :count] = running / np.clip(norms, 1e-12, None)
    return stacked


# ---------------------------------------------------------------------------------------------
# Public entry points.


def align_texts(
    src: Sequence[str],
    tgt: Sequence[str],
    embed: Callable[[list[str]], np.ndarray],
    config: AlignConfig | None = None,
) -> list[Bead]:
    """Embed every window of both texts in one `embed` call and align them.

    `embed` returns L2-normalised float32 rows, one per text.
    """
    config = config or AlignConfig()
    src_windows, tgt_windows = embed_windows(src, tgt, embed, config.max_window)
    return align_vectors(src_windows, tgt_windows, text_features(src), text_features(tgt), config)


def embed_windows(
    src: Sequence[str],
    tgt: Sequence[str],
    embed: Callable[[list[str]], np.ndarray],
    max_window: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Window vectors (max_window, n, d) of both sides from one `embed` call.

    Row [0] of each holds the single sentences, so a caller that also needs sentence vectors
    takes them from there instead of embedding again.
    """
    src_texts = window_texts(src, max_window)
    tgt_texts = window_texts(tgt, max_window)
    if src_texts or tgt_texts:
        vectors = np.asarray(embed(src_texts + tgt_texts), dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) != len(src_texts) + len(tgt_texts):
            raise ValueError("embed must return one row per text")
    else:
        vectors = np.zeros((0, 1), dtype=np.float32)
    return (
        stack_windows(vectors[: len(src_texts)], len(src), max_window),
        stack_windows(vectors[len(src_texts) :], len(tgt), max_window),
    )


def align_vectors(
    src_windows: np.ndarray,
    tgt_windows: np.ndarray,
    src_features: TextFeatures | None = None,
    tgt_features: TextFeatures | None = None,
    config: AlignConfig | None = None,
) -> list[Bead]:
    """Align two documents given their window vectors (max_window, n, d) and text features.

    A 2-D array of sentence vectors (n, d) is accepted too; its windows are then normalised
    sums (`mean_windows`). Without text features only the embeddings count.
    Every sentence of both sides lands in exactly one bead; beads are in order on both sides.
    """
    config = config or AlignConfig()
    src_windows = _as_windows(src_windows, config.max_window)
    tgt_windows = _as_windows(tgt_windows, config.max_window)
    n, m = src_windows.shape[1], tgt_windows.shape[1]
    src_features = src_features if src_features is not None else TextFeatures.empty(n)
    tgt_features = tgt_features if tgt_features is not None else TextFeatures.empty(m)
    if len(src_features) != n or len(tgt_features) != m:
        raise ValueError("text features and window vectors disagree on the number of sentences")
    if n == 0 or m == 0:
        deleted, inserted = skip_scores(src_features, config), skip_scores(tgt_features, config)
        return [Bead((i,), (), float(deleted[i])) for i in range(n)] + [
            Bead((), (j,), float(inserted[j])) for j in range(m)
        ]
    anchors = find_anchors(src_windows[0], tgt_windows[0], config)
    lo, hi = corridor(anchors, n, m, config.band)
    calibration = (
        Calibration.estimate(src_windows, tgt_windows, anchors)
        if config.calibrate
        else Calibration.identity(config.max_window)
    )
    band = Band.build(lo, hi, bead_types(config.max_window, config.max_bead))
    scores = bead_scores(
        src_windows, tgt_windows, src_features, tgt_features, band, calibration, config
    )
    return band.decode(scores, skip_scores(tgt_features, config))


def skip_scores(features: TextFeatures, config: AlignConfig) -> np.ndarray:
    """The score of leaving each sentence unaligned: `skip`, scaled down for sentences that
    say little (a blank line, '- _-', '.....' cost nothing to leave out)."""
    if not config.informative_content:
        return np.full(len(features), config.skip)
    return config.skip * np.minimum(1.0, features.content / config.informative_content)


def _as_windows(vectors: np.ndarray, max_window: int) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 2:
        return mean_windows(vectors, max_window)
    if vectors.ndim != 3 or vectors.shape[0] < max_window:
        raise ValueError(f"need window vectors of shape ({max_window}, n, d), got {vectors.shape}")
    vectors = vectors[:max_window]
    sample = np.linalg.norm(vectors[0, :64], axis=-1)
    if np.allclose(sample[sample > 0], 1.0, atol=1e-3):
        return vectors
    # Cosines need unit rows; zero rows (windows past the end) stay zero.
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def format_beads(beads: Sequence[Bead]) -> str:
    """One bead per line, `[6, 7]:[9]`, `[]:[5]`, `[3]:[]`: the Vecalign/Bertalign gold format."""
    return "".join(f"{list(b.source)}:{list(b.target)}\n" for b in beads)


# ---------------------------------------------------------------------------------------------
# First pass: anchors and the corridor around them.


def find_anchors(src: np.ndarray, tgt: np.ndarray, config: AlignConfig) -> np.ndarray:
    """1-1 pairs, shape (k, 2), sorted: mutual nearest neighbours within a diagonal band that
    lie on the longest chain increasing on both sides."""
    n, m = len(src), len(tgt)
    half = max(config.anchor_band, int(config.anchor_band_fraction * max(n, m)))
    slope = m / n
    row_best = np.zeros(n, dtype=np.int64)
    col_best = np.full(m, -1, dtype=np.int64)
    col_value = np.full(m, -np.inf, dtype=np.float32)
    block = 512
    for r0 in range(0, n, block):
        r1 = min(n, r0 + block)
        c0 = max(0, int(slope * r0) - half)
        c1 = min(m, int(math.ceil(slope * r1)) + half + 1)
        sims = src[r0:r1] @ tgt[c0:c1].T
        centre = slope * np.arange(r0, r1)[:, None]
        sims[np.abs(np.arange(c0, c1)[None, :] - centre) > half] = -np.inf
        row_best[r0:r1] = sims.argmax(1) + c0
        top_row = sims.argmax(0)
        top_value = sims[top_row, np.arange(c1 - c0)]
        better = top_value > col_value[c0:c1]
        col_value[c0:c1] = np.where(better, top_value, col_value[c0:c1])
        col_best[c0:c1] = np.where(better, top_row + r0, col_best[c0:c1])
    rows = np.arange(n)
    mutual = col_best[row_best] == rows
    return _longest_chain(np.stack([rows[mutual], row_best[mutual]], axis=1))


def _longest_chain(pairs: np.ndarray) -> np.ndarray:
    """Longest subsequence of pairs (sorted by source id) with strictly increasing target ids."""
    if len(pairs) == 0:
        return pairs.reshape(0, 2)
    tails: list[int] = []  # smallest target id ending a chain of each length
    tail_at: list[int] = []
    parent = np.full(len(pairs), -1, dtype=np.int64)
    for k, j in enumerate(pairs[:, 1].tolist()):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        parent[k] = tail_at[pos - 1] if pos > 0 else -1
    chain = []
    k = tail_at[-1]
    while k >= 0:
        chain.append(k)
        k = int(parent[k])
    return pairs[chain[::-1]]


def corridor(anchors: np.ndarray, n: int, m: int, band: int) -> tuple[np.ndarray, np.ndarray]:
    """Per DP row i (0..n), the target range [lo, hi] the path may visit.

    Between two anchors the path may go anywhere in their rectangle (a run of insertions is a
    rectangle, not a diagonal), widened by `band` rows and columns on every side.
    """
    anchors = np.asarray(anchors, dtype=np.int64).reshape(-1, 2)
    # The path's fixed points: the origin, each anchor's two corners, the end.
    rows = np.concatenate([[0], np.stack([anchors[:, 0], anchors[:, 0] + 1], 1).ravel(), [n]])
    cols = np.concatenate([[0], np.stack([anchors[:, 1], anchors[:, 1] + 1], 1).ravel(), [m]])
    i = np.arange(n + 1)
    # Row i lies in the rectangles of the segments whose row spans cover it; the first such
    # segment starts furthest left, the last ends furthest right.
    lo = cols[np.searchsorted(rows[1:], i, side="left")]
    hi = cols[np.searchsorted(rows[:-1], i, side="right")]
    wide_lo, wide_hi = lo.copy(), hi.copy()
    for shift in range(1, band + 1):
        wide_lo[:-shift] = np.minimum(wide_lo[:-shift], lo[shift:])
        wide_hi[shift:] = np.maximum(wide_hi[shift:], hi[:-shift])
    lo = np.minimum.accumulate(np.clip(wide_lo - band, 0, m)[::-1])[::-1]
    hi = np.maximum.accumulate(np.clip(wide_hi + band, 0, m))
    lo[0], hi[n] = 0, m
    return lo, hi


# ---------------------------------------------------------------------------------------------
# Second pass: the banded DP.


def bead_types(max_window: int, max_bead: int) -> list[tuple[int, int]]:
    """(source count, target count): 1-0 first, then every two-sided bead. 0-1 beads are
    handled apart (they move along a DP row)."""
    types = [(1, 0)]
    for a in range(1, max_window + 1):
        for b in range(1, max_window + 1):
            if a + b <= max_bead:
                types.append((a, b))
    return types


@dataclass(frozen=True)
class Band:
    """The DP cells (i, j) allowed per row i, stored flat, and every bead type's predecessor.

    Cell (i, j) means: the first i source and j target sentences are aligned.
    """

    lo: np.ndarray
    hi: np.ndarray
    types: list[tuple[int, int]]
    starts: np.ndarray  # flat index of each row's first cell; starts[n + 1] = total
    cell_row: np.ndarray
    cell_col: np.ndarray
    prev: np.ndarray  # (types, cells): flat index of the cell a bead starts from; total if none
    valid: np.ndarray  # (types, cells)

    @property
    def total(self) -> int:
        return len(self.cell_row)

    @staticmethod
    def build(lo: np.ndarray, hi: np.ndarray, types: list[tuple[int, int]]) -> Band:
        n = len(lo) - 1
        widths = hi - lo + 1
        starts = np.concatenate([[0], np.cumsum(widths)])
        total = int(starts[-1])
        cell_row = np.repeat(np.arange(n + 1), widths)
        cell_col = np.arange(total) - starts[cell_row] + lo[cell_row]
        type_a = np.array([a for a, _ in types])[:, None]
        type_b = np.array([b for _, b in types])[:, None]
        prev_row = cell_row[None, :] - type_a
        prev_col = cell_col[None, :] - type_b
        safe = np.clip(prev_row, 0, n)
        valid = (prev_row >= 0) & (prev_col >= lo[safe]) & (prev_col <= hi[safe])
        prev = np.where(valid, starts[safe] + prev_col - lo[safe], total)
        return Band(lo, hi, types, starts, cell_row, cell_col, prev, valid)

    def cell(self, i: int, j: int) -> int:
        return int(self.starts[i] + j - self.lo[i])

    def decode(self, scores: np.ndarray, insertion: np.ndarray) -> list[Bead]:
        """Best path from (0, 0) to (n, m). `scores` (types, cells), -inf where not allowed;
        `insertion[j]`: the score of a 0-1 bead for target sentence j.

        Each row is one vectorised step over bead types from earlier rows, then a running
        maximum for runs of 0-1 beads within the row.
        """
        lo, hi, starts = self.lo, self.hi, self.starts
        n, total = len(lo) - 1, self.total
        m = int(hi[n])
        gain = np.concatenate([[0.0], np.cumsum(insertion)])[self.cell_col]  # per cell
        local = self.cell_col - lo[self.cell_row]  # column within the row
        best = np.full(total + 1, -np.inf)  # the extra last cell is the "no predecessor" sink
        choice = np.zeros(total, dtype=np.int64)
        origin = np.zeros(total, dtype=np.int64)  # where the row's run of insertions began
        best[0] = 0.0  # cell (0, 0); the rest of row 0 is reached by insertions only
        for i in range(n + 1):
            s, e = int(starts[i]), int(starts[i + 1])
            if i == 0:
                base = best[s:e]
            else:
                candidates = best[self.prev[:, s:e]]
                candidates += scores[:, s:e]
                choice[s:e] = candidates.argmax(0)
                base = candidates.max(0)
            shifted = base - gain[s:e]
            running = np.maximum.accumulate(shifted)
            origin[s:e] = np.maximum.accumulate(np.where(shifted >= running, local[s:e], 0))
            best[s:e] = running + gain[s:e]
        origin += lo[self.cell_row]
        if not np.isfinite(best[self.cell(n, m)]):
            raise ValueError("no alignment path through the band")
        beads: list[Bead] = []
        i, j = n, m
        while i > 0 or j > 0:
            start = int(origin[self.cell(i, j)])
            for t in range(j - 1, start - 1, -1):
                beads.append(Bead((), (t,), float(insertion[t])))
            j = start
            if i == 0:
                break
            cell = self.cell(i, j)
            a, b = self.types[int(choice[cell])]
            beads.append(
                Bead(
                    tuple(range(i - a, i)),
                    tuple(range(j - b, j)),
                    float(scores[choice[cell], cell]),
                )
            )
            i, j = i - a, j - b
        beads.reverse()
        return beads


@dataclass(frozen=True)
class Calibration:
    """Puts cosines on a per-document scale: 0 = unrelated windows, 1 = a typical anchor pair.

    Embedders differ wildly in where unrelated sentences sit (e5 near 0.79, USE near 0.06), and
    so do documents. The baseline for windows of sizes (a, b) is the mean cosine over all such
    window pairs (exact and cheap: the dot product of the two mean vectors); the unit is the
    median anchor's distance above the 1-1 baseline.
    """

    baseline: np.ndarray  # (k, k), by source window size - 1, target window size - 1
    scale: float

    @staticmethod
    def identity(k: int) -> Calibration:
        return Calibration(np.zeros((k, k)), 1.0)

    @staticmethod
    def estimate(src_w: np.ndarray, tgt_w: np.ndarray, anchors: np.ndarray) -> Calibration:
        k, n = src_w.shape[:2]
        m = tgt_w.shape[1]
        src_mean = np.stack([src_w[a, : max(1, n - a)].mean(0) for a in range(k)])
        tgt_mean = np.stack([tgt_w[b, : max(1, m - b)].mean(0) for b in range(k)])
        baseline = (src_mean @ tgt_mean.T).astype(np.float64)
        if len(anchors):
            cos = np.einsum("id,id->i", src_w[0, anchors[:, 0]], tgt_w[0, anchors[:, 1]])
            typical = float(np.median(cos))
        else:
            typical = float(baseline[0, 0]) + 0.5
        return Calibration(baseline, max(typical - float(baseline[0, 0]), 0.05))


def bead_scores(
    src_w,
    tgt_w,
    src_f: TextFeatures,
    tgt_f: TextFeatures,
    band: Band,
    calibration: Calibration,
    config: AlignConfig,
) -> np.ndarray:
    """Score of every bead type ending at every band cell, shape (types, cells); -inf = invalid.

    Works in blocks of DP rows: one matmul per block gives every window pair the block needs
    (and the single sentences around them, for the margin).
    """
    n, m = src_w.shape[1], tgt_w.shape[1]
    k = config.max_window
    lo, hi, starts = band.lo, band.hi, band.starts
    scores = np.full((len(band.types), band.total), -np.inf)
    deletion = skip_scores(src_f, config)
    scores[0] = deletion[np.clip(band.cell_row - 1, 0, None)]
    smooth = config.length_smoothing
    src_len = np.log(_window_sums(src_f.lengths, k) + smooth)
    tgt_len = np.log(_window_sums(tgt_f.lengths, k) + smooth)
    ratio = math.log((tgt_f.lengths.sum() + smooth) / (src_f.lengths.sum() + smooth))
    use_numbers, use_tokens = config.number_weight != 0, config.token_weight != 0
    if use_numbers:
        src_num, tgt_num = _window_union(src_f.numbers, k), _window_union(tgt_f.numbers, k)
        src_num_n, tgt_num_n = _popcount(src_num), _popcount(tgt_num)
    if use_tokens:
        src_tok, tgt_tok = _window_union(src_f.tokens, k), _window_union(tgt_f.tokens, k)
        src_tok_n, tgt_tok_n = _popcount(src_tok), _popcount(tgt_tok)
    block = 64
    for r0 in range(1, n + 1, block):
        r1 = min(n, r0 + block - 1)  # DP rows r0..r1
        s0, s1 = max(0, r0 - k - 1), min(n, r1 + 1)  # source window starts they need
        c0, c1 = max(0, int(lo[r0]) - k - 1), min(m, int(hi[r1]) + 1)  # target window starts
        if c1 <= c0:
            continue

        def cross(x, y, s0=s0, s1=s1, c0=c0, c1=c1):
            d = x.shape[-1]
            flat = x[:, s0:s1].reshape(-1, d) @ y[:, c0:c1].reshape(-1, d).T
            return flat.reshape(k, s1 - s0, k, c1 - c0)

        sims = (cross(src_w, tgt_w) - calibration.baseline[:, None, :, None]) / calibration.scale
        cells = slice(int(starts[r0]), int(starts[r1 + 1]))
        rows, cols = band.cell_row[cells], band.cell_col[cells]
        for t, (a, b) in enumerate(band.types):
            if b == 0:
                continue
            # window starts; clipped where this bead type is invalid (masked out below)
            si = np.clip(rows - a, s0, s1 - 1)
            tj = np.clip(cols - b, c0, c1 - 1)
            sa, tb = si - s0, tj - c0
            value = sims[a - 1, sa, b - 1, tb].astype(np.float64)
            if config.margin:
                value -= config.margin * _neighbourhood(sims, a, b, sa, tb)
            if config.length_weight:
                delta = tgt_len[b - 1, tj] - src_len[a - 1, si] - ratio
                value -= config.length_weight * delta**2
            if use_numbers:
                value += config.number_weight * _dice(
                    src_num, tgt_num, src_num_n, tgt_num_n, a, b, si, tj
                )
            if use_tokens:
                value += config.token_weight * _dice(
                    src_tok, tgt_tok, src_tok_n, tgt_tok_n, a, b, si, tj
                )
            value -= config.merge_cost * (a + b - 2) + config.sentence_cost * (a + b) / 2
            scores[t, cells] = value
    scores[~band.valid] = -np.inf
    return scores


def _neighbourhood(sims, a, b, sa, tb):
    """Bertalign's margin term: mean cosine of each window with the single sentences just
    outside its partner window, averaged over the two sides (sims in block coordinates)."""
    ns, nt = sims.shape[1], sims.shape[3]

    def around(values_left, ok_left, values_right, ok_right):
        total = np.where(ok_left, values_left, 0.0) + np.where(ok_right, values_right, 0.0)
        return total / np.maximum(1, ok_left.astype(int) + ok_right)

    left_t, right_t = tb - 1, tb + b
    target_side = around(
        sims[a - 1, sa, 0, np.clip(left_t, 0, nt - 1)],
        left_t >= 0,
        sims[a - 1, sa, 0, np.clip(right_t, 0, nt - 1)],
        right_t < nt,
    )
    left_s, right_s = sa - 1, sa + a
    source_side = around(
        sims[0, np.clip(left_s, 0, ns - 1), b - 1, tb],
        left_s >= 0,
        sims[0, np.clip(right_s, 0, ns - 1), b - 1, tb],
        right_s < ns,
    )
    return 0.5 * (target_side + source_side)


def _window_sums(x: np.ndarray, k: int) -> np.ndarray:
    """(k, n): sums of x over windows of 1..k; zero past the end."""
    n = len(x)
    out = np.zeros((k, n), dtype=np.float64)
    running = np.zeros(n, dtype=np.float64)
    for size in range(1, k + 1):
        count = max(0, n - size + 1)
        running = running[:count] + x[size - 1 : size - 1 + count]
        out[size - 1, :count] = running
    return out


def _window_union(x: np.ndarray, k: int) -> np.ndarray:
    """(k, n, words): bitwise OR of the packed sets of x over windows of 1..k."""
    n = len(x)
    out = np.zeros((k,) + x.shape, dtype=np.uint64)
    running = np.zeros_like(x)
    for size in range(1, k + 1):
        count = max(0, n - size + 1)
        running = running[:count] | x[size - 1 : size - 1 + count]
        out[size - 1, :count] = running
    return out


def _dice(src_sets, tgt_sets, src_sizes, tgt_sizes, a, b, si, tj) -> np.ndarray:
    """Dice overlap of windows (a, si) and (b, tj); 0 when either set is empty."""
    src_n, tgt_n = src_sizes[a - 1, si], tgt_sizes[b - 1, tj]
    dice = np.zeros(len(si))
    some = np.flatnonzero((src_n > 0) & (tgt_n > 0))
    if len(some):
        shared = _popcount(src_sets[a - 1, si[some]] & tgt_sets[b - 1, tj[some]])
        dice[some] = 2.0 * shared / (src_n[some] + tgt_n[some])
    return dice
