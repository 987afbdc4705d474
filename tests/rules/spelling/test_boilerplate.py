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
