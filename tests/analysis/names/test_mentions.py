"""Name mentions. The spaCy models load once per process (cached), so these stay quick."""

from __future__ import annotations

from xlingual.analysis.names.mentions import (
    Mention,
    extract_all_mentions,
    extract_mentions,
    load_model,
)
from xlingual.analysis.names.model_mentions import model_mentions as _model_mentions
from xlingual.load.documents import Document


def document(text: str, language: str = "en", path: str = "a.txt") -> Document:
    return Document.from_text(path, text, language=language)


def mentions_in(doc: Document) -> list[Mention]:
    found = extract_mentions(doc)
    for mention in found:
        assert doc.text[mention.start : mention.end] == mention.text
        sentence = doc.sentences[mention.sentence]
        assert sentence.start <= mention.start < mention.end <= sentence.end
    assert found == sorted(found, key=lambda m: (m.start, m.end))
    return found


def names(text: str, language: str = "en") -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in mentions_in(document(text, language))]


def raw_entities(text: str, language: str = "en") -> list[tuple[str, str]]:
    """What spaCy alone tags, to show what the supplements add."""
    return [(ent.text, ent.label_) for ent in load_model(language)(text).ents]


def cleaned(text: str, entities: list[tuple[str, str]], language: str = "en"):
    """Mentions made from hand-written model output: the first occurrence of each text."""
    doc = document(text, language)
    spans = [
        (text.index(entity), text.index(entity) + len(entity), label) for entity, label in entities
    ]
    found = _model_mentions(doc, spans, language, frozenset())
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
    return [(m.text, m.label) for m in found]


# --- the model and labels -------------------------------------------------------------------


def test_model_is_loaded_once_and_runs_ner_only():
    nlp = load_model("en")
    assert load_model("en") is nlp
    assert nlp.pipe_names == ["ner"]
    # NER must have its own tok2vec layer (not listen to a shared one) for the exclusion to be
    # safe; a model upgrade that changes this would silently break NER.
    for language in ("en", "fr"):
        tok2vec = load_model(language).config["components"]["ner"]["model"]["tok2vec"]
        assert "Listener" not in tok2vec["@architectures"]


def test_english_labels_are_mapped_and_others_dropped():
    text = (
        "Ukrainian President Volodymyr Zelensky met Emmanuel Macron and NATO officials in Kyiv "
        "on Monday."
    )
    found = names(text)
    assert ("Volodymyr Zelensky", "PERSON") in found
    assert ("Emmanuel Macron", "PERSON") in found
    assert ("NATO", "ORG") in found
    assert ("Kyiv", "PLACE") in found
    assert all(label in {"PERSON", "ORG", "PLACE"} for _, label in found)
    assert not any(text in {"Ukrainian", "Monday"} for text, _ in found)  # NORP, DATE


def test_french_labels_are_mapped():
    found = names("La femme de Navalny, Ioulia Navalnaïa, a parlé à l'AFP à Paris.", "fr")
    assert found == [
        ("Navalny", "PERSON"),
        ("Ioulia Navalnaïa", "PERSON"),
        ("AFP", "ORG"),
        ("Paris", "PLACE"),
    ]


def test_french_name_with_capitalised_article_survives():
    # With spaCy's parser in the pipeline, a spurious sentence break inside this name loses it.
    assert ("Marine Le Pen", "PERSON") in names(
        "Marine Le Pen et Jean-Luc Mélenchon ont réagi.", "fr"
    )


def test_sentence_indices():
    doc = document(
        "Garry Kasparov left Russia in 2013.\nHe now lives in New York. Kasparov still plays chess."
    )
    found = mentions_in(doc)
    assert [(m.text, m.sentence) for m in found] == [
        ("Garry Kasparov", 0),
        ("Russia", 0),
        ("New York", 1),
        ("Kasparov", 2),
    ]
    assert all(m.path == "a.txt" for m in found)


# --- cleaning spans -------------------------------------------------------------------------


