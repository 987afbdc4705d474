"""Which spellings across the articles name one entity (variant clusters); style-sheet checks.

Input: the name mentions of every document (xlingual.analysis.names.mentions), the aligned sentence
groups and an optional glossary. Output: `NameAnalysis`, which the XL1xx rules turn into findings.

Two spellings join one cluster when `name_score` says they are variants and nothing in the articles
says they are two entities. The evidence that counts:
- for: the spellings sit in aligned sentences of different articles; they follow the same given
  name (Vladimir X / Vladimir Y); one article uses both;
- against: they appear in one sentence (two people named side by side), they follow different given
  names (Ilya X / Yevgeny Y), or one is only ever a place and the other only ever a person.
A high score is enough on its own; a middling one needs evidence for.

Which spelling of a cluster is the canonical one (the suggestion) is decided in
xlingual.analysis.names.canonical: the style sheet, then a romanisation of the name in another
script, then the dictionary (wordfreq), and only then the number of articles.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from anyascii import anyascii

from xlingual.align.groups import AlignedGroup
from xlingual.analysis.names.canonical import (
    SpellingUse,
    StyleSheetRuling,
    choose_canonical,
    established_zipf,
)
from xlingual.analysis.names.glossary import Glossary, GlossaryTerm
from xlingual.analysis.names.mentions import Mention
from xlingual.analysis.names.roles import OTHER_GIVEN_NAME_RATIO
from xlingual.analysis.names.same_name import SAME_NAME_THRESHOLD, name_score, same_name, split_name
from xlingual.components import connected_components
from xlingual.load.documents import Document
from xlingual.text_helpers import base_language, fold
from xlingual.word_lists import word_list

# Below SAME_NAME_THRESHOLD, a pair needs evidence from the articles; below this, nothing helps.
CONTEXT_THRESHOLD = 0.6
# Candidate pairs must look alike as plain strings first (rapidfuzz ratio of the ASCII forms):
# cheap enough for thousands of spellings, and loose enough to keep Горбачёв / Gorbatschow.
PREFILTER_RATIO = 55.0
# Two spellings that are both this common (wordfreq's Zipf scale: 3.6 is about 4 per million
# words) are two words, not one name spelled two ways; Sergei (3.5) / Sergey (3.2) are below it.
ESTABLISHED_WORD_ZIPF = 3.6
_NAME_PART = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_MIN_PART_LENGTH = 3


@dataclass(frozen=True)
class NamePart:
    """One word of a name mention: a given name or a surname, with its exact span."""

    document: int  # index into the documents
    start: int
    end: int
    text: str
    label: str  # the mention's label: PERSON, ORG, PLACE or NAME
    sentence: int
    given_name: str | None  # the word before it in the same mention (Vladimir in Vladimir X)
    # The words of the title written right before the mention ("the interior minister"), lower
    # case, four letters or more.
    title: frozenset[str] = frozenset()


@dataclass(frozen=True)
class VariantCluster:
    """Spellings that name one entity; the canonical one first."""

    canonical: str
    spellings: tuple[str, ...]
    parts: tuple[NamePart, ...]  # every occurrence of every spelling
    reason: str  # why the canonical spelling won, in words
    evidence: tuple[str, ...]  # what joined the spellings, in words
    score: float  # the lowest name_score among the joined pairs
    decided_by: str = (
        "articles"  # the evidence that chose the canonical (xlingual.analysis.names.canonical)
    )
    certainty: float = 1.0  # how sure that choice is, 0..1

    def occurrences(self, spelling: str) -> tuple[NamePart, ...]:
        key = spelling.casefold()
        return tuple(part for part in self.parts if part.text.casefold() == key)


@dataclass(frozen=True)
class GlossaryMatch:
    """A span that contradicts a style-sheet entry."""

    document: int
    start: int
    end: int
    text: str
    suggestion: str
    term: GlossaryTerm
    reason: str  # "listed as a wrong form", "a variant of the surname with the same given name"


@dataclass(frozen=True)
class NameAnalysis:
    mentions: tuple[tuple[Mention, ...], ...]  # per document
    clusters: tuple[VariantCluster, ...]
    glossary_matches: tuple[GlossaryMatch, ...] = ()


def analyse_names(
    documents: Sequence[Document],
    mentions: Sequence[Sequence[Mention]],
    groups: Sequence[AlignedGroup] = (),
    glossary: Glossary | None = None,
) -> NameAnalysis:
    parts = [
        part
        for index, found in enumerate(mentions)
        for part in name_parts(index, found, documents[index].text)
    ]
    glossary_matches = match_glossary(documents, mentions, glossary) if glossary else []
    # The dictionary evidence reads English and the articles' own languages.
    languages = tuple(sorted({"en"} | {d.language for d in documents if d.language}))
    clusters = cluster_variants(
        parts,
        groups,
        glossary,
        glossary_matches,
        languages,
        document_languages=[base_language(d.language) for d in documents],
    )
    return NameAnalysis(
        mentions=tuple(tuple(found) for found in mentions),
        clusters=tuple(clusters),
        glossary_matches=tuple(glossary_matches),
    )


def name_parts(document: int, mentions: Iterable[Mention], text: str = "") -> list[NamePart]:
    """The capitalised words of each mention; acronyms (AFP, FSB) and particles are left out.
    With the document's `text`, each part carries the title written before its mention."""
    parts: list[NamePart] = []
    for mention in mentions:
        words = _name_words(mention.text)
        title = _title_words(text, mention.start) if text else frozenset()
        for position, word in enumerate(words):
            parts.append(
                NamePart(
                    document=document,
                    start=mention.start + word.start(),
                    end=mention.start + word.end(),
                    text=word.group(),
                    label=mention.label,
                    sentence=mention.sentence,
                    given_name=words[0].group() if position > 0 else None,
                    title=title,
                )
            )
    return parts


