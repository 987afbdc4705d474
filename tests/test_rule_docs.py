"""xlingual.rule_docs reads the same documentation the rule classes carry."""

from __future__ import annotations

import pytest

from xlingual.rule_docs import rule_documentation
from xlingual.rules import ALL_RULES


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_the_source_gives_the_docstring_the_class_has(rule) -> None:
    assert rule_documentation(rule.code) == rule.documentation
    assert rule_documentation(rule.code.lower()) == rule.documentation


def test_an_unknown_code_has_none() -> None:
    assert rule_documentation("XL999") is None
