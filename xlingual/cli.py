"""The command line: a thin typer layer over xlingual.api. Only this module writes files or exits.

Heavy modules (numpy, torch, the models) are imported inside the commands, so that
`xlingual --help` starts in a fraction of a second.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="xlingual",
    help="Check articles and translations for name variants, mistranslations and wrong facts.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class BeadFormat(str, Enum):
    beads = "beads"
    tsv = "tsv"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class UsageProblem(Exception):
    """A problem with the command's input; reported as one line, exit 2."""


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders (.txt .md .html).")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Report format.")
    ] = OutputFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(help="Exit 1 when a finding is at or above this severity [default: error]."),
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(help="Only rules whose code starts with this (repeatable).")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip rules whose code starts with this (repeatable).")
    ] = None,
    config_file: Annotated[
        Path | None, typer.Option("--config", help="A TOML config file (xlingual.toml keys).")
    ] = None,
    embedder: Annotated[
        str | None,
        typer.Option(help="e5-small, use, or a sentence-transformers model name or path."),
    ] = None,
    glossary: Annotated[
        Path | None,
        typer.Option(help="The newsroom's style sheet of names (.toml or .csv); see README."),
    ] = None,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when findings are reported.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Check a set of articles about one story."""
    from xlingual.api import check as run_check
    from xlingual.config import load_config

    config = load_config(config_file).with_overrides(
        fail_on=fail_on.value if fail_on else None,
        select=tuple(select) if select else None,
        ignore=tuple(ignore) if ignore else None,
        embedder=embedder,
        glossary=str(glossary) if glossary else None,
    )
    with _progress(quiet) as progress:
        report = run_check(paths, config, progress=progress)
    for error in report.input_errors:
        _error(str(error))
    if not report.documents:
        raise UsageProblem("no readable articles to check")
    _write(_render(report, output_format.value), output)
    if report.input_errors:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(_exit_code(report, config.fail_on, exit_zero))


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
    from xlingual.align import align_texts
    from xlingual.config import load_config
    from xlingual.embed import load_embedder

    config = load_config(config_file).with_overrides(embedder=embedder)
    source_sentences = _sentences(source, presplit)
    target_sentences = _sentences(target, presplit)
    model = load_embedder(config.embedder, config.cache_dir)
    beads = align_texts(source_sentences, target_sentences, model.embed)
    _write(_render_beads(beads, source_sentences, target_sentences, output_format.value), output)


@app.command("rules")
def list_rules() -> None:
    """List every rule with its code, default severity and summary."""
    from xlingual.rules import ALL_RULES

    for rule in ALL_RULES:
        typer.echo(f"{rule.code}  {rule.name:<28} {rule.default_severity.value:<8} {rule.summary}")


@app.command()
def version() -> None:
    """Print the version."""
    from xlingual import __version__

    typer.echo(f"xlingual {__version__}")


def _sentences(path: Path, presplit: bool) -> list[str]:
    from xlingual.documents import InputError, decode, load_document

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


def _render(report, format_name: str) -> str:
    import importlib

    return importlib.import_module(f"xlingual.output.{format_name}").render(report)


def _render_beads(beads, source: list[str], target: list[str], format_name: str) -> str:
    from xlingual.align import format_beads

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


def _exit_code(report, fail_on: str, exit_zero: bool) -> int:
    from xlingual.findings import Severity

    if exit_zero or fail_on == "never":
        return EXIT_CLEAN
    threshold = Severity(fail_on).rank
    failing = any(finding.severity.rank >= threshold for finding in report.findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageProblem(f"{output}: cannot write ({error.strerror or error})") from None


class _progress:
    """A spinner with the current step on stderr, only when stderr is a terminal."""

    def __init__(self, quiet: bool):
        self.enabled = not quiet and sys.stderr.isatty()
        self._status = None

    def __enter__(self):
        if self.enabled:
            from rich.console import Console

            self._status = Console(stderr=True).status("loading articles")
            self._status.__enter__()
        return self.update

    def update(self, message: str) -> None:
        if self._status is not None:
            self._status.update(message)

    def __exit__(self, *exc_info) -> None:
        if self._status is not None:
            self._status.__exit__(*exc_info)


def _error(message: str) -> None:
    sys.stderr.write(f"xlingual: {message}\n")


def main() -> None:
    """Entry point: every expected problem becomes one line on stderr and exit code 2."""
    from xlingual.config import ConfigError
    from xlingual.glossary import GlossaryError

    try:
        # Without standalone mode click returns the exit code instead of exiting.
        exit_code = app(standalone_mode=False)
    except (UsageProblem, ConfigError, GlossaryError) as problem:
        _error(str(problem))
        sys.exit(EXIT_USAGE)
    except Exception as problem:  # noqa: BLE001 - the contract is one line, never a traceback
        import click

        if isinstance(problem, click.exceptions.ClickException):
            problem.show()
            sys.exit(EXIT_USAGE)
        if isinstance(problem, click.exceptions.Abort):
            sys.exit(130)
        if os.environ.get("XLINGUAL_DEBUG"):
            raise
        _error(
            f"internal error: {type(problem).__name__}: {problem} (XLINGUAL_DEBUG=1 for details)"
        )
        sys.exit(EXIT_USAGE)
    sys.exit(exit_code if isinstance(exit_code, int) else EXIT_CLEAN)
