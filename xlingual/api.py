"""The orchestrator: load -> segment -> embed -> align -> rules -> report, in one direction."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from xlingual import __version__, distributed  # distributed imports Dask only when used
from xlingual.config import Config
from xlingual.documents import Document, InputError, find_files, load_document
from xlingual.embed import Embedder, cache_root, embed_texts, load_embedder
from xlingual.findings import Finding, Severity
from xlingual.glossary import Glossary, load_glossary
from xlingual.groups import AlignedGroup, GroupingConfig, align_documents, grouping_defaults
from xlingual.memo import remembering
from xlingual.rules import ALL_RULES, UNREADABLE_INPUT, CheckContext, PairAlignment
from xlingual.suppressions import is_suppressed
from xlingual.text_helpers import plural
from xlingual.variants import NameAnalysis, VariantCluster

if TYPE_CHECKING:
    from distributed import Client as DaskClient

INPUT_ERROR_CODE = UNREADABLE_INPUT.code


@dataclass(frozen=True)
class Report:
    documents: tuple[Document, ...]
    groups: tuple[AlignedGroup, ...]
    pairs: tuple[PairAlignment, ...]
    findings: tuple[Finding, ...]
    signature: str
    input_errors: tuple[InputError, ...] = ()
    name_clusters: tuple[VariantCluster, ...] = ()

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)


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
        context = CheckContext(tuple(documents), tuple(vectors), tuple(groups), (), config, names)
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
    from xlingual.align import AlignConfig, align_vectors, embed_windows, text_features

    config = config or Config()
    # One answer store (xlingual.memo) for the whole run: what was worked out before is read back.
    with remembering(answers_file(config)):
        glossary = _load_glossary(config)  # before the model loads: a bad style sheet fails fast
        embedder = embedder or load_embedder(config.embedder, config.cache_dir)
        source = Document.from_text(source_path, source_text)
        translation = Document.from_text(translation_path, translation_text)
        source_sentences = [s.text for s in source.sentences]
        translation_sentences = [s.text for s in translation.sentences]
        align_config = AlignConfig()
        # One embedding pass: the windows the aligner needs include the single sentences.
        source_windows, translation_windows = embed_windows(
            source_sentences, translation_sentences, embedder.embed, align_config.max_window
        )
        beads = align_vectors(
            source_windows,
            translation_windows,
            text_features(source_sentences),
            text_features(translation_sentences),
            align_config,
        )
        vectors = [source_windows[0], translation_windows[0]]
        pair = PairAlignment(0, 1, tuple(beads))
        names = _analyse_names([source, translation], (), config, glossary)
        context = CheckContext((source, translation), tuple(vectors), (), (pair,), config, names)
        return _report(context, embedder, ())


def _analyse_names(
    documents: Sequence[Document],
    groups: Sequence[AlignedGroup],
    config: Config,
    glossary: Glossary | None,
) -> NameAnalysis | None:
    """Names are read only when a selected rule uses them: spaCy takes seconds to load."""
    if not any(is_selected(rule.code, config.select, config.ignore) for rule in _NAME_RULES):
        return None
    from xlingual.mentions import extract_all_mentions
    from xlingual.variants import analyse_names

    mentions = extract_all_mentions(documents)
    return analyse_names(documents, mentions, groups, glossary)


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
        (documents if isinstance(item, Document) else paths).append(item)
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


def _embed_documents(
    documents: Sequence[Document],
    embedder: Embedder,
    progress: Callable[[float], None] | None = None,
) -> list[np.ndarray]:
    """Each document's sentence vectors; `progress` hears the share embedded after each batch."""
    # One call for every sentence of every document: the model is fastest on long batches.
    texts = [sentence.text for document in documents for sentence in document.sentences]
    all_vectors = (
        embed_texts(embedder, texts, progress) if texts else np.zeros((0, 1), dtype=np.float32)
    )
    vectors, offset = [], 0
    for document in documents:
        vectors.append(all_vectors[offset : offset + len(document.sentences)])
        offset += len(document.sentences)
    return vectors


def _report(
    context: CheckContext,
    embedder: Embedder,
    input_errors: Sequence[InputError],
    say: Progress = lambda _message, _done: None,
) -> Report:
    config = context.config
    rules = [rule for rule in ALL_RULES if is_selected(rule.code, config.select, config.ignore)]
    findings = []
    for number, rule in enumerate(rules):
        say(f"{rule.code} {rule.name}", 0.75 + 0.25 * number / len(rules))
        findings.extend(_with_configured_severity(f, config) for f in rule.check(context))
    findings = _unsuppressed(findings, context.documents)
    findings.extend(_input_findings(input_errors))
    return Report(
        documents=context.documents,
        groups=context.groups,
        pairs=context.pairs,
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        signature=signature(config, embedder.model_id),
        input_errors=tuple(input_errors),
        name_clusters=context.names.clusters if context.names else (),
    )


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
        findings=tuple(sorted(_input_findings(input_errors), key=Finding.sort_key)),
        signature=signature(config, embedder.model_id if embedder else config.embedder),
        input_errors=tuple(input_errors),
    )


def _unsuppressed(findings: Sequence[Finding], documents: Sequence[Document]) -> list[Finding]:
    """Findings not silenced by an `<!-- xlingual: ignore ... -->` comment in their article."""
    suppressions = {document.path: document.suppressions for document in documents}
    return [
        finding
        for finding in findings
        if not is_suppressed(finding.code, finding.start, suppressions.get(finding.path, ()))
    ]


def narrowed(report: Report, keep: Callable[[Finding], bool]) -> Report:
    """The same report with only the findings `keep` accepts (for baselines, changed lines)."""
    return replace(report, findings=tuple(f for f in report.findings if keep(f)))


def is_selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Ruff-style selection: the longest matching prefix of --select or --ignore decides."""
    best_select = max((len(p) for p in select if code.startswith(p.upper())), default=-1)
    best_ignore = max((len(p) for p in ignore if code.startswith(p.upper())), default=-1)
    if not select:
        best_select = max(best_select, 0)
    return best_select > best_ignore


def _with_configured_severity(finding: Finding, config: Config) -> Finding:
    level = config.severity.get(finding.code)
    if level is None:
        return finding
    return replace(finding, severity=Severity(level))


def _input_findings(errors: Sequence[InputError]) -> list[Finding]:
    return [UNREADABLE_INPUT.input_finding(error.path, error.reason) for error in errors]


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
    """Everything a result depends on, so that a report can be reproduced."""
    grouping = grouping_config(config)
    return (
        f"xlingual {__version__}; model={model_id}; group_min_cosine={grouping.min_cosine}; "
        f"group_min_margin={grouping.min_margin}; group_copy_cosine={grouping.copy_cosine}; "
        f"group_min_words={grouping.min_words}"
    )
