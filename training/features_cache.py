"""Encoder features of the training and evaluation sets, computed once and kept on disk.

The encoder is frozen, so its features never change for a given text: computing them is most
of the cost of training (about 45 pairs a second here), and every later run of
`training/train_qe.py` or `benchmarks/qe.py` reads them back in seconds. A set is stored as one
`.npz` per (name, mode) in `XLINGUAL_QE_FEATURES` (default: the xlingual cache folder's
`qe-features/`), keyed by a hash of the texts and of the feature layout, so a change to either
recomputes it.

Run `python -m training.features_cache` to fill the cache ahead of training (the training
command does it too, set by set).
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from training import qe_data
from training.qe_data import Segment
from xlingual.qe import features
from xlingual.qe.model import load_encoder  # loaded on first use, once a process

MODES = ("source", "alone")  # with the source sentence, or the translation alone


@dataclass(frozen=True)
class FeatureSet:
    words: np.ndarray  # (all words, WORD_DIM) float16
    offsets: np.ndarray  # (segments + 1,): segment i's words are words[offsets[i]:offsets[i+1]]
    sentences: np.ndarray  # (segments, SENTENCE_DIM) float16

    def segment_words(self, index: int) -> np.ndarray:
        return self.words[self.offsets[index] : self.offsets[index + 1]]


def folder() -> Path:
    from xlingual.cache import cache_root

    configured = os.environ.get("XLINGUAL_QE_FEATURES")
    return Path(configured) if configured else cache_root(None) / "qe-features"


def _key(segments: Sequence[Segment], mode: str) -> str:
    digest = hashlib.sha256(
        repr((features.LAYERS, features.ALIGN_LAYER, features.MAX_TOKENS, mode)).encode()
    )
    for segment in segments:
        digest.update(f"{segment.source}\t{segment.target}\t{segment.words}\n".encode())
    return digest.hexdigest()[:16]


def feature_set(name: str, segments: Sequence[Segment], mode: str) -> FeatureSet:
    """The features of `segments` in `mode`, from disk when computed before."""
    path = folder() / f"{name}.{mode}.{_key(segments, mode)}.npz"
    if path.exists():
        stored = np.load(path)
        return FeatureSet(stored["words"], stored["offsets"], stored["sentences"])
    started = time.perf_counter()
    pairs = [(s.source if mode == "source" else None, s.target) for s in segments]
    words, sentences, offsets = [], [], [0]
    chunk = 512  # bounded memory: float32 states of a chunk, then kept as float16
    for begin in range(0, len(pairs), chunk):
        encoded = load_encoder().encode(
            pairs[begin : begin + chunk], [s.words for s in segments[begin : begin + chunk]]
        )
        for item in encoded:
            words.append(item.word_features.astype(np.float16))
            sentences.append(item.sentence_features.astype(np.float16))
            offsets.append(offsets[-1] + len(item.words))
    result = FeatureSet(
        np.concatenate(words) if words else np.zeros((0, features.WORD_DIM), np.float16),
        np.asarray(offsets, dtype=np.int64),
        np.stack(sentences),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.npz")
    np.savez(partial, words=result.words, offsets=result.offsets, sentences=result.sentences)
    partial.replace(path)
    seconds = time.perf_counter() - started
    print(
        f"features {name} [{mode}]: {len(segments)} segments in {seconds:.0f} s "
        f"({len(segments) / seconds:.1f}/s)",
        file=sys.stderr,
        flush=True,
    )
    return result


# Every set training and the benchmark read: name -> (loader, modes). How much of each is read
# is set by what 2 cores encode in about half an hour (45 short pairs a second, 6-10 for WMT23's
# paragraphs): all of ru-en (the pair the word-level floor is set on), WMT23 and the en-de
# critical errors' dev set, part of the rest. Only ru-en and WMT23 are also read alone.
ENGLISH_TARGET = ("ru-en", "ro-en", "et-en", "ne-en", "si-en")
TRAIN_LIMIT = {"ru-en": None, "ro-en": 1500, "et-en": 1500, "ne-en": 1500, "si-en": 1500}
ALONE_TOO = ("ru-en",)


def sets() -> dict[str, tuple]:
    table: dict[str, tuple] = {}
    for pair in ENGLISH_TARGET:
        limit = TRAIN_LIMIT[pair]
        modes = MODES if pair in ALONE_TOO else ("source",)
        table[f"mlqe-{pair}-train"] = (lambda p=pair, n=limit: qe_data.mlqe(p, "train", n), modes)
        table[f"mlqe-{pair}-dev"] = (lambda p=pair: qe_data.mlqe(p, "dev"), modes)
    table["wmt23-zhen"] = (qe_data.wmt23_zhen, MODES)
    table["ced-ende-train"] = (lambda: qe_data.ced("ende", "train", 4000), ("source",))
    table["ced-ende-dev"] = (lambda: qe_data.ced("ende", "dev"), ("source",))
    table["mlqe-en-de-train"] = (lambda: qe_data.mlqe("en-de", "train", 1500), ("source",))
    table["mlqe-en-de-dev"] = (lambda: qe_data.mlqe("en-de", "dev"), ("source",))
    table["ced-encs-train"] = (lambda: qe_data.ced("encs", "train", 2000), ("source",))
    table["ced-encs-test"] = (qe_data.ced_encs_test, ("source",))
    table["ted-ende"] = (qe_data.ted_ende, ("source",))
    return table


# Training sets first, so training can start before the last dev sets are encoded.
ORDER = (
    "mlqe-ru-en-train", "mlqe-ru-en-dev", "wmt23-zhen", "ced-ende-dev", "ced-ende-train",
    "mlqe-ro-en-train", "mlqe-et-en-train", "mlqe-ne-en-train", "mlqe-si-en-train",
    "mlqe-en-de-train", "ced-encs-train", "ted-ende", "mlqe-ro-en-dev", "mlqe-et-en-dev",
    "mlqe-ne-en-dev", "mlqe-si-en-dev", "mlqe-en-de-dev", "ced-encs-test",
)  # fmt: skip


def load(name: str, mode: str) -> tuple[list[Segment], FeatureSet]:
    loader, modes = sets()[name]
    if mode not in modes:
        raise ValueError(f"{name} has no {mode} features")
    segments = loader()
    return segments, feature_set(name, segments, mode)


def main() -> None:
    for name in ORDER:
        for mode in sets()[name][1]:
            load(name, mode)


if __name__ == "__main__":
    main()
