"""Source-translation adequacy (XL5xx): what a translation loses, adds, changes or renders badly.

One rule a module; they walk the beads of `context.pairs` through `beads` (source sentence ids
aligned with translation sentence ids) and read sentence vectors from `context.vectors`; none of
them loads a model. Thresholds were chosen on the development sets in ../shared/data (WMT21
critical-error detection en-cs and the Google MQM TED en-de sample) with `benchmarks/detect.py`.
"""

from __future__ import annotations

from xlingual.rules.base import Rule
from xlingual.rules.pairs.added import TranslationSentenceAdded
from xlingual.rules.pairs.names import NameNotCarriedOver
from xlingual.rules.pairs.negation import NegationMismatch
from xlingual.rules.pairs.numbers import NumberNotCarriedOver
from xlingual.rules.pairs.omitted import SourceSentenceOmitted
from xlingual.rules.pairs.similarity import LowSimilarityBead
from xlingual.rules.pairs.untranslated import SourceTextLeftUntranslated

# The bead rules; XL501 is listed on its own in the registry (`xlingual.rules`).
PAIR_RULES: tuple[Rule, ...] = (
    SourceSentenceOmitted(),
    TranslationSentenceAdded(),
    LowSimilarityBead(),
    NameNotCarriedOver(),
    SourceTextLeftUntranslated(),
    NegationMismatch(),
)

__all__ = [
    "PAIR_RULES",
    "LowSimilarityBead",
    "NameNotCarriedOver",
    "NegationMismatch",
    "NumberNotCarriedOver",
    "SourceSentenceOmitted",
    "SourceTextLeftUntranslated",
    "TranslationSentenceAdded",
]
