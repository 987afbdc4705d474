from xlingual.analysis.spacy_batches import batches_by_characters


def test_batches_keep_order_and_stay_under_the_limit():
    texts = ["a" * 4, "b" * 4, "c" * 4, "d" * 9, "e"]
    batches = list(batches_by_characters(texts, str, limit=10))
    assert batches == [["aaaa", "bbbb"], ["cccc"], ["d" * 9, "e"]]
    assert [text for batch in batches for text in batch] == texts


def test_a_text_longer_than_the_limit_is_a_batch_of_its_own():
    items = [("x" * 25, 1), ("y", 2)]
    assert list(batches_by_characters(items, lambda item: item[0], limit=10)) == [
        [("x" * 25, 1)],
        [("y", 2)],
    ]


def test_no_items_no_batches():
    assert list(batches_by_characters([], str)) == []
