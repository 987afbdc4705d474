"""XL302 run-together-words: two words whose space or hyphen was lost ("wellknown")."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from xlingual.analysis.words import lexicon
from xlingual.findings import Finding, Severity
from xlingual.load.documents import Document
from xlingual.rules.base import CheckContext, Example, Rule
from xlingual.rules.spelling.words import (
    Split,
    Word,
    best_split,
    is_camel_case,
    is_english,
    is_foreign,
    is_run_together_candidate,
    plain_words,
    standalone_name_parts,
    zipf_en,
)

# Both words of a joint no one writes must be this common (Zipf: once in 10,000 words or more).
_COMMON_PART_ZIPF = 4.0


class RunTogetherWords(Rule):
    """What it checks: a non-word that splits into two common words, such as a compound whose
    hyphen or space was lost ("wellknown", "halfhearted" written without the hyphen). It is
    reported with more confidence when the pair is common in print, another article writes it
    hyphenated or separately, or both words are common and the joined form is never written
    (wordfreq has no count for it). A name glued to a word ("Smithbacked") is found when the name
    stands alone elsewhere. Closed compounds that dictionaries know ("anticorruption") pass.

    Why it matters: extraction and machine translation drop hyphens and spaces; the result reads
    as a typo and defeats search and name matching.

    Example: "a wellknown consultant" is reported with the suggestion "well-known".
    """

    code = "XL302"
    examples_fail = (
        Example(
            articles=("The firm hired a wellknown consultant to review the accounts of the city.",),
            flagged="wellknown",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "The firm hired a well-known consultant to review the anticorruption plan of the "
                "city.",
            )
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        name_parts = standalone_name_parts(context)
        for index, document in enumerate(context.documents):
            if not is_english(document):
                continue
            for word in plain_words(document):
                if not is_run_together_candidate(word):
                    continue
                if word.capitalised and not word.at_sentence_start and word.text[1:].islower():
                    split = best_split(word.text, name_parts)
                    if split and split.left not in name_parts:
                        continue  # a capitalised word that is not a name glued to a word
                else:
                    split = best_split(word.text, frozenset())
                if split and self._plausible(context, word, split, name_parts):
                    yield self._report(context, index, document, word, split, name_parts)

    def _plausible(
        self, context: CheckContext, word: Word, split: Split, name_parts: frozenset[str]
    ) -> bool:
        if is_foreign(word.text) or is_camel_case(word.text[0].lower() + word.text[1:]):
            return split.left in name_parts
        if split.left in name_parts or split.bigram:
            return True
        if _has_close_spelling(word.text):
            return False
        pattern = re.compile(
            rf"\b{re.escape(split.left)}[-\u2010\u2011 ]{re.escape(split.right)}\b", re.IGNORECASE
        )
        return (
            _is_compound_adjective(word, split)
            or _never_written_joined(word, split)
            or context.search.find(pattern) is not None
        )

    def _report(
        self,
        context: CheckContext,
        index: int,
        document: Document,
        word: Word,
        split: Split,
        name_parts: frozenset[str],
    ) -> Finding:
        pattern = re.compile(
            rf"\b{re.escape(split.left)}(?P<joint>[-\u2010\u2011 ]){re.escape(split.right)}\b",
            re.IGNORECASE,
        )
        evidence = context.span_at(context.search.find(pattern))
        if evidence:
            hyphen = " " not in evidence.text
            confidence, severity = 0.9, Severity.WARNING
        else:
            hyphen = word.followed_by_word or split.left in name_parts
            if _never_written_joined(word, split) and not _is_compound_adjective(word, split):
                hyphen = False  # two nouns ("rowing clubs"), not a modifier before a noun
            if (
                split.left in name_parts
                or _pair_outweighs_compound(word.text, split)
                or _never_written_joined(word, split)
            ):
                confidence, severity = 0.75, Severity.WARNING
            else:
                confidence, severity = 0.5, Severity.INFO
        suggestion = split.joined(hyphen)
        message = f"'{word.text}' looks like two words run together: '{suggestion}'"
        if evidence:
            message += f" (written '{evidence.text}' in {evidence.path})"
        return self.finding(
            document,
            word.start,
            word.end,
            message,
            suggestion=suggestion,
            related=(evidence,) if evidence else (),
            confidence=confidence,
            severity=severity,
        )


def _pair_outweighs_compound(word: str, split: Split) -> bool:
    """The two words are common together in print and the joined form is a thousand times rarer
    ("webserver" is a variant spelling, not an error, when it is nearly as common as the pair)."""
    if not split.bigram:
        return False
    pair_zipf = math.log10(split.bigram / lexicon.total_words() * 1e9)
    return pair_zipf - zipf_en(word) >= 3.0


def _is_compound_adjective(word: Word, split: Split) -> bool:
    """A modifier glued to a participle before a noun ("fastgrowing market", "longawaited
    report"), the commonest shape of a lost hyphen; other unattested splits are guesses."""
    return (
        word.followed_by_word
        and split.right.endswith(("ing", "ed"))
        and len(split.left) >= 3
        and zipf_en(split.left) >= 3.5
        and zipf_en(split.right) >= 3.5
    )


def _never_written_joined(word: Word, split: Split) -> bool:
    """Two frequent words of four letters or more whose joined form the web never writes
    ("rowingclubs", "pianoteacher"): a closed compound in use, even a new one, has some
    frequency in wordfreq; a joint no one writes is a lost space."""
    return (
        zipf_en(word.text) == 0
        and min(len(split.left), len(split.right)) >= 4
        and min(zipf_en(split.left), zipf_en(split.right)) >= _COMMON_PART_ZIPF
    )


def _has_close_spelling(word: str) -> bool:
    """One edit away from a dictionary word: likelier a typo ("relevent") than two words."""
    return any(distance == 1 for _, distance, _ in lexicon.corrections(word, 1))
