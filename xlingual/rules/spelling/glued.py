"""XL303 glued-sentences: no space between two sentences ("late.Ministers"), or after a
closing bracket ("[sic]he")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from xlingual.findings import Finding
from xlingual.load.documents import Document
from xlingual.rules.base import CheckContext, Example, Rule
from xlingual.rules.spelling.words import LINKISH
from xlingual.segment import abbreviations

# A lowercase word, terminal punctuation and closing quotes, then a capitalised word with no
# space: "dissidents.Figure". A closing bracket after a bracketed phrase, glued to a word:
# "[editor's note]they".
# Starts only where a word starts (the lookbehind): tried at every letter of a long unbroken
# word, `before` would rescan the rest of it each time, quadratic in the word's length.
_GLUED_SENTENCE = re.compile(
    r"(?<![^\W\d_])"
    r"(?P<before>[^\W\d_]{2,})(?P<end>[.!?]+[\"'”’»)\]]*)(?P<after>[^\W\d_][^\W\d_]+)"
)
_GLUED_BRACKET = re.compile(r"(?P<open>[\[(])(?P<inside>[^\[\]()\n]*\s[^\[\]()\n]*)[\])](?=\w)")
_TOP_LEVEL_DOMAINS = frozenset(
    "com net org gov edu info io co uk ru fr de es it eu int mil".split()
)


class GluedSentences(Rule):
    """What it checks: a sentence that ends with no space before the next one ("time.The"), or a
    bracketed phrase glued to the following word ("[sic]he"). Domains, file names, decimals,
    initials ("U.S."), abbreviations and anything inside a link are left alone: the word before
    the stop must end in a lower-case letter and the word after must be a capitalised word.

    Why it matters: the missing space is a copy-paste or extraction defect that readers notice,
    and it often marks where page furniture (a caption, a credit) was merged into the text.

    Example: "The talks ended late.Ministers left without a statement." is reported with the
    suggestion "late. Ministers".
    """

    code = "XL303"
    examples_fail = (
        Example(
            articles=("The talks ended late.Ministers left without a statement.",),
            flagged="late.Ministers",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "The talks ended late. U.S. officials left without a statement, the website "
                "example.com reported.",
            )
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        for document in context.documents:
            yield from self._sentence_glue(document)
            yield from self._bracket_glue(document)

    def _sentence_glue(self, document: Document) -> Iterator[Finding]:
        text = document.text
        # English titles are written before names in any language ("Mr.Smith" is no sentence).
        known = abbreviations("en") | abbreviations(document.language)
        for match in _GLUED_SENTENCE.finditer(text):
            before, after = match.group("before"), match.group("after")
            if not _is_glued_boundary(text, match, before, after, known):
                continue
            stop = match.end("end")
            suggestion = f"{before}{match.group('end')} {after}"
            yield self.finding(
                document,
                match.start(),
                match.end(),
                f"No space between sentences at '{text[match.start('end') : stop]}{after}'",
                suggestion=suggestion,
                confidence=0.85,
            )

    def _bracket_glue(self, document: Document) -> Iterator[Finding]:
        text = document.text
        for match in _GLUED_BRACKET.finditer(text):
            close = match.end()
            word_match = re.match(r"\w+", text[close:])
            word = word_match.group() if word_match else ""
            chunk = _chunk_around(text, match.start(), close + len(word))
            if LINKISH.search(chunk.replace("(", "").replace(")", "").replace("[", "")):
                continue
            yield self.finding(
                document,
                close - 1,
                close + len(word),
                f"No space after the closing bracket before '{word}'",
                suggestion=f"{text[close - 1]} {word}",
                confidence=0.8,
            )


def _is_glued_boundary(
    text: str, match: re.Match[str], before: str, after: str, known_abbreviations: frozenset[str]
) -> bool:
    if not before[-1].islower() or not after[0].isupper() or not after[1].islower():
        return False
    if len(after) <= 3 and after.lower() in _TOP_LEVEL_DOMAINS:
        return False
    if before.lower() in known_abbreviations or (before[0].isupper() and len(before) <= 3):
        return False  # "Pvt.Ltd", "Co.Ltd": abbreviations run together
    chunk = _chunk_around(text, match.start(), match.end())
    core = chunk.strip("\"'“”‘’«»()[],;:!?")
    # One more dot between word characters, or any other link-like mark, in the same run of
    # non-space characters: a domain, path, address or file name ("mail.Example.com").
    if len(re.findall(r"\w\.\w", core)) > 1:
        return False
    return not LINKISH.search(core.replace(match.group(), " "))


def _chunk_around(text: str, start: int, end: int) -> str:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]
