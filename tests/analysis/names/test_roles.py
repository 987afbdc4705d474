"""xlingual.analysis.names.roles: different people named in the same statement.

Mentions and sentence vectors are built by hand: one-sentence articles whose vectors say which
sentences report the same statement, so each test controls exactly what the detector sees.
"""

import re

import numpy as np

from xlingual.analysis.names.mentions import Mention
from xlingual.analysis.names.roles import name_conflicts
from xlingual.load.documents import Document

SAME = np.array([[1.0, 0.0]], dtype=np.float32)  # every article's one sentence: one statement


def _story(*articles: tuple, language: str = "en"):
    """(text, [(name, label)]) or (text, [(name, label)], its language) per article ->
    documents, vectors, mentions."""
    documents, mentions = [], []
    for index, (text, names, *own_language) in enumerate(articles):
        document = Document.from_text(
            f"{index}.txt", text, language=own_language[0] if own_language else language
        )
        documents.append(document)
        mentions.append(
            [
                Mention(document.path, hit.start(), hit.end(), name, label, 0)
                for name, label in names
                for hit in re.finditer(re.escape(name), text)
            ]
        )
    return documents, [SAME] * len(documents), mentions


def _flagged(documents, vectors, mentions) -> list[tuple[str, str]]:
    return [
        (documents[c.wrong.document].path, documents[c.wrong.document].text[slice(*c.wrong.span)])
        for c in name_conflicts(documents, vectors, mentions)
    ]


def test_the_person_fewer_articles_name_is_flagged() -> None:
    story = _story(
        ("Spokesman Nikos Lambrou said 700 firefighters fought the blaze.",
         [("Nikos Lambrou", "PERSON")]),
        ("Spokesman Yiannis Drosos said 700 firefighters fought the blaze.",
         [("Yiannis Drosos", "PERSON")]),
        ("About 700 firefighters fought it, spokesman Yiannis Drosos said.",
         [("Yiannis Drosos", "PERSON")]),
    )  # fmt: skip
    assert _flagged(*story) == [("0.txt", "Nikos Lambrou")]


def test_a_shared_given_name_and_a_surname_that_is_a_common_word() -> None:
    story = _story(
        ("Quality chief Makoto Woods said the cells were faulty.", [("Makoto Woods", "PERSON")]),
        ("Quality chief Makoto Hayashi said the cells were faulty.",
         [("Makoto Hayashi", "PERSON")]),
    )  # fmt: skip
    assert _flagged(*story) == [("0.txt", "Woods")]


def test_spelling_variants_and_given_names_in_another_language_are_not_other_people() -> None:
    variants = _story(
        ("Spokesman Yiannis Drosos said so.", [("Yiannis Drosos", "PERSON")]),
        ("Spokesman Giannis Drossos said so.", [("Giannis Drossos", "PERSON")]),
    )
    exonym = _story(
        ("Minister George Kefalas said so.", [("George Kefalas", "PERSON")]),
        ("Minister Giorgos Kefalas said so.", [("Giorgos Kefalas", "PERSON")]),
        ("Minister Giorgos Kefalas said it.", [("Giorgos Kefalas", "PERSON")]),
    )
    assert _flagged(*variants) == [] and _flagged(*exonym) == []


def test_organisations_and_statements_that_are_not_the_same_are_left_alone() -> None:
    organisation = _story(
        ("Yevgeny Prigozhin recruited prisoners.", [("Yevgeny Prigozhin", "PERSON")]),
        ("The Wagner Group recruited prisoners.", [("Wagner Group", "ORG")]),
        ("The Wagner Group recruited convicts.", [("Wagner Group", "ORG")]),
    )
    assert _flagged(*organisation) == []
    documents, _, mentions = _story(
        ("Spokesman Nikos Lambrou said so.", [("Nikos Lambrou", "PERSON")]),
        ("Spokesman Yiannis Drosos said so.", [("Yiannis Drosos", "PERSON")]),
        ("Spokesman Yiannis Drosos said it.", [("Yiannis Drosos", "PERSON")]),
    )
    apart = [SAME, np.array([[0.0, 1.0]], np.float32), np.array([[0.0, 1.0]], np.float32)]
    assert _flagged(documents, apart, mentions) == []


