from hypothesis import given
from hypothesis import strategies as st

from xlingual.segment import split_sentences


def texts(text: str) -> list[str]:
    return [sentence.text for sentence in split_sentences(text)]


def test_splits_on_terminal_punctuation():
    assert texts("It rained. We stayed in! Did you? Yes.") == [
        "It rained.",
        "We stayed in!",
        "Did you?",
        "Yes.",
    ]


def test_glued_sentences_are_split():
    assert texts("to assassinate foreign dissidents.Figure: a photo") == [
        "to assassinate foreign dissidents.",
        "Figure: a photo",
    ]


def test_domains_decimals_and_initialisms_stay_whole():
    assert texts("Gulagu.net said 3.5 percent of U.S. officials left. Then more.") == [
        "Gulagu.net said 3.5 percent of U.S. officials left.",
        "Then more.",
    ]


def test_abbreviations_and_initials_do_not_end_sentences():
    assert texts("Dr. Smith met J. R. Tolkien. They talked.") == [
        "Dr. Smith met J. R. Tolkien.",
        "They talked.",
    ]


def test_closing_quotes_stay_with_their_sentence():
    assert texts("“I was not shot.” A source said so.") == [
        "“I was not shot.”",
        "A source said so.",
    ]


def test_cjk_sentences_split_without_spaces():
    assert texts("他来了。她走了！好吗？") == ["他来了。", "她走了！", "好吗？"]


def test_line_breaks_end_headlines_but_not_wrapped_lines():
    text = "A Headline\nThe story begins here and\ncontinues on the next line. Done.\r\n\r\nNext"
    assert texts(text) == [
        "A Headline",
        "The story begins here and\ncontinues on the next line.",
        "Done.",
        "Next",
    ]


def test_crlf_offsets_are_exact():
    text = "One.\r\nTwo.\r\n"
    sentences = split_sentences(text)
    assert [(s.start, s.end) for s in sentences] == [(0, 4), (6, 10)]


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\r“”。A1,")), max_size=200))
def test_every_span_slices_back_to_its_sentence(text):
    sentences = split_sentences(text)
    previous_end = 0
    for index, sentence in enumerate(sentences):
        assert sentence.index == index
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end
    # Nothing but whitespace is left out.
    covered = "".join(s.text for s in sentences)
    assert "".join(text.split()) == "".join(covered.split())
