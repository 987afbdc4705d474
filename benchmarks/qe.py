"""Quality estimation (xlingual/qe, rule XL203) measured on real annotated MT errors and on the
development stories. Prints the tables the README quotes.

    python benchmarks/qe.py [--skip-cv] [--cv-modes source alone] [--skip-stories]

- MQM WMT23 zh-en, 5-fold cross-validation by document (the heads retrained without the fold's
  news stories; the post-edit pre-training does not see WMT23 and is shared): sentence MCC for
  a majority major accuracy error; word-level F1 of BAD and MCC.
- MLQE-PE dev: word-level MCC per pair (WMT21's word-level metric), Pearson of the predicted
  HTER with HTER; with the source and, for English MT, alone.
- WMT21 critical errors: MCC on en-de dev and on the en-cs test set.
- stories_dev: recall of the mistranslation category with score_stories.py, traps flagged.
- false alarms on native English: XL203 findings (and all findings) per 1,000 words on the wire
  articles of stories_dev and seeds/001.

Speed is measured apart: `python benchmarks/speed.py --sizes --repeat 3` (seeds/ cold and warm)
and `python benchmarks/pairs.py` (pairs a second).

The dev sets' features come from training/features_cache (computed once); the shipped heads
(xlingual/data/qe) score them exactly as `xlingual.qe.model.judge` does at run time.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from training import features_cache, train_qe  # noqa: E402
from training.qe_data import DATA  # noqa: E402
from xlingual.qe.head import Heads, calibrated  # noqa: E402

STORIES = DATA / "stories_dev"


def _word_logits(heads: Heads, feature_set, count: int) -> list[np.ndarray]:
    return [heads.words(feature_set.segment_words(i).astype(np.float32))[0] for i in range(count)]


def _sentence_probabilities(
    heads: Heads, feature_set, word_logits
) -> tuple[np.ndarray, np.ndarray]:
    outputs = np.array(
        [
            heads.sentence(feature_set.sentences[i].astype(np.float32), logits)
            for i, logits in enumerate(word_logits)
        ]
    )
    return calibrated(outputs[:, 0], heads.weights["sentence_platt"]), outputs[:, 1]


def f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    tp = float((predicted & gold).sum())
    return 2 * tp / (predicted.sum() + gold.sum()) if predicted.sum() + gold.sum() else 0.0


def mlqe_table() -> list[str]:
    lines = [
        "**MLQE-PE dev** (1,000 segments a pair): word-level MCC at the shipped threshold, "
        "Pearson r of predicted HTER with HTER",
        "",
        "| pair | word MCC (source) | word MCC (alone) | HTER r (source) | HTER r (alone) |",
        "|---|---|---|---|---|",
    ]
    for pair in (*features_cache.ENGLISH_TARGET, "en-de"):
        cells = [pair]
        correlations = []
        for mode in ("source", "alone"):
            if mode == "alone" and pair not in features_cache.ALONE_TOO:
                cells.append("-")
                correlations.append("-")
                continue
            segments, feature_set = features_cache.load(f"mlqe-{pair}-dev", mode)
            heads = Heads.load(mode)
            logits = _word_logits(heads, feature_set, len(segments))
            gold = np.concatenate([np.array(s.bad) for s in segments])
            flagged = heads.word_probability(np.concatenate(logits)) >= heads.thresholds["word"]
            cells.append(f"{train_qe.mcc(flagged, gold):.3f}")
            _, hter = _sentence_probabilities(heads, feature_set, logits)
            r = np.corrcoef(hter, [s.hter for s in segments])[0, 1]
            correlations.append(f"{r:.3f}")
        lines.append("| " + " | ".join(cells + correlations) + " |")
    return lines


def ced_table() -> list[str]:
    lines = [
        "**WMT21 critical errors** (sentence MCC at the shipped threshold)",
        "",
        "| set | items | ERR | MCC | precision | recall |",
        "|---|---|---|---|---|---|",
    ]
    heads = Heads.load("source")
    for name, label in (("ced-ende-dev", "en-de dev"), ("ced-encs-test", "en-cs test")):
        segments, feature_set = features_cache.load(name, "source")
        logits = _word_logits(heads, feature_set, len(segments))
        probability, _ = _sentence_probabilities(heads, feature_set, logits)
        gold = np.array([s.major for s in segments])
        flagged = probability >= heads.thresholds["sentence"]
        precision = (flagged & gold).sum() / max(1, flagged.sum())
        recall = (flagged & gold).sum() / max(1, gold.sum())
        lines.append(
            f"| {label} | {len(gold)} | {gold.sum()} | {train_qe.mcc(flagged, gold):.3f} "
            f"| {precision:.3f} | {recall:.3f} |"
        )
    return lines


def wmt23_cv_table(modes=("source", "alone"), folds: int = 5) -> list[str]:
    """Heads retrained without each fold's documents; scores pooled over the folds."""
    segments, _ = features_cache.load("wmt23-zhen", "source")
    docs = sorted({s.doc for s in segments})
    rng = np.random.default_rng(train_qe.SEED)
    order = rng.permutation(docs)
    lines = [
        f"**MQM WMT23 zh-en**, {folds}-fold cross-validation by document ({len(docs)} news "
        f"stories, {len(segments)} segments, 10 systems)",
        "",
        "| mode | sentence MCC (major accuracy) | word F1-BAD | word MCC |",
        "|---|---|---|---|",
    ]
    for mode in modes:
        base = None
        sentence_pred, sentence_gold, word_pred, word_gold = [], [], [], []
        for fold in range(folds):
            held = set(order[fold::folds])
            heads, base = train_qe.train(mode, frozenset(held), base=base, say=lambda _m: None)
            _, feature_set = features_cache.load("wmt23-zhen", mode)
            indices = [i for i, s in enumerate(segments) if s.doc in held]
            for i in indices:
                words = feature_set.segment_words(i).astype(np.float32)
                logits = heads.words(words)[0] if len(words) else np.zeros(0)
                probability = heads.word_probability(logits)
                word_pred.append(probability >= heads.thresholds["word"])
                word_gold.append(np.array(segments[i].bad, dtype=bool))
                major = heads.major_probability(feature_set.sentences[i].astype(np.float32), logits)
                sentence_pred.append(major >= heads.thresholds["sentence"])
                sentence_gold.append(segments[i].major)
        predicted, gold = np.concatenate(word_pred), np.concatenate(word_gold)
        lines.append(
            f"| {mode} | {train_qe.mcc(np.array(sentence_pred), np.array(sentence_gold)):.3f} "
            f"| {f1(predicted, gold):.3f} | {train_qe.mcc(predicted, gold):.3f} |"
        )
    return lines


