"""Word statistics: the fast paths give exactly what the libraries they shortcut give."""

from __future__ import annotations

import random

import numpy as np
import pytest
from rapidfuzz.distance import OSA
from wordfreq import get_frequency_dict, zipf_frequency

from xlingual.analysis.words import lexicon


@pytest.mark.parametrize("language", ["en", "fr", "de", "ru", "tr", "cs"])
def test_zipf_equals_wordfreq(language):
    words = sorted(get_frequency_dict(language))
    sample = random.Random(language).sample(words, 400)
    sample += ["the", "qzxv", "Straße", "über", "ıi", "hello", "don't", "3d", ""]
    for word in sample:
        assert lexicon.zipf(word, language) == float(zipf_frequency(word, language)), word


def test_zipf_of_an_unknown_language_or_one_needing_another_tokenizer_is_zero():
    assert lexicon.zipf("house", "xx") == 0.0
    assert lexicon.zipf("house", "") == 0.0


def test_corrections_are_every_word_within_the_distance_closest_then_commonest():
    found = lexicon.corrections("recieve", 2)
    terms = [term for term, _, _ in found]
    assert terms[0] == "receive"
    assert all(OSA.distance("recieve", term) == distance for term, distance, _ in found)
    assert [(d, -c) for _, d, c in found] == sorted((d, -c) for _, d, c in found)
    within = {
        word
        for word in lexicon._unigrams().counts
        if abs(len(word) - 7) <= 2 and OSA.distance("recieve", word) <= 2
    }
    assert set(terms) == within


def test_corrections_of_a_swap_count_one_edit():
    assert ("the", 1) in {(term, distance) for term, distance, _ in lexicon.corrections("teh", 1)}


def test_letter_histograms_of_a_word_list_are_each_words_histogram() -> None:
    words = ("", "a", "zz", "naïve", "Éclair", "straße", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    expected = np.stack([lexicon._letter_histogram(word) for word in words])
    assert np.array_equal(lexicon._letter_histograms(words), expected)
