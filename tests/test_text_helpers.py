import pytest

from xlingual.text_helpers import agree, base_language, plural


def test_counts_agree_with_their_nouns():
    assert [plural(n, "article") for n in (0, 1, 2)] == ["0 articles", "1 article", "2 articles"]
    assert plural(1, "child", "children") == "1 child"
    assert plural(3, "child", "children") == "3 children"
    assert agree(1, "uses", "use") == "uses" and agree(2, "uses", "use") == "use"


@pytest.mark.parametrize(
    ("tag", "base"),
    [("de", "de"), ("de-AT", "de"), ("de_CH", "de"), (" EN ", "en"), ("", "und"), (None, "und")],
)
def test_base_language(tag, base):
    assert base_language(tag) == base
