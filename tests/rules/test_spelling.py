import numpy as np
import pytest

from xlingual.findings import Severity
from xlingual.load.documents import Document
from xlingual.rules.base import CheckContext
from xlingual.rules.spelling import (
    SPELLING_RULES,
    GluedSentences,
    Misspelling,
    RunTogetherWords,
    VerblessFragment,
    WebBoilerplate,
)


def doc(path: str, text: str, language: str = "en") -> Document:
    return Document.from_text(path, text, language)


def check(rule, *documents: Document) -> list:
    vectors = tuple(np.zeros((len(d.sentences), 4), dtype=np.float32) for d in documents)
    context = CheckContext(documents, vectors)
    findings = list(rule.check(context))
    for finding in findings:
        document = next(d for d in documents if d.path == finding.path)
        assert document.text[finding.start : finding.end] == finding.text
        for span in finding.related:
            other = next(d for d in documents if d.path == span.path)
            assert other.text[span.start : span.end] == span.text
        assert 0 < finding.confidence <= 1
    return findings


def texts(findings) -> list[str]:
    return [finding.text for finding in findings]


def test_rule_metadata():
    codes = [rule.code for rule in SPELLING_RULES]
    assert codes == ["XL301", "XL302", "XL303", "XL304", "XL305"]
    for rule in SPELLING_RULES:
        assert rule.name and rule.name == rule.name.lower() and " " not in rule.name
        assert rule.summary
        documentation = type(rule).__doc__
        assert "What it checks" in documentation and "Why it matters" in documentation
        assert "Example" in documentation


# --- XL301 misspelling --------------------------------------------------------------------------


def test_misspelling_suggests_the_correction():
    found = check(Misspelling(), doc("a.txt", "The minister gave an intervew to the radio.\n"))
    assert texts(found) == ["intervew"]
    assert found[0].suggestion == "interview"


def test_misspelling_leaves_real_and_foreign_words_alone():
    text = (
        "The committee reviewed the astrophysically plausible model.\n"
        "The note read départ non autorisé, in French.\n"
    )
    assert check(Misspelling(), doc("a.txt", text)) == []


def test_misspelling_skips_names_links_and_acronyms():
    text = (
        "Yesterday Marek Wolansky spoke to reporters in Brzeg.\n"
        "Details are on exampel.org and at https://example.com/intervew today.\n"
        "The NATOO summit met in room B12x.\n"
    )
    assert check(Misspelling(), doc("a.txt", text)) == []


def test_capitalised_misspelling_needs_lowercase_evidence():
    alone = doc("a.txt", "He was held at the Federal Penitentiery Office in the north.\n")
    assert check(Misspelling(), alone) == []
    other = doc("b.txt", "He spent years in a penitentiary near the border.\n")
    found = check(Misspelling(), alone, other)
    assert texts(found) == ["Penitentiery"]
    assert found[0].suggestion == "Penitentiary"
    assert found[0].related[0].path == "b.txt"


def test_misspelling_ignores_other_languages():
    assert check(Misspelling(), doc("a.txt", "Le ministre a donné une intervew.\n", "fr")) == []


# --- XL302 run-together words -------------------------------------------------------------------


def test_run_together_with_evidence_from_another_article():
    first = doc("a.txt", "It was a wellknown fact among the staff.\n")
    second = doc("b.txt", "The well-known fact was repeated.\n")
    found = check(RunTogetherWords(), first, second)
    assert texts(found) == ["wellknown"]
    assert found[0].suggestion == "well-known"
    assert found[0].related[0].text == "well-known"
    assert found[0].confidence >= 0.9


def test_run_together_participle_compound_before_a_noun():
    found = check(RunTogetherWords(), doc("a.txt", "They praised the fastgrowing market.\n"))
    assert texts(found) == ["fastgrowing"]
    assert found[0].suggestion == "fast-growing"


def test_unattested_split_is_only_a_hint():
    found = check(RunTogetherWords(), doc("a.txt", "It was a lowpaying job.\n"))
    assert texts(found) == ["lowpaying"]
    assert found[0].severity == Severity.INFO


def test_name_glued_to_a_word():
    text = "Minister Kowalski spoke first. The Kowalskibacked reform passed.\n"
    found = check(RunTogetherWords(), doc("a.txt", text))
    assert texts(found) == ["Kowalskibacked"]
    assert found[0].suggestion == "Kowalski-backed"


def test_run_together_leaves_known_compounds_and_typos():
    text = "The anticorruption campaign was relevent to the nevertheless weak economy.\n"
    assert check(RunTogetherWords(), doc("a.txt", text)) == []


# --- XL303 glued sentences ----------------------------------------------------------------------


def test_glued_sentence_is_found():
    found = check(GluedSentences(), doc("a.txt", "The talks ended late.Ministers left at once.\n"))
    assert texts(found) == ["late.Ministers"]
    assert found[0].suggestion == "late. Ministers"


@pytest.mark.parametrize(
    "text",
    [
        "He moved to the U.S. in 2001 and then to the U.K.\n",
        "See example.Net or mail.Example.com for details.\n",
        "Inflation rose 3.5 percent, said Acme Pvt.Ltd today.\n",
        "The file report.Final.docx is attached.\n",
        "Growth was (s)low and it (re)started later.\n",
    ],
)
def test_not_glued_sentences(text):
    assert check(GluedSentences(), doc("a.txt", text)) == []


def test_bracket_glued_to_next_word():
    found = check(GluedSentences(), doc("a.txt", "They said [in a statement]they would stay.\n"))
    assert texts(found) == ["]they"]


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


# --- XL305 verbless fragment --------------------------------------------------------------------


def test_verbless_fragment_in_a_paragraph():
    text = (
        "The mayor resigned on Monday after a long dispute with the council. Budget shortfall. "
        "Her deputy will take over the office until the elections next spring.\n"
    )
    found = check(VerblessFragment(), doc("a.txt", text))
    assert texts(found) == ["Budget shortfall."]
    assert found[0].severity == Severity.INFO


@pytest.mark.parametrize(
    "text",
    [
        "Budget shortfall\nThe mayor resigned on Monday after a long dispute with the council.\n",
        "The mayor resigned on Monday after a long dispute with the council. Thanks. "
        "Her deputy will take over the office until the elections next spring.\n",
        "The mayor resigned on Monday after a long dispute with the council. Not really. "
        "Her deputy will take over the office until the elections next spring.\n",
        "The mayor resigned on Monday after a long dispute with the council. She left. "
        "Her deputy will take over the office until the elections next spring.\n",
    ],
)
def test_not_verbless_fragments(text):
    assert check(VerblessFragment(), doc("a.txt", text)) == []


def test_verbless_fragment_only_in_english():
    text = (
        "Le maire a démissionné lundi après un long conflit avec le conseil. Déficit budgétaire. "
        "Son adjoint assurera l'intérim jusqu'aux élections du printemps prochain.\n"
    )
    assert check(VerblessFragment(), doc("a.txt", text, "fr")) == []
