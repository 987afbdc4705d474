"""The report formats on the sample articles: size of each file and time to render it.

One check of seeds/ with the default model, then each format rendered `--repeat` times; times
are medians (the machines are shared and noisy), and the gate's overhead is put in proportion
by the same run's check time.

    python benchmarks/formats.py [--repeat 20] [--seeds seeds]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xlingual.api import check  # noqa: E402
from xlingual.output import FORMATS, render  # noqa: E402


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    args = parser.parse_args()

    started = time.perf_counter()
    report = check([args.seeds])
    check_seconds = time.perf_counter() - started
    print(
        f"check of {args.seeds}: {len(report.documents)} documents, "
        f"{len(report.findings)} findings, {check_seconds:.1f} s (one run, model load included)\n"
    )
    print(f"| format | bytes | render ms (median of {args.repeat}) | share of the check |")
    print("|---|---:|---:|---:|")
    for name in FORMATS:
        size = len(render(report, name).encode("utf-8"))
        seconds = median_seconds(lambda name=name: render(report, name), args.repeat)
        print(f"| {name} | {size:,} | {seconds * 1000:.1f} | {seconds / check_seconds:.2%} |")


if __name__ == "__main__":
    main()