# How far before a mention its title is read (characters), and how many of its words two
# spellings must share to hold one title ("Minister of Climate and Civil Protection").
_TITLE_WINDOW = 60
SHARED_TITLE_WORDS = 3
_TITLE_WORD = re.compile(r"[^\W\d_]{4,}")


def _title_words(text: str, start: int) -> frozenset[str]:
    """The long words in the stretch before a mention, back to the sentence's start."""
    before = text[max(0, start - _TITLE_WINDOW) : start]
    before = re.split(r"[.!?]\s", before)[-1]
    return frozenset(word.casefold() for word in _TITLE_WORD.findall(before))


def _name_words(text: str) -> list[re.Match]:
    """The words of a mention that can be name parts, with their offsets in `text`."""
    return [word for word in _NAME_PART.finditer(text) if _is_name_word(word.group())]


def _is_name_word(word: str) -> bool:
    if len(word) < _MIN_PART_LENGTH or not word[0].isupper():
        return False
    return not (word.isupper() and len(word) <= 5)  # an acronym, not a name


# --- clustering -----------------------------------------------------------------------------


@dataclass
class _Spelling:
    text: str  # the most frequent casing
    parts: list[NamePart]

    @property
    def labels(self) -> set[str]:
        return {part.label for part in self.parts}

    @property
    def documents(self) -> set[int]:
        return {part.document for part in self.parts}

    @property
    def given_names(self) -> set[str]:
        return {part.given_name for part in self.parts if part.given_name}

    @property
    def titles(self) -> set[frozenset[str]]:
        """The titles before the spelling where it is a surname: a given name's form in
        another language (Juan / Johann) is a translation, not a misspelling."""
        return {part.title for part in self.parts if part.title and part.given_name}


def cluster_variants(
    parts: Sequence[NamePart],
    groups: Sequence[AlignedGroup] = (),
    glossary: Glossary | None = None,
    glossary_matches: Sequence[GlossaryMatch] = (),
    languages: Sequence[str] = ("en",),
    document_languages: Sequence[str] = (),
) -> list[VariantCluster]:
    """Spellings of one name, clustered. `document_languages` (base codes, by document index)
    lets a name's case forms inside articles of an inflected language stay one name."""
    spellings = _spellings(parts)
    group_of = {
        (member.document, member.sentence): index
        for index, group in enumerate(groups)
        for member in group.members
    }
    # given name -> the surnames written after it (Luca -> {bellandi}), casefolded
    surnames: dict[str, set[str]] = defaultdict(set)
    for part in parts:
        if part.given_name:
            surnames[part.given_name.casefold()].add(part.text.casefold())
    links = []
    for i, j in _candidate_pairs(spellings):
        verdict = _verdict(spellings[i], spellings[j], group_of, document_languages, surnames)
        if verdict is not None:
            links.append((i, j, verdict))
    clusters = [
        _cluster([spellings[i] for i in indices], verdicts, glossary, glossary_matches, languages)
        for indices, verdicts in connected_components(links)
    ]
    return sorted(clusters, key=lambda cluster: cluster.canonical)


