"""Readers for the annotated MT-error data in ../shared/data, each giving `Segment`s with the
labels the quality-estimation heads learn: which target words are wrong (and what kind of
error), and whether the sentence holds a major accuracy error.

Label definitions (the README's "Quality estimation" section quotes them):
- MLQE-PE: a word is BAD when its post-edit tag is BAD (gap tags are dropped); sentence label:
  none (its HTER is kept for the Pearson figure).
- WMT23 MQM zh-en: a target word is BAD when at least two of the three raters marked a target
  span covering it; its kind is the category most of those spans give it. Sentence label: the
  data's `has_accuracy_major_majority`.
- WMT21 critical errors (CED): sentence label ERR; no word labels.
- MQM TED en-de: words as for WMT23 with one rater (the data has one a segment); sentence label
  `has_accuracy_major`.
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from xlingual.qe.features import target_words, whitespace_words
from xlingual.qe.head import KINDS

# The shared data sit beside the project folder; XLINGUAL_DATA points elsewhere.
DATA = Path(
    os.environ.get("XLINGUAL_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)


@dataclass(frozen=True)
class Segment:
    source: str
    target: str
    words: tuple[tuple[int, int], ...]  # target word spans
    bad: tuple[bool, ...] | None  # one a word; None where the data has no word labels
    kinds: tuple[int, ...] | None  # index into KINDS, one a word
    major: bool | None  # a major accuracy error in the sentence; None where unlabelled
    hter: float | None = None
    doc: str = ""  # WMT23: the news story, for splitting by document
    pair: str = ""  # language pair, e.g. "ru-en"


def kind_of(category: str) -> int:
    """MQM category -> index into KINDS (MQM's top categories, folded)."""
    category = category.lower()
    if "source language fragment" in category or "non-translation" in category:
        return KINDS.index("untranslated")
    if "addition" in category:
        return KINDS.index("addition")
    if category.startswith("accuracy") or category.startswith("terminology"):
        return KINDS.index("mistranslation")
    return KINDS.index("fluency")


def mlqe(pair: str, split: str, limit: int | None = None) -> list[Segment]:
    """MLQE-PE word-level data, `split` "train" or "dev"."""
    folder = DATA / "qe_mlqepe" / pair / split

    def lines(name: str) -> list[str]:
        return (folder / f"{split}.{name}").read_text(encoding="utf-8").split("\n")[:-1]

    sources, targets, tags, hters = lines("src"), lines("mt"), lines("tags"), lines("hter")
    segments = []
    for source, target, tag_line, hter in zip(sources, targets, tags, hters, strict=True):
        words = whitespace_words(target)
        word_tags = tag_line.split()[1::2]  # gap, word, gap, ...: the words are the odd ones
        if len(word_tags) != len(words):
            continue  # a misaligned line in the data (none in the current copy)
        bad = tuple(tag == "BAD" for tag in word_tags)
        segments.append(
            Segment(
                source=source,
                target=target,
                words=tuple(words),
                bad=bad,
                kinds=tuple(KINDS.index("mistranslation") if b else 0 for b in bad),
                major=None,
                hter=float(hter),
                pair=pair,
            )
        )
    return segments[:limit]


def _mqm_words(target: str, ratings: list[list[dict]], needed: int):
    """Word labels from raters' target spans: BAD where `needed` raters cover the word."""
    words = target_words(target)
    bad, kinds = [], []
    for start, end in words:
        votes: Counter[int] = Counter()
        raters = 0
        for errors in ratings:
            covering = [
                e for e in errors if e["side"] == "target" and e["start"] < end and start < e["end"]
            ]
            if covering:
                raters += 1
                votes.update(kind_of(e["category"]) for e in covering)
        is_bad = raters >= needed
        bad.append(is_bad)
        kinds.append(votes.most_common(1)[0][0] if is_bad else 0)
    return tuple(words), tuple(bad), tuple(kinds)


def _mqm_segment(item: dict, ratings: list[list[dict]], needed: int, major: str, pair: str):
    words, bad, kinds = _mqm_words(item["target"], ratings, needed)
    return Segment(
        source=item["source"],
        target=item["target"],
        words=words,
        bad=bad,
        kinds=kinds,
        major=bool(item[major]),
        doc=item["doc"],
        pair=pair,
    )


def wmt23_zhen() -> list[Segment]:
    path = DATA / "mqm_wmt23_zhen" / "wmt23_zhen_news.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [
        _mqm_segment(
            item,
            [rating["errors"] for rating in item["ratings"]],
            needed=2,
            major="has_accuracy_major_majority",
            pair="zh-en",
        )
        for item in items
    ]


def ted_ende() -> list[Segment]:
    path = DATA / "mqm_ted_ende" / "ted_ende_sample.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [
        _mqm_segment(
            item,
            [[{**e, "side": e["span_side"]} for e in item["errors"]]],
            needed=1,
            major="has_accuracy_major",
            pair="en-de",
        )
        for item in items
    ]


def ced(pair: str, split: str, limit: int | None = None) -> list[Segment]:
    """WMT21 critical error detection, `pair` like "ende", `split` "train" or "dev"."""
    path = DATA / "ced_wmt21_train" / f"{pair}_{split}.tsv"
    segments = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            _id, source, target, _scores, label = row[:5]
            segments.append(
                Segment(
                    source=source,
                    target=target,
                    words=tuple(whitespace_words(target)),
                    bad=None,
                    kinds=None,
                    major=label == "ERR",
                    pair=f"{pair[:2]}-{pair[2:]}",
                )
            )
    return segments[:limit]


def ced_encs_test() -> list[Segment]:
    """The separate WMT21 en-cs critical-error set (1,000 items), for evaluation only."""
    segments = []
    path = DATA / "ced_wmt21_encs" / "encs.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        segments.append(
            Segment(
                source=item["src"],
                target=item["mt"],
                words=tuple(whitespace_words(item["mt"])),
                bad=None,
                kinds=None,
                major=item["label"] == "ERR",
                pair="en-cs",
            )
        )
    return segments
