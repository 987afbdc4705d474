"""`--changed-only REF`: which lines of which files changed since a git ref.

A pull request should be judged on what it changes: a gate that fails on an old article nobody
touched teaches people to ignore it. Lines come from `git diff --unified=0 REF`, which compares
the working tree (committed or not) with REF; files git does not track yet count as wholly new.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class ChangesError(Exception):
    """git is missing, the folder is no repository, or the ref is unknown; one line."""


@dataclass(frozen=True)
class ChangedLines:
    """Changed lines per file (absolute paths); None as the value means the whole file is new."""

    by_file: dict[Path, frozenset[int] | None]

    def touches(self, path: str, first_line: int, last_line: int) -> bool:
        key = Path(path).resolve()
        if key not in self.by_file:
            return False
        lines = self.by_file[key]
        return lines is None or any(line in lines for line in range(first_line, last_line + 1))


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)
_FILE = re.compile(r"^\+\+\+ (?:b/)?(.*?)\t?$", re.MULTILINE)  # git may end a name with a tab


def changed_lines(ref: str, paths: Iterable[str | Path], cwd: Path | None = None) -> ChangedLines:
    targets = [Path(p).resolve() for p in paths]
    # git runs where the articles are, so a check started outside their repository still works.
    if cwd is None:
        cwd = _folder_of(targets[0]) if targets else Path.cwd()
    cwd = cwd.resolve()
    root = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd, f"unknown git ref '{ref}'")
    diff = _git(
        [
            "diff",
            "--unified=0",
            "--no-color",
            "--no-ext-diff",
            "--no-renames",
            ref,
            "--",
            *map(str, targets),
        ],
        cwd,
    )
    by_file: dict[Path, frozenset[int] | None] = dict(parse_diff(diff, root))
    untracked = _git(
        ["ls-files", "--others", "--exclude-standard", "--full-name", "--", *map(str, targets)], cwd
    )
    for name in untracked.splitlines():
        by_file[(root / name).resolve()] = None
    return ChangedLines(by_file)


def parse_diff(diff: str, root: Path) -> dict[Path, frozenset[int]]:
    """Lines added or changed in the new version of each file of a unified diff."""
    changed: dict[Path, frozenset[int]] = {}
    sections = re.split(r"^diff --git ", diff, flags=re.MULTILINE)
    for section in sections:
        target = _FILE.search(section)
        if target is None or target.group(1) == "/dev/null":
            continue  # a deleted file has no lines left to report on
        lines: set[int] = set()
        for hunk in _HUNK.finditer(section):
            first, count = int(hunk.group(1)), int(hunk.group(2) or 1)
            lines.update(range(first, first + count))  # count 0: a pure deletion, nothing new
        changed[(root / target.group(1)).resolve()] = frozenset(lines)
    return changed


def _folder_of(path: Path) -> Path:
    return path if path.is_dir() else path.parent


def _git(args: list[str], cwd: Path, failure: str | None = None) -> str:
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
    except FileNotFoundError:
        raise ChangesError("--changed-only needs git, which is not installed") from None
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[:1]
        raise ChangesError(
            failure or f"git {args[0]} failed: {detail[0] if detail else result.returncode}"
        )
    return result.stdout
