"""What the sentence strings say that their embeddings blur: lengths, numbers, name-like words.

`text_features` turns sentences into the arrays `align_vectors` compares next to the vectors.
It is the one part of alignment that looks inside the words; the aligner (`pair`) works on
the arrays, which a caller computes once per document and passes along (see `api`).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from xlingual.text_helpers import fold

NUMBER_BITS = 128
TOKEN_BITS = 512


@dataclass(frozen=True)
class TextFeatures:
    """Per-sentence arrays derived from the text, for evidence the embedding does not carry.

    Numbers and name-like words are hashed into bit sets packed in uint64 words, so that the
    overlap of two windows is a popcount of an AND.
    """

    lengths: np.ndarray  # (n,) characters
    content: np.ndarray  # (n,) letters and digits: how much the sentence says
    numbers: np.ndarray  # (n, NUMBER_BITS // 64) uint64: hashed numbers of the sentence
    tokens: np.ndarray  # (n, TOKEN_BITS // 64) uint64: hashed name-like word prefixes

    @staticmethod
    def empty(n: int) -> TextFeatures:
        return TextFeatures(
            np.ones(n, dtype=np.float64),
            np.full(n, np.inf),
            np.zeros((n, NUMBER_BITS // 64), dtype=np.uint64),
            np.zeros((n, TOKEN_BITS // 64), dtype=np.uint64),
        )

    def __len__(self) -> int:
        return len(self.lengths)


_NUMBER = re.compile(r"\d+(?:[.,'’]\d+)*")
_WORD = re.compile(r"[^\W\d_]{4,}")


def _bit(key: str, bits: int) -> int:
    # crc32, not hash(): Python salts str hashes per process, and alignments must be reproducible.
    return zlib.crc32(key.encode("utf-8")) % bits


def text_features(sentences: Sequence[str]) -> TextFeatures:
    """Lengths, numbers and name-like words of each sentence, as arrays for `align_vectors`.

    Numbers are compared digit for digit with separators dropped (8.848, 8,848 and 8'848 are the
    same number written three ways). Name-like words have four or more letters and a capital;
    they are folded (case, accents) and cut to four letters, so Kangchendzönga matches
    Kangchenjunga and Lhotse matches Lhotsé. Sentence-initial words count too: a little noise,
    in exchange for not guessing where sentences start.
    """
    n = len(sentences)
    lengths = np.array([max(1, len(s.strip())) for s in sentences], dtype=np.float64)
    content = np.array([sum(ch.isalnum() for ch in s) for s in sentences], dtype=np.float64)
    numbers = np.zeros((n, NUMBER_BITS), dtype=bool)
    tokens = np.zeros((n, TOKEN_BITS), dtype=bool)
    for row, sentence in enumerate(sentences):
        for match in _NUMBER.findall(sentence):
            digits = re.sub(r"\D", "", match).lstrip("0") or "0"
            numbers[row, _bit(digits, NUMBER_BITS)] = True
        for word in _WORD.findall(sentence):
            if word[0].isupper():
                tokens[row, _bit(fold(word)[:4], TOKEN_BITS)] = True
    return TextFeatures(lengths, content, _pack(numbers), _pack(tokens))


def _pack(bits: np.ndarray) -> np.ndarray:
    """(n, 64 * w) booleans -> (n, w) uint64."""
    packed = np.packbits(bits, axis=1, bitorder="little")
    return np.ascontiguousarray(packed).view("<u8").astype(np.uint64)


_BYTE_POPCOUNT = np.array([bin(x).count("1") for x in range(256)], dtype=np.uint8)


def _popcount(words: np.ndarray) -> np.ndarray:
    """Set bits summed over the last axis of a uint64 array."""
    if hasattr(np, "bitwise_count"):  # numpy >= 2.0
        return np.bitwise_count(words).sum(-1, dtype=np.int64)
    as_bytes = np.ascontiguousarray(words).view(np.uint8)
    return _BYTE_POPCOUNT[as_bytes].sum(-1, dtype=np.int64)
