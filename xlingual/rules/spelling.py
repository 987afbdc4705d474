"""Spelling and form (XL3xx): non-words, words run together, glued sentences, web leftovers,
verbless fragments.

Word statistics come from `xlingual.analysis.words.lexicon` (Google-Books counts, wordfreq); POS
tags from `xlingual.analysis.words.syntax`. Names are the names rules' business, so these rules
stay away from capitalised words unless another article gives evidence, and from anything that
looks like a link or code.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from xlingual.analysis.words import lexicon
from xlingual.findings import Finding, Severity, Span
from xlingual.load.documents import Document
from xlingual.memo import remembered
from xlingual.rules.base import CheckContext, Example, Rule, span_of
from xlingual.segment import Sentence

if TYPE_CHECKING:
    from xlingual.analysis.words.syntax import TaggedWord

# ---------------------------------------------------------------------------------------------
# Words in context

# wordfreq keeps common misspellings ("recieve" 2.75) and closed compounds ("anticorruption" 2.1);
# a word below this is unknown, and a known word is never flagged whatever its spelling.
_KNOWN_ZIPF = 2.0
# A misspelling must be far rarer than its correction (in Zipf points, a factor of 10 each).
_MISSPELLING_GAP = 2.0
_MISSPELLING_MAX_ZIPF = 3.0
# The best correction must be this many times more frequent than the runner-up at its distance.
_UNIQUE_RATIO = 10

_LINKISH = re.compile(r"://|^www\.|@|/|\w\.\w|\\|[_=#~<>{}|]")


@dataclass(frozen=True)
class _Word:
    """A word of an English sentence with what the rules need to know about its surroundings."""

    text: str
    start: int
    end: int
    sentence: int
    at_sentence_start: bool
    followed_by_word: bool

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def _is_english(document: Document) -> bool:
    return document.language.lower().split("-")[0] == "en"


def _plain_words(document: Document) -> Iterator[_Word]:
    """Latin-script words outside links, addresses, code and numbers; acronyms left out."""
    text = document.text
    for sentence in document.sentences:
        for chunk in re.finditer(r"\S+", sentence.text):
            if _LINKISH.search(chunk.group()) or any(c.isdigit() for c in chunk.group()):
                continue
            offset = sentence.start + chunk.start()
            for token in lexicon.tokens(chunk.group(), offset):
                if token.text.isupper() or not _is_latin(token.text):
                    continue
                yield _Word(
                    token.text,
                    token.start,
                    token.end,
                    sentence.index,
                    not any(c.isalnum() for c in text[sentence.start : token.start]),
                    _next_is_word(text, token.end, sentence.end),
                )


def _is_latin(word: str) -> bool:
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" or not c.isalpha() for c in word)


def _next_is_word(text: str, position: int, end: int) -> bool:
    if position >= end or text[position] != " ":
        return False
    position += 1
    while position < end and text[position] in _OPENING_QUOTES:
        position += 1
    return position < end and text[position].isalpha()


_OPENING_QUOTES = "\"'“‘«„"
# Languages whose words commonly appear untranslated in English news; a word common in one of
# them is foreign, which is another rule's business, not a misspelling.
_OTHER_LANGUAGES = ("fr", "de", "es", "it", "pt", "nl")
_FOREIGN_ZIPF = 2.5
# Endings that make a new word from a known one; "bonks" and "astrophysically" are words.
_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "ally", "er", "ers", "ness", "ism", "ist", "ists")


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    return lexicon.zipf(word.lower(), "en")


def _is_known(word: str) -> bool:
    return lexicon.unigram(word) > 0 or _zipf(word) >= _KNOWN_ZIPF


@lru_cache(maxsize=65536)
def _is_foreign(word: str) -> bool:
    if not word.isascii():
        return True  # an English word with accents would be in the dictionary
    return any(lexicon.zipf(word.lower(), code) >= _FOREIGN_ZIPF for code in _OTHER_LANGUAGES)


def _is_derived_word(word: str, correction: str) -> bool:
    """A known word plus a productive ending ("whops" from "whop", "physically" from
    "physical"), unless the correction is the same base spelt right ("occured", "occurred")."""
    lowered = word.lower()
    if lowered.startswith(correction) and lowered[len(correction) :] in _SUFFIXES:
        return True
    for suffix in _SUFFIXES:
        base = lowered[: -len(suffix)]
        if len(base) < 3 or not lowered.endswith(suffix) or correction.startswith(base):
            continue
        if any(_zipf(b) >= 1.5 or lexicon.unigram(b) for b in (base, base + "e")):
            return True
    return False


def _is_camel_case(word: str) -> bool:
    return any(c.isupper() for c in word[1:])


def _person_spans(context: CheckContext, document_index: int) -> list[tuple[int, int]]:
    if context.names is None or document_index >= len(context.names.mentions):
        return []
    return [(m.start, m.end) for m in context.names.mentions[document_index] if m.label == "PERSON"]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _find_in_documents(
    context: CheckContext, pattern: re.Pattern[str], skip: tuple[int, int, int] | None = None
) -> Span | None:
    """The first match of `pattern` in any document, except the span `skip` (doc, start, end)."""
    corpus = _corpus(context.documents)
    for match in pattern.finditer(corpus.text):
        index = bisect.bisect_right(corpus.starts, match.start()) - 1
        start, end = match.start() - corpus.starts[index], match.end() - corpus.starts[index]
        if skip and (index, start, end) == skip:
            continue
        return span_of(context.documents[index], start, end)
    return None


def _find_word(context: CheckContext, word: str) -> Span | None:
    """The first occurrence of `word` as a whole word in any document (as `\bword\b` finds it).

    Looked up in an index of the articles' words: a regex pass over every article per question
    made the rule quadratic in the size of an archive."""
    if not _WORD_CHARS.fullmatch(word):
        return _find_in_documents(context, re.compile(rf"\b{re.escape(word)}\b"))
    found = _corpus(context.documents).first_occurrence.get(word)
    if found is None:
        return None
    index, start, end = found
    return span_of(context.documents[index], start, end)


_WORD_CHARS = re.compile(r"\w+")


@dataclass(frozen=True)
class _Corpus:
    """Every document's text in one string, so that one regex pass searches them all, and the
    first place each whole word occurs."""

    text: str
    starts: tuple[int, ...]  # where each document's text begins in `text`
    first_occurrence: dict[str, tuple[int, int, int]]  # word -> (document, start, end)


# A separator no pattern here can match across: no letter, digit, space or hyphen, and a
# word boundary on either side just as at the start and end of a document.
_SEPARATOR = "\n\x00\n"
_last_corpus: tuple[tuple[Document, ...], _Corpus] | None = None


def _corpus(documents: tuple[Document, ...]) -> _Corpus:
    # One corpus per check: remembered by identity for the documents of the running check.
    global _last_corpus
    if _last_corpus is None or _last_corpus[0] is not documents:
        starts, position = [], 0
        for document in documents:
            starts.append(position)
            position += len(document.text) + len(_SEPARATOR)
        text = _SEPARATOR.join(document.text for document in documents)
        first_occurrence: dict[str, tuple[int, int, int]] = {}
        for index, document in enumerate(documents):
            for match in _WORD_CHARS.finditer(document.text):
                first_occurrence.setdefault(match.group(), (index, match.start(), match.end()))
        _last_corpus = (documents, _Corpus(text, tuple(starts), first_occurrence))
    return _last_corpus[1]


# ---------------------------------------------------------------------------------------------
# XL302 helpers: where a run-together word splits


@dataclass(frozen=True)
class _Split:
    left: str
    right: str
    bigram: int

    def joined(self, hyphen: bool) -> str:
        return f"{self.left}{'-' if hyphen else ' '}{self.right}"


def _part_is_word(part: str, minimum_zipf: float) -> bool:
    if len(part) < 2 or lexicon.unigram(part) == 0:
        return False
    # Two-letter pieces are everywhere ("in", "so", "up"): only the most common count.
    return _zipf(part) >= (5.0 if len(part) == 2 else minimum_zipf)


def _best_split(word: str, name_parts: frozenset[str]) -> _Split | None:
    """The split of `word` into two frequent words, preferring one attested as a pair.

    A capitalised word may start with a name the articles use on its own ("Smithbacked" for
    "Smith-backed"); its rest must then be a longer lowercase word.
    """
    best: tuple[float, _Split] | None = None
    for cut in range(2, len(word) - 2):
        left, right = word[:cut], word[cut:]
        if not right.islower():
            continue
        if left in name_parts:
            if len(left) < 3 or len(right) < 5 or not _part_is_word(right, 3.5):
                continue
        elif not (left.islower() or left[1:].islower()) or not (
            _part_is_word(left.lower(), 3.0) and _part_is_word(right, 3.0)
        ):
            continue
        pair = lexicon.bigram(left, right)
        score = min(_zipf(left), _zipf(right)) + (3.0 if pair else 0.0)
        if best is None or score > best[0]:
            best = (score, _Split(left, right, pair))
    return best[1] if best else None


def _name_parts(context: CheckContext) -> frozenset[str]:
    """Capitalised words that stand alone mid-sentence somewhere in the articles."""
    parts: set[str] = set()
    for document in context.documents:
        for word in _plain_words(document):
            if word.capitalised and not word.at_sentence_start and word.text[1:].islower():
                parts.add(word.text)
    return frozenset(parts)


def _is_run_together_candidate(word: _Word) -> bool:
    return (
        len(word.text) >= 6
        and "-" not in word.text
        and "'" not in word.text
        and "’" not in word.text
        and not _is_known(word.text)
    )


# ---------------------------------------------------------------------------------------------
# Rules


class Misspelling(Rule):
    """What it checks: a word that is in no English dictionary (neither symspellpy's Google-Books
    list nor wordfreq at a useful frequency) but is one or two letters away from exactly one
    common word, which is at least a hundred times more frequent. Capitalised words are left
    alone (they are usually names) unless the correction is written in lower case in one of the
    articles; people's names (as the name analysis finds them), acronyms, words with digits, links
    and addresses are never checked.

    Why it matters: a typo in a published article costs credibility, and in machine-translated
    text a non-word often marks a garbled source spelling that a reader cannot decode.

    Example: "The comittee will publish its report" is reported with the suggestion
    "committee".
    """

    code = "XL301"
    needs_names = True  # people's names are never checked
    examples_fail = (
        Example(
            articles=("The comittee will publish its report on the harbour project next month.",),
            flagged="comittee",
        ),
    )
    examples_pass = (
        Example(
            articles=("The committee will publish its report on the harbour project next month.",)
        ),
        Example(
            articles=(
                "The committee questioned Maria Comittee, its former chair, on Monday about the "
                "harbour project and its budget.",
            )
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        name_parts = _name_parts(context)
        for index, document in enumerate(context.documents):
            if not _is_english(document):
                continue
            names = _person_spans(context, index)
            for word in _plain_words(document):
                finding = self._check_word(context, index, document, word, names, name_parts)
                if finding:
                    yield finding

    def _check_word(
        self,
        context: CheckContext,
        index: int,
        document: Document,
        word: _Word,
        names: list[tuple[int, int]],
        name_parts: frozenset[str],
    ) -> Finding | None:
        if len(word.text) < 5 or "'" in word.text or "’" in word.text or "-" in word.text:
            return None
        if _inside(names, word.start, word.end):
            return None  # part of a person's name: names are XL1xx's to judge
        if lexicon.unigram(word.text) > 0 or _zipf(word.text) >= _MISSPELLING_MAX_ZIPF:
            return None
        if _is_camel_case(word.text) or _is_foreign(word.text):
            return None
        if _is_run_together_candidate(word) and _best_split(word.text, name_parts):
            return None  # XL302's finding
        previous, following = _neighbour_words(document, word)
        correction = _confident_correction(word.text, previous, following)
        if correction is None or _zipf(word.text) > _zipf(correction) - _MISSPELLING_GAP:
            return None
        if _is_derived_word(word.text, correction):
            return None
        evidence = _find_word(context, correction)
        # A capitalised non-word is usually a name, whatever it resembles ("Rhion", "Blato");
        # only the correction written in lower case in the articles says it is a common word.
        if word.capitalised and evidence is None:
            return None
        suggestion = correction.capitalize() if word.capitalised else correction
        confidence = 0.9 if evidence else 0.75
        message = f"'{word.text}' is not an English word; did you mean '{suggestion}'?"
        return self.finding(
            document,
            word.start,
            word.end,
            message,
            suggestion=suggestion,
            related=(evidence,) if evidence else (),
            confidence=confidence,
        )


def _neighbour_words(document: Document, word: _Word) -> tuple[str, str]:
    sentence = document.sentences[word.sentence]
    before = lexicon.tokens(document.text[sentence.start : word.start])
    after = lexicon.tokens(document.text[word.end : sentence.end])
    return (before[-1].lower if before else "", after[0].lower if after else "")


def _confident_correction(word: str, previous: str = "", following: str = "") -> str | None:
    """The one dictionary word `word` is a slip for, or None when there are rival readings.

    Frequency picks the candidate; the neighbouring words veto it when a rarer candidate is
    attested next to them and it is not ("this theif": "thief", not "their").
    """
    candidates = lexicon.corrections(word, 2)
    if not candidates:
        return None
    distance = candidates[0][1]
    if distance == 0 or (distance == 2 and len(word) < 7):
        return None
    closest = [c for c in candidates if c[1] == distance]
    if len(closest) > 1 and closest[0][2] < _UNIQUE_RATIO * closest[1][2]:
        return None
    best = closest[0][0]
    rival_fits = any(_fits_context(term, previous, following) for term, _, _ in closest[1:])
    if rival_fits and not _fits_context(best, previous, following):
        return None
    return best


def _fits_context(term: str, previous: str, following: str) -> bool:
    return bool(
        (previous and lexicon.bigram(previous, term))
        or (following and lexicon.bigram(term, following))
    )


def _pair_outweighs_compound(word: str, split: _Split) -> bool:
    """The two words are common together in print and the joined form is a thousand times rarer
    ("webserver" is a variant spelling, not an error, when it is nearly as common as the pair)."""
    if not split.bigram:
        return False
    pair_zipf = math.log10(split.bigram / lexicon.total_words() * 1e9)
    return pair_zipf - _zipf(word) >= 3.0


def _is_compound_adjective(word: _Word, split: _Split) -> bool:
    """A modifier glued to a participle before a noun ("fastgrowing market", "longawaited
    report"), the commonest shape of a lost hyphen; other unattested splits are guesses."""
    return (
        word.followed_by_word
        and split.right.endswith(("ing", "ed"))
        and len(split.left) >= 3
        and _zipf(split.left) >= 3.5
        and _zipf(split.right) >= 3.5
    )


def _has_close_spelling(word: str) -> bool:
    """One edit away from a dictionary word: likelier a typo ("relevent") than two words."""
    return any(distance == 1 for _, distance, _ in lexicon.corrections(word, 1))


class RunTogetherWords(Rule):
    """What it checks: a non-word that splits into two common words, such as a compound whose
    hyphen or space was lost ("wellknown", "halfhearted" written without the hyphen). It is
    reported with more confidence when the pair is common in print or another article writes
    it hyphenated or separately. A name glued to a word ("Smithbacked") is found when the name
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
        name_parts = _name_parts(context)
        for index, document in enumerate(context.documents):
            if not _is_english(document):
                continue
            for word in _plain_words(document):
                if not _is_run_together_candidate(word):
                    continue
                if word.capitalised and not word.at_sentence_start and word.text[1:].islower():
                    split = _best_split(word.text, name_parts)
                    if split and split.left not in name_parts:
                        continue  # a capitalised word that is not a name glued to a word
                else:
                    split = _best_split(word.text, frozenset())
                if split and self._plausible(context, word, split, name_parts):
                    yield self._report(context, index, document, word, split, name_parts)

    def _plausible(
        self, context: CheckContext, word: _Word, split: _Split, name_parts: frozenset[str]
    ) -> bool:
        if _is_foreign(word.text) or _is_camel_case(word.text[0].lower() + word.text[1:]):
            return split.left in name_parts
        if split.left in name_parts or split.bigram:
            return True
        if _has_close_spelling(word.text):
            return False
        pattern = re.compile(
            rf"\b{re.escape(split.left)}[-\u2010\u2011 ]{re.escape(split.right)}\b", re.IGNORECASE
        )
        return _is_compound_adjective(word, split) or bool(_find_in_documents(context, pattern))

    def _report(
        self,
        context: CheckContext,
        index: int,
        document: Document,
        word: _Word,
        split: _Split,
        name_parts: frozenset[str],
    ) -> Finding:
        pattern = re.compile(
            rf"\b{re.escape(split.left)}(?P<joint>[-\u2010\u2011 ]){re.escape(split.right)}\b",
            re.IGNORECASE,
        )
        evidence = _find_in_documents(context, pattern)
        if evidence:
            hyphen = " " not in evidence.text
            confidence, severity = 0.9, Severity.WARNING
        else:
            hyphen = word.followed_by_word or split.left in name_parts
            if split.left in name_parts or _pair_outweighs_compound(word.text, split):
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
        for match in _GLUED_SENTENCE.finditer(text):
            before, after = match.group("before"), match.group("after")
            if not _is_glued_boundary(text, match, before, after):
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
            if _LINKISH.search(chunk.replace("(", "").replace(")", "").replace("[", "")):
                continue
            yield self.finding(
                document,
                close - 1,
                close + len(word),
                f"No space after the closing bracket before '{word}'",
                suggestion=f"{text[close - 1]} {word}",
                confidence=0.8,
            )


def _is_glued_boundary(text: str, match: re.Match[str], before: str, after: str) -> bool:
    if not before[-1].islower() or not after[0].isupper() or not after[1].islower():
        return False
    if len(after) <= 3 and after.lower() in _TOP_LEVEL_DOMAINS:
        return False
    if before.lower() in _ABBREVIATIONS or (before[0].isupper() and len(before) <= 3):
        return False  # "Pvt.Ltd", "Co.Ltd": abbreviations run together
    chunk = _chunk_around(text, match.start(), match.end())
    core = chunk.strip("\"'“”‘’«»()[],;:!?")
    # One more dot between word characters, or any other link-like mark, in the same run of
    # non-space characters: a domain, path, address or file name ("mail.Example.com").
    if len(re.findall(r"\w\.\w", core)) > 1:
        return False
    return not _LINKISH.search(core.replace(match.group(), " "))


def _chunk_around(text: str, start: int, end: int) -> str:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


_ABBREVIATIONS = frozenset("mr mrs ms dr prof st jr sr gen col lt vs etc no nr approx fig".split())


# ---------------------------------------------------------------------------------------------
# XL304: page furniture

# Words that name the controls and widgets of a news page, in English, French, German, Spanish.
# A line made only of these and function words is a button, a prompt or a teaser, not prose.
_UI_ANCHORS = frozenset(
    """
    comment comments commenter commentaire commentaires kommentar kommentare kommentieren
    comentario comentarios comentar reply replies répondre antworten responder share shares
    partager teilen compartir subscribe subscribed subscription unsubscribe abonnieren abonnez
    abonner suscríbete suscribirse suscribete newsletter newsletters boletín reaction reactions
    réaction réactions reaktion reaktionen reacción reacciones advertisement advertisements
    publicité anzeige werbung publicidad anuncio cookies cookie login logout connexion anmelden
    registrieren tweet retweet whatsapp telegram facebook twitter linkedin pinterest instagram
    youtube tiktok print imprimer drucken imprimir
    """.split()
)
_UI_WORDS = _UI_ANCHORS | frozenset(
    """
    read reading more lire plus suite weiterlesen mehr lesen leer más latest news nouvelles
    actualités actualité noticias nachrichten artikel article articles story stories related
    click tap cliquez klicken clic haz here ici hier aquí write écrire schreiben escribir first
    premier première erste ersten primero primer sign follow suivez suivre folgen síguenos
    seguir email mail send envoyer senden enviar see voir sehen ver top view views like likes
    also aussi auch también full continue continuer weiter seguir page home accueil startseite
    inicio menu search rechercher suche buscar close fermer schließen cerrar back retour zurück
    volver next previous suivant précédent vorherige nächste siguiente anterior link copy
    copied loading chargement laden cargando post posts posted log sign up be
    """.split()
)
_CAPTION_LABEL = re.compile(
    r"(?:photo|photos|image|images|picture|figure|fig|caption|credit|credits|illustration|"
    r"video|foto|fotos|bild|bilder|imagen|imágenes|fotografía|crédit|crédits|légende|"
    r"bildquelle|vídeo|vidéo)(?:\s+(?:credit|credits|source|crédit))?\s*:",
    re.IGNORECASE,
)
_COUNTER = re.compile(r"^\s*\d[\d.,]*\s*[kKmM]?\s+(?P<word>[^\W\d_]+)\s*$")
_BARE_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
_MAX_UI_WORDS = 8


@lru_cache(maxsize=32)
@remembered("spacy")  # importing spaCy for a word list takes seconds
def _stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words (no model needed), English always included: UI text often is."""
    import spacy

    words: set[str] = set()
    for code in {"en", language}:
        try:
            words.update(spacy.util.get_lang_class(code).Defaults.stop_words)
        except (ImportError, KeyError):
            continue
    return frozenset(words)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def _lines(document: Document) -> list[_Line]:
    lines = []
    for match in re.finditer(r"[^\r\n]+", document.text):
        stripped = match.group().strip()
        if stripped:
            start = match.start() + match.group().index(stripped)
            lines.append(_Line(start, start + len(stripped), stripped))
    return lines


def _furniture_kind(line: str, language: str) -> str | None:
    """What sort of page furniture a whole line is, or None for prose."""
    if _BARE_URL.match(line):
        return "a bare link"
    counter = _COUNTER.match(line)
    if counter and counter.group("word").lower() in _UI_ANCHORS | _UI_WORDS:
        return "a counter widget"
    words = [w.lower() for w in re.findall(r"[^\W\d_]{2,}", line)]
    if not words or len(words) > _MAX_UI_WORDS or line.endswith((".", ",", ";")):
        return None
    stop = _stop_words(language)
    content = [w for w in words if w not in stop or w in _UI_ANCHORS]
    if content and all(w in _UI_WORDS for w in content):
        anchors = sum(w in _UI_ANCHORS for w in content)
        if anchors or len(content) >= 2:
            return "a button or prompt"
    return None


class WebBoilerplate(Rule):
    """What it checks: page furniture left inside an article body: comment prompts and counters,
    share and follow buttons, "read more" teasers, a bare link on its own line, and photo or
    figure credits ("Photo: ...") at the end of a paragraph. A line counts when it is short and
    made only of the words such widgets use (in English, French, German or Spanish) and function
    words. A lone line of that kind is a hint; one next to others is a warning.

    Why it matters: text copied from a web page carries its buttons and captions along; published
    unchanged they show the story was pasted, not edited.

    Example: the lines "Share this article", "12 comments" and "Be the first to reply" at the
    end of a story are reported.
    """

    code = "XL304"
    examples_fail = (
        Example(
            articles=(
                "The council approved the new budget on Tuesday after a long debate.\n\nShare "
                "this article\n12 comments\nBe the first to reply\n",
            ),
            flagged="Share this article",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "The council approved the new budget on Tuesday after a long debate.\n\nThe mayor "
                "said she would share the plan with residents next week.\n",
            )
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        for document in context.documents:
            yield from self._furniture_lines(document)
            yield from self._captions(document)

    def _furniture_lines(self, document: Document) -> Iterator[Finding]:
        lines = _lines(document)
        kinds = [_furniture_kind(line.text, document.language) for line in lines]
        for position, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
            if kind is None:
                continue
            neighbours = kinds[max(0, position - 2) : position] + kinds[position + 1 : position + 3]
            clustered = any(neighbours)
            if not clustered and line.text.endswith("?"):
                continue  # a lone short question is as likely an interviewer's
            yield self.finding(
                document,
                line.start,
                line.end,
                f"Looks like web page furniture ({kind}), not article text",
                suggestion=None,
                confidence=0.85 if clustered else 0.6,
                severity=Severity.WARNING if clustered else Severity.INFO,
            )

    def _captions(self, document: Document) -> Iterator[Finding]:
        for sentence in document.sentences:
            label = _CAPTION_LABEL.match(sentence.text)
            if not label or not _is_caption(document, sentence):
                continue
            yield self.finding(
                document,
                sentence.start,
                sentence.end,
                f"Looks like an image caption or credit ('{label.group().strip()}') in the text",
                suggestion=None,
                confidence=0.75,
            )


def _is_caption(document: Document, sentence: Sentence) -> bool:
    """Short, no final stop, and the last thing on its line."""
    words = re.findall(r"\w+", sentence.text)
    if not 2 <= len(words) <= 12 or sentence.text.rstrip().endswith((".", "?", "!")):
        return False
    rest = document.text[sentence.end :].split("\n", 1)[0]
    return not rest.strip()


# ---------------------------------------------------------------------------------------------
# XL305: verbless fragments

_MAX_FRAGMENT_WORDS = 4
# Courtesy and discourse words that make complete utterances without a verb ("Thanks.",
# "Kind regards.", "Lol."): conversation, not broken prose.
_DISCOURSE_WORDS = frozenset(
    """
    thanks thank thx cheers regards congratulations congrats welcome sorry please bye goodbye
    lol haha ok okay yes yeah no nope indeed exactly absolutely hello hi hey amen
    """.split()
)
_MIN_NEIGHBOUR_WORDS = 6


class VerblessFragment(Rule):
    """What it checks: a very short sentence with no finite verb and no interjection, standing
    between ordinary sentences of the same paragraph ("Shortage of staff." in the middle of a
    report). Headlines, labels, datelines and bylines are lines of their own and are not checked;
    nor are questions, exclamations or quoted speech.

    Why it matters: machine translation turns source headings, image alt texts and garbled
    clauses into such fragments; in running prose they read as a broken sentence.

    Example: "The mayor resigned on Monday after a long dispute over the budget. Budget
    shortfall. Her deputy, who has led the finance committee since 2019, takes over." reports
    "Budget shortfall." (its neighbours need six words or more each).
    """

    code = "XL305"
    examples_fail = (
        Example(
            articles=(
                "The mayor resigned on Monday after a long dispute over the budget. Budget "
                "shortfall. Her deputy, who has led the finance committee since 2019, takes over.",
            ),
            flagged="Budget shortfall.",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "Budget shortfall\n\nThe mayor resigned on Monday after a long dispute over the "
                "budget. Her deputy, who has led the finance committee since 2019, takes over.",
            )
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        from xlingual.analysis.words.syntax import tag_english_many

        candidates = [
            (document, line, found)
            for document in context.documents
            if _is_english(document)
            for line in _lines(document)
            if (found := self._candidates(document, line))
        ]
        # Every paragraph is tagged in one batched pass: one model call per paragraph was most
        # of the time of a run over thousands of short articles.
        paragraphs = [line.text for _, line, _ in candidates]
        tags = dict(zip(paragraphs, tag_english_many(paragraphs), strict=True))
        for document, line, found in candidates:
            for sentence, last in found:
                if _lacks_verb(tags[line.text], line, sentence, last):
                    yield self.finding(
                        document,
                        sentence.start,
                        sentence.end,
                        "A verbless fragment inside a paragraph of full sentences",
                        confidence=0.5 if last else 0.6,
                    )

    def _candidates(self, document: Document, line: _Line) -> list[tuple[Sentence, bool]]:
        """Sentences of a paragraph that may be fragments, each with whether it ends it."""
        sentences = [s for s in document.sentences if line.start <= s.start < line.end]
        if len(sentences) < 2:
            return []
        found = []
        for position, sentence in enumerate(sentences):
            if position == 0 or not _is_fragment_candidate(sentence.text):
                continue
            neighbours = sentences[max(0, position - 1) : position] + sentences[position + 1 :][:1]
            if all(_is_full_sentence(n.text) for n in neighbours):
                found.append((sentence, position == len(sentences) - 1))
        return found


def _is_fragment_candidate(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text)
    return (
        1 <= len(words) <= _MAX_FRAGMENT_WORDS
        and text[0].isupper()
        and text.endswith(".")
        and not text.endswith("..")
        and not any(w.lower() in _DISCOURSE_WORDS for w in words)
        and not re.search(r"[\"“”«»:;()\[\]]", text)
        and not text.isupper()
    )


def _is_full_sentence(text: str) -> bool:
    return len(re.findall(r"\w+", text)) >= _MIN_NEIGHBOUR_WORDS


def _lacks_verb(
    paragraph_tags: tuple[TaggedWord, ...], line: _Line, sentence: Sentence, last: bool
) -> bool:
    """No finite verb, and a noun at its core. A fragment closing a paragraph may be a sign-off
    or a signature ("Best regards, Anna Petrova."), so there only a lone common noun counts."""
    from xlingual.analysis.words.syntax import has_finite_verb

    # Tag the whole paragraph: a word's tag depends on its neighbours.
    offset = sentence.start - line.start
    words = tuple(
        w
        for w in paragraph_tags
        if offset <= w.start < offset + len(sentence.text) and w.pos != "PUNCT"
    )
    if not words or has_finite_verb(words):
        return False
    if any(w.pos in ("INTJ", "PRON", "NUM") for w in words):
        return False  # "Thanks.", "Me neither.", "Two." are answers, not breakage
    if last:
        return len(words) == 1 and words[0].pos == "NOUN"
    return any(w.pos in ("NOUN", "PROPN") for w in words)


SPELLING_RULES: tuple[Rule, ...] = (
    Misspelling(),
    RunTogetherWords(),
    GluedSentences(),
    WebBoilerplate(),
    VerblessFragment(),
)
