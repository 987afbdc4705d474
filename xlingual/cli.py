"""The command line: a thin typer layer over xlingual.api. Only this module writes files or exits.

Heavy modules (numpy, torch, the models) are imported inside the commands, so that
`xlingual --help` starts in a fraction of a second.
"""

from __future__ import annotations

import contextlib
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from xlingual.gate import EXIT_CLEAN, EXIT_USAGE, exit_code
from xlingual.terminal import (
    OneLineWarnings,
    UsageProblem,
    click_exceptions,
    colour_terminal,
    flush_stdout,
    progress_bar,
    refuse_escaping_writes,
    say,
    usage_error,
    write_output,
)
from xlingual.text_helpers import plural

app = typer.Typer(
    name="xlingual",
    help="Check articles and translations for name variants, mistranslations and wrong facts.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help, as click writes it: rich's help panels cost 0.15 s of every `--help`. Wide
    # enough that no command's summary is cut.
    rich_markup_mode=None,
    context_settings={"terminal_width": 100},
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    markdown = "markdown"
    html = "html"


# `xlingual report -o FILE` picks each file's format by its suffix.
FORMAT_BY_SUFFIX = {
    ".txt": "text",
    ".json": "json",
    ".sarif": "sarif",
    ".xml": "junit",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
}


class BeadFormat(str, Enum):
    beads = "beads"
    tsv = "tsv"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


# Options shared by `check`, `pair` and `report`, declared once.
Paths = Annotated[
    list[Path],
    typer.Argument(metavar="PATHS", help="Article files or folders (.txt .md .html)."),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
]
FailOnOption = Annotated[
    FailOn | None,
    typer.Option(help="Exit 1 when a finding is at or above this severity [default: error]."),
]
SelectOption = Annotated[
    list[str] | None,
    typer.Option(help="Only rules whose code starts with this, e.g. XL1 (repeatable)."),
]
IgnoreOption = Annotated[
    list[str] | None,
    typer.Option(help="Skip rules whose code starts with this (repeatable; longest prefix wins)."),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="A TOML config file (xlingual.toml keys).")
]
EmbedderOption = Annotated[
    str | None, typer.Option(help="e5-small, use, or a sentence-transformers model name or path.")
]
GlossaryOption = Annotated[
    Path | None, typer.Option(help="The newsroom's style sheet of names (.toml or .csv).")
]
BaselineOption = Annotated[
    Path | None,
    typer.Option(help="Findings recorded in this file are not reported again."),
]
UpdateBaselineOption = Annotated[
    bool,
    typer.Option(
        "--update-baseline", help="Record every current finding in the --baseline file and exit."
    ),
]
ChangedOnlyOption = Annotated[
    str | None,
    typer.Option(
        "--changed-only", metavar="REF", help="Report only findings on lines changed since REF."
    ),
]
ExitZeroOption = Annotated[
    bool, typer.Option("--exit-zero", help="Exit 0 even when findings are reported.")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="Embed and align on the Dask cluster of this scheduler, e.g. tcp://host:8786 "
        "(needs the 'distributed' extra).",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers", min=1, metavar="N", help="Embed and align on N local Dask worker processes."
    ),
]


@app.command()
def check(
    paths: Paths,
    output_format: FormatOption = OutputFormat.text,
    output: OutputOption = None,
    fail_on: FailOnOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    config_file: ConfigOption = None,
    embedder: EmbedderOption = None,
    glossary: GlossaryOption = None,
    baseline: BaselineOption = None,
    update_baseline: UpdateBaselineOption = False,
    changed_only: ChangedOnlyOption = None,
    exit_zero: ExitZeroOption = False,
    quiet: QuietOption = False,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
) -> None:
    """Check a set of articles about one story: the gate for CI (exit 1 on findings)."""
    config = _config(config_file, fail_on, select, ignore, embedder, glossary, baseline)
    run = _story_check(paths, config, scheduler, workers)
    _gate(
        run, paths, config, update_baseline, changed_only, quiet, output_format, output, exit_zero
    )


def _story_check(paths, config, scheduler: str | None, workers: int | None):
    """The run of `check` and `report`: progress -> Report, on a Dask cluster if asked."""

    def run(progress):
        from xlingual.api import check as run_check

        with _cluster(scheduler, workers) as client:
            return run_check(paths, config, progress=progress, client=client)

    return run


