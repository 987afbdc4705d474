"""The code table (xlingual/codes.py) and the rule registry list the same rules."""

from __future__ import annotations

import re

import pytest

from xlingual.codes import BY_CODE, CODES, FAMILIES, known_codes
from xlingual.config import Config, ConfigError
from xlingual.rules import ALL_RULES


def test_every_rule_has_a_row_and_every_row_a_rule():
    assert [rule.code for rule in ALL_RULES] == [entry.code for entry in CODES]


def test_registry_and_table_are_in_code_order():
    codes = [entry.code for entry in CODES]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)


def test_rules_take_name_severity_and_summary_from_the_table():
    for rule in ALL_RULES:
        entry = BY_CODE[rule.code]
        assert (rule.name, rule.default_severity, rule.summary) == (
            entry.name,
            entry.default_severity,
            entry.summary,
        )


def test_codes_and_names_are_well_formed():
    for entry in CODES:
        assert re.fullmatch(r"XL[1-9]\d\d", entry.code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", entry.name)
        assert entry.family == FAMILIES[entry.code[2]]
        assert entry.summary


def test_config_validates_severities_against_the_table_without_the_rules():
    assert "XL203" in known_codes()
    assert Config().with_overrides(severity={"XL203": "error"}).severity == {"XL203": "error"}
    with pytest.raises(ConfigError, match="XL299"):
        Config().with_overrides(severity={"XL299": "error"})
