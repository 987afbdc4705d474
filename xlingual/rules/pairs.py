"""Source-translation adequacy (XL5xx): what a translation loses, adds or renders badly.

XL501 (numbers) lives in `xlingual.rules.numbers`; the other XL5xx rules are listed here. Every
rule walks the beads of `context.pairs` (source sentence ids aligned with translation sentence
ids) and reads sentence vectors from `context.vectors`; none of them loads a model.

Thresholds were chosen on the development sets in ../shared/data (WMT21 critical-error detection
en-cs and the Google MQM TED en-de sample) with `benchmarks/detect.py`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from xlingual.analysis.names.same_name import latin_forms, same_name
from xlingual.analysis.words.lexicon import zipf
from xlingual.findings import Finding, Severity
from xlingual.load.documents import Document
from xlingual.rules.base import CheckContext, Example, PairAlignment, Rule, span_of

# ---------------------------------------------------------------------------------------------
# Shared plumbing: the beads of every source-translation pair, with their text and vectors.

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_TOKEN = re.compile(r"\S+")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\S+\.(?:com|org|net|html?)\b", re.I)


@dataclass(frozen=True)
class _Side:
    """One side of a bead: the document, its sentence ids, and the character range they cover."""

    document: Document
    ids: tuple[int, ...]

    @property
    def start(self) -> int:
        return self.document.sentences[self.ids[0]].start

    @property
    def end(self) -> int:
        return self.document.sentences[self.ids[-1]].end

    @property
    def text(self) -> str:
        return self.document.text[self.start : self.end]

    def sentence_texts(self) -> list[str]:
        return [self.document.sentences[i].text for i in self.ids]


@dataclass(frozen=True)
class _BeadView:
    pair: PairAlignment
    index: int  # position of the bead in pair.beads
    source: _Side
    target: _Side


def _valid_ids(ids: Iterable[int], document: Document) -> tuple[int, ...]:
    return tuple(sorted(i for i in ids if 0 <= i < len(document.sentences)))


def _pairs(context: CheckContext) -> Iterator[tuple[PairAlignment, Document, Document]]:
    for pair in context.pairs:
        if 0 <= pair.source < len(context.documents) and 0 <= pair.target < len(context.documents):
            yield pair, context.documents[pair.source], context.documents[pair.target]


def _beads(context: CheckContext) -> Iterator[_BeadView]:
    for pair, source_doc, target_doc in _pairs(context):
        for index, bead in enumerate(pair.beads):
            yield _BeadView(
                pair,
                index,
                _Side(source_doc, _valid_ids(bead.source, source_doc)),
                _Side(target_doc, _valid_ids(bead.target, target_doc)),
            )


def _linked(context: CheckContext) -> Iterator[_BeadView]:
    """Beads with sentences on both sides."""
    return (view for view in _beads(context) if view.source.ids and view.target.ids)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _mean_vector(vectors: np.ndarray, ids: Sequence[int]) -> np.ndarray | None:
    rows = [i for i in ids if 0 <= i < len(vectors)]
    if not rows or vectors.ndim != 2:
        return None
    mean = vectors[rows].astype(np.float64).sum(0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else None


def _bead_cosine(context: CheckContext, view: _BeadView) -> float | None:
    """Cosine of the bead's two sides: each side's sentence vectors summed and normalised."""
    pair = view.pair
    if pair.source >= len(context.vectors) or pair.target >= len(context.vectors):
        return None
    source = _mean_vector(np.asarray(context.vectors[pair.source]), view.source.ids)
    target = _mean_vector(np.asarray(context.vectors[pair.target]), view.target.ids)
    if source is None or target is None or source.shape != target.shape:
        return None
    return float(source @ target)


def _language(document: Document) -> str:
    return document.language.lower().split("-")[0].split("_")[0]


def _nearest_target_span(pair: PairAlignment, index: int, target_doc: Document) -> tuple[int, int]:
    """Where a dropped source sentence belongs in the translation: the translated sentence
    just before it (or just after, at the start of a document), or an empty span."""
    for step in (-1, 1):
        position = index + step
        while 0 <= position < len(pair.beads):
            ids = _valid_ids(pair.beads[position].target, target_doc)
            if ids:
                sentence = target_doc.sentences[ids[-1] if step < 0 else ids[0]]
                return sentence.start, sentence.end
            position += step
    return 0, 0


# ---------------------------------------------------------------------------------------------
# XL502, XL503: whole sentences on one side only.

OMISSION_MIN_WORDS = 3  # fewer words: a signature, an interjection ("Bye!"), markup


class SourceSentenceOmitted(Rule):
    """A source sentence that the translation leaves out.

    What it checks: the source-translation alignment puts every sentence in a bead; a bead with
    source sentences and no translated sentence means the translation has nothing that renders
    them. The finding sits on the translated sentence nearest to where the missing one belongs,
    with the source sentence as evidence. Sentences of fewer than three words (a signature,
    "Thanks!", markup) are left out.

    Why it matters: machine translation silently drops sentences, often the last one of a
    segment or a short clause between two long ones, and a fluent translation hides the loss.
    A reader of the translation never learns what was said.

    Example: source "The minister resigned. She gave no reason for the decision.", translation
    "Der Minister trat zurück." (the second sentence is missing).
    """

    code = "XL502"
    examples_fail = (
        Example(
            articles=("Der Minister trat zurück.",),
            source="The minister resigned. She gave no reason for the decision.",
            flagged="Der Minister trat zurück.",
        ),
    )
    examples_pass = (
        Example(
            articles=("Der Minister trat zurück. Sie nannte keinen Grund für die Entscheidung.",),
            source="The minister resigned. She gave no reason for the decision.",
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        findings: list[Finding] = []
        for view in _beads(context):
            if not view.source.ids or view.target.ids:
                continue
            source_doc, target_doc = view.source.document, view.target.document
            for sentence_id in view.source.ids:
                sentence = source_doc.sentences[sentence_id]
                words = len(_words(sentence.text))
                if words < OMISSION_MIN_WORDS:
                    continue
                start, end = _nearest_target_span(view.pair, view.index, target_doc)
                findings.append(
                    self.finding(
                        target_doc,
                        start,
                        end,
                        f'the translation leaves out the source sentence "{_short(sentence.text)}"',
                        related=[span_of(source_doc, sentence.start, sentence.end)],
                        confidence=min(0.9, 0.4 + 0.05 * words),
                    )
                )
        return sorted(set(findings), key=Finding.sort_key)


ADDITION_MIN_WORDS = 3


class TranslationSentenceAdded(Rule):
    """A translated sentence that renders nothing in the source.

    What it checks: a bead of the source-translation alignment with translated sentences and
    no source sentence: the translation says something the source does not. Sentences of fewer
    than three words are left out (a closing formula, a heading repeated), and so are pieces
    of one source sentence that the translation split in two. The evidence is the source
    sentence next to where it appears.

    Why it matters: machine translation sometimes hallucinates, repeating a sentence or
    inventing a plausible one, and an editor reading only the translation cannot tell.

    Example: source "The bridge reopened on Monday.", translation "Die Brücke wurde am Montag
    wieder eröffnet. Die Polizei ermittelt weiter." (the second sentence is not in the source).
    """

    code = "XL503"
    examples_fail = (
        Example(
            articles=("Die Brücke wurde am Montag wieder eröffnet. Die Polizei ermittelt weiter.",),
            source="The bridge reopened on Monday.",
            flagged="Die Polizei ermittelt weiter.",
        ),
    )
    examples_pass = (
        Example(
            articles=("Die Brücke wurde am Montag wieder eröffnet.",),
            source="The bridge reopened on Monday.",
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        findings: list[Finding] = []
        for view in _beads(context):
            if not view.target.ids or view.source.ids:
                continue
            source_doc, target_doc = view.source.document, view.target.document
            near = _nearest_target_span(_swap(view.pair), view.index, source_doc)
            for sentence_id in view.target.ids:
                sentence = target_doc.sentences[sentence_id]
                words = len(_words(sentence.text))
                if words < ADDITION_MIN_WORDS:
                    continue
                if _continues_neighbour(view, sentence_id):
                    continue
                findings.append(
                    self.finding(
                        target_doc,
                        sentence.start,
                        sentence.end,
                        "this sentence has no counterpart in the source",
                        related=[span_of(source_doc, *near)] if near[1] > near[0] else [],
                        confidence=min(0.9, 0.4 + 0.05 * words),
                    )
                )
        return sorted(set(findings), key=Finding.sort_key)


def _continues_neighbour(view: _BeadView, sentence_id: int) -> bool:
    """Whether an unaligned translated sentence is the rest of its neighbour's translation:
    the translation split one source sentence in two (often at "...") and the neighbouring
    bead's lengths agree better with it than without it."""
    source_doc, target_doc = view.source.document, view.target.document
    for step in (-1, 1):
        extra = len(target_doc.sentences[sentence_id].text)
        position = view.index + step
        source_ids: tuple[int, ...] = ()
        target_ids: tuple[int, ...] = ()
        # Skip other unaligned translated sentences (a lone "." split off at "...") on the way.
        while 0 <= position < len(view.pair.beads):
            bead = view.pair.beads[position]
            source_ids = _valid_ids(bead.source, source_doc)
            target_ids = _valid_ids(bead.target, target_doc)
            if source_ids:
                break
            extra += sum(len(target_doc.sentences[i].text) for i in target_ids)
            position += step
        if not source_ids or not target_ids:
            continue
        source_length = sum(len(source_doc.sentences[i].text) for i in source_ids)
        target_length = sum(len(target_doc.sentences[i].text) for i in target_ids)
        alone = abs(np.log(target_length / source_length))
        together = abs(np.log((target_length + extra) / source_length))
        if together < alone:
            return True
    return False