def test_a_name_in_another_script_counts_by_its_romanisation() -> None:
    story = _story(
        ("Mayor Stelios Hare asked residents to leave.", [("Stelios Hare", "PERSON")]),
        ("Mayor Stelios Lagos asked residents to leave.", [("Stelios Lagos", "PERSON")]),
    )
    greek = Document.from_text(
        "el.txt", "Ο δήμαρχος Στέλιος Λαγός ζήτησε από τους κατοίκους.", "el"
    )
    start = greek.text.index("Στέλιος")
    documents, vectors, mentions = story
    mentions = [*mentions, [Mention("el.txt", start, start + 13, "Στέλιος Λαγός", "NAME", 0)]]
    assert _flagged([*documents, greek], [*vectors, SAME], mentions) == [("0.txt", "Hare")]


def test_a_name_the_model_missed_is_read_from_the_capitalised_run_the_other_name_matches() -> None:
    # The model tagged only "Angela" (as a place) and read "Christmas" as a date.
    story = _story(
        ("The chair of the commission, Angela Christmas, said no fraud was found.",
         [("Angela", "PLACE")]),
        ("Commission chair Angela Kraus said no fraud was found.", [("Angela Kraus", "ORG")]),
    )  # fmt: skip
    assert _flagged(*story) == [("0.txt", "Christmas")]
    # A run that is not the other name's shape (a title before it) is not read as a name.
    story = _story(
        ("Civil Defence Minister Angela Kraus said no fraud was found.", []),
        ("Civil Defence chief Angela Kraus said no fraud was found.", [("Angela Kraus", "PERSON")]),
    )  # fmt: skip
    assert _flagged(*story) == []


def test_another_person_named_in_cyrillic_is_flagged() -> None:
    story = _story(
        ("Председатель совета Олег Сырбу сообщил, что пересчёт начнётся в четверг.",
         [("Олег Сырбу", "PERSON")], "ru"),
        ("Council chairman Tudor Lungu said the recount would start on Thursday.",
         [("Tudor Lungu", "PERSON")], "en"),
        ("The recount starts on Thursday, council chairman Tudor Lungu said.",
         [("Tudor Lungu", "PERSON")], "en"),
    )  # fmt: skip
    assert _flagged(*story) == [("0.txt", "Олег Сырбу")]


def test_the_same_person_in_cyrillic_is_not_another_person() -> None:
    story = _story(
        ("Председатель совета Тудор Лунгу сообщил, что пересчёт начнётся в четверг.",
         [("Тудор Лунгу", "PERSON")], "ru"),
        ("Council chairman Tudor Lungu said the recount would start on Thursday.",
         [("Tudor Lungu", "PERSON")], "en"),
        ("The recount starts on Thursday, council chairman Tudor Lungu said.",
         [("Tudor Lungu", "PERSON")], "en"),
    )  # fmt: skip
    assert _flagged(*story) == []


def test_across_scripts_a_drifting_romanisation_is_not_judged() -> None:
    # "Евгений" romanises near "Yevgeny"; the surnames differ, the given names do not: one
    # name may be a drifted transliteration, so across scripts nothing is judged.
    story = _story(
        ("Министр Евгений Кравец заявил, что переговоры продолжатся.",
         [("Евгений Кравец", "PERSON")], "ru"),
        ("Minister Yevgeny Smirnov said the talks would continue.",
         [("Yevgeny Smirnov", "PERSON")], "en"),
        ("The talks will continue, minister Yevgeny Smirnov said.",
         [("Yevgeny Smirnov", "PERSON")], "en"),
    )  # fmt: skip
    assert _flagged(*story) == []
