from __future__ import annotations

import pytest

from xlingual.analysis.names.scripts import MixedScriptWord, mixed_script_words, script_of

CYRILLIC_O = "\u043e"
CYRILLIC_A = "\u0430"
GREEK_CAPITAL_ALPHA = "\u0391"
ZWSP = "\u200b"


@pytest.mark.parametrize(
    ("char", "script"),
    [
        ("a", "Latin"),
        ("é", "Latin"),
        ("Ж", "Cyrillic"),
        (CYRILLIC_O, "Cyrillic"),
        ("λ", "Greek"),
        ("Ա", "Armenian"),
        ("ש", "Hebrew"),
        ("ب", "Arabic"),
        ("क", "Devanagari"),
        ("ი", "Georgian"),
        ("中", "Han"),
        ("あ", "Hiragana"),
        ("ア", "Katakana"),
        ("한", "Hangul"),
        ("ก", "Thai"),
        ("7", "Common"),
        (".", "Common"),
        (" ", "Common"),
        ("€", "Common"),
        (ZWSP, "Common"),
        ("\u0301", "Inherited"),  # combining acute accent
        ("\u093f", "Devanagari"),  # a vowel sign is a mark of its own script
        ("Ａ", "Latin"),  # fullwidth
        ("\U0001d400", "Latin"),  # mathematical bold capital A
        ("µ", "Common"),  # the micro sign, a unit
    ],
)
def test_script_of(char, script):
    assert script_of(char) == script


def test_script_of_takes_one_character():
    with pytest.raises(ValueError):
        script_of("ab")


def test_cyrillic_letter_in_latin_word():
    text = f"Opposition leader Alexei Nav{CYRILLIC_A}lny was jailed."
    (word,) = mixed_script_words(text)
    assert word == MixedScriptWord(
        start=25,
        end=32,
        text=f"Nav{CYRILLIC_A}lny",
        scripts=("Cyrillic", "Latin"),
        dominant="Latin",
        suggestion="Navalny",
        invisible=False,
    )
    assert text[word.start : word.end] == word.text


def test_latin_letter_in_cyrillic_word_maps_to_cyrillic():
    (word,) = mixed_script_words("Он живёт в Москвa.")  # Latin "a" at the end
    assert word.text == "Москвa"
    assert word.dominant == "Cyrillic"
    assert word.suggestion == "Москва"
    assert all(script_of(char) == "Cyrillic" for char in word.suggestion)


def test_upper_case_look_alikes():
    (word,) = mixed_script_words(f"NAV{CYRILLIC_A.upper()}LNY")
    assert word.suggestion == "NAVALNY"
    (word,) = mixed_script_words(f"{CYRILLIC_O.upper()}lga")
    assert word.suggestion == "Olga"


def test_greek_look_alikes():
    (word,) = mixed_script_words(f"The summit in {GREEK_CAPITAL_ALPHA}thens ended.")
    assert word.text == f"{GREEK_CAPITAL_ALPHA}thens"
    assert word.scripts == ("Greek", "Latin")
    assert word.suggestion == "Athens"
    # Greek omicron and nu inside Latin words
    (word,) = mixed_script_words("G\u03bfrbachev")
    assert word.suggestion == "Gorbachev"
    (word,) = mixed_script_words("Kaspar\u03bf\u03bd")
    assert word.suggestion == "Kasparov"


def test_no_suggestion_when_a_foreign_letter_has_no_look_alike():
    (word,) = mixed_script_words("Navalnыy")
    assert word.scripts == ("Cyrillic", "Latin")
    assert word.suggestion is None


def test_dominant_script_and_ties():
    (word,) = mixed_script_words(f"Zelensk{CYRILLIC_O}y")
    assert word.dominant == "Latin"
    # two Cyrillic and two Latin letters: a tie goes to Latin
    (word,) = mixed_script_words(f"\u0440{CYRILLIC_A}pa")
    assert word.dominant == "Latin"
    assert word.suggestion == "papa"


