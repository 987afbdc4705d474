"""Source-translation adequacy (XL5xx): what a translation loses, adds or renders badly.

XL501 (numbers) lives in `xlingual.rules.numbers`; the other XL5xx rules are listed here.
"""

from __future__ import annotations

from xlingual.rules.base import Rule

PAIR_RULES: tuple[Rule, ...] = ()
