"""Encoder features for quality estimation: word units, shapes, and word alignment."""

from __future__ import annotations

import numpy as np
import pytest

from xlingual.qe import features


def test_target_words_are_words_and_punctuation_runs() -> None:
    text = "It's 12,000 ha — not “tobacco”!"
    words = [text[s:e] for s, e in features.target_words(text)]
    assert words == ["It's", "12", ",", "000", "ha", "—", "not", "“", "tobacco", "”!"]


def test_whitespace_words_follow_the_tokenised_line() -> None:
    assert features.whitespace_words("To be , if you don 't .") == [
        (0, 2), (3, 5), (6, 7), (8, 10), (11, 14), (15, 18), (19, 21), (22, 23),
    ]  # fmt: skip


@pytest.mark.slow
def test_real_encoder_aligns_translated_words_and_reads_the_target_alone() -> None:
    from xlingual.qe.model import load_encoder

    encoder = load_encoder()
    source = "Der Hund schläft im Garten."
    target = "The dog sleeps in the garden."
    with_source, alone = encoder.encode([(source, target), (None, target)])
    assert with_source.word_features.shape == (len(with_source.words), features.WORD_DIM)
    assert with_source.sentence_features.shape == (features.SENTENCE_DIM,)
    assert alone.alignment.shape == (7, 0) and alone.source_words == ()
    best = {
        target[s:e]: source[slice(*with_source.source_words[row.argmax()])]
        for (s, e), row in zip(with_source.words, with_source.alignment, strict=True)
    }
    assert best["dog"] == "Hund" and best["garden"] == "Garten"
    # The same text alone and with a source gives other features (the source is read).
    assert not np.allclose(with_source.word_features, alone.word_features)
