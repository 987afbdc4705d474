"""Measure error detection by `xlingual.check_pair` on real source-translation data.

Data (read from ../shared/data, never copied into the repository):
- ced_wmt21_encs/encs.jsonl: WMT21 critical error detection, English -> Czech, 1,000 items,
  gold positive = label ERR (a critical error).
- mqm_ted_ende/ted_ende_sample.jsonl: Google MQM expert annotations, English -> German, 441
  items; gold positive = has_accuracy_major or has_mistranslation ("accuracy"), also scored with
  has_accuracy_major alone ("major").

Printed per dataset: sentence-level precision, recall and Matthews correlation (MCC) with an item
counted as flagged when it has a finding at or above error / warning / info; a per-rule
breakdown (items flagged at >= warning and the share of them that are gold positive); for MQM
also span-level precision and recall against target-side gold spans of Accuracy/Mistranslation
and of Untranslated text (a finding is correct if it overlaps a gold span of that kind; recall is
the share of gold spans some finding overlaps).

Run: python benchmarks/detect.py [--data DIR] [--limit N] [--select XL5]
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xlingual import check_pair  # noqa: E402
from xlingual.config import Config  # noqa: E402
from xlingual.embed.embedders import load_embedder  # noqa: E402
from xlingual.findings import Finding, Severity  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data"
LEVELS = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def mcc(tp: int, fp: int, fn: int, tn: int) -> float:
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / denominator if denominator else 0.0


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "-"


def sentence_table(
    title: str, gold: Sequence[bool], findings: Sequence[Sequence[Finding]]
) -> list[str]:
    lines = [
        f"**{title}** ({sum(gold)} positive of {len(gold)})",
        "",
        "| flagged at | flagged | precision | recall | MCC |",
        "|---|---:|---:|---:|---:|",
    ]
    for level in LEVELS:
        flagged = [any(f.severity.rank >= level.rank for f in found) for found in findings]
        tp = sum(f and g for f, g in zip(flagged, gold, strict=True))
        fp = sum(f and not g for f, g in zip(flagged, gold, strict=True))
        fn = sum(g and not f for f, g in zip(flagged, gold, strict=True))
        tn = len(gold) - tp - fp - fn
        lines.append(
            f"| >= {level.value} | {tp + fp} | {_ratio(tp, tp + fp)} | {_ratio(tp, tp + fn)} "
            f"| {mcc(tp, fp, fn, tn):.3f} |"
        )
    return lines + [""]


def rule_table(gold: Sequence[bool], findings: Sequence[Sequence[Finding]]) -> list[str]:
    items: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    for found, positive in zip(findings, gold, strict=True):
        for code in {f.code for f in found if f.severity.rank >= Severity.WARNING.rank}:
            items[code] += 1
            correct[code] += positive
    lines = ["| rule | items flagged (>= warning) | precision |", "|---|---:|---:|"]
    lines += [f"| {c} | {items[c]} | {_ratio(correct[c], items[c])} |" for c in sorted(items)]
    return lines + [""]


def span_table(rows: Sequence[dict], findings: Sequence[Sequence[Finding]]) -> list[str]:
    kinds: dict[str, Callable[[str], bool]] = {
        "Accuracy/Mistranslation": lambda c: c == "Accuracy/Mistranslation",
        "Untranslated": lambda c: "Untranslated" in c,
    }
    lines = [
        "| gold spans | findings (>= warning) | correct | precision | gold | found | recall |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, wanted in kinds.items():
        n_findings = n_correct = n_gold = n_found = 0
        for row, found in zip(rows, findings, strict=True):
            spans = [
                (e["start"], e["end"])
                for e in row["errors"]
                if e["span_side"] == "target" and wanted(e["category"])
            ]
            # Findings on the translation only: check_pair names it "translation".
            mine = [
                (f.start, f.end)
                for f in found
                if f.path == "translation" and f.severity.rank >= Severity.WARNING.rank
            ]
            n_findings += len(mine)
            n_correct += sum(any(_overlaps(m, g) for g in spans) for m in mine)
            n_gold += len(spans)
            n_found += sum(any(_overlaps(m, g) for m in mine) for g in spans)
        lines.append(
            f"| {kind} | {n_findings} | {n_correct} | {_ratio(n_correct, n_findings)} "
            f"| {n_gold} | {n_found} | {_ratio(n_found, n_gold)} |"
        )
    return lines + [""]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def run(
    rows: Sequence[dict], source_key: str, target_key: str, config: Config, embedder
) -> tuple[list[list[Finding]], float]:
    start = time.perf_counter()
    # Only the translation is judged: the source is the human-written reference, and a typo
    # or name variant found in it is not a translation error.
    findings = [
        [
            finding
            for finding in check_pair(
                row[source_key], row[target_key], config, embedder=embedder
            ).findings
            if finding.path == "translation"
        ]
        for row in rows
    ]
    return findings, time.perf_counter() - start


def load(path: Path, limit: int | None) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return rows[:limit] if limit else rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="first N items of each set")
    parser.add_argument("--select", default="", help="comma-separated code prefixes (XL5,XL1)")
    args = parser.parse_args(argv)
    logging.getLogger("wordfreq").setLevel(logging.ERROR)  # "nearest language" notices
    select = tuple(code.strip().upper() for code in args.select.split(",") if code.strip())
    config = Config(select=select)
    embedder = load_embedder(config.embedder, config.cache_dir)
    total = time.perf_counter()
    out: list[str] = [f"selected rules: {', '.join(select) or 'all'}", ""]

    ced = load(args.data / "ced_wmt21_encs/encs.jsonl", args.limit)
    findings, seconds = run(ced, "src", "mt", config, embedder)
    gold = [row["label"] == "ERR" for row in ced]
    out += [f"## CED WMT21 en-cs ({len(ced)} items, {seconds:.0f} s)", ""]
    out += sentence_table("critical error (ERR)", gold, findings)
    out += rule_table(gold, findings)

    mqm = load(args.data / "mqm_ted_ende/ted_ende_sample.jsonl", args.limit)
    findings, seconds = run(mqm, "source", "target", config, embedder)
    accuracy = [bool(r["has_accuracy_major"] or r["has_mistranslation"]) for r in mqm]
    major = [bool(r["has_accuracy_major"]) for r in mqm]
    out += [f"## MQM TED en-de ({len(mqm)} items, {seconds:.0f} s)", ""]
    out += sentence_table("accuracy major or mistranslation", accuracy, findings)
    out += sentence_table("accuracy major", major, findings)
    out += rule_table(accuracy, findings)
    out += span_table(mqm, findings)
    out.append(f"total time: {time.perf_counter() - total:.0f} s")
    print("\n".join(out))


if __name__ == "__main__":
    main()