@app.command()
def pair(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="SOURCE TRANSLATION | PAIRS.tsv",
            help="A source article and its translation, or one file of source<TAB>translation "
            "lines, each line checked on its own.",
        ),
    ],
    output_format: FormatOption = OutputFormat.text,
    output: OutputOption = None,
    fail_on: FailOnOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    config_file: ConfigOption = None,
    embedder: EmbedderOption = None,
    glossary: GlossaryOption = None,
    baseline: BaselineOption = None,
    update_baseline: UpdateBaselineOption = False,
    changed_only: ChangedOnlyOption = None,
    exit_zero: ExitZeroOption = False,
    quiet: QuietOption = False,
) -> None:
    """Check a translation against its source: two articles, or a file of pairs (exit 1 on
    findings, as check)."""
    if len(paths) > 2:
        raise UsageProblem(
            f"pair takes SOURCE TRANSLATION or one PAIRS.tsv, not {len(paths)} paths"
        )
    config = _config(config_file, fail_on, select, ignore, embedder, glossary, baseline)

    def run(progress):
        from xlingual.api import check_pair_files, check_pairs_file

        if len(paths) == 1:
            return check_pairs_file(paths[0], config, progress=progress)
        return check_pair_files(*paths, config, progress=progress)

    _gate(
        run, paths, config, update_baseline, changed_only, quiet, output_format, output, exit_zero
    )


def _gate(
    run,  # run(progress) -> Report
    paths,
    config,
    update_baseline: bool,
    changed_only: str | None,
    quiet: bool,
    output_format: OutputFormat,
    output: Path | None,
    exit_zero: bool,
) -> None:
    """What `check` and `pair` do with a run: narrow its report as the gate options say, write
    it in its format, and exit with the gate's code."""
    refuse_escaping_writes(
        [output] + ([Path(config.baseline)] if update_baseline and config.baseline else [])
    )
    report = _gated_report(paths, config, update_baseline, changed_only, quiet, run)
    color = output is None and output_format is OutputFormat.text and colour_terminal()
    write_output(_render(report, output_format.value, color=color), output)
    raise typer.Exit(exit_code(report, config.fail_on, exit_zero))


def _changed_lines(ref: str, paths):
    from xlingual.changes import ChangesError, changed_lines

    try:
        return changed_lines(ref, paths)
    except ChangesError as error:
        raise UsageProblem(f"--changed-only {ref}: {error}") from None


def _apply_baseline(report, path: Path, update: bool):
    from xlingual.baseline import BaselineError, write_baseline
    from xlingual.gate import new_since_baseline

    if update:
        if not report.documents:
            raise UsageProblem(f"{path}: not updated: no article could be read")
        recorded = [f for f in report.findings if f.path in {d.path for d in report.documents}]
        write_output(write_baseline(path, recorded, report.documents), path)
        say(f"{path}: recorded {plural(len(recorded), 'finding')}")
    try:
        return new_since_baseline(report, path)
    except BaselineError as error:
        raise UsageProblem(str(error)) from None


@app.command()
def report(
    paths: Paths,
    outputs: Annotated[
        list[Path],
        typer.Option(
            "--output",
            "-o",
            help="A report file; its suffix picks the format: "
            + ", ".join(f"{suffix} {name}" for suffix, name in FORMAT_BY_SUFFIX.items())
            + " (repeatable).",
        ),
    ],
    fail_on: Annotated[
        FailOn, typer.Option(help="Exit 1 when a finding is at or above this severity.")
    ] = FailOn.never,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    config_file: ConfigOption = None,
    embedder: EmbedderOption = None,
    glossary: GlossaryOption = None,
    baseline: BaselineOption = None,
    changed_only: ChangedOnlyOption = None,
    quiet: QuietOption = False,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
) -> None:
    """Write reports an editor reads (html, markdown, ...): one run, every format asked for."""
    formats = [(output, _format_for(output)) for output in outputs]
    config = _config(config_file, fail_on, select, ignore, embedder, glossary, baseline)
    refuse_escaping_writes(outputs)
    run = _story_check(paths, config, scheduler, workers)
    report = _gated_report(paths, config, False, changed_only, quiet, run)
    for output, format_name in formats:
        write_output(_render(report, format_name), output)
    if not quiet:
        say(f"{_summary_line(report)}; wrote {', '.join(str(o) for o, _ in formats)}")
    raise typer.Exit(exit_code(report, config.fail_on))