def test_zero_width_space_inside_a_word_is_one_word():
    text = f"Nav{ZWSP}alny said"
    (word,) = mixed_script_words(text)
    assert (word.start, word.end, word.text) == (0, 8, f"Nav{ZWSP}alny")
    assert word.invisible
    assert word.scripts == ("Latin",)
    assert word.suggestion == "Navalny"


@pytest.mark.parametrize("invisible", ["\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_other_invisible_characters(invisible):
    (word,) = mixed_script_words(f"Kas{invisible}parov")
    assert word.invisible
    assert word.suggestion == "Kasparov"


def test_invisible_and_mixed_together():
    (word,) = mixed_script_words(f"Sk{ZWSP}rip{CYRILLIC_A}l")
    assert word.invisible
    assert word.scripts == ("Cyrillic", "Latin")
    assert word.suggestion == "Skripal"


def test_invisible_characters_between_words_are_not_words():
    assert mixed_script_words(f"Navalny {ZWSP} Kasparov") == []


@pytest.mark.parametrize(
    "text",
    [
        "Alexei Navalny and Garry Kasparov met in Vilnius.",
        "Алексей Навальный умер в колонии.",
        "Ο Κυριάκος Μητσοτάκης μίλησε στην Αθήνα.",
        "東京の新宿でカタカナとひらがなを書きました。",  # Han + Hiragana + Katakana
        "대한민국 國會에서 발표했다",  # Hangul + Han
        "他用iPhone拍了照片。",  # Latin inside Chinese: a word of its own
        "COVID19 cases rose by 5µg and 3D printers",  # digits and the micro sign
        "Jean-Pierre O'Brien and Gorbatschow",
        "Le\u0301on e\u0301crit",  # decomposed accents
        "می\u200cخواهم",  # Persian needs the zero-width non-joiner
        "Pay 100€ (VAT 20%) — or not.",
    ],
)
def test_normal_text_is_not_flagged(text):
    assert mixed_script_words(text) == []


def test_words_are_split_at_hyphens_and_apostrophes():
    # "Nord-Поток" mixes scripts across a hyphen, which is how such compounds are written.
    assert mixed_script_words("Nord-Поток") == []
    (word,) = mixed_script_words(f"Jean-Pi{CYRILLIC_O}rre")
    assert word.text == f"Pi{CYRILLIC_O}rre"
    assert word.start == 5


def test_offsets_in_longer_text():
    text = f"Selenskyj traf Gorb{CYRILLIC_A}tschow und Chodorkowski{ZWSP}."
    words = mixed_script_words(text)
    assert [w.text for w in words] == [f"Gorb{CYRILLIC_A}tschow", f"Chodorkowski{ZWSP}"]
    for word in words:
        assert text[word.start : word.end] == word.text


def _runs(text: str, own: str = "Latin") -> list[tuple[str, str]]:
    from xlingual.analysis.names.scripts import foreign_script_runs

    return [(text[run.start : run.end], run.label) for run in foreign_script_runs(text, own)]


def test_text_in_another_script_is_a_run_with_its_script_or_language():
    assert _runs("residents of the village of غراماتيكو and the town") == [
        ("غراماتيكو", "Arabic script")
    ]
    assert _runs("the situation is «خارج عن السيطرة», he said") == [
        ("خارج عن السيطرة", "Arabic script")
    ]
    assert _runs("The chairman of the ЦИК said") == [("ЦИК", "Cyrillic script")]
    assert _runs("An 업계 관계자 said") == [("업계 관계자", "Korean")]
    assert _runs("the マイナンバー card") == [("マイナンバー", "Japanese")]
    assert _runs("signs of 発煙 were seen") == [("発煙", "Han script")]


def test_glossed_latin_look_alike_and_single_letters_are_not_runs():
    assert _runs('alerts, "Απομακρυνθείτε από την περιοχή" ("Leave the area"), went out') == []
    assert _runs("President Nakashima (中島) bowed") == []
    assert _runs("a M\u043escow look-alike letter") == []  # Cyrillic о inside a Latin word
    assert _runs("the angle α of the slope") == []  # one letter: a symbol, not text
    assert _runs("白石電機はHanul Energyの電池を回収", own="Han") == []  # Latin in Japanese
