"""xlingual.analysis.names.variants: clustering name spellings across articles, and style-sheet
matching.

Mentions are built by hand here (no spaCy), so each test controls exactly what the detector sees.
"""

import re

from xlingual.align.groups import AlignedGroup, GroupMember
from xlingual.analysis.names.glossary import Glossary, GlossaryTerm
from xlingual.analysis.names.mentions import Mention
from xlingual.analysis.names.variants import analyse_names, match_glossary, name_parts
from xlingual.load.documents import Document


def _document(path: str, text: str) -> Document:
    return Document.from_text(path, text, language="en")


def _mentions(document: Document, names: dict[str, str]) -> list[Mention]:
    """Every occurrence of each name in `names` (name -> label), with its sentence index."""
    found = []
    for name, label in names.items():
        for hit in re.finditer(rf"\b{re.escape(name)}\b", document.text):
            sentence = next(s.index for s in document.sentences if s.start <= hit.start() < s.end)
            found.append(Mention(document.path, hit.start(), hit.end(), name, label, sentence))
    # a longer mention wins over the bare surname inside it
    found.sort(key=lambda m: (m.start, -m.end))
    kept = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


STORY = [
    "The activist Garry Kasparov spoke on Monday. Kasparov said the vote was rigged.",
    "Kasparov called for protests in the capital. Observers agreed with Kasparov on the count.",
    "Garry Kasparow spoke from exile. Kasparow said the vote was rigged.",
]


def _analyse(texts, names, groups=(), glossary=None):
    documents = [_document(f"a{i}.txt", text) for i, text in enumerate(texts)]
    mentions = [_mentions(document, names) for document in documents]
    return documents, analyse_names(documents, mentions, groups, glossary)


def test_minority_spelling_joins_the_majority():
    names = {
        "Garry Kasparov": "PERSON",
        "Kasparov": "PERSON",
        "Garry Kasparow": "PERSON",
        "Kasparow": "PERSON",
    }
    _, analysis = _analyse(STORY, names)
    [cluster] = analysis.clusters
    assert cluster.canonical == "Kasparov"
    assert cluster.spellings == ("Kasparov", "Kasparow")
    assert "2 articles" in cluster.reason
    assert len(cluster.occurrences("Kasparow")) == 2
    assert any("given name Garry" in e for e in cluster.evidence)


def test_person_and_place_with_similar_names_stay_apart():
    texts = ["Christo Grozev investigated the case.", "Fighting resumed near Grozny."]
    _, analysis = _analyse(texts, {"Christo Grozev": "PERSON", "Grozny": "PLACE"})
    assert analysis.clusters == ()


def test_names_side_by_side_are_two_entities():
    texts = ["Anna Maria and Anna Mario met in Rome.", "Maria left early."]
    _, analysis = _analyse(texts, {"Maria": "PERSON", "Mario": "PERSON"})
    assert analysis.clusters == ()


def test_different_given_names_keep_surnames_apart():
    texts = ["Pavel Kasparov runs a bakery.", "Garry Kasparow played chess."]
    _, analysis = _analyse(texts, {"Pavel Kasparov": "PERSON", "Garry Kasparow": "PERSON"})
    assert analysis.clusters == ()


def test_middling_score_needs_evidence_from_aligned_sentences():
    # Kasrapov (a transposition) is below the same-name threshold: alone it is not enough...
    texts = ["Kasparov spoke on Monday about the vote.", "Kasrapov spoke on Monday about it."]
    names = {"Kasparov": "PERSON", "Kasrapov": "PERSON"}
    from xlingual.analysis.names.same_name import SAME_NAME_THRESHOLD, name_score

    score = name_score("Kasparov", "Kasrapov")
    assert score < SAME_NAME_THRESHOLD
    _, alone = _analyse(texts, names)
    assert alone.clusters == ()
    # ...but the two sentences say the same thing in two articles.
    group = AlignedGroup((GroupMember(0, 0), GroupMember(1, 0)), 0.95)
    _, aligned = _analyse(texts, names, groups=[group])
    [cluster] = aligned.clusters
    assert "aligned sentences" in " ".join(cluster.evidence)


def test_acronyms_and_short_words_are_not_name_parts():
    document = _document("a.txt", "The FSB and Li Na met Kasparov.")
    mentions = [
        Mention("a.txt", 4, 7, "FSB", "ORG", 0),
        Mention("a.txt", 12, 17, "Li Na", "PERSON", 0),
        Mention("a.txt", 22, 30, "Kasparov", "PERSON", 0),
    ]
    parts = name_parts(0, mentions)
    assert [p.text for p in parts] == ["Kasparov"]
    assert document.text[parts[0].start : parts[0].end] == "Kasparov"


