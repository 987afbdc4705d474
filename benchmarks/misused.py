"""XL201 (a real word where a near spelling or a homophone fits): precision on machine translation
annotated by people and false alarms on English written by people. Prints the tables the README
quotes.

    python benchmarks/misused.py [--limit N]

- Machine translation into English with word labels: MLQE-PE dev (ru-en, ro-en, et-en; a word is
  wrong when its post-edit tag is BAD) and WMT23 zh-en MQM news (wrong when two of three raters
  marked a span over it). A flagged word is a hit when it is labelled wrong.
- English written by people: the post-edited sides of MLQE-PE ru-en dev (corrected English), the
  English sources of MQM TED en-de (talk transcripts) and of WMT21 CED en-de dev (Wikipedia
  comments), and the wire articles of stories_dev. Every finding there is a false alarm; the
  table gives them per 1,000 words.
- Another article as witness: the story mode of XL201, where another article of the story writes
  a near spelling of the word, simulated on MLQE-PE dev (see `witnessed`).
- stories_dev: the planted real-word confusions (gold notes that say "real-word confusion") and
  which of them XL201 flags, alone and with the story's other English articles as witness.

Each text is read sentence by sentence through `xlingual.analysis.words.usage.misfits`, the
function the rule calls; `--limit N` reads the first N sentences of each set (default: all).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from training.qe_data import DATA, mlqe, ted_ende, wmt23_zhen  # noqa: E402
from xlingual.analysis.words.usage import (  # noqa: E402
    OtherArticles,
    misfits,
    story_words,
    witnessed_misfits,
)
from xlingual.segment import split_sentences  # noqa: E402

STORIES = DATA / "stories_dev"


def _flagged_words(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, word, suggestion) of every misfit, sentence by sentence."""
    found = []
    for sentence in split_sentences(text, "en"):
        for misfit in misfits(sentence.text, sentence.start):
            found.append((misfit.word.start, misfit.word.end, misfit.word.text, misfit.suggestion))
    return found


