"""Which sentences the QE model judges, and against which source."""

from __future__ import annotations

import numpy as np

from xlingual.align.pair import Bead
from xlingual.load.documents import Document
from xlingual.qe import targets
from xlingual.qe.targets import Request


def _docs():
    source = Document.from_text("el.txt", "Ο καπνός ήταν πυκνός. Οι κάτοικοι έφυγαν νωρίς.", "el")
    translation = Document.from_text(
        "mt.txt", "The tobacco was thick. The residents left early.", "en"
    )
    wire = Document.from_text("wire.txt", "Thick smoke covered the villages all day long.", "en")
    return [source, translation, wire]


def test_bead_requests_pair_each_translated_sentence_with_its_bead_source() -> None:
    documents = _docs()
    beads = [Bead((0,), (0,), 1.0), Bead((1,), (), -0.1), Bead((), (1,), -0.1)]
    (request,) = targets.bead_requests(documents, 0, 1, beads)
    assert targets.texts(documents, [request]) == [
        ("Ο καπνός ήταν πυκνός.", "The tobacco was thick.")
    ]


def test_story_language_is_the_majority_and_english_breaks_ties() -> None:
    documents = _docs()
    assert targets.story_language(documents) == "en"
    assert targets.story_language(documents[:2]) == "en"


def test_story_requests_read_a_translation_with_its_source_and_the_rest_alone() -> None:
    documents = _docs()
    beads = {(1, 0): [Bead((0,), (0,), 1.0), Bead((1,), (1,), 1.0)]}
    requests = targets.story_requests(documents, beads)
    pairs = targets.texts(documents, requests)
    assert ("Ο καπνός ήταν πυκνός.", "The tobacco was thick.") in pairs
    assert (None, "Thick smoke covered the villages all day long.") in pairs
    # The source article itself is not judged, and nothing twice.
    assert all(r.document != 0 for r in requests) and len(set(requests)) == len(requests)


def _unit(rows: list[list[float]]) -> np.ndarray:
    vectors = np.asarray(rows, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_a_translation_follows_its_source_sentence_by_sentence_in_order() -> None:
    source = np.eye(4, dtype=np.float32)
    assert targets.translated_share(source, source) == 1.0
    reordered = source[[2, 0, 3, 1]]  # every sentence close, half of them in order
    assert targets.translated_share(reordered, source) == 0.5
    loose = _unit([[1, 0, 0, 0], [0.6, 0.8, 0, 0], [0, 0, 1, 0]])  # one partner at 0.6
    assert targets.translated_share(loose, source) == 2 / 3


def test_the_source_article_is_the_mutual_best_that_it_follows_closely() -> None:
    documents = [
        Document.from_text("it.txt", "Uno. Due. Tre. Quattro.", "it"),
        Document.from_text("mt.txt", "One. Two. Three. Four.", "en"),
        Document.from_text("wire.txt", "Four. One. Other. Another.", "en"),
    ]
    source = np.eye(4, dtype=np.float32)
    wire = np.vstack([source[3], source[0], _unit([[0.5, 0.5, 0.5, 0.5], [0.5, -0.5, 0.5, -0.5]])])
    assert targets.source_documents(documents, [source, source, wire]) == {1: 0}
    # Without its translation, the original has no translation: the wire follows it too loosely.
    assert targets.source_documents([documents[0], documents[2]], [source, wire]) == {}


def test_short_lines_are_not_judged() -> None:
    byline = Document.from_text(
        "wire.txt", "By AP staff.\n\nThick smoke covered the villages.", "en"
    )
    requests = targets.story_requests([byline], {})
    assert [targets.texts([byline], [r])[0][1] for r in requests] == [
        "Thick smoke covered the villages."
    ]
    assert isinstance(requests[0], Request)
