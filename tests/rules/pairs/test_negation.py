"""XL508 negation-mismatch: xlingual/rules/pairs/negation.py."""

from __future__ import annotations

import numpy as np
import pytest

from tests.rules.context import checked as check
from tests.rules.context import doc
from tests.rules.context import translation as context
from xlingual.rules.base import CheckContext, PairAlignment
from xlingual.rules.pairs import (
    PAIR_RULES,
    NegationMismatch,
)

# --- XL508 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source_text", "target_text", "language", "flagged"),
    [
        (
            "The vaccine is not approved for children.",
            "Der Impfstoff ist für Kinder zugelassen.",
            "de",
            True,
        ),
        (
            "The vaccine is not approved for children.",
            "Der Impfstoff ist nicht zugelassen.",
            "de",
            False,
        ),
        ("I don't know the answer.", "Znám odpověď.", "cs", True),
        ("I don't know the answer.", "Neznám odpověď.", "cs", False),
        ("I didn't want to sound rude.", "Nechtěl jsem znít hrubě.", "cs", False),
        # Czech ne- also makes adjectives: "unfair" is not a negated clause.
        ("That is very unfair.", "To je velmi nespravedlivé.", "cs", False),
        ("The vaccine is approved.", "Der Impfstoff ist nicht zugelassen.", "de", True),
    ],
)
def test_negation_on_one_side_only(source_text, target_text, language, flagged):
    source = doc("en.txt", source_text, "en")
    target = doc("t.txt", target_text, language)
    findings = check(NegationMismatch(), context(source, target, [([0], [0])]))
    assert bool(findings) is flagged


def test_rules_ignore_pairs_that_point_nowhere():
    source = doc("en.txt", "One sentence here.", "en")
    ctx = CheckContext((source,), (np.zeros((1, 3), np.float32),), (), (PairAlignment(0, 5, ()),))
    for rule in PAIR_RULES:
        assert list(rule.check(ctx)) == []