GLOSSARY = Glossary(
    "style.toml",
    (GlossaryTerm("Garry Kasparov", ("Kasparoff",), "house style", 2),),
)


def test_glossary_flags_variants_with_matching_given_name_and_inherits_it():
    text = "Garry Kasparow spoke. Later Kasparow said more. Kasparoff agreed."
    document = _document("a.txt", text)
    names = {"Garry Kasparow": "PERSON", "Kasparow": "PERSON", "Kasparoff": "PERSON"}
    matches = match_glossary([document], [_mentions(document, names)], GLOSSARY)
    assert [(m.text, m.suggestion) for m in matches] == [
        ("Kasparow", "Kasparov"),
        ("Kasparow", "Kasparov"),  # a bare surname after "Garry Kasparow" in the same article
        ("Kasparoff", "Kasparov"),  # a listed wrong form
    ]
    assert "wrong form" in matches[-1].reason


def test_glossary_entry_does_not_pull_in_another_person_with_a_similar_surname():
    text = "Pavel Kasparow owns a shop. Kasparow opened it in 1990."
    document = _document("a.txt", text)
    names = {"Pavel Kasparow": "PERSON", "Kasparow": "PERSON"}
    assert match_glossary([document], [_mentions(document, names)], GLOSSARY) == []


def test_glossary_leaves_the_correct_spelling_alone():
    document = _document("a.txt", "Garry Kasparov spoke. Kasparov left.")
    names = {"Garry Kasparov": "PERSON", "Kasparov": "PERSON"}
    assert match_glossary([document], [_mentions(document, names)], GLOSSARY) == []


def test_glossary_decides_the_canonical_spelling():
    texts = ["Kasparow spoke.", "Kasparow left.", "Garry Kasparov came."]
    names = {"Kasparow": "PERSON", "Garry Kasparov": "PERSON"}
    _, analysis = _analyse(texts, names, glossary=GLOSSARY)
    [cluster] = analysis.clusters
    assert cluster.canonical == "Kasparov"
    assert "style sheet" in cluster.reason


def test_glossary_decides_when_only_its_close_variants_appear():
    # No article writes the style sheet's "Kasparov"; the entry flags the full mentions, and the
    # cluster's canonical spelling (the suggestion for the bare surname it cannot flag) is the
    # style sheet's, not the majority's.
    texts = ["Garry Kasparow spoke.", "Garry Kasparow left.", "Kasparow came.", "Kasparof came."]
    names = {"Garry Kasparow": "PERSON", "Kasparow": "PERSON", "Kasparof": "PERSON"}
    _, analysis = _analyse(texts, names, glossary=GLOSSARY)
    [cluster] = analysis.clusters
    assert cluster.canonical == "Kasparov"
    assert cluster.decided_by == "style sheet"
    assert "Kasparov" not in cluster.spellings  # no article uses it


def test_majority_typo_loses_to_an_attested_spelling():
    texts = ["Kasporov spoke.", "Kasporov left.", "Kasporov came.", "Kasparov won.", "Kasparov"]
    _, analysis = _analyse(texts, {"Kasporov": "PERSON", "Kasparov": "PERSON"})
    [cluster] = analysis.clusters
    assert (cluster.canonical, cluster.decided_by) == ("Kasparov", "dictionary")
    assert cluster.spellings[0] == "Kasparov"


def test_an_english_possessive_is_not_a_variant():
    texts = [
        "The European Union met on Monday. The Union agreed on the budget.",
        "The Union's ministers met on Monday to agree the budget.",
    ]
    names = {"European Union": "ORG", "Union": "ORG", "Union's": "ORG"}
    group = AlignedGroup((GroupMember(0, 0), GroupMember(1, 0)), 0.95)
    _, analysis = _analyse(texts, names, groups=[group])
    assert analysis.clusters == ()


def test_the_english_plural_of_a_group_is_not_a_variant():
    texts = [
        "The Socialist party won. A Socialist spokesman spoke.",
        "The Socialists won the vote in the capital.",
    ]
    group = AlignedGroup((GroupMember(0, 0), GroupMember(1, 0)), 0.95)
    _, groups_only = _analyse(texts, {"Socialist": "ORG", "Socialists": "ORG"}, groups=[group])
    assert groups_only.clusters == ()


def test_what_counts_as_an_english_inflection():
    from xlingual.analysis.names.variants import _english_inflection

    assert _english_inflection("Union", "Union\u2019s", {"ORG"})
    assert _english_inflection("Socialists", "Socialist", {"NAME"})
    assert not _english_inflection("Matthew", "Matthews", {"PERSON", "NAME"})
    assert not _english_inflection("Kasparov", "Kasparow", {"NAME"})


