"""XL304: xlingual/rules/spelling/boilerplate.py."""

from tests.rules.context import check_documents as check
from tests.rules.context import doc
from xlingual.findings import Severity
from xlingual.rules.spelling import (
    WebBoilerplate,
)


def texts(findings) -> list[str]:
    return [finding.text for finding in findings]


# --- XL304 web boilerplate ----------------------------------------------------------------------


STORY = "The council approved the budget on Tuesday after a long debate.\n"


def test_comment_section_furniture():
    text = STORY + "Share this article\n12 comments\nBe the first to reply\n"
    found = check(WebBoilerplate(), doc("a.txt", text))
    assert texts(found) == ["Share this article", "12 comments", "Be the first to reply"]
    assert all(f.severity == Severity.WARNING for f in found)


def test_furniture_in_other_languages():
    spanish = doc("es.txt", "El consejo aprobó el presupuesto.\nCompartir en Facebook\n", "es")
    french = doc("fr.txt", "Le conseil a voté le budget.\nLire la suite\n", "fr")
    german = doc("de.txt", "Der Rat hat den Haushalt beschlossen.\nKommentare\n", "de")
    assert texts(check(WebBoilerplate(), spanish, french, german)) == [
        "Compartir en Facebook",
        "Lire la suite",
        "Kommentare",
    ]


def test_bare_link_and_caption():
    text = (
        STORY + "https://example.com/images/banner.png\n" + "He spoke at length.Photo: Jane Roe\n"
    )
    found = check(WebBoilerplate(), doc("a.txt", text))
    assert texts(found) == ["https://example.com/images/banner.png", "Photo: Jane Roe"]


def test_prose_and_interview_questions_are_not_furniture():
    text = (
        STORY
        + "What did you do next?\n"
        + "We followed the money and read every report.\n"
        + "Follow the rules\n"
        + "He said the photo was taken in May.\n"
    )
    assert check(WebBoilerplate(), doc("a.txt", text)) == []


PROSE = (
    "The council approved the new budget on Tuesday after a debate that ran past midnight, and "
    "the mayor said the first payments would reach the schools in January.\n\n"
)


def test_short_lines_after_the_prose_are_furniture_by_their_shape():
    tail = (
        "Read also: Five things to know about the budget\n\n"
        "(Reporting by Jane Roe; Editing by John Doe)\n\n"
        "Unauthorized reproduction prohibited\n\n"
        "© ALL RIGHTS RESERVED\n"
    )
    found = check(WebBoilerplate(), doc("a.txt", PROSE + tail))
    assert texts(found) == [line for line in tail.split("\n") if line]
    assert all(f.severity == Severity.WARNING for f in found)


def test_trailing_furniture_in_other_scripts():
    greek = doc("el.txt", PROSE + "Διαβάστε επίσης: Πώς λειτουργεί το 112\n", "el")
    japanese = doc(
        "ja.txt",
        "市議会は火曜日、長い議論の末に新しい予算を承認した。市長は一月に学校への支払いが始まると述べた。\n\n"
        "株価は一時、前日比9.8%下落した。\n\n関連記事：予算の五つのポイント\n",
        "ja",
    )
    assert texts(check(WebBoilerplate(), greek, japanese)) == [
        "Διαβάστε επίσης: Πώς λειτουργεί το 112",
        "関連記事：予算の五つのポイント",
    ]


def test_a_short_last_sentence_and_a_wrapped_paragraph_are_prose():
    short_end = PROSE + "The vote is final.\n"
    wrapped = (
        "The council approved the new budget on Tuesday after a debate that ran past\n"
        "midnight, and the mayor said payments would reach the schools\n"
        "in January\n"
    )
    assert check(WebBoilerplate(), doc("a.txt", short_end), doc("b.txt", wrapped)) == []
