"""Encoder features for quality estimation, the same at training and at run time.

A translation is read together with its source (`target </s></s> source`, the pair format of the
XLM-R family the e5 tokenizer comes from), so the encoder's attention sees both; without a source
the translation is read alone (target-only mode). For each word of the translation we keep the
mean of its sub-word states at three depths (lexical, middle, top: QE heads gain from lower
layers, which a sentence embedding discards) and four alignment cues: how well the word's best
source token matches it, at two depths, how well it matches the source sentence as a whole, and
where it stands in the sentence. A sentence gets the mean states of both sides and their cosines.

Word spans are given by the caller or cut by `target_words` (a word, or a run of punctuation),
which is how the MLQE-PE translations are tokenised, so trained heads see the same units.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from xlingual.embed.e5_numpy import E5Numpy

# Hidden-state depths read (0 = embeddings, 12 = top of e5-small). Chosen on ru-en dev
# (training/train_qe.py --layers); the middle layer also aligns words across languages best.
LAYERS = (4, 8, 12)
ALIGN_LAYER = 8
HIDDEN = 384
WORD_DIM = HIDDEN * len(LAYERS) + 4
SENTENCE_DIM = 2 * HIDDEN * len(LAYERS) + len(LAYERS)
MAX_TOKENS = 256  # of target and source together; the longer side is cut first
BATCH = 16

# A word, apostrophes inside it included ("don't", "l’État"); a translation's units are these
# words and the runs of punctuation between them.
WORD = re.compile(r"\w+(?:['’]\w+)*")
_UNIT = re.compile(WORD.pattern + r"|[^\w\s]+")


def target_words(text: str) -> list[tuple[int, int]]:
    """Character spans of the words (and punctuation runs) of a translation."""
    return [match.span() for match in _UNIT.finditer(text)]


def whitespace_words(text: str) -> list[tuple[int, int]]:
    """Spans of the space-separated tokens of an already tokenised line (MLQE-PE's MT)."""
    return [match.span() for match in re.finditer(r"\S+", text)]


@dataclass(frozen=True)
class PairFeatures:
    """What the encoder says about one translation (and its source, when there is one)."""

    words: tuple[tuple[int, int], ...]  # target word spans
    word_features: np.ndarray  # (len(words), WORD_DIM) float32
    sentence_features: np.ndarray  # (SENTENCE_DIM,) float32
    # Cosine of each target word with each source word at ALIGN_LAYER; shape (words, 0) alone.
    alignment: np.ndarray
    source_words: tuple[tuple[int, int], ...]


class FeatureEncoder:
    """Runs the frozen encoder over (source or None, target) pairs, batched by length."""

    def __init__(self, encoder: E5Numpy):
        self.encoder = encoder

    def encode(
        self,
        pairs: Sequence[tuple[str | None, str]],
        words: Sequence[Sequence[tuple[int, int]] | None] | None = None,
    ) -> list[PairFeatures]:
        words = words or [None] * len(pairs)
        spans = [
            list(given) if given is not None else target_words(target)
            for given, (_, target) in zip(words, pairs, strict=True)
        ]
        results: list[PairFeatures | None] = [None] * len(pairs)
        # Pairs with and without a source are encoded in separate batches (the tokenizer takes
        # one or two texts a call); within each, longest first to waste little padding.
        for with_source in (True, False):
            chosen = [
                i for i, (source, _) in enumerate(pairs) if (source is not None) == with_source
            ]
            chosen.sort(key=lambda i: -len(pairs[i][1]) - len(pairs[i][0] or ""))
            for start in range(0, len(chosen), BATCH):
                batch = chosen[start : start + BATCH]
                encoded = self._batch([pairs[i] for i in batch], [spans[i] for i in batch])
                for i, features in zip(batch, encoded, strict=True):
                    results[i] = features
        return results  # type: ignore[return-value]

    def _batch(self, pairs, spans) -> list[PairFeatures]:
        targets = [target for _, target in pairs]
        sources = [source for source, _ in pairs]
        with_source = sources[0] is not None
        # Cut longest first: a long source gives way before the target.
        batch = self.encoder.tokenise(
            targets, sources if with_source else None, max_tokens=MAX_TOKENS
        )
        states = np.stack(self.encoder.hidden_states(batch, LAYERS), axis=2)
        return [
            _pair_features(
                states[row],
                batch.offsets[row],
                batch.sides[row],
                spans[row],
                source_text=sources[row],
            )
            for row in range(len(pairs))
        ]


def _pair_features(states, offsets, sides, spans, source_text) -> PairFeatures:
    """states: (tokens, layers, hidden) for one row of the batch; sides: 0 target, 1 source."""
    align = LAYERS.index(ALIGN_LAYER)
    target_tokens = np.flatnonzero(sides == 0)
    source_tokens = np.flatnonzero(sides == 1)
    target_mean = states[target_tokens].mean(axis=0)  # (layers, hidden)
    # Which tokens make up which word: token and word overlap (an empty token makes none).
    word_span = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    token_span = offsets[target_tokens]
    member = (
        (token_span[None, :, 0] < word_span[:, None, 1])
        & (word_span[:, None, 0] < token_span[None, :, 1])
        & (token_span[None, :, 1] > token_span[None, :, 0])
    ).astype(np.float32)
    counts = member.sum(axis=1)
    read = counts > 0  # a word cut off by the length limit is read as zeros
    words = (
        np.einsum("wt,tlh->wlh", member, states[target_tokens])
        / np.maximum(counts, 1)[:, None, None]
    )
    cues = np.zeros((len(spans), 4), dtype=np.float32)
    cues[:, 3] = np.arange(len(spans)) / max(1, len(spans) - 1)
    source_spans: list[tuple[int, int]] = []
    alignment = np.zeros((len(spans), 0), dtype=np.float32)
    if len(source_tokens):
        source_mean = states[source_tokens].mean(axis=0)
        similarity = np.einsum("tlh,wlh->wtl", _unit(states[source_tokens]), _unit(words))
        cues[:, 0] = similarity[:, :, align].max(axis=1)
        cues[:, 1] = similarity[:, :, -1].max(axis=1)
        cues[:, 2] = _unit(words[:, align]) @ _unit(source_mean[align])
        cues[~read, :3] = 0.0
        source_spans = target_words(source_text or "")
        alignment = _word_alignment(similarity[:, :, align], offsets[source_tokens], source_spans)
    else:
        source_mean = np.zeros_like(target_mean)
    cosines = [
        float(_unit(target_mean[k]) @ _unit(source_mean[k])) if len(source_tokens) else 0.0
        for k in range(len(LAYERS))
    ]
    return PairFeatures(
        words=tuple(spans),
        word_features=np.concatenate([words.reshape(len(spans), -1), cues], axis=1).astype(
            np.float32
        ),
        sentence_features=np.concatenate(
            [target_mean.reshape(-1), source_mean.reshape(-1), cosines]
        ).astype(np.float32),
        alignment=alignment,
        source_words=tuple(source_spans),
    )


def _word_alignment(similarity, token_offsets, source_spans) -> np.ndarray:
    """Each target word's similarity to each source word: the best over that word's tokens.
    similarity: (target words, source tokens)."""
    spans = np.asarray(source_spans, dtype=np.int64).reshape(-1, 2)
    overlap = (token_offsets[:, None, 0] < spans[None, :, 1]) & (
        spans[None, :, 0] < token_offsets[:, None, 1]
    )  # (source tokens, source words)
    masked = np.where(overlap[None, :, :], similarity[:, :, None], -1.0)
    return masked.max(axis=1).astype(np.float32) if len(token_offsets) else masked.sum(axis=1)


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.clip(np.linalg.norm(vectors, axis=-1, keepdims=True), 1e-6, None)
