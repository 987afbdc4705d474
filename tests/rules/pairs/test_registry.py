"""The source-translation family: codes, names and documentation."""

from __future__ import annotations

from xlingual.rules import ALL_RULES
from xlingual.rules.pairs import (
    PAIR_RULES,
)


def test_rules_are_registered_with_documentation():
    codes = [rule.code for rule in PAIR_RULES]
    assert codes == ["XL502", "XL503", "XL504", "XL505", "XL506", "XL508"]
    registered = {rule.code for rule in ALL_RULES}
    assert set(codes) <= registered
    for rule in PAIR_RULES:
        text = type(rule).__doc__
        assert "What it checks" in text and "Why it matters" in text and "Example" in text
        assert rule.summary and rule.name == rule.name.lower() and " " not in rule.name
