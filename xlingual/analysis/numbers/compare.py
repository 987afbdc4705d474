"""Whether two quantities state the same figure: unit families, rounding and hedges.

Separate from extraction because the rules compare quantities they have already read (and
tests state the rounding rules on their own); nothing here reads text.
"""

from __future__ import annotations

import math

from xlingual.analysis.numbers.quantities import Quantity

# Kinds of unit that compare only with themselves (or their listed equivalents).
EXACT_UNITS = frozenset({"year", "month", "day", "ordinal", "decade", "weekday"})
_UNIT_FAMILY = {"day": "day", "ordinal": "day"}


# Measurement units (as `extract_quantities` codes them, glued or written out) in the unit of
# their dimension: 30 km2 = 3,000 ha = 30,000 stremmata, 5 miles = 8.05 km.
_MEASURES = {
    "km": ("m", 1e3), "m": ("m", 1.0), "cm": ("m", 1e-2), "mm": ("m", 1e-3),
    "mi": ("m", 1609.344), "km2": ("m2", 1e6), "km²": ("m2", 1e6), "m²": ("m2", 1.0),
    "mi2": ("m2", 2_589_988.0), "ha": ("m2", 1e4), "stremma": ("m2", 1e3),
    "acre": ("m2", 4046.856), "kg": ("kg", 1.0), "g": ("kg", 1e-3), "mg": ("kg", 1e-6),
    "t": ("kg", 1e3), "kw": ("w", 1e3), "mw": ("w", 1e6), "gw": ("w", 1e9),
}  # fmt: skip


def _base(unit: str | None) -> tuple[str | None, float]:
    """(the unit of the dimension, what one `unit` is in it); (unit, 1.0) for anything not a
    measurement."""
    return _MEASURES.get(unit, (unit, 1.0)) if unit is not None else (None, 1.0)


def in_base_units(quantity: Quantity) -> tuple[str | None, float]:
    """(unit, value) with a measurement converted to its dimension's unit (3,000 ha ->
    ("m2", 3e7)); anything else as written."""
    unit, factor = _base(quantity.unit)
    return unit, quantity.value * factor


def quantity_kind(quantity: Quantity) -> str:
    """The role a number plays, for pairing: its unit family, or "count" for a plain number."""
    unit = in_base_units(quantity)[0]
    if unit is None:
        return "count"
    return _UNIT_FAMILY.get(unit, unit)


def units_compatible(a: str | None, b: str | None) -> bool:
    """A plain number may stand for any kind (a unit word the other language dropped), but
    not for a weekday, which no language writes as a number."""
    a, b = _base(a)[0], _base(b)[0]
    if a == b:
        return True
    if "weekday" in (a, b):
        return False
    if a is None or b is None:
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
    x, y = in_base_units(a)[1], in_base_units(b)[1]
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
        # Steps are read where the figure was written and compared in base units: "8 km"
        # rounds to the kilometre, which covers 5 miles (8,047 m).
        scale = _base(rounder.unit)[1]
        step = _rounding_step(rounder.value)
        gap = abs(in_base_units(rounder)[1] - in_base_units(other)[1])
        if step < 1:
            other_step = _rounding_step(other.value) * _base(other.unit)[1]
            if other_step < step * scale and gap <= step * scale / 2 + 1e-9:
                return True
        elif (step * scale >= 100 or (hedged and step >= 10) or scale > 1) and (
            gap <= step * scale / 2 + 1e-9
        ):
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


def confusable(a: Quantity, b: Quantity) -> bool:
    """Two different figures one could be a slip of the other: their digits differ by one
    digit added, dropped, changed or two swapped (27 / 72, 41.3 / 43.1, 17 / 7, 21 / 20), or one
    is the other times a power of ten (3.5 million / 35 million, 6.2 million / 620,000). Facts
    stated in sentences that were not aligned are compared only when their figures are this
    close: two unrelated figures seldom are. A hedged figure is confusable by a power of ten
    only."""
    x, y = in_base_units(a)[1], in_base_units(b)[1]
    if math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9):
        return False
    if _power_of_ten(x, y):
        return True
    # A hedged figure ("more than 2,000", "about 20 years") is a bound or an estimate: a digit
    # apart from another figure, it is more likely another fact than a slip.
    hedged = a.approximate or b.approximate
    return not hedged and _one_digit_apart(_digits(x), _digits(y))


def _digits(value: float) -> str:
    """The digits as written, without the decimal point: 36.8 -> "368", 700 -> "700" (so 700
    and 3 are two digits apart, not one)."""
    return f"{abs(value):.6f}".rstrip("0").rstrip(".").replace(".", "")


def _one_digit_apart(a: str, b: str) -> bool:
    """One digit added, dropped or changed, or two neighbours swapped: Damerau-Levenshtein
    distance 1."""
    from rapidfuzz.distance import DamerauLevenshtein

    return DamerauLevenshtein.distance(a, b) == 1


def _power_of_ten(x: float, y: float) -> bool:
    if x <= 0 or y <= 0:
        return False
    exponent = math.log10(max(x, y) / min(x, y))
    return round(exponent) >= 1 and abs(exponent - round(exponent)) < 1e-9