def _format_for(output: Path) -> str:
    name = FORMAT_BY_SUFFIX.get(output.suffix.lower())
    if name is None:
        known = ", ".join(FORMAT_BY_SUFFIX)
        raise UsageProblem(f"{output}: cannot tell the report format from its suffix ({known})")
    return name


def _config(config_file, fail_on, select, ignore, embedder, glossary, baseline):
    from xlingual.config import load_config

    return load_config(config_file).with_overrides(
        fail_on=fail_on.value if fail_on else None,
        select=tuple(select) if select else None,
        ignore=tuple(ignore) if ignore else None,
        embedder=embedder,
        glossary=str(glossary) if glossary else None,
        baseline=str(baseline) if baseline else None,
    )


def _gated_report(
    paths,
    config,
    update_baseline: bool,
    changed_only: str | None,
    quiet: bool,
    check,  # check(progress) -> Report: the run itself
):
    """Run the check, then narrow it as the gate options say: changed lines, baseline."""
    if update_baseline and not config.baseline:
        raise UsageProblem("--update-baseline needs --baseline FILE (or baseline in the config)")
    changes = _changed_lines(changed_only, paths) if changed_only else None
    with progress_bar(quiet) as progress:
        report = check(progress)
    for error in report.input_errors:
        say(str(error))
    if not report.documents and not report.input_errors:
        raise UsageProblem("no articles to check")
    # With no readable article the report still goes out, in every format: its XL901 findings
    # are what a CI job that expects a SARIF or JUnit file must see (and the exit code is 2).
    if changes is not None:
        from xlingual.gate import only_changed

        report = only_changed(report, changes)
    if config.baseline:
        report = _apply_baseline(report, Path(config.baseline), update_baseline)
    return report


@contextlib.contextmanager
def _cluster(scheduler: str | None, workers: int | None):
    """A Dask client for --scheduler or --workers, else None; opened by `with`, closed after."""
    if scheduler is None and workers is None:
        yield None
        return
    from xlingual.distributed import ClusterError, connect

    with contextlib.ExitStack() as stack:
        try:
            client = stack.enter_context(connect(scheduler, workers))
        except ClusterError as error:
            raise UsageProblem(str(error)) from None
        yield client


