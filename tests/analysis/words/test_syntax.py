from xlingual.analysis.words.syntax import has_finite_verb, tag_english


def test_tags_carry_exact_offsets():
    text = "The mayor resigned. Budget shortfall."
    for word in tag_english(text):
        assert text[word.start : word.end] == word.text


def test_finite_verb_detection():
    assert has_finite_verb(tag_english("The mayor resigned on Monday."))
    assert not has_finite_verb(tag_english("Budget shortfall."))
    assert not has_finite_verb(tag_english("Rising prices."))  # a participle is not finite
