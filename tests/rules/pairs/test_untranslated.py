"""XL506 source-text-left: xlingual/rules/pairs/untranslated.py."""

from __future__ import annotations

from tests.rules.context import checked as check
from tests.rules.context import doc
from tests.rules.context import translation as context
from xlingual.findings import Severity
from xlingual.rules.pairs import (
    SourceTextLeftUntranslated,
)

# --- XL506 -----------------------------------------------------------------------------------


def test_copied_source_words_are_flagged():
    source = doc("en.txt", "Stop doing that or I will report you to the admins.", "en")
    target = doc("cs.txt", "Přestaň to dělat nebo I will report you to the admins.", "cs")
    findings = check(SourceTextLeftUntranslated(), context(source, target, [([0], [0])]))
    # "I" and "to" are Czech words as well, so the run is the three purely English ones.
    assert [(f.text, f.severity) for f in findings] == [("will report you", Severity.WARNING)]


def test_long_copied_run_is_an_error():
    source = doc("en.txt", "I said: please stop making these changes every single day.", "en")
    target = doc("de.txt", "Ich sagte: please stop making these changes every single day.", "de")
    findings = check(SourceTextLeftUntranslated(), context(source, target, [([0], [0])]))
    assert [(f.text, f.severity) for f in findings] == [
        ("please stop making these changes every", Severity.ERROR)  # "Single" is German too
    ]


def test_shared_words_and_names_are_not_untranslated():
    source = doc("en.txt", "Watch the video about Barack Obama on the Internet.", "en")
    target = doc("de.txt", "Sehen Sie sich das Video über Barack Obama im Internet an.", "de")
    assert check(SourceTextLeftUntranslated(), context(source, target, [([0], [0])])) == []