def _xlingual(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xlingual", *arguments], capture_output=True, text=True, cwd=ROOT
    )


def stories_table() -> list[str]:
    """Every story checked by the CLI, scored by the stories' own scorer."""
    with tempfile.TemporaryDirectory() as folder:
        arguments = []
        reports = {}
        for story in sorted(STORIES.glob("story_*")):
            report = Path(folder) / f"{story.name}.json"
            _xlingual("check", str(story), "-f", "json", "-o", str(report), "--exit-zero")
            arguments += [str(report), str(story)]
            reports[story.name] = json.loads(report.read_text(encoding="utf-8"))
        scored = subprocess.run(
            [sys.executable, str(STORIES / "score_stories.py"), *arguments],
            capture_output=True,
            text=True,
        ).stdout
    lines = ["**stories_dev** (score_stories.py; all rules)", "", "```"]
    lines += [
        line
        for line in scored.splitlines()
        if re.match(r"\s*(== |\w+\s+\d+/\d+|recall|traps|story)", line) or "TRAP" in line
    ]
    lines += ["```"]
    return lines


def false_alarm_table() -> list[str]:
    """Findings on text written in English by people, per 1,000 words."""
    files = sorted(STORIES.glob("story_*/t*_wire_en.txt")) + sorted((ROOT / "seeds").glob("001*"))
    lines = [
        "**False alarms on native English** (each file checked with its story, so alignment "
        "and sources are as in use)",
        "",
        "| file | words | XL203 findings | per 1,000 words | all findings (warning+) |",
        "|---|---|---|---|---|",
    ]
    total_words = total_qe = 0
    for path in files:
        report = json.loads(
            _xlingual("check", str(path.parent), "-f", "json", "--exit-zero").stdout
        )
        mine = [
            f for f in report["findings"]
            if Path(f["path"]).name == path.name and f["severity"] in ("warning", "error")
        ]  # fmt: skip
        qe = [f for f in mine if f["code"] == "XL203"]
        words = len(re.findall(r"[^\W\d_]+", path.read_text(encoding="utf-8")))
        total_words += words
        total_qe += len(qe)
        lines.append(
            f"| {path.parent.name}/{path.name} | {words} | {len(qe)} | "
            f"{1000 * len(qe) / words:.2f} | {len(mine)} |"
        )
    lines.append(f"| all | {total_words} | {total_qe} | {1000 * total_qe / total_words:.2f} | |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-cv", action="store_true", help="no WMT23 cross-validation")
    parser.add_argument("--skip-stories", action="store_true")
    parser.add_argument(
        "--cv-modes", nargs="+", default=["source", "alone"], choices=["source", "alone"]
    )
    options = parser.parse_args()
    tables = [mlqe_table(), ced_table()]
    if not options.skip_cv:
        tables.append(wmt23_cv_table(options.cv_modes))
    if not options.skip_stories:
        tables += [stories_table(), false_alarm_table()]
    print("\n\n".join("\n".join(table) for table in tables))


if __name__ == "__main__":
    main()
