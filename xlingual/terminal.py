"""The terminal side of the command line: writing a report to a file or standard output (and
refusing a write through a planted link), the progress bar, and every message on stderr as one
escaped line. `xlingual.cli` holds the typer commands and calls these.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from xlingual.gate import EXIT_USAGE


class UsageProblem(Exception):
    """A problem with the command's input; reported as one line, exit 2."""


def colour_terminal() -> bool:
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except OSError as error:
            _silence_stdout()
            raise UsageProblem(
                f"cannot write to standard output ({error.strerror or error})"
            ) from None
        return
    refused = _escaping_output(output)
    if refused:
        raise UsageProblem(f"{output}: {refused}")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageProblem(f"{output}: cannot write ({error.strerror or error})") from None


def refuse_escaping_writes(outputs) -> None:
    """Refuse before the run (it may take minutes) a file that `write_output` would refuse
    after it."""
    for output in outputs:
        refused = output is not None and _escaping_output(output)
        if refused:
            raise UsageProblem(f"{output}: {refused}")


def _escaping_output(output: Path) -> str | None:
    """Why a report or baseline may not be written at `output`, or None.

    A symbolic link planted in the checked repository (`-o report.html` pointing at
    `~/.bashrc` or `.git/hooks/pre-commit`) must not turn a report into a write anywhere else.
    """
    from xlingual.load.documents import escaping_link, working_tree

    reason = escaping_link(output, working_tree())
    return f"{reason}; not written" if reason else None


def _silence_stdout() -> None:
    # What could not be written stays in the buffer, and Python flushes it again at exit, which
    # fails again ("Exception ignored ..."): point standard output at /dev/null first.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


class progress_bar:
    """A progress bar with the current step on stderr, only when stderr is a terminal."""

    def __init__(self, quiet: bool):
        self.enabled = not quiet and sys.stderr.isatty()
        self._bar = None

    def __enter__(self):
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                TextColumn("{task.description:<36}"),
                BarColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("loading articles", total=1.0)
        return self.update

    def update(self, message: str, done: float) -> None:
        if self._bar is not None:
            self._bar.update(self._task, description=visible_line(message), completed=done)

    def __exit__(self, *exc_info) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc_info)


def visible_line(text: str) -> str:
    from xlingual.output.visible import defused, visible

    return defused(visible(text))


def say(message: str) -> None:
    # Every line on stderr is one line, whatever a file name holds: GitHub reads workflow
    # commands ("::error ...") from stderr too, so a line break in a name must never reach it.
    sys.stderr.write(f"xlingual: {visible_line(message)}\n")


def usage_error(problem) -> None:
    """Click's usage error (usage line, hint, message), every line escaped."""
    context = getattr(problem, "ctx", None)
    if context is not None:
        sys.stderr.write(visible_line(context.get_usage()) + "\n")
        if context.command.get_help_option(context) is not None:
            hint = f"Try '{context.command_path} {context.help_option_names[0]}' for help."
            sys.stderr.write(visible_line(hint) + "\n")
        sys.stderr.write("\n")
    sys.stderr.write(f"Error: {visible_line(_usage_message(problem))}\n")


def _usage_message(problem) -> str:
    # typer's copy of click lists every near option; click itself says "Did you mean ...?".
    possibilities = sorted(getattr(problem, "possibilities", None) or ())
    if len(possibilities) == 1:
        return f"{problem.message} Did you mean {possibilities[0]}?"
    return problem.format_message()


def click_exceptions() -> tuple[tuple[type[BaseException], ...], tuple[type[BaseException], ...]]:
    """(usage errors, aborts) of the click typer runs on and of click itself, if installed.

    typer 0.29 ships its own copy of click (typer._click), whose classes are not click's.
    """
    usage: list[type[BaseException]] = []
    aborts: list[type[BaseException]] = []
    for module_name in ("typer._click.exceptions", "click.exceptions"):
        try:
            module = __import__(module_name, fromlist=["ClickException"])
        except ImportError:
            continue
        usage.append(module.ClickException)
        if hasattr(module, "Abort"):
            aborts.append(module.Abort)
    import typer.exceptions

    aborts.append(typer.exceptions.Abort)
    return tuple(usage), tuple(aborts)


class OneLineWarnings:
    """Python warnings raised during a run (a cache that cannot be used, a library's notice),
    each distinct message once, as one escaped line: never Python's two-line format."""

    def __init__(self) -> None:
        self.shown: set[str] = set()

    def __call__(self, message, category, filename, lineno, file=None, line=None) -> None:
        text = str(message)
        if text not in self.shown:
            self.shown.add(text)
            say(f"warning: {text}")


def flush_stdout() -> None:
    """Flush now, while a failure can still be one line, not at interpreter exit."""
    try:
        sys.stdout.flush()
    except OSError as error:
        _silence_stdout()
        say(f"cannot write to standard output ({error.strerror or error})")
        sys.exit(EXIT_USAGE)
