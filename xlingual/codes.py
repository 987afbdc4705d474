"""The code table: every rule code xlingual reports, its name, family and default severity.

This is the one place a code is declared (as ruff's code table is). A rule class names its code
and takes the rest from here (xlingual/rules/base.py); the configuration, the ignore comments,
`xlingual rules` and SARIF read this table without importing a rule. A test checks that the
registry and this table list the same codes.

Codes are grouped by hundreds into families (the first digit).
"""

from __future__ import annotations

from dataclasses import dataclass

from xlingual.findings import Severity

FAMILIES = {
    "1": "names",
    "2": "meaning",
    "3": "spelling",
    "4": "consistency",
    "5": "adequacy",
    "9": "input",
}


@dataclass(frozen=True)
class Code:
    code: str  # XL + family digit + two digits
    name: str  # kebab-case, what a person reads next to the code
    default_severity: Severity
    summary: str  # one sentence: what a finding of this code says

    @property
    def family(self) -> str:
        return FAMILIES[self.code[2]]


_ERROR, _WARNING, _INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES: tuple[Code, ...] = (
    Code("XL101", "name-variant-across-articles", _WARNING,
         "A name is spelled differently across articles"),
    Code("XL102", "name-variant-within-article", _WARNING,
         "A name is spelled two ways within one article"),
    Code("XL103", "name-contradicts-glossary", _ERROR, "A name contradicts the style sheet"),
    Code("XL104", "mixed-script-name", _ERROR,
         "Letters from two scripts (or invisible characters) inside one name"),
    Code("XL105", "different-person-same-statement", _WARNING,
         "Two articles name different people in the same statement"),
    Code("XL106", "name-romanised-by-another-convention", _WARNING,
         "A Russian name romanised by French or German convention in an English article"),
    Code("XL201", "misused-word", _WARNING,
         "A word fits its context badly where a close alternative fits well."),
    Code("XL202", "untranslated-fragment", _WARNING,
         "A run of text in another language was left untranslated."),
    Code("XL203", "likely-mistranslation", _WARNING,
         "A quality-estimation model judges these words of a translation likely wrong."),
    Code("XL301", "misspelling", _WARNING, "A non-word with one clear dictionary correction."),
    Code("XL302", "run-together-words", _WARNING,
         "Two words written as one (a lost hyphen or space)."),
    Code("XL303", "glued-sentences", _WARNING, "No space between two sentences."),
    Code("XL304", "web-boilerplate", _WARNING,
         "Web page furniture (buttons, prompts, captions, bare links) in the text."),
    Code("XL305", "verbless-fragment", _INFO,
         "A short verbless fragment inside a paragraph of full sentences."),
    Code("XL401", "number-mismatch", _WARNING,
         "Aligned sentences in different articles report different numbers or dates."),
    Code("XL402", "quote-rendered-differently", _WARNING,
         "The same quotation is worded differently in two places."),
    Code("XL403", "duplicate-sentence", _WARNING, "A sentence is repeated inside one article."),
    Code("XL501", "number-not-carried-over", _ERROR,
         "A translation changes, drops or adds a number of its source sentence."),
    Code("XL502", "content-omitted", _WARNING,
         "A source sentence has no counterpart in the translation."),
    Code("XL503", "content-added", _WARNING,
         "A translated sentence has no counterpart in the source."),
    Code("XL504", "low-similarity-translation", _WARNING,
         "An aligned translation is much less similar to its source than the rest."),
    Code("XL505", "name-not-carried-over", _WARNING,
         "A name in the source sentence is missing from its translation."),
    Code("XL506", "source-text-left", _WARNING,
         "The translation keeps a run of source-language words untranslated."),
    Code("XL508", "negation-mismatch", _WARNING,
         "Only one of the source sentence and its translation is negated."),
    Code("XL901", "unreadable-input", _ERROR, "A file could not be read as an article."),
    Code("XL902", "malformed-directive", _WARNING,
         "An xlingual comment in an article could not be understood."),
)  # fmt: skip

BY_CODE: dict[str, Code] = {entry.code: entry for entry in CODES}


def known_codes() -> frozenset[str]:
    """Every rule's code (the config's severities and the ignore comments are checked against
    it)."""
    return frozenset(BY_CODE)