def _spellings(parts: Sequence[NamePart]) -> list[_Spelling]:
    by_key: dict[str, list[NamePart]] = defaultdict(list)
    for part in parts:
        by_key[part.text.casefold()].append(part)
    spellings = []
    for key in sorted(by_key):
        casings = Counter(part.text for part in by_key[key])
        text = max(casings, key=lambda casing: (casings[casing], casing))
        spellings.append(_Spelling(text, by_key[key]))
    return spellings


def _candidate_pairs(spellings: Sequence[_Spelling]) -> list[tuple[int, int]]:
    """Pairs of spellings that look alike as strings; rapidfuzz keeps this fast on large corpora."""
    if len(spellings) < 2:
        return []
    from rapidfuzz import fuzz, process

    forms = [anyascii(spelling.text).lower() for spelling in spellings]
    pairs: list[tuple[int, int]] = []
    # In blocks of rows: the full matrix of an archive's names would not fit in memory.
    for start in range(0, len(forms), _PAIR_BLOCK_ROWS):
        ratios = process.cdist(
            forms[start : start + _PAIR_BLOCK_ROWS],
            forms,
            scorer=fuzz.ratio,
            score_cutoff=PREFILTER_RATIO,
            dtype=np.uint8,
        )
        rows, columns = (ratios > 0).nonzero()
        pairs.extend(
            (start + int(i), int(j)) for i, j in zip(rows, columns, strict=True) if start + i < j
        )
    return pairs


_PAIR_BLOCK_ROWS = 2000


def _verdict(
    a: _Spelling,
    b: _Spelling,
    group_of: dict[tuple[int, int], int],
    document_languages: Sequence[str] = (),
    surnames: dict[str, set[str]] | None = None,
) -> tuple[float, str] | None:
    """(score, evidence in words) when a and b are one entity spelled two ways, else None.
    `surnames` maps a given name to the surnames that follow it (casefolded)."""
    score = name_score(a.text, b.text)
    if score < CONTEXT_THRESHOLD:
        return None
    if not _labels_compatible(a.labels, b.labels):
        return None
    languages = tuple(
        sorted({document_languages[d] for d in a.documents | b.documents if document_languages})
    )
    sentences_a = {(part.document, part.sentence) for part in a.parts}
    sentences_b = {(part.document, part.sentence) for part in b.parts}
    aligned = {group_of.get(s) for s in sentences_a} & {group_of.get(s) for s in sentences_b}
    shared_surname = sorted(
        (surnames or {}).get(a.text.casefold(), set())
        & (surnames or {}).get(b.text.casefold(), set())
    )
    if min(established_zipf(a.text, languages), established_zipf(b.text, languages)) >= (
        ESTABLISHED_WORD_ZIPF
    ) and not (shared_surname and (aligned - {None} or score >= SAME_NAME_THRESHOLD)):
        # Two established words (Ukraine / Ukrainian, Paris / Parish), not a typo; unless both
        # stand before one surname, in aligned sentences or spelled all but alike (Marino /
        # Marini Rossi: one person).
        return None
    if _english_inflection(a.text, b.text, a.labels | b.labels):
        return None  # one word, inflected (Union / Union's, Socialist / Socialists)
    if _case_forms(a, b, document_languages):
        return None  # one name declined in its own language (Warschau / Warschaus)
    if sentences_a & sentences_b:
        return None  # named side by side: two entities
    given_a, given_b = a.given_names, b.given_names
    same_title = _shared_title(a, b)
    shared_given = sorted(g for g in given_a if any(g == h or same_name(g, h) for h in given_b))
    if (
        given_a
        and given_b
        and not shared_given
        and not ((aligned - {None} or same_title) and _given_name_forms(given_a, given_b))
    ):
        return None  # Ilya X and Yevgeny Y are two people
    evidence = []
    if aligned - {None}:
        evidence.append("they are used in aligned sentences")
    if shared_given:
        evidence.append(f"both follow the given name {shared_given[0]}")
    if shared_surname:
        evidence.append(f"both come before the surname {shared_surname[0].title()}")
    if same_title:
        evidence.append(f"both follow the title words {', '.join(same_title)}")
    if a.documents & b.documents:
        evidence.append("one article uses both")
    if score < SAME_NAME_THRESHOLD and not evidence:
        return None
    return score, "; ".join(evidence) or "the spellings are close transliteration variants"


def _shared_title(a: _Spelling, b: _Spelling) -> list[str]:
    """The title words both spellings follow somewhere (at least SHARED_TITLE_WORDS of them),
    in alphabetical order; [] when they never share a title."""
    best: set[str] = set()
    for title_a in a.titles:
        for title_b in b.titles:
            shared = title_a & title_b
            if len(shared) >= SHARED_TITLE_WORDS and len(shared) > len(best):
                best = set(shared)
    return sorted(best)


