"""Gold files and scoring against them (Vecalign's score.py definitions)."""

from __future__ import annotations

import pytest

from tests.align.test_pair import pairs
from xlingual.align.evaluation import parse_beads, score_alignments
from xlingual.align.pair import Bead, format_beads


def test_format_and_parse_round_trip():
    beads = [Bead((0, 1), (0,), 0.9), Bead((), (1,), -0.2), Bead((2,), (), -0.2)]
    text = format_beads(beads)
    assert text == "[0, 1]:[0]\n[]:[1]\n[2]:[]\n"
    assert parse_beads(text) == pairs(beads)
    assert parse_beads("[6,7]:[9]\n\n[]:[5]\n") == [((6, 7), (9,)), ((), (5,))]


GOLD = [((0,), (0,)), ((1,), (1, 2)), ((), (3,)), ((2,), (4,))]


def test_scores_by_hand():
    test = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((), (3,)), ((2,), (4,))]
    s = score_alignments([GOLD], [test])
    # precision over all 5 predicted beads: strict hits [0]:[0], []:[3], [2]:[4];
    # lax also [1]:[1] (overlaps [1]:[1, 2]); []:[2] is an insertion the gold lacks: a miss.
    assert s["precision_strict"] == pytest.approx(3 / 5)
    assert s["precision_lax"] == pytest.approx(4 / 5)
    # recall over the 3 gold beads with both sides: [1]:[1, 2] is only a lax hit.
    assert s["recall_strict"] == pytest.approx(2 / 3)
    assert s["recall_lax"] == pytest.approx(1.0)
    assert s["f1_strict"] == pytest.approx(2 * 0.6 * (2 / 3) / (0.6 + 2 / 3))
    assert s["f1_lax"] == pytest.approx(2 * 0.8 / 1.8)


def test_scores_perfect_empty_and_disjoint():
    perfect = score_alignments([GOLD], [GOLD])
    assert all(v == 1.0 for v in perfect.values())
    nothing = score_alignments([GOLD], [[]])
    assert all(v == 0.0 for v in nothing.values())
    # Deleting everything: no predicted bead matches, none links anything.
    skipped = [
        ((0,), ()),
        ((1,), ()),
        ((2,), ()),
        ((), (0,)),
        ((), (1,)),
        ((), (2,)),
        ((), (3,)),
        ((), (4,)),
    ]
    s = score_alignments([GOLD], [skipped])
    assert s["precision_strict"] == pytest.approx(1 / 8)  # only []:[3] is a gold bead
    assert s["recall_strict"] == 0.0 and s["recall_lax"] == 0.0


def test_scores_pool_counts_over_documents():
    test_a = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((), (3,)), ((2,), (4,))]
    pooled = score_alignments([GOLD, GOLD], [test_a, GOLD])
    assert pooled["precision_strict"] == pytest.approx((3 + 4) / (5 + 4))
    assert pooled["recall_strict"] == pytest.approx((2 + 3) / (3 + 3))


def test_a_lax_hit_needs_overlap_on_both_sides():
    gold = [((0,), (0,)), ((1,), (1,))]
    crossed = [((0,), (1,)), ((1,), (0,))]
    s = score_alignments([gold], [crossed])
    assert s["precision_lax"] == 0.0 and s["recall_lax"] == 0.0
