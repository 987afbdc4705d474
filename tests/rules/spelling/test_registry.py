"""The spelling family: codes, names and documentation."""

from xlingual.rules.spelling import (
    SPELLING_RULES,
)


def test_rule_metadata():
    codes = [rule.code for rule in SPELLING_RULES]
    assert codes == ["XL301", "XL302", "XL303", "XL304", "XL305"]
    for rule in SPELLING_RULES:
        assert rule.name and rule.name == rule.name.lower() and " " not in rule.name
        assert rule.summary
        documentation = type(rule).__doc__
        assert "What it checks" in documentation and "Why it matters" in documentation
        assert "Example" in documentation