def _given_name_forms(given_a: set[str], given_b: set[str]) -> bool:
    """Some given name of each is one name in two languages' forms (Peter / Petros, Juan /
    Johann: rapidfuzz ratio of the folded forms OTHER_GIVEN_NAME_RATIO or more), as
    xlingual.analysis.names.roles reads them: in aligned sentences that is one person whose
    names two translations rendered differently."""
    from rapidfuzz import fuzz

    return any(
        fuzz.ratio(fold(g), fold(h)) >= OTHER_GIVEN_NAME_RATIO for g in given_a for h in given_b
    )


_POSSESSIVE_ENDINGS = ("'s", "\u2019s", "'", "\u2019")
_PLURAL_ENDINGS = ("s", "es")


def _english_inflection(a: str, b: str, labels: set[str]) -> bool:
    """One spelling is the other with an English possessive ending, or with a plural ending
    where neither was ever tagged a person (a surname's -s is a spelling: Matthew, Matthews)."""
    short, long = sorted((a, b), key=len)
    if not long.casefold().startswith(short.casefold()):
        return False
    ending = long[len(short) :].casefold()
    return ending in _POSSESSIVE_ENDINGS or (ending in _PLURAL_ENDINGS and "PERSON" not in labels)


def _case_forms(a: _Spelling, b: _Spelling, document_languages: Sequence[str]) -> bool:
    """Both spellings occur in articles of one inflected language, and they are one stem with
    two of that language's case endings (`data/case_endings/<lang>.txt`)."""
    if not document_languages:
        return False
    shared = {document_languages[d] for d in a.documents} & {
        document_languages[d] for d in b.documents
    }
    folded_a, folded_b = fold(a.text), fold(b.text)
    stem = 0
    while stem < min(len(folded_a), len(folded_b)) and folded_a[stem] == folded_b[stem]:
        stem += 1
    # The shared prefix may end inside the endings (Κυριάκος / Κυριάκου share the "ο"): try
    # every shorter stem too.
    for cut in range(stem, _MIN_STEM - 1, -1):
        endings = {folded_a[cut:] or "-", folded_b[cut:] or "-"}
        if any(endings <= _case_endings(language) for language in shared):
            return True
    return False


_MIN_STEM = 3


@functools.cache
def _case_endings(language: str) -> frozenset[str]:
    listed = word_list("case_endings", language) or frozenset()
    return frozenset(ending if ending == "-" else fold(ending) for ending in listed)


def _labels_compatible(labels_a: set[str], labels_b: set[str]) -> bool:
    # spaCy's labels are noisy: a person's surname can be tagged a place in one sentence. Only
    # a spelling that is never anything but a place against one never anything but a person
    # (Kirovsk / Kirov) is told apart by its label.
    if "NAME" in labels_a or "NAME" in labels_b or labels_a & labels_b:
        return True
    return not ({"PLACE"} in (labels_a, labels_b) and {"PERSON"} in (labels_a, labels_b))


def _cluster(
    spellings: list[_Spelling],
    links: list[tuple[float, str]],
    glossary: Glossary | None,
    glossary_matches: Sequence[GlossaryMatch],
    languages: Sequence[str],
) -> VariantCluster:
    uses = [SpellingUse(s.text, len(s.documents), len(s.parts)) for s in spellings]
    style = _style_sheet_ruling(spellings, glossary, glossary_matches)
    choice = choose_canonical(uses, languages, style)
    ordered = sorted(spellings, key=lambda s: (s.text != choice.spelling, -len(s.parts), s.text))
    evidence = tuple(sorted({text for _, text in links}))
    return VariantCluster(
        canonical=choice.spelling,
        spellings=tuple(spelling.text for spelling in ordered),
        parts=tuple(sorted((p for s in spellings for p in s.parts), key=_part_order)),
        reason=choice.reason,
        evidence=evidence,
        score=min(score for score, _ in links),
        decided_by=choice.decided_by,
        certainty=choice.certainty,
    )


def _part_order(part: NamePart) -> tuple[int, int]:
    return part.document, part.start


