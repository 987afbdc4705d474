"""Speed and scale of `xlingual.api.check`: cold and warm wall time, model share, peak memory.

Corpora: seeds/ and generated corpora of N documents built from real sentences in ../shared/data/
(Text+Berg de/fr, TED en/de, CED en/cs). Documents come in "stories" of about 5 articles that
share facts, each fact told in one of its languages, with numbers and capitalised words perturbed
now and then so that findings exist; every article also has a few sentences of its own.

Every measurement runs in a fresh child process, imports included (so ru_maxrss is that run's
peak): "cold" starts from an empty cache folder (no vectors, no remembered answers; the model
conversion is done once beforehand and shared, as it is on a user's machine), "warm" re-runs with
the cache the cold run left. "forward pass" is the time inside the model's forward passes over
the run's wall time; "embed calls" adds tokenisation, batching and the model load.
Medians over --repeat runs; the machines are shared, so read ratios.

    python benchmarks/speed.py [--sizes 50 200 1000] [--repeat 3] [--embedder e5-small|use]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "data"
STORY_SIZE = 5
FACTS_PER_STORY = 12
OWN_SENTENCES = 3


def load_facts(data: Path) -> list[list[str]]:
    """Each fact: the same sentence in two languages (real translations)."""
    facts: list[list[str]] = []
    folder = data / "align_textberg_defr_dev"
    german = (folder / "de" / "001").read_text(encoding="utf-8").splitlines()
    french = (folder / "fr" / "001").read_text(encoding="utf-8").splitlines()
    for line in (folder / "gold" / "001").read_text(encoding="utf-8").splitlines():
        left, right = (json.loads(side) for side in line.split(":"))
        if len(left) == 1 and len(right) == 1:
            facts.append([german[left[0]], french[right[0]]])
    for name, a, b in (
        ("mqm_ted_ende/ted_ende_sample.jsonl", "source", "target"),
        ("ced_wmt21_encs/encs.jsonl", "src", "mt"),
    ):
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            facts.append([item[a], item[b]])
    return [f for f in facts if all(len(s.split()) >= 4 for s in f)]


def perturb(sentence: str, rng: random.Random) -> str:
    """A variant as an MT system or a careless editor makes one: a number or a name changed."""
    numbers = list(re.finditer(r"\d+", sentence))
    if numbers and rng.random() < 0.5:
        m = rng.choice(numbers)
        return sentence[: m.start()] + str(int(m.group()) + rng.randint(1, 9)) + sentence[m.end() :]
    words = [m for m in re.finditer(r"\b[A-Z][a-z]{4,}\b", sentence) if m.start() > 0]
    if words:
        m = rng.choice(words)
        w = m.group()
        i = rng.randint(1, len(w) - 3)
        w = w[:i] + w[i + 1] + w[i] + w[i + 2 :]  # swap two letters
        return sentence[: m.start()] + w + sentence[m.end() :]
    return sentence


def build_corpus(size: int, folder: Path, data: Path, seed: int = 0) -> None:
    rng = random.Random(seed)
    facts = load_facts(data)
    folder.mkdir(parents=True, exist_ok=True)
    for doc in range(size):
        if doc % STORY_SIZE == 0:
            story = rng.sample(facts, FACTS_PER_STORY)
        told = [f for f in story if rng.random() < 0.7]
        sentences = [
            perturb(s, rng) if rng.random() < 0.1 else s for s in (rng.choice(f) for f in told)
        ]
        sentences += [rng.choice(rng.choice(facts)) for _ in range(OWN_SENTENCES)]
        rng.shuffle(sentences)
        text = "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))
        (folder / f"{doc:04d}.txt").write_text(text + "\n", encoding="utf-8")


def worker(corpus: Path, cache: Path, embedder_name: str) -> None:
    """One measured run, in its own process (imports included); prints a JSON line."""
    start = time.perf_counter()
    from xlingual.api import check
    from xlingual.config import Config
    from xlingual.embed.embedders import load_embedder

    embedder = load_embedder(embedder_name, cache)
    inner = embedder.inner
    model_seconds = 0.0
    forward = ForwardTimer()
    inner_embed = inner.embed

    def timed_embed(texts):
        nonlocal model_seconds
        began = time.perf_counter()
        try:
            return inner_embed(texts)
        finally:
            model_seconds += time.perf_counter() - began

    inner.embed = timed_embed  # same call, same result: only timed
    if hasattr(inner, "_load"):  # a transformer: time its forward passes
        inner_load = inner._load

        def load_and_hook():
            model = inner_load()
            forward.attach(model)
            return model

        inner._load = load_and_hook
    paths = sorted(str(p) for p in corpus.iterdir() if p.suffix in {".txt", ".md", ".html"})
    stage_starts = [("load", start)]

    quality_forward = [0.0, 0.0]  # the forward seconds when quality estimation began, ended

    def note_stage(message: str, _done: float) -> None:
        stage = next(name for prefix, name in STAGES if message.startswith(prefix))
        if stage != stage_starts[-1][0]:
            if stage == "quality":
                quality_forward[0] = forward.seconds
            elif stage_starts[-1][0] == "quality":
                quality_forward[1] = forward.seconds
            stage_starts.append((stage, time.perf_counter()))

    report = check(
        paths,
        Config(embedder=embedder_name, cache_dir=str(cache)),
        embedder=embedder,
        progress=note_stage,
    )
    wall = time.perf_counter() - start
    ends = [began for _, began in stage_starts[1:]] + [start + wall]
    stages = {name: end - began for (name, began), end in zip(stage_starts, ends, strict=True)}
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "wall": wall,
                "model": model_seconds,
                # Without torch (USE runs in numpy) the whole embed call is the forward pass.
                # QE reads the same model: its forward passes are its own stage's, not embedding's.
                "forward": (forward.seconds - (quality_forward[1] - quality_forward[0]))
                if forward.attached
                else model_seconds,
                "peak_mb": peak_kb / 1024,
                "findings": len(report.findings),
                "sentences": sum(len(d.sentences) for d in report.documents),
                "misses": embedder.misses,
                "stages": stages,
            }
        )
    )


# The orchestrator's progress messages, by prefix, and the stage each one starts.
STAGES = (
    ("embedding", "embed"),
    ("aligning", "align"),
    ("reading names", "names"),
    ("judging", "quality"),
    ("XL", "rules"),
)


class ForwardTimer:
    """Seconds spent inside a transformer's forward passes: e5-small's numpy encoder
    (`hidden_states` timed), or a torch module (pre- and post-forward hooks)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.attached = False
        self._began = 0.0

    def attach(self, model) -> None:
        self.attached = True
        if not hasattr(model, "hidden_states"):
            model.register_forward_pre_hook(self._before)
            model.register_forward_hook(self._after)
            return
        forward = model.hidden_states

        def timed(*args, **kwargs):
            self._before()
            try:
                return forward(*args, **kwargs)
            finally:
                self._after()

        model.hidden_states = timed

    def _before(self, *_args) -> None:
        self._began = time.perf_counter()

    def _after(self, *_args) -> None:
        self.seconds += time.perf_counter() - self._began


