"""`check` on one machine against the same check on a local Dask cluster of worker processes.

The corpus is benchmarks/speed.py's generated one (real sentences from ../shared/data/). Every
measured run starts with an empty vector cache (the converted model is shared), so both modes
really embed; the processes are warm (one unmeasured run of each mode first loads the model,
spaCy and the word lists), so the table compares the work, not the start-up. The cluster's start
is timed on its own: `--scheduler` reuses a running cluster, `--workers` pays it on every run.
Steps are timed by the progress callback: embed, align, and the rest (names, rules, report).
Medians over --repeat runs; the machines are shared, so read ratios. Also checks that both modes
give the same JSON report.

    python benchmarks/cluster.py [--docs 50] [--workers 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.speed import DEFAULT_DATA, build_corpus  # noqa: E402

STEPS = {"embedding": "embed", "aligning": "align", "reading names": "rest"}


def timed_check(paths: list[str], cache: Path, embedder, client=None) -> tuple[dict, str]:
    """One run with an empty vector cache: seconds per step and the JSON report."""
    from xlingual.api import check
    from xlingual.config import Config
    from xlingual.output import render

    for item in cache.iterdir():  # everything but the converted model
        if item.name != "models":
            shutil.rmtree(item) if item.is_dir() else item.unlink()
    seconds = dict.fromkeys(STEPS.values(), 0.0)
    current = ["rest", time.perf_counter()]

    def progress(message: str, _done: float) -> None:
        now = time.perf_counter()
        seconds[current[0]] += now - current[1]
        step = next((s for prefix, s in STEPS.items() if message.startswith(prefix)), current[0])
        current[:] = [step, now]

    started = time.perf_counter()
    config = Config(cache_dir=str(cache))
    report = check(paths, config, embedder=embedder, progress=progress, client=client)
    seconds[current[0]] += time.perf_counter() - current[1]
    seconds["total"] = time.perf_counter() - started
    return seconds, render(report, "json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()

    from xlingual.distributed import connect
    from xlingual.embed.e5_convert import e5_model_dir
    from xlingual.embed.embedders import load_embedder

    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp)
        corpus = base / "corpus"
        build_corpus(args.docs, corpus, args.data)
        paths = sorted(str(p) for p in corpus.iterdir())
        cache = base / "cache"
        e5_model_dir(cache)  # converted once, outside every measurement

        began = time.perf_counter()
        with connect(workers=args.workers) as client:
            start_s = time.perf_counter() - began
            # One embedder per mode, kept across runs: each keeps its model loaded, here in
            # this process, there in the workers (the cluster's is never loaded here).
            modes = {
                "one machine": (load_embedder("e5-small", cache), None),
                "cluster": (load_embedder("e5-small", cache), client),
            }
            runs: dict[str, list[dict[str, float]]] = {mode: [] for mode in modes}
            reports: dict[str, set[str]] = {mode: set() for mode in modes}
            for repeat in range(args.repeat + 1):
                for mode, (embedder, mode_client) in modes.items():
                    seconds, report = timed_check(paths, cache, embedder, mode_client)
                    reports[mode].add(report)
                    if repeat:  # the first round only warms the processes up
                        runs[mode].append(seconds)

    same = reports["one machine"] == reports["cluster"] and len(reports["cluster"]) == 1
    print(
        f"{args.docs} docs, {args.workers} local worker processes (1 thread each), "
        f"median of {args.repeat}; cluster start {start_s:.1f} s; "
        f"identical JSON reports: {'yes' if same else 'NO'}"
    )
    print("| mode | total s | embed s | align s | rest s |")
    print("|---|---:|---:|---:|---:|")
    for mode, measured in runs.items():

        def med(key: str, measured=measured) -> float:
            return statistics.median(run[key] for run in measured)

        print(
            f"| {mode} | {med('total'):.1f} | {med('embed'):.1f} | {med('align'):.2f} | "
            f"{med('rest'):.1f} |"
        )


if __name__ == "__main__":
    main()
