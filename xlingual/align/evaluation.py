"""Scoring an alignment against a gold one, as Vecalign's `score.py` counts, and reading gold
files.

Only the benchmarks (`benchmarks/align.py`) and the tests use it: checking never has a gold
alignment, so none of this belongs next to the aligner (`pair`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def parse_beads(text: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Read the `format_beads` format (a gold file); scores are not part of it."""
    beads = []
    for line in text.splitlines():
        if not line.strip():
            continue
        left, right = line.split(":")
        beads.append((_ids(left), _ids(right)))
    return beads


def _ids(part: str) -> tuple[int, ...]:
    inner = part.strip().strip("[]").strip()
    return tuple(int(x) for x in inner.split(",")) if inner else ()


BeadPair = tuple[Sequence[int], Sequence[int]]


def _bead_counts(gold: Sequence[BeadPair], test: Sequence[BeadPair]) -> np.ndarray:
    """(strict hits, strict misses, lax hits, lax misses) of `test` beads against `gold`."""
    test_set = {(tuple(x), tuple(y)) for x, y in test if len(x) or len(y)}
    gold_set = {(tuple(x), tuple(y)) for x, y in gold if len(x) or len(y)}
    gold_targets: dict[int, set[int]] = {}
    for gold_src, gold_tgt in gold_set:
        for s in gold_src:
            gold_targets.setdefault(s, set()).update(gold_tgt)
    counts = np.zeros(4, dtype=np.int64)
    for test_src, test_tgt in test_set:
        if (test_src, test_tgt) in gold_set:
            counts[0] += 1
            counts[2] += 1
            continue
        counts[1] += 1
        reachable: set[int] = set()
        for s in test_src:
            reachable |= gold_targets.get(s, set())
        counts[2 if reachable.intersection(test_tgt) else 3] += 1
    return counts


def score_alignments(
    gold_list: Sequence[Sequence[BeadPair]], test_list: Sequence[Sequence[BeadPair]]
) -> dict[str, float]:
    """Strict and lax precision, recall and F1 over documents, as Vecalign's `score.py` counts.

    Precision is over every predicted bead, insertions and deletions included (a predicted
    insertion counts only if the gold has the very same one; it is never a lax hit otherwise);
    recall leaves insertions and deletions out of both sides. Strict: the bead equals a gold
    bead. Lax: some source sentence of it is aligned in the gold with some of its targets.
    """
    p = np.zeros(4, dtype=np.int64)
    r = np.zeros(4, dtype=np.int64)
    for gold, test in zip(gold_list, test_list, strict=True):
        p += _bead_counts(gold, test)
        gold_linked = [(x, y) for x, y in gold if len(x) and len(y)]
        test_linked = [(x, y) for x, y in test if len(x) and len(y)]
        r += _bead_counts(test_linked, gold_linked)

    def ratio(hit: int, miss: int) -> float:
        return float(hit / (hit + miss)) if hit + miss else 0.0

    def f1(precision: float, recall: float) -> float:
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    ps, pl = ratio(p[0], p[1]), ratio(p[2], p[3])
    rs, rl = ratio(r[0], r[1]), ratio(r[2], r[3])
    return {
        "precision_strict": ps,
        "recall_strict": rs,
        "f1_strict": f1(ps, rs),
        "precision_lax": pl,
        "recall_lax": rl,
        "f1_lax": f1(pl, rl),
    }
