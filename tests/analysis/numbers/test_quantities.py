"""`extract_quantities` over whole texts: documents, language codes, spans (`quantities`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.analysis.numbers.reading import only
from xlingual.analysis.numbers.quantities import (
    extract_quantities,
    reads_words,
)


def test_whole_document_extraction():
    text = "In 2015, USD 100 and 28,000 prisoners; about ten days. " * 400
    found = extract_quantities(text, "en")
    assert len(found) == 4 * 400
    assert [q.text for q in found[-4:]] == ["2015", "USD 100", "28,000", "ten"]


def test_language_codes_with_regions_and_unknown_languages():
    assert only("1,500 people", "en-GB").value == 1500
    assert only("1,500 Menschen", "de_CH").value == 1.5
    assert only("1,500 people", "und").value == 1500
    assert only("1,500 people", "").value == 1500
    assert reads_words("en") and reads_words("fr-CA") and not reads_words("cs")


# --- spans --------------------------------------------------------------------------------------

_PIECES = [
    "28,000", "28.000", "28 000", "28\u202f000", "28'000", "3,5", "3.5", "2,8 万", "2.8万", "亿",
    "1.5 million", "2 Mio.", "3 milliards", "2 млн", "тыс.", "40%", "40 per cent", "Prozent",
    "ten", "dix", "zehn", "diez", "десять", "twenty-five", "20th", "12th", "1er", "2015",
    "September 12", "12 septembre", "12. September", "IK-6", "COVID-19", "Gulagu.net",
    "https://x.org/1", "3.8.0", "+33 6 12 34 56 78", "$5", "€3bn", "-5", "10-15", "1990s",
    "41-year-old", "about", "environ", " ", " ", ", ", ". ", "\n", "-", "年", "月", "日", "a", "x",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_PIECES), max_size=12),
    language=st.sampled_from(["en", "de", "fr", "es", "ru", "zh", "it", "und", "cs"]),
)
def test_every_span_slices_back_to_its_text(pieces, language):
    text = "".join(pieces)
    found = extract_quantities(text, language)
    previous_end = 0
    for quantity in found:
        assert quantity.text == text[quantity.start : quantity.end]
        assert quantity.start >= previous_end  # in order, never overlapping
        assert quantity.text.strip() == quantity.text and quantity.text
        previous_end = quantity.end


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=80), language=st.sampled_from(["en", "de", "fr", "ru", "zh"]))
def test_arbitrary_text_never_breaks_extraction(text, language):
    for quantity in extract_quantities(text, language):
        assert quantity.text == text[quantity.start : quantity.end]
        assert quantity.value == quantity.value  # never NaN