def test_determiner_possessive_and_quotes_are_stripped():
    text = '"The Kremlin" denied it, citing the Wagner Group’s statement and Navalny\'s lawyers.'
    found = names(text)
    assert ("Kremlin", "ORG") in found
    assert ("Wagner Group", "ORG") in found
    assert any(text == "Navalny" for text, _ in found)


def test_capitalised_article_inside_a_sentence_is_part_of_the_name():
    assert ("The Hague", "PLACE") in names("Navalny's lawyers met the BBC in The Hague on Friday.")


def test_cleaning_rules_on_given_model_output():
    text = "Hier, l'Élysée et (Le Monde) ont cité « Navalny ». Le Kremlin a répondu."
    entities = [
        ("l'Élysée", "ORG"),
        ("(Le Monde)", "ORG"),
        ("« Navalny »", "PER"),
        ("Le Kremlin", "LOC"),
    ]
    assert cleaned(text, entities, "fr") == [
        ("Élysée", "ORG"),
        ("Le Monde", "ORG"),  # capitalised mid-sentence: part of the name
        ("Navalny", "PERSON"),
        ("Kremlin", "PLACE"),  # at a sentence start: just the article
    ]


def test_capitalised_article_is_kept_in_a_persons_name():
    text = "Le Pen a répondu."
    assert cleaned(text, [("Le Pen", "PER")], "fr") == [("Le Pen", "PERSON")]


def test_mentions_without_letters_or_capitals_are_dropped():
    text = "In 2024 the kremlin and U.S. officials met the 1980s."
    entities = [("2024", "ORG"), ("kremlin", "ORG"), ("U.S.", "GPE"), ("1980s", "DATE")]
    assert cleaned(text, entities) == [("U.S.", "PLACE")]


def test_a_mention_does_not_run_into_the_next_sentence():
    text = "Sanctions hit Gazprom.\nNavalny said so."
    assert cleaned(text, [("Gazprom.\nNavalny", "ORG")]) == [("Gazprom", "ORG")]


# --- supplements ----------------------------------------------------------------------------


def test_misspelt_given_name_joins_the_surname():
    text = "In a statement, Alexej Kasparov denied the claims."
    assert raw_entities(text) == [("Kasparov", "PERSON")]
    assert names(text) == [("Alexej Kasparov", "PERSON")]


def test_misspelt_given_name_at_sentence_start_joins_the_surname():
    text = "Alexej Navalny was arrested on Sunday."
    assert ("Navalny", "PERSON") in raw_entities(text)
    assert names(text) == [("Alexej Navalny", "PERSON")]


def test_everyday_words_and_titles_do_not_join_a_name():
    assert raw_entities("Officials Kasparov said the case was political.") == [
        ("Kasparov", "PERSON")
    ]
    assert names("Officials Kasparov said the case was political.") == [("Kasparov", "PERSON")]
    assert names("Instead Kasparov said the case was political.") == [("Kasparov", "PERSON")]
    assert names("The lawyer for Mr Kasparov said the case was political.") == [
        ("Kasparov", "PERSON")
    ]


def test_words_of_a_tagged_name_are_found_where_the_model_missed_them():
    text = (
        "Sergej Skripal, a former officer, was poisoned. "
        "The poisoning of Sergei Skripal in Salisbury shocked Britain."
    )
    raw = raw_entities(text)
    assert ("Sergei Skripal", "PERSON") in raw
    assert not any("Sergej" in entity or entity == "Skripal" for entity, _ in raw)
    found = names(text)
    # "Skripal" is found again, and the unknown given name in front of it joins it.
    assert found[:2] == [("Sergej Skripal", "PERSON"), ("Sergei Skripal", "PERSON")]


def test_common_words_in_a_mislabelled_name_are_not_spread():
    # The model takes "Meet" into the name here; "Meet" elsewhere must not become a name.
    text = "Top officials flee with his help: Meet Garry Kasparov, a thorn in the side. Meet us."
    assert raw_entities(text) == [("Meet Garry Kasparov", "PERSON")]
    found = names(text)
    assert not any(text == "Meet" for text, _ in found)


