"""Source-translation alignment: beads on a tiny hand-made text, invariants.

The embedder here is a stand-in written for these tests: German words are mapped to English
"concepts" through a small dictionary, and a text becomes a hashed bag of concepts, so a
sentence and its translation share most of their vector. No model is loaded.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlingual.align.evaluation import score_alignments
from xlingual.align.features import TextFeatures, text_features
from xlingual.align.pair import (
    AlignConfig,
    align_texts,
    align_vectors,
    bead_types,
    mean_windows,
    stack_windows,
    window_count,
    window_texts,
)

GERMAN_TO_CONCEPT = {
    "zug": "train",
    "kam": "arrived",
    "neun": "nine",
    "uhr": "clock",
    "stieg": "got",
    "aus": "off",
    "regnete": "raining",
    "stark": "hard",
    "nahm": "took",
    "schirm": "umbrella",
    "rot": "red",
    "danach": "afterwards",
    "ging": "went",
    "geschlossen": "closed",
    "sie": "she",
    "war": "was",
    "einen": "an",
    "ins": "to",
    "ist": "is",
    "spät": "late",
    "ende": "end",
    "gut": "good",
    "guten": "good",
    "morgen": "morning",
}
STOPWORDS = {
    "der",
    "die",
    "das",
    "dem",
    "den",
    "es",
    "in",
    "um",
    "the",
    "a",
    "an",
    "at",
    "and",
    "to",
    "o",
    "clock's",
}


class ConceptEmbedder:
    """Deterministic: hashed bag of concepts in 64 dimensions, L2-normalised."""

    def __init__(self, dimensions: int = 64):
        self.dimensions = dimensions
        self.calls = 0

    def embed(self, texts):
        self.calls += 1
        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                if word in STOPWORDS:
                    continue
                concept = GERMAN_TO_CONCEPT.get(word, word)
                digest = hashlib.md5(concept.encode()).digest()
                vectors[row, int.from_bytes(digest[:4], "little") % self.dimensions] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.clip(norms, 1e-12, None)


GERMAN = [
    "Der Zug kam um neun Uhr in Bern an.",  # 0 -> 0
    "Anna stieg aus dem Zug.",  # 1 -> 1
    "Es regnete stark.",  # 2 \
    "Sie nahm einen Schirm.",  # 3 / -> 2 (one English sentence)
    "Der Schirm war rot.",  # 4 -> 3
    "Dieser Satz über Vögel fehlt in der Übersetzung.",  # 5 -> nothing (omitted)
    "Danach ging sie ins Museum.",  # 6 -> 4
    "Das Museum war geschlossen.",  # 7 -> 6
]
ENGLISH = [
    "The train arrived in Bern at nine o'clock.",
    "Anna got off the train.",
    "It was raining hard, and she took an umbrella.",
    "The umbrella was red.",
    "Afterwards she went to the museum.",
    "A note from the translator about cheese prices.",  # 5: added, no source
    "The museum was closed.",
]
EXPECTED = [
    ((0,), (0,)),
    ((1,), (1,)),
    ((2, 3), (2,)),
    ((4,), (3,)),
    ((5,), ()),
    ((6,), (4,)),
    ((), (5,)),
    ((7,), (6,)),
]


def pairs(beads):
    return [(b.source, b.target) for b in beads]


def assert_valid(beads, n: int, m: int, config: AlignConfig) -> None:
    sources = [i for b in beads for i in b.source]
    targets = [j for b in beads for j in b.target]
    assert sources == list(range(n)), "every source sentence once, in order"
    assert targets == list(range(m)), "every target sentence once, in order"
    allowed = set(bead_types(config.max_window, config.max_bead)) | {(0, 1)}
    for bead in beads:
        assert bead.source or bead.target
        assert (len(bead.source), len(bead.target)) in allowed
        assert (
            list(bead.source) == list(range(bead.source[0], bead.source[0] + len(bead.source)))
            if bead.source
            else True
        )
        assert np.isfinite(bead.score)


# ---------------------------------------------------------------------------------------------
# A hand-made text with a 1-1 run, a 2-1 merge, an omission and an insertion.


def test_hand_made_text_is_aligned_bead_by_bead():
    embedder = ConceptEmbedder()
    beads = align_texts(GERMAN, ENGLISH, embedder.embed)
    assert pairs(beads) == EXPECTED
    assert embedder.calls == 1, "all windows of both sides are embedded in one batch"


def test_merge_scores_higher_than_the_skips():
    beads = align_texts(GERMAN, ENGLISH, ConceptEmbedder().embed)
    by_pair = {(b.source, b.target): b.score for b in beads}
    assert by_pair[((2, 3), (2,))] > 0.5
    assert by_pair[((5,), ())] < 0 and by_pair[((), (5,))] < 0


def test_without_text_features_the_embedding_alone_still_finds_the_merge():
    embed = ConceptEmbedder().embed
    k = AlignConfig().max_window
    src = window_texts(GERMAN, k)
    tgt = window_texts(ENGLISH, k)
    beads = align_vectors(
        stack_windows(embed(src), len(GERMAN), k), stack_windows(embed(tgt), len(ENGLISH), k)
    )
    assert ((2, 3), (2,)) in pairs(beads)
    assert_valid(beads, len(GERMAN), len(ENGLISH), AlignConfig())


def test_sentence_vectors_alone_are_accepted():
    embed = ConceptEmbedder().embed
    beads = align_vectors(
        embed(GERMAN), embed(ENGLISH), text_features(GERMAN), text_features(ENGLISH)
    )
    assert_valid(beads, len(GERMAN), len(ENGLISH), AlignConfig())
    assert ((0,), (0,)) in pairs(beads) and ((7,), (6,)) in pairs(beads)


def test_blank_line_is_left_unaligned():
    # A blank line says nothing: it costs nothing to leave out, and no bead gains from it.
    src = ["Guten Morgen Anna", "Der Zug ist spät", "", "Ende gut"]
    tgt = ["Good morning Anna", "The train is late", "End good"]
    beads = align_texts(src, tgt, ConceptEmbedder().embed)
    assert pairs(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]


def test_empty_sides():
    embed = ConceptEmbedder().embed
    assert align_texts([], [], embed) == []
    assert pairs(align_texts(["Eins.", "Zwei."], [], embed)) == [((0,), ()), ((1,), ())]
    assert pairs(align_texts([], ["One."], embed)) == [((), (0,))]


def test_numbers_and_names_decide_between_equally_vague_sentences():
    # A zero embedder knows nothing; shared numbers and names must carry the alignment.
    src = ["Der Gipfel misst 8848 m.", "Lhotse ist niedriger.", "Makalu folgt mit 8481 m."]
    tgt = ["Le Lhotsé est plus bas.", "Le sommet mesure 8.848 m.", "Le Makalu suit avec 8481 m."]

    def blank(texts):
        return np.zeros((len(texts), 8), dtype=np.float32)

    beads = align_texts(src, tgt, blank)
    assert_valid(beads, 3, 3, AlignConfig())
    assert ((2,), (2,)) in pairs(beads)


# ---------------------------------------------------------------------------------------------
# Windows.


def test_window_texts_order_and_stacking():
    texts = window_texts(["a ", "b", "c"], 2)
    assert texts == ["a", "b", "c", "a b", "b c"]
    assert window_count(3, 2) == 5 and window_count(1, 4) == 1 and window_count(0, 3) == 0
    vectors = np.arange(10, dtype=np.float32).reshape(5, 2)
    stacked = stack_windows(vectors, 3, 2)
    assert stacked.shape == (2, 3, 2)
    assert stacked[1, 0].tolist() == [6.0, 7.0]  # "a b"
    assert stacked[1, 2].tolist() == [0.0, 0.0]  # runs past the end
    with pytest.raises(ValueError):
        stack_windows(vectors[:4], 3, 2)


def test_mean_windows_are_normalised_sums():
    v = np.eye(3, dtype=np.float32)
    w = mean_windows(v, 3)
    assert np.allclose(w[0], v)
    assert np.allclose(w[1, 0], np.array([1, 1, 0]) / np.sqrt(2))
    assert np.allclose(w[2, 0], np.ones(3) / np.sqrt(3))
    assert not w[2, 1:].any()


def test_align_module_does_not_import_torch():
    code = "import sys, xlingual.align.pair; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------------------------
# Invariants on random input.


@st.composite
def documents(draw):
    n = draw(st.integers(0, 25))
    m = draw(st.integers(0, 25))
    k = draw(st.integers(1, 4))
    max_bead = draw(st.integers(2, 2 * k))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    kind = draw(st.sampled_from(["random", "copies", "zeros"]))
    src = rng.standard_normal((n, 8)).astype(np.float32)
    if kind == "copies" and n:
        tgt = src[rng.integers(0, n, m)] + 0.1 * rng.standard_normal((m, 8)).astype(np.float32)
    elif kind == "zeros":
        src = np.zeros((n, 8), dtype=np.float32)
        tgt = np.zeros((m, 8), dtype=np.float32)
    else:
        tgt = rng.standard_normal((m, 8)).astype(np.float32)
    if kind != "zeros":
        src /= np.clip(np.linalg.norm(src, axis=1, keepdims=True), 1e-12, None)
        tgt /= np.clip(np.linalg.norm(tgt, axis=1, keepdims=True), 1e-12, None)
    band = draw(st.integers(0, 8))
    texts = draw(st.booleans())
    return src, tgt, AlignConfig(max_window=k, max_bead=max_bead, band=band), texts, seed


@settings(max_examples=150, deadline=None)
@given(documents())
def test_every_sentence_in_exactly_one_bead_in_order(document):
    src, tgt, config, with_texts, seed = document
    n, m = len(src), len(tgt)
    if with_texts:
        rng = np.random.default_rng(seed)
        words = ["Bern", "8848", "Zug", "12", "", "Anna", "train", "- _-"]
        src_f = text_features([" ".join(rng.choice(words, 3)) for _ in range(n)])
        tgt_f = text_features([" ".join(rng.choice(words, 3)) for _ in range(m)])
    else:
        src_f, tgt_f = TextFeatures.empty(n), TextFeatures.empty(m)
    beads = align_vectors(
        mean_windows(src, config.max_window),
        mean_windows(tgt, config.max_window),
        src_f,
        tgt_f,
        config,
    )
    assert_valid(beads, n, m, config)
    assert beads == align_vectors(src, tgt, src_f, tgt_f, config), "deterministic"


def test_recovers_a_long_synthetic_alignment():
    rng = np.random.default_rng(7)
    n, d = 600, 32
    src = rng.standard_normal((n, d)).astype(np.float32)
    gold, tgt = [], []
    i = 0
    while i < n:
        r = rng.random()
        if r < 0.1 and i + 1 < n:  # 2-1
            gold.append(((i, i + 1), (len(tgt),)))
            tgt.append(src[i] + src[i + 1])
            i += 2
        elif r < 0.2:  # 1-2
            gold.append(((i,), (len(tgt), len(tgt) + 1)))
            tgt += [src[i] + 0.3 * rng.standard_normal(d), src[i] + 0.3 * rng.standard_normal(d)]
            i += 1
        else:
            gold.append(((i,), (len(tgt),)))
            tgt.append(src[i])
            i += 1
    tgt = np.asarray(tgt, dtype=np.float32) + 0.3 * rng.standard_normal((len(tgt), d))
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)
    beads = align_vectors(src, tgt.astype(np.float32))
    assert_valid(beads, n, len(tgt), AlignConfig())
    assert score_alignments([gold], [pairs(beads)])["f1_strict"] > 0.9