def measure(corpus: Path, cache: Path, embedder: str) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--worker",
            str(corpus),
            "--cache",
            str(cache),
            "--embedder",
            embedder,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def prepare_cache(base: Path, template: Path | None) -> Path:
    """An empty cache (no vectors, no remembered answers) that shares the converted model: the
    conversion is a one-time step on a user's machine, not part of every cold run."""
    cache = Path(tempfile.mkdtemp(dir=base))
    if template is not None and (template / "models").exists():
        shutil.copytree(template / "models", cache / "models")
    return cache


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 200, 1000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--no-seeds", action="store_true")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.cache, args.embedder)
        return
    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp)
        template = prepare_cache(base, None)
        # Converts the model once; its vectors are thrown away with the template's database.
        measure(ROOT / "seeds", template, args.embedder)
        corpora = [] if args.no_seeds else [("seeds/", ROOT / "seeds")]
        for size in args.sizes:
            folder = base / f"corpus{size}"
            build_corpus(size, folder, args.data)
            corpora.append((f"{size} docs", folder))
        results = []
        for label, folder in corpora:
            cold, warm = [], []
            for _ in range(args.repeat):
                cache = prepare_cache(base, template)
                cold.append(measure(folder, cache, args.embedder))
                warm.append(measure(folder, cache, args.embedder))
                shutil.rmtree(cache)
            # The same corpus must give the same findings whatever the cache holds.
            assert {r["findings"] for r in cold + warm} == {cold[0]["findings"]}
            documents = sum(1 for p in folder.iterdir() if p.suffix in {".txt", ".md", ".html"})
            results.append((label, documents, cold, warm))
            print(f"measured {label}", file=sys.stderr, flush=True)
    print(f"embedder {args.embedder}, median of {args.repeat} run(s) each\n")
    print_speed_table(results)
    print()
    print_stage_table(results)


def _median(runs: list[dict], value) -> float:
    return statistics.median(value(run) for run in runs)


def print_speed_table(results: list) -> None:
    print(
        "| corpus | documents | sentences | cold s | warm s | cold/warm | cold s per 100 docs | "
        "peak MB cold | peak MB warm | findings |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, documents, cold, warm in results:
        cold_s, warm_s = _median(cold, lambda r: r["wall"]), _median(warm, lambda r: r["wall"])
        print(
            f"| {label} | {documents} | {cold[0]['sentences']} | {cold_s:.1f} | {warm_s:.1f} | "
            f"{cold_s / warm_s:.1f}x | {100 * cold_s / documents:.1f} | "
            f"{_median(cold, lambda r: r['peak_mb']):.0f} | "
            f"{_median(warm, lambda r: r['peak_mb']):.0f} | {cold[0]['findings']} |"
        )


def print_stage_table(results: list) -> None:
    """Where a cold run's time goes, as shares of its wall time (medians of the shares)."""
    print(
        "| corpus (cold) | imports, reading, segmenting | forward pass | embedding, rest | "
        "aligning | names (spaCy) | quality estimation | rules | outside the forward pass | "
        "embedding pipeline outside the forward pass |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, _documents, cold, _warm in results:

        def share(value, runs: list[dict] = cold) -> str:
            return f"{_median(runs, lambda r: value(r) / r['wall']):.0%}"

        def stage(name: str):
            return lambda r: r["stages"].get(name, 0.0)

        def pipeline_overhead(r: dict) -> float:
            # The embedding pipeline: reading and segmenting, batching, tokenising, the model
            # load, the vector cache and alignment, against the forward pass it feeds.
            pipeline = r["stages"].get("load", 0) + r["stages"].get("embed", 0)
            pipeline += r["stages"].get("align", 0)
            return (pipeline - r["forward"]) / pipeline

        print(
            f"| {label} | {share(stage('load'))} | {share(lambda r: r['forward'])} | "
            f"{share(lambda r: r['stages'].get('embed', 0) - r['forward'])} | "
            f"{share(stage('align'))} | {share(stage('names'))} | {share(stage('quality'))} | "
            f"{share(stage('rules'))} | "
            f"{share(lambda r: r['wall'] - r['forward'])} | "
            f"{_median(cold, pipeline_overhead):.0%} |"
        )


if __name__ == "__main__":
    main()
