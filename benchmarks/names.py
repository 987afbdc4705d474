"""Measure xlingual.analysis.names.same_name.same_name on real name-spelling variants, with hard
negatives.

Data: ../shared/data/names_variant_clusters (Wikidata person names: a Cyrillic name part and the
Latin spellings people actually use for it).

- Positives: every pair of spellings inside one cluster, the Cyrillic one included
  (евгений ~ yevgeny, yevgeny ~ jewgeni, ...).
- Hard negatives: pairs from two different clusters that plain string similarity confuses:
  rapidfuzz ratio >= 75 or Jaro-Winkler >= 0.88 between their anyascii forms (maria ~ marin,
  vladimir ~ владимирович, ivan ~ ivana-like look-alikes). Clusters that share a spelling are
  skipped as ambiguous, and so are pairs that are identical once accents are removed.

Also printed: a two-fold check by cluster (threshold chosen on one half, scored on the other), the
score threshold sweep, and the hardest errors.

With --canonical it measures instead which spelling of a variant cluster is chosen as canonical
(xlingual.analysis.names.canonical) on synthetic stories built from the same clusters: one edit (a
dropped, swapped, doubled letter or a wrong vowel) turns the usual Latin spelling of each cluster
into a typo; three articles write the typo and two the right spelling (also the other way round, and
with a sixth article holding the Cyrillic form). "Before" is the rule this replaced: more
articles, then more uses, then the more frequent word.

Run: python benchmarks/names.py [--data DIR] [--errors N]
     python benchmarks/names.py --canonical [--typos-per-name N] [--languages en fr ...]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

from anyascii import anyascii
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xlingual.align.groups import AlignedGroup, GroupMember  # noqa: E402
from xlingual.analysis.names.canonical import attestation  # noqa: E402
from xlingual.analysis.names.same_name import SAME_NAME_THRESHOLD, name_score  # noqa: E402
from xlingual.analysis.names.variants import NamePart, cluster_variants  # noqa: E402
from xlingual.analysis.words.lexicon import zipf  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/names_variant_clusters"

Pair = tuple[str, str, bool]


def load_clusters(folder: Path) -> list[list[str]]:
    rows = [json.loads(line) for line in (folder / "variant_clusters.jsonl").open()]
    return [[row["cyrillic"], *row["latin_variants"]] for row in rows]


def positive_pairs(clusters: list[list[str]]) -> list[Pair]:
    return [(a, b, True) for cluster in clusters for a, b in itertools.combinations(cluster, 2)]


def hard_negative_pairs(clusters: list[list[str]]) -> list[Pair]:
    folded = [[anyascii(spelling).lower() for spelling in cluster] for cluster in clusters]
    pairs: list[Pair] = []
    for i, j in itertools.combinations(range(len(clusters)), 2):
        if set(folded[i][1:]) & set(folded[j][1:]):
            continue  # the clusters overlap: no clean negative between them
        for a, x in zip(clusters[i], folded[i], strict=True):
            for b, y in zip(clusters[j], folded[j], strict=True):
                if x != y and (fuzz.ratio(x, y) >= 75 or JaroWinkler.similarity(x, y) >= 0.88):
                    pairs.append((a, b, False))
    return pairs


def confusion(scored: list[tuple[float, bool]], threshold: float) -> tuple[int, int, int, int]:
    tp = sum(1 for score, gold in scored if gold and score >= threshold)
    fp = sum(1 for score, gold in scored if not gold and score >= threshold)
    fn = sum(1 for score, gold in scored if gold and score < threshold)
    tn = len(scored) - tp - fp - fn
    return tp, fp, fn, tn


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_threshold(scored: list[tuple[float, bool]]) -> float:
    candidates = [round(0.50 + 0.01 * step, 2) for step in range(46)]
    return max(candidates, key=lambda t: prf(*confusion(scored, t)[:3])[2])


def score_pairs(pairs: list[Pair]) -> list[tuple[float, bool]]:
    return [(name_score(a, b), gold) for a, b, gold in pairs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=15, help="hardest errors to print")
    parser.add_argument("--canonical", action="store_true", help="measure the canonical choice")
    parser.add_argument("--typos-per-name", type=int, default=4, help="with --canonical")
    parser.add_argument("--languages", nargs="+", default=["en"], help="with --canonical")
    args = parser.parse_args()
    if args.canonical:
        canonical_benchmark(args)
        return

    clusters = load_clusters(args.data)
    positives, negatives = positive_pairs(clusters), hard_negative_pairs(clusters)
    pairs = positives + negatives
    started = time.perf_counter()
    scored = score_pairs(pairs)
    elapsed = time.perf_counter() - started
    print(f"{len(clusters)} clusters: {len(positives)} positive pairs, ", end="")
    print(f"{len(negatives)} hard negatives")
    per_pair = 1e6 * elapsed / len(pairs)
    print(f"scored in {elapsed:.1f} s ({per_pair:.0f} us per pair, cold caches)\n")

    print("| pairs | threshold | precision | recall | F1 | TP | FP | FN |")
    print("|---|---|---|---|---|---|---|---|")
    rows = [("all (shipped threshold)", scored, SAME_NAME_THRESHOLD)]
    cyrillic = [s for s, (a, b, _) in zip(scored, pairs, strict=True) if _has_cyrillic(a + b)]
    latin = [s for s, (a, b, _) in zip(scored, pairs, strict=True) if not _has_cyrillic(a + b)]
    rows.append(("Cyrillic-Latin and Cyrillic-Cyrillic", cyrillic, SAME_NAME_THRESHOLD))
    rows.append(("Latin-Latin", latin, SAME_NAME_THRESHOLD))
    for label, subset, threshold in rows:
        tp, fp, fn, _ = confusion(subset, threshold)
        precision, recall, f1 = prf(tp, fp, fn)
        print(
            f"| {label} | {threshold:.2f} | {precision:.3f} | {recall:.3f} | {f1:.3f} "
            f"| {tp} | {fp} | {fn} |"
        )

    print("\nTwo-fold by cluster (threshold tuned on one half, scored on the other):\n")
    print("| fold | tuned threshold | precision | recall | F1 |")
    print("|---|---|---|---|---|")
    order = list(range(len(clusters)))
    random.Random(13).shuffle(order)
    halves = [sorted(order[: len(order) // 2]), sorted(order[len(order) // 2 :])]
    for fold, (tune, test) in enumerate([(halves[0], halves[1]), (halves[1], halves[0])]):
        tune_scored = score_pairs(_pairs_for([clusters[i] for i in tune]))
        test_scored = score_pairs(_pairs_for([clusters[i] for i in test]))
        threshold = best_threshold(tune_scored)
        precision, recall, f1 = prf(*confusion(test_scored, threshold)[:3])
        print(f"| {fold + 1} | {threshold:.2f} | {precision:.3f} | {recall:.3f} | {f1:.3f} |")

    print("\nThreshold sweep (all pairs):\n")
    print("| threshold | precision | recall | F1 |")
    print("|---|---|---|---|")
    for threshold in (0.70, 0.75, 0.78, 0.80, 0.82, 0.85, 0.90):
        precision, recall, f1 = prf(*confusion(scored, threshold)[:3])
        print(f"| {threshold:.2f} | {precision:.3f} | {recall:.3f} | {f1:.3f} |")

    if args.errors:
        labelled = list(zip(scored, pairs, strict=True))
        false_positives = sorted(
            (item for item in labelled if not item[1][2] and item[0][0] >= SAME_NAME_THRESHOLD),
            key=lambda item: -item[0][0],
        )
        false_negatives = sorted(
            (item for item in labelled if item[1][2] and item[0][0] < SAME_NAME_THRESHOLD),
            key=lambda item: item[0][0],
        )
        errors = (("false positives", false_positives), ("false negatives", false_negatives))
        for title, items in errors:
            print(f"\nHardest {title}:")
            for (score, _), (a, b, _) in items[: args.errors]:
                print(f"  {score:.2f}  {a} ~ {b}")


# --- the canonical spelling -------------------------------------------------------------------

_VOWELS = "aeiou"


def typos(word: str, rng: random.Random) -> list[tuple[str, str]]:
    """One typo of each kind (kind, typo), never touching the first letter."""
    found = []
    if len(word) > 3:
        i = rng.randrange(1, len(word))
        found.append(("drop", word[:i] + word[i + 1 :]))
        i = rng.randrange(1, len(word) - 1)
        found.append(("swap", word[:i] + word[i + 1] + word[i] + word[i + 2 :]))
    i = rng.randrange(1, len(word))
    found.append(("double", word[:i] + word[i] + word[i:]))
    vowels = [k for k in range(1, len(word)) if word[k] in _VOWELS]
    if vowels:
        k = rng.choice(vowels)
        other = rng.choice([v for v in _VOWELS if v != word[k]])
        found.append(("vowel", word[:k] + other + word[k + 1 :]))
    return [(kind, typo) for kind, typo in found if typo != word]


def _story_parts(spellings: list[tuple[str, int]]) -> tuple[list[NamePart], list[AlignedGroup]]:
    """One article per use: (spelling, how many articles); every article's sentence 0 aligned."""
    parts, document = [], 0
    for spelling, articles in spellings:
        for _ in range(articles):
            parts.append(NamePart(document, 0, len(spelling), spelling, "PERSON", 0, None))
            document += 1
    group = AlignedGroup(tuple(GroupMember(d, 0) for d in range(document)), 0.95)
    return parts, [group]