def _style_sheet_ruling(
    spellings: Sequence[_Spelling],
    glossary: Glossary | None,
    glossary_matches: Sequence[GlossaryMatch],
) -> StyleSheetRuling | None:
    """The style sheet's spelling of this cluster's name part, when it has one.

    An entry rules a cluster when the cluster uses a word of the entry's canonical name, or when
    the entry flagged one of the cluster's occurrences (a listed wrong form, or a close variant
    with the same given name): then its spelling is canonical even if no article uses it.
    """
    if not glossary:
        return None
    for term in glossary.terms:
        words = {word.casefold(): word for word in split_name(term.canonical)}
        for spelling in spellings:
            if spelling.text.casefold() in words:
                return StyleSheetRuling(words[spelling.text.casefold()], term.canonical)
    occurrences = [part for spelling in spellings for part in spelling.parts]
    for match in glossary_matches:
        part = next(
            (
                p
                for p in occurrences
                if p.document == match.document and match.start <= p.start and p.end <= match.end
            ),
            None,
        )
        if part is None:
            continue
        # The entry's word for this name part: the one the flagged spelling resembles most.
        word = max(split_name(match.term.canonical), key=lambda w: (name_score(w, part.text), w))
        if name_score(word, part.text) >= CONTEXT_THRESHOLD:
            return StyleSheetRuling(word, match.term.canonical)
    return None


# --- the style sheet ------------------------------------------------------------------------


def match_glossary(
    documents: Sequence[Document],
    mentions: Sequence[Sequence[Mention]],
    glossary: Glossary,
) -> list[GlossaryMatch]:
    """Spans that contradict a glossary entry: a listed wrong form, or an approximate spelling.

    An approximate surname counts only with a matching given name, taken from the mention itself
    or from a fuller mention of the same surname in the same article (Yevgeny X ... X warned), so
    that an entry for one person never pulls in another with a similar surname.
    """
    matches: dict[tuple[int, int, int], GlossaryMatch] = {}
    for index, document in enumerate(documents):
        for term in glossary.terms:
            for match in _listed_variants(index, document, term):
                matches.setdefault((match.document, match.start, match.end), match)
        given_by_surname = _given_names_by_surname(mentions[index])
        for mention in mentions[index]:
            for term in glossary.terms:
                for match in _approximate(index, mention, term, given_by_surname):
                    matches.setdefault((match.document, match.start, match.end), match)
    return sorted(matches.values(), key=lambda m: (m.document, m.start, m.end))


def _listed_variants(index: int, document: Document, term: GlossaryTerm) -> list[GlossaryMatch]:
    found = []
    for variant in term.variants:
        pattern = re.compile(rf"(?<!\w){re.escape(variant)}(?!\w)", re.IGNORECASE)
        for hit in pattern.finditer(document.text):
            found.append(
                GlossaryMatch(
                    index,
                    hit.start(),
                    hit.end(),
                    hit.group(),
                    _suggestion_for(hit.group(), term.canonical),
                    term,
                    "listed in the style sheet as a wrong form",
                )
            )
    return found


def _suggestion_for(variant: str, canonical: str) -> str:
    """The canonical form with as many words as the flagged span: Karbovskiy -> Karbovsky."""
    words = split_name(canonical)
    count = len(split_name(variant))
    return " ".join(words[-count:]) if 0 < count < len(words) else canonical


def _given_names_by_surname(mentions: Sequence[Mention]) -> dict[str, set[str]]:
    given: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        words = _name_words(mention.text)
        if len(words) > 1:
            given[words[-1].group().casefold()].add(words[0].group())
    return given


def _approximate(
    index: int, mention: Mention, term: GlossaryTerm, given_by_surname: dict[str, set[str]]
) -> list[GlossaryMatch]:
    canonical_words = split_name(term.canonical)
    words = _name_words(mention.text)
    if not words or not canonical_words:
        return []
    surname, canonical_surname = words[-1], canonical_words[-1]
    if not same_name(surname.group(), canonical_surname):
        return []
    # With a given name in the entry, the mention must carry the same one (or an initial).
    canonical_given = canonical_words[0] if len(canonical_words) > 1 else None
    if canonical_given:
        if len(words) > 1:
            given_names = {words[0].group()}
        else:
            given_names = given_by_surname.get(surname.group().casefold(), set())
        if not any(same_name(name, canonical_given) for name in given_names):
            return []
    found = []
    flagged = [(surname, canonical_surname)]
    if canonical_given and len(words) > 1:
        flagged.insert(0, (words[0], canonical_given))
    for word, wanted in flagged:
        if word.group() == wanted:
            continue
        reason = (
            "a variant of the style sheet's spelling"
            if word.group().casefold() != wanted.casefold()
            else "capitalised differently from the style sheet"
        )
        found.append(
            GlossaryMatch(
                index,
                mention.start + word.start(),
                mention.start + word.end(),
                word.group(),
                wanted,
                term,
                reason,
            )
        )
    return found
