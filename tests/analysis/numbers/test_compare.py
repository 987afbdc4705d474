"""Whether two quantities state the same figure, and their kinds (`compare`)."""

from __future__ import annotations

import pytest

from xlingual.analysis.numbers.compare import quantity_kind, same_quantity
from xlingual.analysis.numbers.quantities import (
    Quantity,
    extract_quantities,
)

# --- same_quantity ------------------------------------------------------------------------------


def q(text: str, language: str = "en") -> Quantity:
    """The last quantity of the text (the day, in "on September 12")."""
    return extract_quantities(text, language)[-1]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (q("about 20,000 soldiers"), q("20 000 soldats", "fr")),
        (q("28,000 prisoners"), q("28.000 Häftlinge", "de")),
        (q("28,000 prisoners"), q("2,8 万人", "zh")),
        (q("1.5 million people"), q("1 500 000 personnes", "fr")),
        (q("1.5 million people"), q("1,498,000 people")),
        (q("about 20,000 soldiers"), q("19,800 soldiers")),
        (q("3.5% growth"), q("3.47% growth")),
        (q("ten days"), q("10 Tage", "de")),
        (q("about 20 people"), q("21 people")),
        (q("40%"), q("40 Prozent", "de")),
        (q("in 2015 he"), q("2015 people")),  # a year and a bare number: same figure
        (q("the 12th"), q("on September 12")),  # an ordinal and a day
        (q("in the 1700s"), q("in 1700 he")),
    ],
)
def test_same_quantity_matches(a, b):
    assert same_quantity(a, b)
    assert same_quantity(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (q("28,000 prisoners"), q("2,800 prisoners")),
        (q("600 Russians"), q("400 Russians")),
        (q("20 people"), q("21 people")),  # no hedge, one trailing zero: not a rounding
        (q("20,000 people"), q("15,000 people")),
        (q("about 20,000 people"), q("25,000 people")),
        (q("on September 20"), q("on September 21")),
        (q("in 2015 he"), q("in 2016 he")),
        (q("40%"), q("40 days")),
        (q("$5"), q("5 euros")),
        (q("3.5% growth"), q("3.4% growth")),
    ],
)
def test_same_quantity_rejects(a, b):
    assert not same_quantity(a, b)
    assert not same_quantity(b, a)


def test_quantity_kinds():
    assert quantity_kind(q("28,000 prisoners")) == "count"
    assert quantity_kind(q("the 12th")) == quantity_kind(q("on September 12")) == "day"
    assert quantity_kind(q("40%")) == "%"
    assert quantity_kind(q("in 2015 he")) == "year"


def test_confusable_figures_are_a_slip_apart():
    from xlingual.analysis.numbers import Quantity, confusable

    def q(value, approximate=False):
        return Quantity(0, 1, str(value), value, None, None, approximate)

    for a, b in [(46, 64), (36.8, 38.6), (19, 9), (15, 14), (1.2e6, 12e6), (2.4e6, 240_000)]:
        assert confusable(q(a), q(b)), (a, b)
    for a, b in [(700, 3), (13, 48), (100, 250), (12, 12)]:
        assert not confusable(q(a), q(b)), (a, b)
    # A hedged figure is a slip only by a power of ten.
    assert not confusable(q(2000, approximate=True), q(28000))
    assert confusable(q(1.2e6, approximate=True), q(12e6))


def test_measurements_in_different_units_are_one_figure():
    from xlingual.analysis.numbers import extract_quantities, in_base_units, same_quantity

    def one(text, language="en"):
        (quantity,) = extract_quantities(text, language)
        return quantity

    area = [one("120 square kilometres"), one("12,000 hectares"), one("120.000 στρέμματα", "el")]
    assert all(same_quantity(a, b) for a in area for b in area)
    assert in_base_units(area[1]) == ("m2", 1.2e8)
    assert not same_quantity(one("200 square kilometres"), area[1])
    assert same_quantity(one("5 miles"), one("8 km"))  # rounded to the kilometre
    assert not same_quantity(one("3 miles"), one("3 km"))
    assert same_quantity(one("5 MW"), one("5,000 kW"))
