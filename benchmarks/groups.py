"""Cross-article grouping: precision and recall of sentence links, swept over the margin threshold.

There is no annotated set of comparable news articles here, so this builds one from real data:
the German and French sides of the Text+Berg dev document (gold 1-1 beads are the true links),
each padded with unrelated real sentences (English sources of TED talks on one side, German
translations of other TED talks on the other) that have no counterpart. A link is correct when
both of its sentences lie in one gold bead; a link that touches a padding sentence is wrong.
The grouping ignores sentence order, so the documents' parallel order gives it no help.

    python benchmarks/groups.py [--embedder use|e5-small|both] [--data ../shared/data]
    python benchmarks/groups.py --syndicated [--files 10000]

`--syndicated` times `align_documents` alone on synthetic vectors shaped like e5's (one story:
unrelated sentences near cosine 0.76): one-sentence files, some carrying one wire sentence, one
of them a changed version; it prints the time, the peak of memory allocated during the call
(tracemalloc, which numpy reports to) and whether the copies made one group.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from xlingual.align.groups import GroupingConfig, align_documents, grouping_defaults  # noqa: E402
from xlingual.embed.embedders import load_embedder  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
MARGINS = (1.0, 1.005, 1.01, 1.015, 1.02, 1.03, 1.05, 1.10, 1.15, 1.20, 1.25)
FLOORS = {"e5-small": (0.80, 0.85, 0.87, 0.88, 0.90), "use": (0.2, 0.3, 0.4, 0.5)}
PADDING_PER_SIDE = 150


def load_case(data: Path):
    folder = data / "align_textberg_defr_dev"
    german = (folder / "de" / "001").read_text(encoding="utf-8").splitlines()
    french = (folder / "fr" / "001").read_text(encoding="utf-8").splitlines()
    beads = []
    for line in (folder / "gold" / "001").read_text(encoding="utf-8").splitlines():
        left, right = line.split(":")
        beads.append((json.loads(left), json.loads(right)))
    ted = [
        json.loads(line)
        for line in (data / "mqm_ted_ende" / "ted_ende_sample.jsonl").read_text().splitlines()
    ]
    # Distinct talks on each side, so padding sentences have no translation on the other side.
    talks = sorted({item["doc"] for item in ted})
    first_half = set(talks[: len(talks) // 2])
    pad_a = list(dict.fromkeys(i["source"] for i in ted if i["doc"] in first_half))
    pad_b = list(dict.fromkeys(i["target"] for i in ted if i["doc"] not in first_half))
    return german, french, beads, pad_a[:PADDING_PER_SIDE], pad_b[:PADDING_PER_SIDE]


def score(links, beads, n_german: int, n_french: int):
    gold_pairs = {(i, j) for src, tgt in beads for i in src for j in tgt}
    one_to_one = [(src[0], tgt[0]) for src, tgt in beads if len(src) == 1 and len(tgt) == 1]
    correct = sum(1 for i, j in links if (i, j) in gold_pairs)
    found = set(links)
    recall = sum(1 for pair in one_to_one if pair in found) / len(one_to_one)
    precision = correct / len(links) if links else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run(name: str, data: Path) -> list[str]:
    """Rows for a margin sweep (no cosine floor), then a floor sweep at the default margin."""
    german, french, beads, pad_a, pad_b = load_case(data)
    embedder = load_embedder(name)
    doc_a = embedder.embed(german + pad_a)
    doc_b = embedder.embed(french + pad_b)
    default = grouping_defaults(name)
    settings = [(0.0, margin) for margin in MARGINS]
    settings += [(floor, default.min_margin) for floor in FLOORS[name]]
    rows = []
    for floor, margin in settings:
        config = GroupingConfig(min_cosine=floor, min_margin=margin)
        groups = align_documents([doc_a, doc_b], config)
        links = []
        for group in groups:
            a = [m.sentence for m in group.members if m.document == 0]
            b = [m.sentence for m in group.members if m.document == 1]
            links += [(i, j) for i in a for j in b]
        # Links into padding are wrong by construction: map them outside every gold bead.
        links = [(i if i < len(german) else -1, j if j < len(french) else -1) for i, j in links]
        precision, recall, f1 = score(links, beads, len(german), len(french))
        padding_links = sum(1 for i, j in links if i < 0 or j < 0)
        rows.append(
            f"| {name} | {floor:.2f} | {margin:.3f} | {len(links)} | {padding_links} | "
            f"{precision:.3f} | {recall:.3f} | {f1:.3f} |"
        )
    return rows


def syndicated(files: int, copies: int, changed_cosine: float, dimensions: int = 384):
    """One-sentence documents: `copies` of a wire sentence, the last at `changed_cosine`."""
    rng = np.random.default_rng(1)
    story = rng.normal(size=dimensions)
    story /= np.linalg.norm(story)

    def on_story(noise):
        rows = story * 1.8 + noise / np.sqrt(dimensions)
        return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)

    wire = on_story(rng.normal(size=dimensions))
    away = rng.normal(size=dimensions)
    away -= (away @ wire) * wire
    away /= np.linalg.norm(away)
    changed = (changed_cosine * wire + np.sqrt(1 - changed_cosine**2) * away).astype(np.float32)
    others = on_story(rng.normal(size=(files - copies, dimensions)))
    rows = ([wire] * (copies - 1) + [changed] if copies else []) + list(others)
    return [row[None, :] for row in rows]


def run_syndicated(files: int) -> None:
    config = grouping_defaults("e5-small")
    print("| files | copies | changed copy cosine | align s | peak MB | copies grouped | groups |")
    print("|---|---|---|---|---|---|---|")
    for copies in (0, 5, 100, files // 5, files // 2):
        for changed_cosine in (0.99, 0.95) if copies else (0.99,):
            vectors = syndicated(files, copies, changed_cosine)
            tracemalloc.start()
            started = time.perf_counter()
            groups = align_documents(vectors, config, [[12]] * files)
            elapsed = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            wire = [g for g in groups if g.members[0].document == 0]
            grouped = bool(copies) and bool(wire) and len(wire[0].members) == copies
            print(
                f"| {files:,} | {copies:,} | {changed_cosine if copies else '-'} | "
                f"{elapsed:.1f} | {peak:.0f} | {'yes' if grouped else '-'} | {len(groups)} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="both", choices=["use", "e5-small", "both"])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--syndicated", action="store_true", help="time copies at scale")
    parser.add_argument("--files", type=int, default=10_000)
    args = parser.parse_args()
    if args.syndicated:
        run_syndicated(args.files)
        return
    names = ["e5-small", "use"] if args.embedder == "both" else [args.embedder]
    print(
        "| embedder | min cosine | min margin | links | links into padding "
        "| precision | recall (1-1) | F1 |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name in names:
        for row in run(name, args.data):
            print(row)


if __name__ == "__main__":
    main()