def machine_translation(limit: int | None) -> list[str]:
    rows = [
        "| set | sentences | words | flagged | labelled wrong | precision |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    examples = []
    sets = [(f"MLQE-PE {pair} dev", mlqe(pair, "dev")) for pair in ("ru-en", "ro-en", "et-en")]
    sets.append(("WMT23 zh-en MQM", wmt23_zhen()))
    for name, segments in sets:
        segments = segments[:limit]
        flagged = hits = words = 0
        for segment in segments:
            assert segment.bad is not None
            words += len(segment.words)
            for start, end, word, suggestion in _flagged_words(segment.target):
                flagged += 1
                wrong = any(
                    bad and s < end and start < e
                    for (s, e), bad in zip(segment.words, segment.bad, strict=True)
                )
                hits += wrong
                examples.append(f"{name}: {word} -> {suggestion} ({'wrong' if wrong else 'ok'})")
        precision = f"{hits / flagged:.2f}" if flagged else "-"
        rows.append(
            f"| {name} | {len(segments):,} | {words:,} | {flagged} | {hits} | {precision} |"
        )
    return rows + [""] + examples[:40]


def native_english(limit: int | None) -> list[str]:
    texts: list[tuple[str, list[str]]] = [
        ("MLQE-PE ru-en dev post-edits", [s.target for s in _post_edits("ru-en")]),
        ("MQM TED en-de sources", [s.source for s in ted_ende()]),
        ("WMT21 CED en-de dev sources", _ced_sources("ende")),
        (
            "stories_dev wire articles",
            [p.read_text(encoding="utf-8") for p in sorted(STORIES.glob("*/*wire_en.txt"))],
        ),
    ]
    rows = ["| set | texts | words | findings | per 1,000 words |", "|---|---:|---:|---:|---:|"]
    examples = []
    for name, documents in texts:
        documents = documents[:limit]
        words = sum(len(text.split()) for text in documents)
        found = 0
        for text in documents:
            for _start, _end, word, suggestion in _flagged_words(text):
                found += 1
                examples.append(f"{name}: {word} -> {suggestion}")
        rate = 1000 * found / max(words, 1)
        rows.append(f"| {name} | {len(documents):,} | {words:,} | {found} | {rate:.2f} |")
    return rows + [""] + examples[:40]


def _post_edits(pair: str):
    folder = DATA / "qe_mlqepe" / pair / "dev"
    from training.qe_data import Segment

    lines = (folder / "dev.pe").read_text(encoding="utf-8").split("\n")[:-1]
    return [Segment("", line, (), None, None, None) for line in lines]


def _ced_sources(pair: str) -> list[str]:
    path = DATA / "ced_wmt21_train" / f"{pair}_dev.tsv"
    return [
        line.split("\t")[1]
        for line in path.read_text(encoding="utf-8").splitlines()
        if "\t" in line
    ]


# Sentences a simulated story holds: the story-witness mode compares an article with the words of
# its story's other articles, about 500-1,500 words in stories_dev.
STORY_SENTENCES = 40


def witnessed(limit: int | None) -> list[str]:
    """The story-witness mode (another article writes the near spelling) on MLQE-PE dev: each
    block of STORY_SENTENCES machine translations is one article and their post-edits (the same
    sentences corrected by a person) another. Flagged MT words are hits where tagged BAD; on
    the post-edits, read against the MT block, every finding is a false alarm."""
    rows = [
        "| set | sentences | MT flagged | tagged BAD | precision | post-edit words "
        "| post-edit findings | per 1,000 words |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    examples = []
    for pair in ("ru-en", "ro-en", "et-en"):
        segments = mlqe(pair, "dev")[:limit]
        edits = [s.target for s in _post_edits(pair)][: len(segments)]
        flagged = hits = alarms = edit_words = 0
        for first in range(0, len(segments), STORY_SENTENCES):
            block = segments[first : first + STORY_SENTENCES]
            block_edits = edits[first : first + STORY_SENTENCES]
            edit_vocabulary = OtherArticles.of(story_words(block_edits), "")
            mt_vocabulary = OtherArticles.of(story_words([s.target for s in block]), "")
            for segment in block:
                assert segment.bad is not None
                for misfit in witnessed_misfits(segment.target, 0, edit_vocabulary):
                    flagged += 1
                    wrong = any(
                        bad and s < misfit.word.end and misfit.word.start < e
                        for (s, e), bad in zip(segment.words, segment.bad, strict=True)
                    )
                    hits += wrong
                    label = "BAD" if wrong else "OK"
                    examples.append(f"{pair} MT: {misfit.word.text} -> {misfit.suggestion} {label}")
            for text in block_edits:
                edit_words += len(text.split())
                for misfit in witnessed_misfits(text, 0, mt_vocabulary):
                    alarms += 1
                    examples.append(f"{pair} post-edit: {misfit.word.text} -> {misfit.suggestion}")
        precision = f"{hits / flagged:.2f}" if flagged else "-"
        rows.append(
            f"| MLQE-PE {pair} dev | {len(segments):,} | {flagged} | {hits} | {precision} | "
            f"{edit_words:,} | {alarms} | {1000 * alarms / max(edit_words, 1):.2f} |"
        )
    return rows + [""] + examples[:40]


def stories() -> list[str]:
    rows = ["| story | file | planted | alone | with the story |", "|---|---|---|---|---|"]
    for story in sorted(STORIES.glob("story_*")):
        for item in json.loads((story / "gold.json").read_text(encoding="utf-8")):
            if "real-word confusion" not in item["note"]:
                continue
            text = (story / item["file"]).read_text(encoding="utf-8")
            start = text.find(item["span"])
            end = start + len(item["span"])
            hits = [
                f"{w} -> {s}" for s0, e0, w, s in _flagged_words(text) if s0 < end and start < e0
            ]
            others = OtherArticles.of(
                story_words(
                    [
                        path.read_text(encoding="utf-8")
                        for path in sorted(story.glob("*.txt"))
                        if path.name != item["file"] and "source" not in path.name
                    ]
                ),
                "",
            )
            story_hits = [
                f"{m.word.text} -> {m.suggestion}"
                for sentence in split_sentences(text, "en")
                for m in witnessed_misfits(sentence.text, sentence.start, others)
                if m.word.start < end and start < m.word.end
            ]
            rows.append(
                f"| {story.name} | {item['file']} | {item['span']} | {', '.join(hits) or 'no'} "
                f"| {', '.join(story_hits) or 'no'} |"
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    began = time.perf_counter()
    for title, table in (
        (
            "Machine translation into English (flagged words labelled wrong)",
            machine_translation(args.limit),
        ),
        ("English written by people (every finding a false alarm)", native_english(args.limit)),
        ("Another article as witness (MLQE-PE: MT against its post-edits)", witnessed(args.limit)),
        ("stories_dev real-word confusions", stories()),
    ):
        print(f"\n**{title}**\n")
        print("\n".join(table))
    print(f"\n({time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