def _swap(pair: PairAlignment) -> PairAlignment:
    """The same alignment seen from the translation's side."""
    from xlingual.align.pair import Bead

    return PairAlignment(
        pair.target,
        pair.source,
        tuple(Bead(tuple(b.target), tuple(b.source), b.score) for b in pair.beads),
    )


# ---------------------------------------------------------------------------------------------
# XL504: aligned, but the meaning does not match.

# Absolute cosine floors for pairs too short to have a distribution of their own, per embedder
# (cosine scales differ: e5 puts unrelated sentences near 0.79, USE near 0.06). Measured on the
# dev sets; an embedder not listed gets only the relative test.
LOW_SIMILARITY_FLOORS: dict[str, tuple[float, float]] = {
    # name: (warning below, info below)
    "e5-small": (0.80, 0.84),
}
RELATIVE_MIN_BEADS = 5  # beads needed before the pair's own median and MAD are trusted
RELATIVE_MADS = 4.0  # how many robust standard deviations below the median is "far below"
RELATIVE_MIN_GAP = 0.06  # and never closer to the median than this (in cosine)
LOW_SIMILARITY_MIN_WORDS = 4  # very short sentences embed unreliably ("Ok.", "Thanks!")


class LowSimilarityBead(Rule):
    """An aligned sentence whose meaning is far from its source sentence.

    What it checks: the cross-lingual similarity (cosine of the sentence embeddings) of every
    aligned bead. In a pair with enough beads, a bead is flagged when its similarity lies far
    below what the pair's other beads reach (more than four robust standard deviations under the
    median, measured with the median absolute deviation). In a pair of one or a few beads, where
    there is no distribution to compare with, it is flagged below an absolute floor measured for
    the embedder. Sentences of fewer than four words are skipped: their embeddings are noisy.

    Why it matters: a low similarity is the general signature of a mistranslation, a
    hallucination, or a translation that was aligned to the wrong sentence, whatever the
    particular word that went wrong.

    Example: source "The council approved the budget on Tuesday.", translation "Der Rat lehnte
    die Klage am Dienstag ab." (a fluent sentence that says something else).
    """

    code = "XL504"
    examples_fail = (
        Example(
            articles=("Der Rat lehnte die Klage am Dienstag ab.",),
            source="The council approved the budget on Tuesday.",
            flagged="Der Rat lehnte die Klage am Dienstag ab.",
        ),
    )
    examples_pass = (
        Example(
            articles=("Der Rat hat den Haushalt am Dienstag gebilligt.",),
            source="The council approved the budget on Tuesday.",
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        floors = LOW_SIMILARITY_FLOORS.get(context.config.embedder)
        findings: list[Finding] = []
        by_pair: dict[int, list[tuple[_BeadView, float]]] = {}
        for view in _linked(context):
            cosine = _bead_cosine(context, view)
            if cosine is not None:
                by_pair.setdefault(id(view.pair), []).append((view, cosine))
        for scored in by_pair.values():
            cosines = np.array([cosine for _, cosine in scored])
            median = float(np.median(cosines))
            spread = 1.4826 * float(np.median(np.abs(cosines - median)))
            relative = len(scored) >= RELATIVE_MIN_BEADS
            cutoff = median - max(RELATIVE_MADS * spread, RELATIVE_MIN_GAP)
            for view, cosine in scored:
                words = min(len(_words(view.source.text)), len(_words(view.target.text)))
                if words < LOW_SIMILARITY_MIN_WORDS:
                    continue
                severity = None
                if relative and cosine < cutoff:
                    severity = Severity.WARNING
                    reason = f"similarity {cosine:.2f}, the pair's median is {median:.2f}"
                elif floors is not None and cosine < floors[1]:
                    severity = Severity.WARNING if cosine < floors[0] else Severity.INFO
                    reason = f"similarity {cosine:.2f} is low for a translation"
                if severity is None:
                    continue
                findings.append(
                    self.finding(
                        view.target.document,
                        view.target.start,
                        view.target.end,
                        f"this translation may not say what its source says ({reason})",
                        related=[span_of(view.source.document, view.source.start, view.source.end)],
                        confidence=0.5 if severity is Severity.INFO else 0.6,
                        severity=severity,
                    )
                )
        return sorted(set(findings), key=Finding.sort_key)


# ---------------------------------------------------------------------------------------------
# XL505: names.

_NAME_LABELS = ("PERSON", "ORG", "NAME")  # places are left out: exonyms differ (Wien, Vienna)
_MIN_NAME_PART = 3


class NameNotCarriedOver(Rule):
    """A name in a source sentence that its translation does not mention.

    What it checks: for every aligned bead, the names of people and organisations in the source
    sentences (the name analysis when it ran, otherwise capitalised words inside a sentence)
    and the words of the translation. A name part counts as carried over when the translation
    has a word that is the same name in any script or romanisation (Горбачёв / Gorbachev) or
    that starts with it, allowing for case endings (Shion / Shionovu). Place names are left out,
    since many have their own form in each language (Vienna / Wien). Without the name analysis
    (no XL1xx rule selected) names are guessed from capitals and reported as info only.

    Why it matters: a dropped or replaced name changes who did what; in news it is a critical
    error that a fluent translation hides, and machine translation also "translates" names that
    look like common words (Rob -> rob).

    Example: source "Sanders met Warren in Iowa.", translation "Sanders traf sich in Iowa."
    """

    code = "XL505"
    examples_fail = (
        Example(
            articles=("Sanders traf sich in Iowa.",),
            source="Sanders met Warren in Iowa.",
            flagged="Sanders traf sich in Iowa.",
        ),
    )
    examples_pass = (
        Example(articles=("Sanders traf Warren in Iowa.",), source="Sanders met Warren in Iowa."),
    )
    needs_names = True

    def check(self, context: CheckContext) -> Iterable[Finding]:
        findings: list[Finding] = []
        for view in _linked(context):
            target_words = _words(view.target.text)
            source_lang = _language(view.source.document)
            for start, end, label in _source_names(context, view):
                name = view.source.document.text[start:end]
                parts = [
                    part for part in _NAME_PIECE.findall(name) if _is_name_part(part, source_lang)
                ]
                if not parts or any(_name_in(part, target_words) for part in parts):
                    continue  # one part carried over (a surname alone) is enough
                findings.append(
                    self.finding(
                        view.target.document,
                        view.target.start,
                        view.target.end,
                        f'the source names "{name}" but this translation does not',
                        related=[span_of(view.source.document, start, end)],
                        confidence=0.6 if label == "PERSON" else 0.5,
                        severity=Severity.INFO if label == "GUESS" else None,
                    )
                )
        return sorted(set(findings), key=Finding.sort_key)


def _source_names(context: CheckContext, view: _BeadView) -> list[tuple[int, int, str]]:
    document = view.source.document
    start, end = view.source.start, view.source.end
    if context.names is not None and view.pair.source < len(context.names.mentions):
        return [
            (m.start, m.end, m.label)
            for m in context.names.mentions[view.pair.source]
            if start <= m.start and m.end <= end and m.label in _NAME_LABELS
        ]
    names = []
    for sentence_id in view.source.ids:
        sentence = document.sentences[sentence_id]
        for index, match in enumerate(_WORD.finditer(sentence.text)):
            word = match.group()
            if index == 0 or not _is_name_part(word, _language(document)):
                continue  # sentence-initial words are capitalised whatever they are
            begin = sentence.start + match.start()
            # Guessed from capitals alone: reported as a hint only (see NameNotCarriedOver).
            names.append((begin, begin + len(word), "GUESS"))
    return names


_NAME_PIECE = re.compile(r"[^\W\d_]+")
NAME_MAX_ZIPF = 5.0


def _is_name_part(part: str, language: str) -> bool:
    """A capitalised word that reads as a name: not an acronym or shouting, not a common word
    capitalised for emphasis or in a title (Main, Side, Importance), not a name with its own
    form in each language (Jesus / Ježíš), which common words catch as well."""
    if len(part) < _MIN_NAME_PART or not part[0].isupper() or part.isupper():
        return False
    return zipf(part.lower(), language) < NAME_MAX_ZIPF


def _name_in(part: str, words: Sequence[str]) -> bool:
    folded = _fold(part)
    stem = folded[: max(_MIN_NAME_PART, len(folded) - 2)]
    forms = set(latin_forms(part))
    for word in words:
        candidate = _fold(word)
        if (
            candidate.startswith(stem)
            or stem.startswith(candidate[: len(stem)])
            and len(candidate) >= len(stem)
        ):
            return True
        if forms & set(latin_forms(word)):
            return True
        if word[:1].isupper() and same_name(part, word):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# XL506: source words copied into the translation.

UNTRANSLATED_MIN_RUN = 3  # consecutive copied source-language words
UNTRANSLATED_ERROR_RUN = 6
SOURCE_LANGUAGE_MARGIN = 1.0  # Zipf points more frequent in the source language than the target


class SourceTextLeftUntranslated(Rule):
    """A run of source-language words copied into the translation untranslated.

    What it checks: in every aligned bead, runs of consecutive translation words that also occur
    in the source sentence and belong to the source language: at least one Zipf point more
    frequent there than in the translation's language (wordfreq), so that words the two
    languages share (video, Internet, Hotel) do not count. Numbers, URLs and names (capitalised
    inside the source sentence) break no run but do not count either. Three such words in a row
    are a warning, six an error.

    Why it matters: machine translation copies what it cannot translate (slang, misspellings,
    long titles), and the reader of the translation is left with a fragment of another language.

    Example: source "Stop doing that, I will report you", translation "Přestaň to dělat , I will
    report you".
    """

    code = "XL506"
    examples_fail = (
        Example(
            articles=("Přestaň to dělat , I will report you",),
            source="Stop doing that, I will report you",
            flagged="will report you",
        ),
    )
    examples_pass = (
        Example(
            articles=("Přestaň to dělat, nahlásím tě",), source="Stop doing that, I will report you"
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        findings: list[Finding] = []
        for view in _linked(context):
            source_lang = _language(view.source.document)
            target_lang = _language(view.target.document)
            if source_lang == target_lang:
                continue
            source_words = {w.casefold() for w in _words(view.source.text)}
            names = _capitalised_inside(view.source)
            for start, end, count in _copied_runs(
                view.target, source_words, names, source_lang, target_lang
            ):
                severity = Severity.ERROR if count >= UNTRANSLATED_ERROR_RUN else Severity.WARNING
                findings.append(
                    self.finding(
                        view.target.document,
                        start,
                        end,
                        f"{count} words copied from the source are left untranslated",
                        related=[span_of(view.source.document, view.source.start, view.source.end)],
                        confidence=min(0.9, 0.5 + 0.07 * count),
                        severity=severity,
                    )
                )
        return sorted(set(findings), key=Finding.sort_key)


def _capitalised_inside(side: _Side) -> set[str]:
    names: set[str] = set()
    for text in side.sentence_texts():
        for index, word in enumerate(_words(text)):
            if index > 0 and word[0].isupper() and not word.isupper():
                names.add(word.casefold())
    return names


def _is_source_word(word: str, source_lang: str, target_lang: str) -> bool:
    folded = word.casefold()
    in_source = zipf(folded, source_lang)
    return in_source >= 2.0 and in_source - zipf(folded, target_lang) >= SOURCE_LANGUAGE_MARGIN


def _copied_runs(
    side: _Side, source_words: set[str], names: set[str], source_lang: str, target_lang: str
) -> list[tuple[int, int, int]]:
    """(start, end, counted words) of runs of copied source-language words in a side."""
    runs: list[tuple[int, int, int]] = []
    text, offset = side.text, side.start
    run_start = run_end = -1
    count = 0

    def close() -> None:
        if count >= UNTRANSLATED_MIN_RUN:
            runs.append((offset + run_start, offset + run_end, count))

    for match in _TOKEN.finditer(text):
        token = match.group()
        words = _words(token)
        if not words or _URL.fullmatch(token):
            continue  # punctuation, numbers and links neither count nor break a run
        word = words[0]
        folded = word.casefold()
        if folded in names:
            continue
        if folded in source_words and _is_source_word(word, source_lang, target_lang):
            if count == 0:
                run_start = match.start() + token.index(word)
            run_end = match.start() + token.index(word) + len(word)
            count += 1
            continue
        close()
        count = 0
    close()
    return runs


# ---------------------------------------------------------------------------------------------
# XL508: negation on one side only.

# Words that negate a clause, per language. Czech and Slovak negate verbs with the prefix ne-,
# read by `_negates` below. Languages not listed are not checked.
_NEGATIONS: dict[str, frozenset[str]] = {
    "en": frozenset("not no never nothing nobody none neither nor nowhere cannot without".split()),
    "de": frozenset(
        "nicht kein keine keinen keinem keiner keines nie niemals nichts niemand nirgends "
        "nirgendwo ohne weder".split()
    ),
    "fr": frozenset("ne pas jamais rien aucun aucune sans ni nul nulle".split()),
    "es": frozenset("no nunca nada nadie ningún ninguna ninguno sin ni jamás tampoco".split()),
    "it": frozenset("non mai niente nulla nessuno nessuna senza né".split()),
    "cs": frozenset(
        "ne nic nikdo nikdy nikoli nikoliv aniž nikde nijak žádný žádná žádné žádného žádnou "
        "žádným žádnému žádných bez ani".split()
    ),
}
_PREFIX_NEGATION = frozenset({"cs", "sk"})
# Czech words that start with ne- without negating anything; "nej-" is the superlative prefix
# except in forms of "být" and "jít" (nejsem, nejde), which are negations.
_NE_NOT_NEGATION_WORDS = frozenset(
    "nebo neboť nejen nebe nebi nebesa neděle neděli nedělní net neteř nehet nehty".split()
)
_NE_NOT_NEGATION_PREFIXES = ("nemoc", "nerv", "neutr", "neur", "nevěst", "neon", "nektar")
_NEJ_NEGATION = ("nejs", "nejde", "nejdu", "nejdou", "nejdeme", "nejdete", "nejdi")


def _negates(word: str, language: str) -> bool:
    folded = word.casefold()
    if folded.endswith("n't") or folded.endswith("n’t"):
        return language == "en"
    if folded in _NEGATIONS.get(language, ()):
        return True
    if language in _PREFIX_NEGATION and folded.startswith("ne") and len(folded) >= 4:
        if folded.startswith("nej"):
            return folded.startswith(_NEJ_NEGATION)
        if folded.startswith("nech") and not folded.startswith(("necht", "nechc")):
            return False  # nechat: to let (nechtěl, nechci: did not want, do not want)
        return folded not in _NE_NOT_NEGATION_WORDS and not folded.startswith(
            _NE_NOT_NEGATION_PREFIXES
        )
    return False


def _negation_count(text: str, language: str) -> int:
    return sum(_negates(word, language) for word in _words(text))


def _widened(side: _Side) -> str:
    """The side's text with one more sentence of its document on each side."""
    sentences = side.document.sentences
    first, last = max(0, side.ids[0] - 1), min(len(sentences) - 1, side.ids[-1] + 1)
    return side.document.text[sentences[first].start : sentences[last].end]


class NegationMismatch(Rule):
    """A source sentence that negates what its translation affirms, or the reverse.

    What it checks: in every aligned bead whose two languages it knows (English, German,
    French, Spanish, Italian, Czech), the negations on each side: negative words (not, never,
    nothing, kein, jamais, nikdy ...) and, in Czech, verbs with the negative prefix ne-. A bead
    where exactly one side negates is flagged on the translation.

    Why it matters: a dropped or added "not" reverses the meaning while leaving a fluent
    sentence, and sentence embeddings barely notice it; it is one of the most common critical
    errors of machine translation.

    Example: source "The vaccine is not approved for children.", translation "Der Impfstoff ist
    für Kinder zugelassen."
    """

    code = "XL508"
    examples_fail = (
        Example(
            articles=("Der Impfstoff ist für Kinder zugelassen.",),
            source="The vaccine is not approved for children.",
            flagged="Der Impfstoff ist für Kinder zugelassen.",
        ),
    )
    examples_pass = (
        Example(
            articles=("Der Impfstoff ist für Kinder nicht zugelassen.",),
            source="The vaccine is not approved for children.",
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        findings: list[Finding] = []
        for view in _linked(context):
            source_lang = _language(view.source.document)
            target_lang = _language(view.target.document)
            if source_lang not in _NEGATIONS or target_lang not in _NEGATIONS:
                continue
            in_source = _negation_count(view.source.text, source_lang)
            in_target = _negation_count(view.target.text, target_lang)
            if in_source and not in_target:
                # Sentences split differently on the two sides can put the negation in the
                # next or previous translated sentence.
                in_target = _negation_count(_widened(view.target), target_lang)
            if (in_source == 0) == (in_target == 0):
                continue
            if in_target and target_lang in _PREFIX_NEGATION:
                continue  # Czech ne- also makes adjectives (nespravedlivý: unfair, not "not")
            message = (
                "the source is negated but this translation is not"
                if in_source
                else "this translation is negated but its source is not"
            )
            findings.append(
                self.finding(
                    view.target.document,
                    view.target.start,
                    view.target.end,
                    message,
                    related=[span_of(view.source.document, view.source.start, view.source.end)],
                    confidence=0.5,
                )
            )
        return sorted(set(findings), key=Finding.sort_key)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


__all__ = [
    "PAIR_RULES",
    "LowSimilarityBead",
    "NameNotCarriedOver",
    "NegationMismatch",
    "SourceSentenceOmitted",
    "SourceTextLeftUntranslated",
    "TranslationSentenceAdded",
]

PAIR_RULES: tuple[Rule, ...] = (
    SourceSentenceOmitted(),
    TranslationSentenceAdded(),
    LowSimilarityBead(),
    NameNotCarriedOver(),
    SourceTextLeftUntranslated(),
    NegationMismatch(),
)