@app.command()
def align(
    source: Annotated[Path, typer.Argument(help="The source text.")],
    target: Annotated[Path, typer.Argument(help="Its translation.")],
    presplit: Annotated[
        bool, typer.Option("--presplit", help="Both files hold one sentence per line.")
    ] = False,
    output_format: Annotated[
        BeadFormat, typer.Option("--format", "-f", help="beads: `[6, 7]:[9]` per line (0-based).")
    ] = BeadFormat.beads,
    embedder: Annotated[
        str | None,
        typer.Option(help="e5-small, use, or a sentence-transformers model name or path."),
    ] = None,
    config_file: Annotated[
        Path | None, typer.Option("--config", help="A TOML config file.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Align a source text with its translation, sentence by sentence."""
    from xlingual.align.pair import align_texts
    from xlingual.config import load_config
    from xlingual.embed.embedders import load_embedder

    config = load_config(config_file).with_overrides(embedder=embedder)
    source_sentences = _sentences(source, presplit)
    target_sentences = _sentences(target, presplit)
    model = load_embedder(config.embedder, config.cache_dir)
    beads = align_texts(source_sentences, target_sentences, model.embed)
    write_output(
        _render_beads(beads, source_sentences, target_sentences, output_format.value), output
    )


@app.command("rules")
def list_rules() -> None:
    """List every rule with its code, name, default severity and summary."""
    from xlingual.rules import ALL_RULES

    write_output(
        "".join(
            f"{rule.code}  {rule.name:<28} {rule.default_severity.value:<8} {rule.summary}\n"
            for rule in ALL_RULES
        ),
        None,
    )


@app.command("rule")
def show_rule(
    code: Annotated[str, typer.Argument(help="A rule code, e.g. XL101.")],
) -> None:
    """Print a rule's documentation: what it checks, why it matters, an example."""
    from xlingual.codes import BY_CODE
    from xlingual.rule_docs import rule_documentation

    # Read from the rules' source, not imported: see xlingual/rule_docs.py.
    documentation = rule_documentation(code)
    entry = BY_CODE.get(code.upper())
    if documentation is None or entry is None:
        raise UsageProblem(f"no rule {code!r} (`xlingual rules` lists them)")
    write_output(
        f"{entry.code} {entry.name} ({entry.default_severity.value})\n\n{documentation}\n", None
    )


@app.command()
def version() -> None:
    """Print the version."""
    from xlingual.version import __version__

    write_output(f"xlingual {__version__}\n", None)


def _sentences(path: Path, presplit: bool) -> list[str]:
    from xlingual.load.documents import InputError, decode, load_document

    if presplit:
        try:
            text, _ = decode(path.read_bytes(), path)
        except OSError as error:
            raise UsageProblem(f"{path}: cannot read ({error.strerror or error})") from None
        # Line numbers are sentence ids: keep every line, blank ones included.
        return text.splitlines()
    try:
        return [sentence.text for sentence in load_document(path).sentences]
    except InputError as error:
        raise UsageProblem(str(error)) from None


def _render(report, format_name: str, *, color: bool = False) -> str:
    from xlingual.output import render

    return render(report, format_name, color=color)


def _summary_line(report) -> str:
    from xlingual.output.common import summary

    counts = summary(report)
    return f"{plural(len(report.documents), 'document')}: " + ", ".join(
        f"{count} {level}" for level, count in counts.items()
    )


def _render_beads(beads, source: list[str], target: list[str], format_name: str) -> str:
    from xlingual.align.pair import format_beads

    if format_name == "beads":
        return format_beads(beads)
    if format_name == "json":
        import json

        rows = [
            {"source": list(b.source), "target": list(b.target), "score": round(b.score, 4)}
            for b in beads
        ]
        return json.dumps(rows, indent=2) + "\n"
    lines = ["source\ttarget\tscore\tsource_text\ttarget_text"]
    for bead in beads:
        lines.append(
            "\t".join(
                [
                    ",".join(map(str, bead.source)),
                    ",".join(map(str, bead.target)),
                    f"{bead.score:.4f}",
                    " ".join(source[i] for i in bead.source).replace("\t", " "),
                    " ".join(target[j] for j in bead.target).replace("\t", " "),
                ]
            )
        )
    return "\n".join(lines) + "\n"


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _user_problems() -> tuple[type[Exception], ...]:
    """The errors that are the user's to fix (a setting, a style sheet, a full disk), said in one
    line. Imported only when something went wrong: the style sheet's module reads the document
    loaders, which `xlingual --help` must not wait for."""
    from xlingual.analysis.names.glossary import GlossaryError
    from xlingual.cache import NoRoomForModel
    from xlingual.config import ConfigError

    return (ConfigError, GlossaryError, NoRoomForModel)


def main() -> None:
    """Entry point: every expected problem becomes one line on stderr and exit code 2."""
    import warnings

    warnings.showwarning = OneLineWarnings()
    usage_errors, aborts = click_exceptions()
    interruptions: tuple[type[BaseException], ...] = (KeyboardInterrupt, *aborts)
    try:
        # Without standalone mode click returns the exit code instead of exiting.
        code = app(standalone_mode=False, prog_name="xlingual")
    except UsageProblem as problem:
        say(str(problem))
        sys.exit(EXIT_USAGE)
    except usage_errors as problem:
        usage_error(problem)
        sys.exit(EXIT_USAGE)
    except interruptions:
        code = EXIT_INTERRUPTED
    except Exception as problem:  # noqa: BLE001 - the contract is one line, never a traceback
        if isinstance(problem, _user_problems()):
            say(str(problem))
            sys.exit(EXIT_USAGE)
        if os.environ.get("XLINGUAL_DEBUG"):
            raise
        say(f"internal error: {type(problem).__name__}: {problem} (XLINGUAL_DEBUG=1 for details)")
        sys.exit(EXIT_USAGE)
    if code == EXIT_INTERRUPTED:
        # typer turns Ctrl-C (KeyboardInterrupt) into this exit code; nothing else returns it.
        say("interrupted")
    flush_stdout()
    sys.exit(code if isinstance(code, int) else EXIT_CLEAN)
