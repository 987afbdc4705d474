"""Pairs per second of `xlingual.check_pairs` on short segments, in a warm process.

The pairs are MLQE-PE's Russian-English sentences and their machine translations (news and
Reddit; `../shared/data/qe_mlqepe/ru-en/`, train then dev: 8,000 pairs, cut into batches of
--pairs). All runs are in one process, after a first untimed run on the first batch that loads
every model (e5-small, the language identifier, spaCy, ...):

- `warm cache`: the first batch again, on the cache the first run filled (vectors and answers
  are read back);
- `fresh cache`: each run a batch not seen before, on a new, empty cache folder, the loaded
  models reused (every vector is embedded and every answer worked out): what new pairs cost.

Medians over --repeat runs (the machine is shared and noisy). `--embedder fake` uses the tests'
deterministic embedder (tests/conftest.py), so the table shows xlingual's own work.

    python benchmarks/pairs.py [--pairs 2000] [--repeat 3] [--embedder e5-small|fake]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data" / "qe_mlqepe" / "ru-en"
SPLITS = (("train", "train"), ("dev", "dev"))


def pair_batches(size: int) -> list[list[tuple[str, str]]]:
    """Every pair of the splits, in batches of `size` (a short last one left out)."""
    pairs: list[tuple[str, str]] = []
    for folder, name in SPLITS:
        sources = (DATA / folder / f"{name}.src").read_text(encoding="utf-8").splitlines()
        translations = (DATA / folder / f"{name}.mt").read_text(encoding="utf-8").splitlines()
        pairs.extend(zip(sources, translations, strict=True))
    return [pairs[start : start + size] for start in range(0, len(pairs) - size + 1, size)]


def timed(pairs, cache: Path, inner) -> tuple[float, int]:
    """Seconds of one `check_pairs` run on `cache` (vectors and answers), and its findings."""
    from xlingual import check_pairs
    from xlingual.config import Config
    from xlingual.embed.embedders import CachedEmbedder

    embedder = CachedEmbedder(inner, cache / "vectors.sqlite3")
    started = time.perf_counter()
    report = check_pairs(pairs, Config(cache_dir=str(cache)), embedder=embedder)
    return time.perf_counter() - started, len(report.findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--embedder", choices=("e5-small", "fake"), default="e5-small")
    args = parser.parse_args()
    batches = pair_batches(args.pairs)
    if len(batches) < 2:
        parser.error(f"--pairs {args.pairs}: the data holds fewer than two batches")
    pairs = batches[0]
    # Fresh runs take the batches after the first, over again if --repeat asks for more.
    unseen = [batches[1 + n % (len(batches) - 1)] for n in range(args.repeat)]
    with tempfile.TemporaryDirectory(prefix="xlingual-pairs-") as scratch:
        root = Path(scratch)
        inner = embedder_of(args.embedder, root / "models")
        first, findings = timed(pairs, root / "warm", inner)
        warm = [timed(pairs, root / "warm", inner)[0] for _ in range(args.repeat)]
        fresh = [timed(batch, root / f"fresh-{n}", inner)[0] for n, batch in enumerate(unseen)]
    print(
        f"check_pairs on batches of {len(pairs):,} ru-en pairs ({args.embedder}; "
        f"{findings:,} findings in the first; medians of {args.repeat} runs)\n"
    )
    print("| run | seconds | pairs/s |")
    print("| --- | ---: | ---: |")
    rows = [
        ("first (loads the models, empty cache)", first),
        ("warm cache", statistics.median(warm)),
        ("fresh cache, new pairs, models loaded", statistics.median(fresh)),
    ]
    for name, seconds in rows:
        print(f"| {name} | {seconds:.1f} | {len(pairs) / seconds:.0f} |")


def embedder_of(name: str, cache: Path):
    """The model behind the vector cache: loaded once, on the first run."""
    if name == "fake":
        from tests.conftest import FakeEmbedder

        return FakeEmbedder()
    from xlingual.embed.embedders import load_embedder

    return load_embedder(name, cache).inner


if __name__ == "__main__":
    main()
