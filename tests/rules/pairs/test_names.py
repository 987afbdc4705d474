"""XL505 name-not-carried-over: xlingual/rules/pairs/names.py."""

from __future__ import annotations

from tests.rules.context import checked as check
from tests.rules.context import doc
from tests.rules.context import translation as context
from xlingual.rules.pairs import (
    NameNotCarriedOver,
)

# --- XL505 -----------------------------------------------------------------------------------


def test_missing_name_is_flagged_and_inflected_or_transliterated_names_are_not():
    source = doc("en.txt", "Yesterday the senator met Warren and Prigozhin in the capital.", "en")
    dropped = doc("cs.txt", "Včera se senátor setkal s Prigožinem v hlavním městě.", "cs")
    findings = check(NameNotCarriedOver(), context(source, dropped, [([0], [0])]))
    assert [f.related[0].text for f in findings] == ["Warren"]
    kept = doc("cs.txt", "Včera se senátor setkal s Warrenem a Пригожиным v hlavním městě.", "cs")
    assert check(NameNotCarriedOver(), context(source, kept, [([0], [0])])) == []


def test_common_capitalised_words_are_not_names():
    source = doc("en.txt", "Would you say this article is on the Main page now?", "en")
    target = doc("cs.txt", "Řekl byste, že tento článek je teď na hlavní stránce?", "cs")
    assert check(NameNotCarriedOver(), context(source, target, [([0], [0])])) == []
