import time

import pytest
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


# ---------------------------------------------------------------------------------------------
# With the language: abbreviations and ordinals of that language (issue 13, item 5)


def texts_in(text: str, language: str | None) -> list[str]:
    return [sentence.text for sentence in split_sentences(text, language)]


ENGLISH_CASES = [
    "It rained. We stayed in! Did you? Yes.",
    "to assassinate foreign dissidents.Figure: a photo",
    "Gulagu.net said 3.5 percent of U.S. officials left. Then more.",
    "Dr. Smith met J. R. Tolkien. They talked.",
    "“I was not shot.” A source said so.",
    "A Headline\nThe story begins here and\ncontinues on the next line. Done.\r\n\r\nNext",
    "The U.S. Army said on Jan. 5 that No. 10 was closed. Mr. Lee agreed. Prices rose 5 p.c.",
]


@pytest.mark.parametrize("text", ENGLISH_CASES)
def test_english_splits_as_without_a_language(text):
    assert texts_in(text, "en") == texts(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Die Einheit kam am 3. Oktober 1990. Danach feierten alle.",
            ["Die Einheit kam am 3. Oktober 1990.", "Danach feierten alle."],
        ),
        (
            "Der 2. Weltkrieg endete 1945. Im 19. Jahrhundert wuchs die Stadt.",
            ["Der 2. Weltkrieg endete 1945.", "Im 19. Jahrhundert wuchs die Stadt."],
        ),
        ("Kaiser Wilhelm II. Dankte ab. Gut.", ["Kaiser Wilhelm II. Dankte ab.", "Gut."]),
        # A number ends its sentence before a word that opens one, and a year or a decimal is
        # never an ordinal.
        (
            "Die Zahl stieg auf 12. Die Polizei kam. Seit 1990. Danach nichts. Es waren 8,5. Ende.",
            [
                "Die Zahl stieg auf 12.",
                "Die Polizei kam.",
                "Seit 1990.",
                "Danach nichts.",
                "Es waren 8,5.",
                "Ende.",
            ],
        ),
        (
            "Er wohnt dort Nr. 5. Dr. Weber wohnt nebenan. Es gibt z. B. Äpfel, u. a. aus Tirol.",
            [
                "Er wohnt dort Nr. 5.",
                "Dr. Weber wohnt nebenan.",
                "Es gibt z. B. Äpfel, u. a. aus Tirol.",
            ],
        ),
        (
            "Der Umsatz lag bei 5 Mio. Euro. Ein Rekord.",
            ["Der Umsatz lag bei 5 Mio. Euro.", "Ein Rekord."],
        ),
    ],
)
def test_german_ordinals_dates_and_abbreviations(text, expected):
    assert texts_in(text, "de") == expected


def test_german_ordinals_split_without_the_language():
    # The generic rules cannot tell "3." from a sentence end: the language is what fixes it.
    assert texts("Sie kam am 3. Oktober 1990.") == ["Sie kam am 3.", "Oktober 1990."]


@pytest.mark.parametrize("language", ["de-AT", "de_CH", "DE", " de "])
def test_language_variants_follow_the_base_language(language):
    assert texts_in("Sie kam am 3. Oktober.", language) == ["Sie kam am 3. Oktober."]