def _in(language: str, path: str, text: str) -> Document:
    return Document.from_text(path, text, language=language)


def test_case_forms_inside_an_inflected_language_are_one_name():
    texts = {
        "ru": ["Выборы в Бельцах прошли спокойно.", "Мэр Бельц обещал пересчёт голосов."],
        "el": ["Ο Κυριάκος μίλησε χθες.", "Η δήλωση του Κυριάκου ήρθε αργά."],
        "de": ["Der Gipfel in Warschau begann.", "Warschaus Bürgermeister sprach lange."],
    }
    names = {
        "ru": {"Бельцах": "PLACE", "Бельц": "PLACE"},
        "el": {"Κυριάκος": "PERSON", "Κυριάκου": "PERSON"},
        "de": {"Warschau": "PLACE", "Warschaus": "PLACE"},
    }
    for language, pair in texts.items():
        documents = [_in(language, f"{language}{i}.txt", t) for i, t in enumerate(pair)]
        mentions = [_mentions(d, names[language]) for d in documents]
        group = AlignedGroup((GroupMember(0, 0), GroupMember(1, 0)), 0.95)
        assert analyse_names(documents, mentions, [group]).clusters == (), language


def test_articles_languages_leave_ordinary_variants_alone():
    # The case tables are read only for the languages of the articles both spellings occur in.
    documents = [_document("a0.txt", STORY[0]), _document("a1.txt", STORY[2])]
    names = {"Garry Kasparov": "PERSON", "Kasparov": "PERSON"}
    names_b = {"Garry Kasparow": "PERSON", "Kasparow": "PERSON"}
    mentions = [_mentions(documents[0], names), _mentions(documents[1], names_b)]
    assert len(analyse_names(documents, mentions).clusters) == 1


def test_common_words_of_the_articles_own_language_are_not_name_variants():
    # Κυριακής (Sunday's) in a Greek article is a word of Greek, not a misspelt Κυριάκος.
    documents = [
        _in("el", "el0.txt", "Ο Κυριάκος μίλησε χθες το βράδυ."),
        _in("el", "el1.txt", "Η φωτιά ξέσπασε το απόγευμα της Κυριακής."),
    ]
    names = {"Κυριάκος": "PERSON", "Κυριακής": "NAME"}
    mentions = [_mentions(d, names) for d in documents]
    group = AlignedGroup((GroupMember(0, 0), GroupMember(1, 0)), 0.95)
    assert analyse_names(documents, mentions, [group]).clusters == ()


def test_two_established_words_before_one_surname_are_one_name():
    # Marino and Marini are both Italian words, but both stand before Rossi.
    group = AlignedGroup((GroupMember(0, 0), GroupMember(1, 0)), 0.95)
    documents = [
        _in("it", "it0.txt", "Il ciclista Marino Rossi è stato sospeso."),
        _in("it", "it1.txt", "Il corridore Marini Verdi è stato sospeso."),
    ]
    names = {"Marino Rossi": "PERSON", "Marini Verdi": "PERSON"}
    mentions = [_mentions(d, names) for d in documents]
    assert analyse_names(documents, mentions, [group]).clusters == ()  # two words
    documents[1] = _in("it", "it1.txt", "Il corridore Marini Rossi è stato sospeso.")
    names = {"Marino Rossi": "PERSON", "Marini Rossi": "PERSON"}
    mentions = [_mentions(d, names) for d in documents]
    (cluster,) = analyse_names(documents, mentions, [group]).clusters
    assert set(cluster.spellings) == {"Marino", "Marini"}
    assert any("before the surname Rossi" in evidence for evidence in cluster.evidence)


def test_one_title_before_two_spellings_is_evidence_even_after_two_forms_of_a_given_name():
    # Petros and Peter are one name in two languages' forms; the title says it is one person.
    names = {"Petros Kostakis": "PERSON", "Peter Kostakas": "PERSON"}
    texts = [
        "The Minister of Culture and Sport Petros Kostakis opened the museum on Monday.",
        "Later, the Minister of Culture and Sport, Peter Kostakas, spoke to reporters.",
    ]
    _, analysis = _analyse(texts, names)
    (cluster,) = analysis.clusters
    assert set(cluster.spellings) == {"Kostakis", "Kostakas"}
    assert any("title words" in evidence and "culture" in evidence for evidence in cluster.evidence)
    # Without the shared title, two given names mean two people.
    texts[1] = "Later, the singer Peter Kostakas spoke to reporters about the concert."
    _, analysis = _analyse(texts, names)
    assert analysis.clusters == ()
