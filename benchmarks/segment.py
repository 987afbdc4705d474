"""Sentence splitters compared: xlingual's (without and with the language) against pysbd,
sentencex and spaCy's sentencizer, on gold boundaries, on the dev stories and on hard cases.

(a) Text+Berg dev (`align_textberg_defr_dev/{de,fr}/001`, one sentence a line): the lines are
    joined with single spaces into running text (the file marks no paragraphs, so headings such
    as "Mit 3 Bildern" run into the next sentence for every splitter alike), after undoing the
    tokenisation ("führte ." -> "führte."), and a predicted boundary counts when it falls where
    one gold line ends and the next begins. Precision, recall and F1 of boundary positions.
    The gold lines are the corpus's own automatic segmentation, not a hand annotation: they keep
    "8481 m. L'écart ..." and "usw. Es war ..." together and split after "capt.", so every
    place where the final splitter differs from the previous one is listed for reading.
(b) The dev stories (`stories_dev/story_*/*.txt`, no sentence gold): each file with the language
    xlingual detects; boundaries every splitter puts where xlingual's final splitter does not, and
    the reverse, each place printed for labelling by hand.
(c) Hard cases written here, per language: the expected sentences of each; a case counts only
    when every sentence is right. They were written with the per-language rules, so the final
    splitter passing them all shows coverage, not generalisation.
(d) Speed: seconds per MB of the Text+Berg text (de and fr) as it is and repeated to about
    1 MB, median of 3 runs.
(e) End to end: sentence counts of `seeds/` loaded with `load_document`, before issue 13 and
    now (with the language).

"xlingual before" is the splitter of commit BEFORE_COMMIT, read with `git show` (skipped outside
a git checkout); "xlingual, no language" is today's splitter called without a language.

Exact spans: a splitter's sentence counts as exact when its offsets slice back to its text.
pysbd, sentencex and spaCy are not dependencies of xlingual; the script skips those missing.

    python benchmarks/segment.py [--data ../shared/data] [--show 40]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xlingual.load.documents import detect_language, load_document  # noqa: E402
from xlingual.segment import split_sentences  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"

# (language, text, expected sentences). Both directions: an abbreviation or ordinal that must
# not end a sentence, and a real end right after a number or a word that looks like one.
HARD_CASES: list[tuple[str, str, list[str]]] = [
    (
        "de",
        "Die Einheit kam am 3. Oktober 1990 in Berlin. Danach feierten alle.",
        ["Die Einheit kam am 3. Oktober 1990 in Berlin.", "Danach feierten alle."],
    ),
    (
        "de",
        "Der 2. Weltkrieg endete 1945. Europa lag in Trümmern.",
        ["Der 2. Weltkrieg endete 1945.", "Europa lag in Trümmern."],
    ),
    (
        "de",
        "Im 19. Jahrhundert wuchs die Stadt. Heute ist sie groß.",
        ["Im 19. Jahrhundert wuchs die Stadt.", "Heute ist sie groß."],
    ),
    (
        "de",
        "Er wohnt in der Goethestraße Nr. 5. Dr. Weber wohnt nebenan.",
        ["Er wohnt in der Goethestraße Nr. 5.", "Dr. Weber wohnt nebenan."],
    ),
    (
        "de",
        "Es gibt z. B. Äpfel, u. a. aus Tirol. Die Ernte war gut.",
        ["Es gibt z. B. Äpfel, u. a. aus Tirol.", "Die Ernte war gut."],
    ),
    (
        "de",
        "Die Zahl der Toten stieg auf 12. Die Polizei sperrte die Straße.",
        ["Die Zahl der Toten stieg auf 12.", "Die Polizei sperrte die Straße."],
    ),
    (
        "de",
        "Kaiser Wilhelm II. Dankte 1918 ab. Das Reich wurde Republik.",
        ["Kaiser Wilhelm II. Dankte 1918 ab.", "Das Reich wurde Republik."],
    ),
    (
        "de",
        "Der Umsatz lag bei 5 Mio. Euro. Das ist ein Rekord.",
        ["Der Umsatz lag bei 5 Mio. Euro.", "Das ist ein Rekord."],
    ),
    (
        "fr",
        "M. Dupont a parlé hier. Mme Martin a répondu.",
        ["M. Dupont a parlé hier.", "Mme Martin a répondu."],
    ),
    (
        "fr",
        "Il cite des villes, p. ex. Lyon ou Lille. Le feu a gagné le nord-est. "
        "Les pompiers sont là.",
        [
            "Il cite des villes, p. ex. Lyon ou Lille.",
            "Le feu a gagné le nord-est.",
            "Les pompiers sont là.",
        ],
    ),
    (
        "it",
        "Il Sig. Rossi è arrivato. La Dott.ssa Bianchi no.",
        ["Il Sig. Rossi è arrivato.", "La Dott.ssa Bianchi no."],
    ),
    (
        "it",
        "Compra mele, pere ecc. e poi torna. Vende mele, pere ecc. Poi chiude.",
        ["Compra mele, pere ecc. e poi torna.", "Vende mele, pere ecc.", "Poi chiude."],
    ),
    (
        "es",
        "El Sr. García viajó a EE. UU. en mayo. Dijo que no. Luego volvió.",
        ["El Sr. García viajó a EE. UU. en mayo.", "Dijo que no.", "Luego volvió."],
    ),
    (
        "es",
        "La casa está junto al mar. El puerto cerró.",
        ["La casa está junto al mar.", "El puerto cerró."],
    ),
    (
        "ru",
        "Он живёт на ул. Ленина, т. е. в центре. В 1990 г. всё изменилось.",
        ["Он живёт на ул. Ленина, т. е. в центре.", "В 1990 г. всё изменилось."],
    ),
    ("ru", "Это было в г. Москва. Потом он уехал.", ["Это было в г. Москва.", "Потом он уехал."]),
    (
        "el",
        "Τι συνέβη; Κανείς δεν ξέρει. Ο κ. Παπαδόπουλος μίλησε.",
        ["Τι συνέβη;", "Κανείς δεν ξέρει.", "Ο κ. Παπαδόπουλος μίλησε."],
    ),
    (
        "en",
        "The U.S. Army said on Jan. 5 that No. 10 was closed. Officials agreed.",
        ["The U.S. Army said on Jan. 5 that No. 10 was closed.", "Officials agreed."],
    ),
    (
        "en",
        "Dr. Smith met J. R. Tolkien. They talked.",
        ["Dr. Smith met J. R. Tolkien.", "They talked."],
    ),
    (
        "en",
        "Unity came on October 3, 1990. It was a Wednesday.",
        ["Unity came on October 3, 1990.", "It was a Wednesday."],
    ),
]

Spans = list[tuple[int, int]]
SLOW_SECONDS = 1.0


# The splitter as it was before it knew languages (issue 13), read from git history.
BEFORE_COMMIT = "fae0496"


def _xlingual_before() -> Callable[[str, str], Spans] | None:
    try:
        source = subprocess.run(
            ["git", "-C", str(REPO), "show", f"{BEFORE_COMMIT}:xlingual/segment.py"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("segment_before")
    sys.modules[module.__name__] = module  # dataclasses look their module up while defining
    exec(compile(source, "segment_before.py", "exec"), module.__dict__)  # noqa: S102

    def split(text: str, language: str) -> Spans:
        return [(s.start, s.end) for s in module.split_sentences(text)]

    return split


def xlingual_generic(text: str, language: str) -> Spans:
    return [(s.start, s.end) for s in split_sentences(text)]


def xlingual_language(text: str, language: str) -> Spans:
    return [(s.start, s.end) for s in split_sentences(text, language)]


def _pysbd() -> Callable[[str, str], Spans] | None:
    try:
        import pysbd
        from pysbd.languages import LANGUAGE_CODES
    except ImportError:
        return None
    segmenters: dict[str, object] = {}

    def split(text: str, language: str) -> Spans:
        if language not in LANGUAGE_CODES:
            language = "en"  # pysbd has no rules for it: its English rules are the fallback
        if language not in segmenters:
            segmenters[language] = pysbd.Segmenter(language=language, char_span=True)
        return [(span.start, span.end) for span in segmenters[language].segment(text)]

    return split


def _sentencex() -> Callable[[str, str], Spans] | None:
    try:
        import sentencex
    except ImportError:
        return None

    def split(text: str, language: str) -> Spans:
        return [
            (b["start_index"], b["end_index"])
            for b in sentencex.get_sentence_boundaries(language, text)
        ]

    return split


def _spacy() -> Callable[[str, str], Spans] | None:
    try:
        import spacy
    except ImportError:
        return None
    pipelines: dict[str, object] = {}

    def split(text: str, language: str) -> Spans:
        if language not in pipelines:
            try:
                nlp = spacy.blank(language)
            except (ImportError, KeyError, ValueError):
                nlp = spacy.blank("xx")  # the multi-language tokenizer where spaCy has none
            nlp.add_pipe("sentencizer")
            nlp.max_length = 10_000_000
            pipelines[language] = nlp
        return [(s.start_char, s.end_char) for s in pipelines[language](text).sents]

    return split


def splitters() -> dict[str, Callable[[str, str], Spans]]:
    found = {
        f"xlingual before ({BEFORE_COMMIT})": _xlingual_before(),
        "xlingual, no language": xlingual_generic,
        "pysbd 0.3.4": _pysbd(),
        "sentencex 1.0.32": _sentencex(),
        "spaCy sentencizer": _spacy(),
        "xlingual + language (final)": xlingual_language,
    }
    return {name: split for name, split in found.items() if split is not None}


def boundaries(text: str, spans: Spans) -> set[int]:
    """Where each sentence after the first starts, past leading whitespace."""
    starts = set()
    for start, _end in spans[1:]:
        while start < len(text) and text[start].isspace():
            start += 1
        if start < len(text):
            starts.add(start)
    return starts


def exact(text: str, spans: Spans) -> bool:
    """Offsets cover the text in order, so that every sentence slices back from it."""
    previous = 0
    for start, end in spans:
        if not previous <= start <= end <= len(text):
            return False
        previous = end
    # Only whitespace may fall between sentences.
    return "".join("".join(text[s:e] for s, e in spans).split()) == "".join(text.split())


def prf(predicted: set[int], gold: set[int]) -> tuple[float, float, float]:
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def detokenise(line: str) -> str:
    line = re.sub(r" ([.,;:!?)\]])", r"\1", line.strip())
    return re.sub(r"([(\[]) ", r"\1", line)


def textberg(data: Path, language: str) -> tuple[str, set[int]]:
    lines = [
        detokenise(line)
        for line in (data / "align_textberg_defr_dev" / language / "001")
        .read_text(encoding="utf-8")
        .splitlines()
    ]
    lines = [line for line in lines if line]
    text, gold = "", set()
    for line in lines:
        if text:
            text += " "
            gold.add(len(text))
        text += line
    return text, gold


def table(header: list[str], rows: list[list[str]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


def context(text: str, position: int, width: int = 45) -> str:
    left = text[max(0, position - width) : position].replace("\n", "⏎")
    right = text[position : position + width].replace("\n", "⏎")
    return f"…{left}‖{right}…"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show", type=int, default=40, help="disagreements to print")
    args = parser.parse_args()
    found = splitters()
    final = "xlingual + language (final)"

    print("## (a) Text+Berg dev, boundary precision / recall / F1\n")
    corpora = {language: textberg(args.data, language) for language in ("de", "fr")}
    rows = []
    for name, split in found.items():
        row = [name]
        for language, (text, gold) in corpora.items():
            spans = split(text, language)
            p, r, f = prf(boundaries(text, spans), gold)
            row.append(f"{p:.3f} / {r:.3f} / {f:.3f}")
        rows.append(row)
    sizes = ", ".join(f"{lang} {len(gold) + 1} lines" for lang, (_t, gold) in corpora.items())
    print(f"Gold: {sizes}.\n")
    table(["splitter", "de P / R / F1", "fr P / R / F1"], rows)
    first = list(found)[0]
    for language, (text, gold) in corpora.items():
        old = boundaries(text, found[first](text, language))
        new = boundaries(text, xlingual_language(text, language))
        places = [("+split", b) for b in sorted(new - old)]
        places += [("-split", b) for b in sorted(old - new)]
        print(f"### {language}: {first} vs final, {len(places)} places ('gold': in the gold)\n")
        for change, position in places[: args.show]:
            mark = "gold" if position in gold else "    "
            print(f"- {change} {mark} {context(text, position)}")
        print()

    print("## (b) Dev stories: boundaries compared with the final splitter\n")
    stories = sorted((args.data / "stories_dev").glob("story_*/*.txt"))
    texts = [(path, path.read_text(encoding="utf-8")) for path in stories]
    languages = {path: detect_language(text) for path, text in texts}
    print("Files: " + ", ".join(f"{p.name} ({languages[p]})" for p, _ in texts) + "\n")
    final_bounds = {p: boundaries(t, xlingual_language(t, languages[p])) for p, t in texts}
    rows = []
    disagreements: dict[str, list[str]] = {}
    for name, split in found.items():
        total = extra = missing = 0
        all_exact = True
        shown = disagreements.setdefault(name, [])
        for path, text in texts:
            spans = split(text, languages[path])
            all_exact &= exact(text, spans)
            mine = boundaries(text, spans)
            total += len(mine)
            for position in sorted(mine - final_bounds[path]):
                extra += 1
                shown.append(f"{path.name} +split {context(text, position)}")
            for position in sorted(final_bounds[path] - mine):
                missing += 1
                shown.append(f"{path.name} -split {context(text, position)}")
        rows.append([name, str(total), str(extra), str(missing), "yes" if all_exact else "NO"])
    table(["splitter", "boundaries", "not in final", "final has, it lacks", "exact spans"], rows)
    for name in found:
        if name == final or not disagreements[name]:
            continue
        print(f"### {name} vs final: {len(disagreements[name])} places, first {args.show}\n")
        for line in disagreements[name][: args.show]:
            print(f"- {line}")
        print()

    print("## (c) Hard cases\n")
    rows = []
    failures: dict[str, list[str]] = {}
    for name, split in found.items():
        right = 0
        all_predicted: set[tuple[int, int]] = set()
        all_gold: set[tuple[int, int]] = set()
        for number, (language, text, expected) in enumerate(HARD_CASES):
            spans = split(text, language)
            got = [text[s:e].strip() for s, e in spans]
            got = [sentence for sentence in got if sentence]
            right += got == expected
            if got != expected:
                failures.setdefault(name, []).append(f"{language}: {got}")
            gold, position = set(), 0
            for sentence in expected[1:]:
                position = text.index(sentence, position)
                gold.add(position)
            all_predicted |= {(number, b) for b in boundaries(text, spans)}
            all_gold |= {(number, b) for b in gold}
        hits = len(all_predicted & all_gold)
        p = hits / len(all_predicted) if all_predicted else 0.0
        r = hits / len(all_gold)
        f = 2 * p * r / (p + r) if p + r else 0.0
        rows.append([name, f"{right} / {len(HARD_CASES)}", f"{p:.3f} / {r:.3f} / {f:.3f}"])
    table(["splitter", "cases right", "boundary P / R / F1"], rows)
    for name, wrong in failures.items():
        print(f"- {name} gets wrong: " + "; ".join(wrong))
    print()

    # The two documents once, then repeated about 1 MB, so that a run takes long enough to time
    # and a cost that grows faster than the text shows. A splitter slower than SLOW_SECONDS on
    # the small text is not run on the large one.
    once = {language: text for language, (text, _) in corpora.items()}
    repeat = 1 + 1_000_000 // sum(len(t.encode("utf-8")) for t in once.values())
    large = {language: "\n\n".join([text] * repeat) for language, text in once.items()}
    sizes = [sum(len(t.encode("utf-8")) for t in texts.values()) / 1e6 for texts in (once, large)]
    print(
        f"## (d) Speed, Text+Berg de + fr ({sizes[0]:.2f} MB) and repeated {repeat} times "
        f"({sizes[1]:.2f} MB), seconds per MB, median of 3\n"
    )
    rows = []
    for name, split in found.items():
        split("Warm up. Once.", "de")
        row = [name]
        for texts, megabytes in zip((once, large), sizes, strict=True):
            seconds = []
            for _ in range(3):
                started = time.perf_counter()
                for language, text in texts.items():
                    split(text, language)
                seconds.append(time.perf_counter() - started)
            row.append(f"{statistics.median(seconds) / megabytes:.2f}")
            if texts is once and statistics.median(seconds) > SLOW_SECONDS:
                row.append(f"not run (over {SLOW_SECONDS} s on the small text)")
                break
        rows.append(row)
    table(["splitter", f"{sizes[0]:.2f} MB", f"{sizes[1]:.2f} MB"], rows)

    print("## (e) seeds/: sentences per article, without and with the language\n")
    rows = []
    totals = [0, 0]
    for path in sorted((REPO / "seeds").glob("*")):
        if path.suffix not in (".txt", ".md", ".html", ".htm"):
            continue
        document = load_document(path)
        before = len(found[list(found)[0]](document.text, document.language))
        totals[0] += before
        totals[1] += len(document.sentences)
        rows.append([path.name, document.language, str(before), str(len(document.sentences))])
    rows.append(["total", "", str(totals[0]), str(totals[1])])
    table(["file", "language", list(found)[0], "now, with language"], rows)


if __name__ == "__main__":
    main()