@pytest.mark.parametrize("language", [None, "", "und", "xx", "zz-ZZ", "../de", "de/../../x"])
def test_unknown_languages_get_the_generic_rules(language):
    text = "Sie kam am 3. Oktober. Mr. Lee left."
    assert texts_in(text, language) == texts(text)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "M. Dupont est venu, p. ex. Lyon. Mme Martin est partie.",
            ["M. Dupont est venu, p. ex. Lyon.", "Mme Martin est partie."],
        ),
        # "est" (east) and "col" (a pass) are French words that end sentences.
        (
            "fr",
            "Le feu a gagné le nord-est. Les pompiers sont sur le col. Il pleut.",
            ["Le feu a gagné le nord-est.", "Les pompiers sont sur le col.", "Il pleut."],
        ),
        (
            "it",
            "Il Sig. Rossi è arrivato. Vende mele ecc. Poi chiude.",
            ["Il Sig. Rossi è arrivato.", "Vende mele ecc.", "Poi chiude."],
        ),
        # "no" and "mar" are Spanish words, not abbreviations.
        (
            "es",
            "El Sr. García viajó a EE. UU. en mayo. Dijo que no. Fue al mar. El barco zarpó.",
            [
                "El Sr. García viajó a EE. UU. en mayo.",
                "Dijo que no.",
                "Fue al mar.",
                "El barco zarpó.",
            ],
        ),
        (
            "ru",
            "Он живёт на ул. Ленина, т. е. в центре. В 1990 г. Москва изменилась. Всё.",
            ["Он живёт на ул. Ленина, т. е. в центре.", "В 1990 г. Москва изменилась.", "Всё."],
        ),
        (
            "el",
            "Τι συνέβη; Κανείς δεν ξέρει. Ο κ. Παπαδόπουλος μίλησε.",
            ["Τι συνέβη;", "Κανείς δεν ξέρει.", "Ο κ. Παπαδόπουλος μίλησε."],
        ),
        # English titles quoted in another language keep their names.
        (
            "fr",
            "Elle suivait Mrs. Joyce Dunsheath. Rien de plus.",
            ["Elle suivait Mrs. Joyce Dunsheath.", "Rien de plus."],
        ),
    ],
)
def test_abbreviations_of_each_language(language, text, expected):
    assert texts_in(text, language) == expected


def test_greek_semicolon_is_a_question_mark_only_in_greek():
    assert texts_in("Ja; nein. Gut.", "de") == ["Ja; nein.", "Gut."]


def test_numbered_items_in_running_text_keep_their_number():
    text = "Das ist nicht bekannt. 6. Über die Expedition weiss man mehr. 7. Die nächste."
    expected = [
        "Das ist nicht bekannt.",
        "6. Über die Expedition weiss man mehr.",
        "7. Die nächste.",
    ]
    assert texts_in(text, "de") == expected
    assert texts("It is not known. 6. The next item. 7. Another.") == [
        "It is not known.",
        "6. The next item.",
        "7. Another.",
    ]
    assert texts("1. First item\n2. Second item") == ["1. First item", "2. Second item"]


def test_a_unit_after_a_number_may_end_a_sentence():
    assert texts_in("Die neue Kote ist 8222 m. Über den Manaslu weiss man wenig.", "de") == [
        "Die neue Kote ist 8222 m.",
        "Über den Manaslu weiss man wenig.",
    ]
    # Initials (capitals) and listed letters keep their meaning.
    assert texts_in("Gipfel 3 J. Smith kam. Gut.", "de") == ["Gipfel 3 J. Smith kam.", "Gut."]


def test_abbreviation_glued_to_a_capital_is_not_split():
    assert texts_in("Berge der Welt, Bd.XI, S. 161.", "de") == ["Berge der Welt, Bd.XI, S. 161."]


LANGUAGES = [None, "en", "de", "fr", "it", "es", "ru", "el", "und"]


_PIECES = list("ab .!?;\n\r“”。A1,Ü") + ["3. ", "II. ", "Nr.", "г. ", "8 m. ", "Bd.X"]


@given(st.lists(st.sampled_from(_PIECES), max_size=80).map("".join), st.sampled_from(LANGUAGES))
def test_every_span_slices_back_in_every_language(text, language):
    sentences = split_sentences(text, language)
    previous_end = 0
    for index, sentence in enumerate(sentences):
        assert sentence.index == index
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end
    covered = "".join(s.text for s in sentences)
    assert "".join(text.split()) == "".join(covered.split())


@pytest.mark.parametrize("language", ["de", "fr", "ru", "el"])
@pytest.mark.parametrize(
    "text",
    ["3. " * 100_000, "1. A" * 100_000, "a. 6. Über " * 30_000, " " * 200_000 + "1. A. 2. B"],
    ids=["ordinals", "glued-items", "items", "leading-spaces"],
)
def test_language_rules_stay_linear(language, text):
    started = time.perf_counter()
    sentences = split_sentences(text, language)
    assert time.perf_counter() - started < 3
    assert all(text[s.start : s.end] == s.text for s in sentences)
