"""Time and peak memory of checking one large article, by kind of file and size.

Each measurement is `xlingual.api.check` on a folder holding the large file and one short good
article, in a fresh child process (imports and model loads included, so the peak is that run's
own `ru_maxrss`), with an empty cache. Kinds, each one single line as hostile inputs are:

- `html-words`: one `<p>` of words, a period now and then (sentences cut at 1,000 characters)
- `html-nospace`: one `<p>` of a single unbroken "word"
- `txt-words`: the words of `html-words` as a single-line .txt

With `--files N ...`, the input is instead a folder of N tiny .txt articles (one or two
sentences each, all different), as a wire feed split into items gives.

Files over MAX_TEXT_CHARS (xlingual.load.documents) are checked up to it and the rest reported as
XL901, so past about 1 MB the time should stop growing; below it, time per MB should be flat
(linear growth). `--embedder fake` uses the deterministic test embedder (tests/conftest.py), so
the table shows xlingual's own work; `e5-small` adds the model. Medians over --repeat runs.

    python benchmarks/inputs.py [--sizes 0.25 0.5 1 5 10] [--kinds html-words ...]
                                [--repeat 3] [--embedder fake|e5-small]
    python benchmarks/inputs.py --files 1000 2000 10000 [--repeat 1] [--embedder ...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import write_tiny_files  # noqa: E402 - the tests' own tiny articles

KINDS = ("html-words", "html-nospace", "txt-words")
WORDS = "the council approved budget school spending rise year vote member city Tuesday".split()
GOOD = "The council approved the new budget on Tuesday. Spending on schools will rise.\n"

CHILD = """
import json, os, resource, sys, time
sys.path.insert(0, {root!r})
import xlingual.api as api
embedder = None
if {fake!r}:
    from tests.conftest import FakeEmbedder
    embedder = FakeEmbedder()
started = time.perf_counter()
report = api.check([{folder!r}], embedder=embedder)
print(json.dumps({{
    "seconds": time.perf_counter() - started,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "sentences": sum(len(d.sentences) for d in report.documents),
    "unchecked": [e.reason for e in report.input_errors],
}}))
"""


def words(characters: int) -> str:
    out, total, number = [], 0, 0
    while total < characters:
        word = WORDS[number % len(WORDS)]
        number += 1
        out.append(word + ("." if number % 17 == 0 else ""))
        total += len(out[-1]) + 1
    return " ".join(out)[:characters]


def write_input(kind: str, megabytes: float, folder: Path) -> Path:
    characters = int(megabytes * (1 << 20))
    page = "<html><body><p>{}</p></body></html>"
    if kind == "html-words":
        path, text = folder / "big.html", page.format(words(characters))
    elif kind == "html-nospace":
        path, text = folder / "big.html", page.format("x" * characters)
    elif kind == "txt-words":
        path, text = folder / "big.txt", words(characters)
    else:
        raise ValueError(kind)
    path.write_text(text, encoding="utf-8")
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    return path


def measure(kind: str, size: float, fake: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="xlingual-inputs-") as temporary:
        folder = Path(temporary) / "story"
        folder.mkdir()
        if kind == "tiny-txt":
            write_tiny_files(int(size), folder)
        else:
            write_input(kind, size, folder)
        env = {"XLINGUAL_CACHE": str(Path(temporary) / "cache"), "PATH": "/usr/bin:/bin"}
        code = CHILD.format(root=str(ROOT), fake=fake, folder=str(folder))
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise SystemExit(f"{kind} {size:g}: the check failed:\n{done.stderr[-2000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["wall"] = time.perf_counter() - started
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.25, 0.5, 1, 5, 10])
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--embedder", choices=("fake", "e5-small"), default="fake")
    parser.add_argument("--files", type=int, nargs="+", help="folders of this many tiny files")
    args = parser.parse_args()
    print(f"embedder: {args.embedder}; medians of {args.repeat}; wall = child process, imports in")
    if args.files:
        print("| tiny .txt files | sentences | check s | wall s | ms per file | peak MB |")
        print("|---:|---:|---:|---:|---:|---:|")
        for count in args.files:
            runs = [measure("tiny-txt", count, args.embedder == "fake") for _ in range(args.repeat)]
            seconds = statistics.median(r["seconds"] for r in runs)
            print(
                f"| {count:,} | {runs[0]['sentences']:,} | {seconds:.1f} | "
                f"{statistics.median(r['wall'] for r in runs):.1f} | "
                f"{1000 * seconds / count:.1f} | "
                f"{statistics.median(r['peak_mb'] for r in runs):.0f} |",
                flush=True,
            )
        return
    print("| file kind | MB | sentences | check s | wall s | s per MB | peak MB | cut (XL901) |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for kind in args.kinds:
        for megabytes in args.sizes:
            runs = [measure(kind, megabytes, args.embedder == "fake") for _ in range(args.repeat)]
            seconds = statistics.median(r["seconds"] for r in runs)
            wall = statistics.median(r["wall"] for r in runs)
            peak = statistics.median(r["peak_mb"] for r in runs)
            cut = "yes" if any("only the first" in e for e in runs[0]["unchecked"]) else "no"
            print(
                f"| {kind} | {megabytes:g} | {runs[0]['sentences']:,} | {seconds:.1f} | "
                f"{wall:.1f} | {seconds / megabytes:.1f} | {peak:.0f} | {cut} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
