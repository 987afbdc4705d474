"""Whether two quantities state the same figure: unit families, rounding and hedges.

Separate from extraction because the rules compare quantities they have already read (and
tests state the rounding rules on their own); nothing here reads text.
"""

from __future__ import annotations

import math

from xlingual.analysis.numbers.quantities import Quantity

# Kinds of unit that compare only with themselves (or their listed equivalents).
EXACT_UNITS = frozenset({"year", "month", "day", "ordinal", "decade"})
_UNIT_FAMILY = {"day": "day", "ordinal": "day"}


def quantity_kind(quantity: Quantity) -> str:
    """The role a number plays, for pairing: its unit family, or "count" for a plain number."""
    if quantity.unit is None:
        return "count"
    return _UNIT_FAMILY.get(quantity.unit, quantity.unit)


def units_compatible(a: str | None, b: str | None) -> bool:
    """A plain number may stand for any kind (a unit word the other language dropped)."""
    if a is None or b is None or a == b:
        return True
    if _UNIT_FAMILY.get(a, a) == _UNIT_FAMILY.get(b, b):
        return True
    return {a, b} == {"year", "decade"}  # "the 1700s" rendered as "1700"


def same_quantity(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities state the same figure, allowing for rounding.

    Units must be compatible (a plain number matches any unit). Calendar values must be equal.
    Otherwise one value may round the other: to its decimal places (3.5 vs 3.47), or to its
    trailing zeros when it has at least two (20,000 vs 19,800), within 5% relative difference;
    a hedged number ("about 20") also rounds to one trailing zero and within 10%.
    """
    if not units_compatible(a.unit, b.unit):
        return False
    x, y = a.value, b.value
    if math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9):
        return True
    if a.unit in EXACT_UNITS or b.unit in EXACT_UNITS:
        return False
    if x == 0 or y == 0 or (x < 0) != (y < 0):
        return False
    relative = abs(x - y) / max(abs(x), abs(y))
    hedged = a.approximate or b.approximate
    if relative > (0.10 if hedged else 0.05):
        return False
    for rounder, other in ((a, b), (b, a)):
        step = _rounding_step(rounder.value)
        if step < 1:
            other_step = _rounding_step(other.value)
            if other_step < step and abs(rounder.value - other.value) <= step / 2 + 1e-9:
                return True
        elif (step >= 100 or (hedged and step >= 10)) and abs(
            rounder.value - other.value
        ) <= step / 2 + 1e-9:
            return True
    return False


def _rounding_step(value: float) -> float:
    """The place of the last significant digit: 20000 -> 10000, 1500000 -> 100000, 3.5 -> 0.1."""
    value = abs(value)
    if value == 0:
        return 1.0
    if abs(value - round(value)) > 1e-9:
        for decimals in range(1, 10):
            if abs(value * 10**decimals - round(value * 10**decimals)) < 1e-6:
                return 10.0**-decimals
        return 1e-9
    integer = int(round(value))
    step = 1
    while integer % (step * 10) == 0:
        step *= 10
    return float(step)