def _count_only(spellings: list[tuple[str, int]]) -> str:
    """The rule before xlingual.analysis.names.canonical: more articles, more uses, the more
    frequent word."""
    return max(
        spellings,
        key=lambda s: (s[1], s[1], max(zipf(s[0].lower(), lang) for lang in _WORD_LANGUAGES)),
    )[0]


_WORD_LANGUAGES = ("en", "fr", "de", "es", "ru")


def canonical_benchmark(args: argparse.Namespace) -> None:
    rows = [json.loads(line) for line in (args.data / "variant_clusters.jsonl").open()]
    rng = random.Random(13)
    languages = tuple(args.languages)
    scenarios = {
        "typo in 3 articles, right in 2": lambda right, typo, native: [(typo, 3), (right, 2)],
        "... and the Cyrillic form in a 6th": lambda right, typo, native: [
            (typo, 3),
            (right, 2),
            (native, 1),
        ],
        "right in 3 articles, typo in 2": lambda right, typo, native: [(right, 3), (typo, 2)],
    }
    tallies = {name: Counter() for name in scenarios}
    by_kind = {name: Counter() for name in scenarios}
    decided = {name: Counter() for name in scenarios}
    wrong_examples: list[str] = []
    coverage: Counter = Counter()
    for row in rows:
        right = max(row["latin_variants"], key=lambda v: (row["latin_variants"][v], v))
        if len(right) < 3 or not right.isalpha():
            continue
        native = row["cyrillic"].title()
        known = {v.casefold() for v in row["latin_variants"]}
        made = [t for t in typos(right, rng) if t[1] not in known][: args.typos_per_name]
        coverage["usual spellings"] += 1
        coverage["usual spellings known"] += attestation(right, languages) > 0
        for _, typo in made:
            coverage["typos"] += 1
            coverage["typos known"] += attestation(typo, languages) > 0
        for kind, typo in made:
            for name, build in scenarios.items():
                spellings = [(s.title(), n) for s, n in build(right, typo, native)]
                parts, groups = _story_parts(spellings)
                clusters = cluster_variants(parts, groups, languages=languages)
                joined = next(
                    (c for c in clusters if {right.title(), typo.title()} <= set(c.spellings)),
                    None,
                )
                tally = tallies[name]
                tally["stories"] += 1
                by_kind[name][kind, "stories"] += 1
                if joined is None:
                    continue
                tally["joined"] += 1
                latin = [(s, n) for s, n in spellings if s != native.title()]
                tally["before"] += _count_only(latin) == right.title()
                after = joined.canonical == right.title()
                tally["after"] += after
                by_kind[name][kind, "after"] += after
                decided[name][joined.decided_by, after] += 1
                # Count-decided errors are the expected ones; show what the evidence got wrong.
                if not after and joined.decided_by not in ("articles", "occurrences"):
                    wrong_examples.append(
                        f"  {name}: {right} / {typo}: chose {joined.canonical} ({joined.reason})"
                    )
    print(
        f"wordfreq ({', '.join(languages)}) knows {coverage['usual spellings known']} of "
        f"{coverage['usual spellings']} usual spellings "
        f"({coverage['usual spellings known'] / coverage['usual spellings']:.3f}) and "
        f"{coverage['typos known']} of {coverage['typos']} one-edit typos of them "
        f"({coverage['typos known'] / coverage['typos']:.3f}).\n"
    )
    print(f"Canonical spelling on synthetic stories, languages {', '.join(languages)}:\n")
    print("| scenario | stories | joined in one cluster | right before | right after |")
    print("|---|---:|---:|---:|---:|")
    for name, tally in tallies.items():
        joined = tally["joined"] or 1
        print(
            f"| {name} | {tally['stories']} | {tally['joined']} | "
            f"{tally['before'] / joined:.3f} | {tally['after'] / joined:.3f} |"
        )
    print("\nRight after, by kind of typo (share of joined and unjoined stories alike):\n")
    kinds = ("drop", "swap", "double", "vowel")
    print("| scenario | " + " | ".join(kinds) + " |")
    print("|---|" + "---:|" * len(kinds))
    for name, counts in by_kind.items():
        cells = [f"{counts[k, 'after'] / max(counts[k, 'stories'], 1):.3f}" for k in kinds]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nWhich evidence decided (right / wrong):\n")
    for name, counts in decided.items():
        evidence = sorted({e for e, _ in counts})
        summary = ", ".join(f"{e} {counts[e, True]}/{counts[e, False]}" for e in evidence)
        print(f"- {name}: {summary}")
    if wrong_examples and args.errors:
        print("\nWrong choices made by evidence other than counts:")
        print("\n".join(wrong_examples[: args.errors]))


def _pairs_for(clusters: list[list[str]]) -> list[Pair]:
    return positive_pairs(clusters) + hard_negative_pairs(clusters)


def _has_cyrillic(text: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in text)


if __name__ == "__main__":
    main()
