import numpy as np

from xlingual.align.groups import GroupingConfig, GroupMember, align_documents


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
    import xlingual.align.groups as groups_module
    from xlingual.align.groups import align_documents_dense

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


# --- syndicated copy: one wire sentence in many articles ----------------------------------------


def syndicated(copies: int, changed_cosine: float, seed: int = 3, dimensions: int = 64):
    """`copies` articles of four sentences: each carries the same wire sentence (the last one a
    version at `changed_cosine`, as a changed number does) among sentences of its own, all on
    one story (a shared direction, as embedders put every sentence of a story close)."""
    rng = np.random.default_rng(seed)
    story = rng.normal(size=dimensions)
    story /= np.linalg.norm(story)

    def on_story(noise: np.ndarray) -> np.ndarray:
        rows = story * 1.6 + noise / np.sqrt(dimensions)
        return rows / np.linalg.norm(rows, axis=-1, keepdims=True)

    wire = on_story(rng.normal(size=dimensions))
    # A unit vector at exactly `changed_cosine` to the wire sentence.
    away = rng.normal(size=dimensions)
    away -= (away @ wire) * wire
    away /= np.linalg.norm(away)
    changed = changed_cosine * wire + np.sqrt(1 - changed_cosine**2) * away
    documents = []
    for n in range(copies):
        own = on_story(rng.normal(size=(3, dimensions)))
        line = changed if n == copies - 1 else wire
        documents.append(np.vstack([own[0], line, own[1], own[2]]).astype(np.float32))
    return documents


E5 = GroupingConfig(min_cosine=0.87, min_margin=1.015, copy_cosine=0.98)


def wire_group(groups):
    return next((g for g in groups if GroupMember(0, 1) in g.members), None)


def test_syndicated_copies_group_whatever_their_number():
    # The margin alone rejected five or more copies: every neighbour of a copy is a copy, so
    # its margin is about 1.0.
    for copies in (3, 4, 5, 8, 12, 20):
        for changed_cosine in (0.995, 0.96, 0.93):  # a copy, and two looser versions
            documents = syndicated(copies, changed_cosine)
            groups = align_documents(documents, E5)
            group = wire_group(groups)
            assert group is not None, (copies, changed_cosine)
            assert group.members == tuple(GroupMember(d, 1) for d in range(copies))
            # The articles' own sentences stay out of it.
            assert all(m.sentence == 1 for g in groups for m in g.members)


def test_margin_without_copies_rejects_the_wire_sentence():
    # The mechanism the copy level fixes: at copy_cosine above 1 nothing is a copy, and five
    # copies fail the margin, as they did before.
    documents = syndicated(5, 0.995)
    no_copies = GroupingConfig(min_cosine=0.87, min_margin=1.015, copy_cosine=1.5)
    assert wire_group(align_documents(documents, no_copies)) is None
    assert wire_group(align_documents(documents, E5)) is not None


def test_copies_count_once_in_the_neighbourhood_not_in_the_floor():
    # A sentence close to many different sentences is still rejected by the margin: only
    # copies of it are counted once.
    generic = unit(1, 1, 1, 1.2, 0)
    others = np.stack([unit(1, 0, 0, 0.35, 0), ARREST, PRISONS])
    strict = GroupingConfig(min_cosine=0.5, min_margin=1.1, neighbours=3, copy_cosine=0.98)
    assert align_documents([np.stack([generic]), others], strict) == []
    # Copies below the floor are not copies: the floor wins.
    floor = GroupingConfig(min_cosine=0.999, min_margin=1.0, neighbours=1, copy_cosine=0.5)
    near = unit(1, 0.05, 0, 0.3, 0)
    assert align_documents([np.stack([RED_DOT]), np.stack([near])], floor) == []


def test_a_changed_copy_in_a_crowd_of_unrelated_sentences_joins_its_group():
    # 10,000 one-sentence files: 3,000 carry the wire sentence, one a changed version of it.
    rng = np.random.default_rng(11)
    documents = syndicated(2, 0.95, dimensions=96)
    wire, changed = documents[0][1], documents[1][1]
    story = documents[0][0] + documents[0][2]
    noise = rng.normal(size=(6_999, 96)) / np.sqrt(96)
    others = story / np.linalg.norm(story) * 1.6 + noise
    others /= np.linalg.norm(others, axis=1, keepdims=True)
    rows = [wire] * 3_000 + [changed] + list(others.astype(np.float32))
    groups = align_documents([row[None, :] for row in rows], E5, [[12]] * len(rows))
    wire_groups = [g for g in groups if GroupMember(0, 0) in g.members]
    assert len(wire_groups) == 1
    assert wire_groups[0].members == tuple(GroupMember(d, 0) for d in range(3_001))
    assert wire_groups[0].score > 0.98


def test_copies_give_the_same_groups_blocked_dense_and_in_tiny_blocks(monkeypatch):
    import xlingual.align.groups as groups_module
    from xlingual.align.groups import align_documents_dense

    for copies, changed_cosine in ((5, 0.995), (8, 0.95), (6, 0.9)):
        documents = syndicated(copies, changed_cosine)
        dense = align_documents_dense(documents, E5)
        for chunk in (groups_module.CHUNK_ELEMENTS, 7, 40):
            monkeypatch.setattr(groups_module, "CHUNK_ELEMENTS", chunk)
            blocked = align_documents(documents, E5)
            assert [g.members for g in blocked] == [g.members for g in dense]
            assert np.allclose([g.score for g in blocked], [g.score for g in dense], atol=1e-6)


def test_the_group_score_averages_every_pair_of_copies_and_every_link():
    documents = [np.stack([RED_DOT]), np.stack([RED_DOT]), np.stack([RED_DOT])]
    (group,) = align_documents(documents, GroupingConfig(0.8, 1.0, 1, copy_cosine=0.99))
    assert len(group.members) == 3 and abs(group.score - 1.0) < 1e-6


def test_pairs_above_the_floor_are_judged_by_the_margin_before_they_are_kept(monkeypatch):
    """One-sentence files in one register: every pair is above the cosine floor and each is
    trivially "best in its document", but few pass the margin. Only those may be kept, or
    10,000 such files hold 50 million pairs (7.8 GB measured with e5-small)."""
    import xlingual.align.groups as groups

    rng = np.random.default_rng(7)
    count = 1_500
    shared = rng.normal(size=64)
    rows = shared + 0.35 * rng.normal(size=(count, 64))  # distinct, all at cosine ~0.9
    rows = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
    config = GroupingConfig(min_cosine=0.80, min_margin=1.015, copy_cosine=0.98)
    assert (rows @ rows.T).mean() > config.min_cosine  # the case: nearly all above the floor

    kept: list[int] = []
    real_block = groups.similarity_block

    def counting_block(inputs, start, stop):
        result = real_block(inputs, start, stop)
        kept.append(len(getattr(result, "pair_rows", ())))  # blocks that list pairs
        return result

    monkeypatch.setattr(groups, "similarity_block", counting_block)
    align_documents([row[None, :] for row in rows], config)
    assert sum(kept) < 5 * count  # links that pass the margin, not the ~1.1 million pairs
