import numpy as np

from xlingual.groups import GroupingConfig, GroupMember, align_documents


def unit(*components: float) -> np.ndarray:
    vector = np.array(components, dtype=np.float32)
    return vector / np.linalg.norm(vector)


# Three topics (axes 0-2), plus a "generic story" direction (axis 3) every sentence shares a bit.
RED_DOT = unit(1, 0, 0, 0.3, 0)
ARREST = unit(0, 1, 0, 0.3, 0)
PRISONS = unit(0, 0, 1, 0.3, 0)
UNRELATED = unit(0, 0, 0, 0.3, 1)


def test_same_facts_group_across_documents_in_any_order():
    first = np.stack([RED_DOT, ARREST, PRISONS])
    second = np.stack([PRISONS * 0.98 + UNRELATED * 0.02, RED_DOT])  # reordered
    second = second / np.linalg.norm(second, axis=1, keepdims=True)
    third = np.stack([UNRELATED, ARREST])
    groups = align_documents([first, second, third], GroupingConfig(0.8, 1.0, 2))
    members = [set(group.members) for group in groups]
    assert {GroupMember(0, 0), GroupMember(1, 1)} in members
    assert {GroupMember(0, 2), GroupMember(1, 0)} in members
    assert {GroupMember(0, 1), GroupMember(2, 1)} in members
    assert all(GroupMember(2, 0) not in m for m in members)  # no counterpart, no group


def test_sentence_similar_to_everything_is_rejected_by_the_margin():
    # A generic sentence ("the story so far") is about equally close to every sentence of the
    # other article: its best match is mutual but not clearly better than the rest.
    generic = unit(1, 1, 1, 1.2, 0)
    first = np.stack([generic])
    second = np.stack([unit(1, 0, 0, 0.35, 0), ARREST, PRISONS])
    loose = GroupingConfig(min_cosine=0.5, min_margin=1.0, neighbours=3)
    strict = GroupingConfig(min_cosine=0.5, min_margin=1.1, neighbours=3)
    assert len(align_documents([first, second], loose)) == 1
    assert align_documents([first, second], strict) == []


def test_no_groups_for_one_document_or_empty_documents():
    assert align_documents([np.stack([RED_DOT])]) == []
    assert align_documents([np.zeros((0, 5)), np.zeros((0, 5))]) == []


def test_groups_are_deterministic_and_scored():
    first = np.stack([RED_DOT, ARREST])
    second = np.stack([ARREST, RED_DOT])
    groups = align_documents([first, second], GroupingConfig(0.8, 1.0, 1))
    assert groups == align_documents([first, second], GroupingConfig(0.8, 1.0, 1))
    assert [g.members[0] for g in groups] == [GroupMember(0, 0), GroupMember(0, 1)]
    assert all(abs(g.score - 1.0) < 1e-5 for g in groups)


def test_blocked_path_gives_the_same_groups_as_the_dense_matrix(monkeypatch):
    import xlingual.groups as groups_module
    from xlingual.groups import align_documents_dense

    # Clustered random vectors: 60 "facts", each reported by a few of 12 documents with noise,
    # plus unrelated sentences; small blocks force many chunks.
    rng = np.random.default_rng(7)
    facts = rng.normal(size=(60, 32))
    documents, counts = [], []
    for _ in range(12):
        chosen = rng.choice(60, size=rng.integers(10, 25), replace=False)
        rows = facts[chosen] + rng.normal(scale=0.35, size=(len(chosen), 32))
        rows = np.vstack([rows, rng.normal(size=(rng.integers(0, 8), 32))])
        rng.shuffle(rows)
        documents.append((rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32))
        counts.append(list(rng.integers(2, 20, size=len(rows))))
    monkeypatch.setattr(groups_module, "CHUNK_ELEMENTS", 1000)
    for config in (GroupingConfig(0.8, 1.0, 4), GroupingConfig(0.6, 1.05, 4), GroupingConfig()):
        for word_counts in (None, counts):
            blocked = align_documents(documents, config, word_counts)
            assert blocked, "the fixture should produce groups"
            dense = align_documents_dense(documents, config, word_counts)
            # Same groups; scores agree to float32 rounding (BLAS sums a block of rows in a
            # different order from the full matrix).
            assert [g.members for g in blocked] == [g.members for g in dense]
            assert np.allclose([g.score for g in blocked], [g.score for g in dense], atol=1e-6)