def test_cyrillic_names_in_english_text():
    text = (
        "The Kremlin critic Алексей Навальный died in prison. "
        "Ходорковский told reporters he would return. "
        "The crowd chanted «В Москве арестовали Навального»."
    )
    raw = raw_entities(text)
    assert ("Алексей Навальный", "PERSON") in raw
    assert not any("Ходорковский" in entity for entity, _ in raw)
    found = names(text)
    assert ("Алексей Навальный", "PERSON") in found
    assert ("Ходорковский", "NAME") in found
    assert ("Навального", "NAME") in found
    assert ("Москве", "NAME") in found
    assert not any(entity.startswith("В") for entity, _ in found)  # a preposition, not a name


# --- fallback: other languages --------------------------------------------------------------


def test_german_fallback():
    text = (
        "Gestern sagte Selenskyj in Kyjiw, der Fall sei ernst. "
        "Nawalny starb im Februar. Seine Witwe sprach über Nawalny, "
        "Jean-Pierre O'Brien, Valéry Giscard d'Estaing und Ursula von der Leyen."
    )
    found = names(text, "de")
    assert all(label == "NAME" for _, label in found)
    texts = [text for text, _ in found]
    assert "Gestern" not in texts  # opens a sentence, nowhere else capitalised
    assert texts.count("Nawalny") == 2  # opens a sentence, but also capitalised mid-sentence
    assert "Selenskyj" in texts and "Kyjiw" in texts
    assert "Jean-Pierre O'Brien" in texts
    assert "Valéry Giscard d'Estaing" in texts
    assert "Ursula von der Leyen" in texts
    assert "Seine" not in texts and "Seine Witwe" not in texts  # a stop word


def test_fallback_runs_are_at_most_four_words():
    found = names("Ein Brief an Anna Maria Luisa Carla Beatrice Rossi kam an.", "de")
    assert ("Anna Maria Luisa Carla", "NAME") in found
    assert ("Beatrice Rossi", "NAME") in found


def test_fallback_particle_is_a_preposition_before_several_names():
    found = [text for text, _ in names("Ein Treffen von Olaf Scholz und Emmanuel Macron.", "de")]
    assert "Olaf Scholz" in found
    assert not any("von" in text for text in found)


def test_russian_fallback():
    text = (
        "Вчера Навальный был в суде. Адвокат сказал, что Навальный невиновен. "
        "Политик Михаил Ходорковский живёт в Лондоне."
    )
    found = names(text, "ru")
    texts = [text for text, _ in found]
    assert texts.count("Навальный") == 2
    assert "Вчера Навальный" not in texts  # an everyday word opening a sentence
    assert "Адвокат" not in texts
    assert any(text.endswith("Михаил Ходорковский") for text in texts)
    assert "Лондоне" in texts


def test_fallback_possessive_and_undetermined_language():
    found = names("Navalny's wife spoke to Kasparov. Navalny left, said Navalny's lawyer.", "und")
    assert found == [
        ("Navalny", "NAME"),
        ("Kasparov", "NAME"),
        ("Navalny", "NAME"),
        ("Navalny", "NAME"),
    ]


def test_fallback_cased_scripts_only():
    assert names("纳瓦尔尼在监狱中去世。", "zh") == []


# --- batching -------------------------------------------------------------------------------


def test_extract_all_mentions_batches_by_language_and_keeps_order():
    documents = [
        document("Garry Kasparov met Alexei Navalny.", "en", "1.txt"),
        document("Nawalny traf Kasparow in Berlin.", "de", "2.txt"),
        document("Navalny a rencontré Kasparov à Paris.", "fr", "3.txt"),
        document("", "und", "4.txt"),
        document("Gorbachev spoke in Moscow.", "en", "5.txt"),
    ]
    batched = extract_all_mentions(documents)
    assert len(batched) == len(documents)
    assert batched == [extract_mentions(doc) for doc in documents]
    assert [(m.path, m.text) for m in batched[1]] == [("2.txt", "Kasparow"), ("2.txt", "Berlin")]
    assert batched[3] == []
    assert ("Gorbachev", "PERSON") in [(m.text, m.label) for m in batched[4]]
