"""The rule registry: every check xlingual runs, listed explicitly so the set is easy to audit."""

from __future__ import annotations

from xlingual.rules.base import CheckContext, PairAlignment, Rule
from xlingual.rules.consistency import CONSISTENCY_RULES
from xlingual.rules.inputs import INPUT_RULES, UNREADABLE_INPUT
from xlingual.rules.meaning import MEANING_RULES
from xlingual.rules.names import (
    DifferentPersonSameStatement,
    ForeignRomanisedName,
    MixedScriptName,
    NameContradictsGlossary,
    NameVariantAcrossArticles,
    NameVariantWithinArticle,
)
from xlingual.rules.number_mismatch import NumberMismatchAcrossArticles
from xlingual.rules.pairs import PAIR_RULES, NumberNotCarriedOver
from xlingual.rules.quality import QUALITY_RULES
from xlingual.rules.spelling import SPELLING_RULES

# In code order: `xlingual rules` and SARIF list them so.
ALL_RULES: tuple[Rule, ...] = tuple(
    sorted(
        [
            NameVariantAcrossArticles(),
            NameVariantWithinArticle(),
            NameContradictsGlossary(),
            MixedScriptName(),
            DifferentPersonSameStatement(),
            ForeignRomanisedName(),
            *MEANING_RULES,
            *QUALITY_RULES,
            NumberMismatchAcrossArticles(),
            *CONSISTENCY_RULES,
            NumberNotCarriedOver(),
            *SPELLING_RULES,
            *PAIR_RULES,
            *INPUT_RULES,
        ],
        key=lambda rule: rule.code,
    )
)


def rule_by_code(code: str) -> Rule | None:
    return next((rule for rule in ALL_RULES if rule.code == code.upper()), None)


__all__ = [
    "ALL_RULES",
    "UNREADABLE_INPUT",
    "CheckContext",
    "PairAlignment",
    "Rule",
    "rule_by_code",
]
