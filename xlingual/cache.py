"""Where xlingual keeps what it can work out again, and what happens when it cannot keep it.

Everything in the cache folder (converted models, sentence vectors, answers of slow steps) can
be recomputed, so a cache that cannot be used (the path is a file, the folder or HOME is
read-only, the disk is full, a file is damaged) costs time and one warning naming the path,
never a result. Library code only warns (`CacheWarning`); the CLI decides how warnings show.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path

ENVIRONMENT_VARIABLE = "XLINGUAL_CACHE"


class CacheWarning(UserWarning):
    """The cache could not be used as it should; the result is unaffected."""


class NoRoomForModel(Exception):
    """A model xlingual must unpack before it can work (the e5 conversion, the language
    identifier) finds no room in the cache nor in a temporary folder: without it nothing can
    be checked, so the run stops with this one-line message."""


def cache_root(configured: str | os.PathLike | None = None) -> Path:
    """The cache folder: the configured one, else $XLINGUAL_CACHE, else the user cache."""
    if configured:
        return Path(configured)
    if os.environ.get(ENVIRONMENT_VARIABLE):
        return Path(os.environ[ENVIRONMENT_VARIABLE])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "xlingual"


_warned: set[tuple[str, str]] = set()
_warned_lock = threading.Lock()


def warn_cache(
    path: str | os.PathLike,
    reason: str,
    *,
    consequence: str = "continuing without it",
    state: str = "is unusable",
    stacklevel: int = 3,
) -> None:
    """Warn, once per process for each path and reason, that part of the cache was unusable.

    Once: a run touches the same file many times (every batch of vectors, every stage's
    answers), and one problem deserves one line."""
    key = (str(path), reason)
    with _warned_lock:
        if key in _warned:
            return
        _warned.add(key)
    warnings.warn(
        f"cache {path} {state} ({reason}); {consequence} "
        f"(set {ENVIRONMENT_VARIABLE} to a writable folder)",
        CacheWarning,
        stacklevel=stacklevel,
    )


def cache_problem(
    path: str | os.PathLike,
    error: BaseException,
    *,
    consequence: str = "continuing without it",
) -> None:
    """Warn that `path` in the cache failed with `error`, naming the place the problem lies.

    A folder that cannot be written (read-only, not a folder, full) is one problem however
    many files in it fail, so the warning names the folder then, and only once."""
    shown, cause = diagnose(Path(path), error)
    warn_cache(shown, cause, consequence=consequence, stacklevel=4)


def diagnose(path: Path, error: BaseException) -> tuple[Path, str]:
    """(where, why) for a failure at `path`: a file standing where a folder should be, a
    folder that refuses a new file, a disk that refuses a write, or else the file itself."""
    existing = path
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if existing != path and not existing.is_dir():
        return existing, "a file, not a folder"
    folder = existing if existing.is_dir() else existing.parent
    refused = _refuses_new_files(folder)
    if refused:
        return folder, refused
    cause = reason(error)
    if isinstance(error, sqlite3.Error) and ("disk" in cause or "readonly" in cause):
        return folder, cause  # the disk or the mount, not this one file
    return path, cause


def _refuses_new_files(folder: Path) -> str | None:
    try:
        with tempfile.TemporaryFile(dir=folder):
            return None
    except OSError as error:
        return reason(error)


def reason(error: BaseException) -> str:
    """A short cause for a warning: the OS's words for an OSError, sqlite's for its errors."""
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        return "a file, not a folder"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def is_damaged(error: BaseException) -> bool:
    """True when sqlite says the file is not a (whole) database, as opposed to a passing
    problem such as a lock held by another process or a full disk."""
    if not isinstance(error, sqlite3.DatabaseError) or isinstance(error, sqlite3.OperationalError):
        return False
    text = str(error).lower()
    return "not a database" in text or "malformed" in text


def open_database(path: Path, schema: Sequence[tuple[str, str]]) -> sqlite3.Connection | None:
    """A connection to the cache database `path` with `schema` ((table, CREATE statement)
    pairs) applied, or None, after a warning, when it cannot be opened. A file that is not a
    database is replaced: it can only hold what can be worked out again.

    A read-only database still opens, since what it holds can be read; a write that fails
    later is reported by the caller with `cache_problem`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        cache_problem(path, error)
        return None
    for attempt in (1, 2):
        connection = None
        try:
            connection = sqlite3.connect(path, timeout=30)
            # Created only where missing, so that a database on a read-only disk still opens.
            existing = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
            with connection:
                for table, statement in schema:
                    if table not in existing:
                        connection.execute(statement)
            return connection
        except sqlite3.Error as error:
            if connection is not None:
                connection.close()
            if attempt == 1 and is_damaged(error) and _remove_database(path):
                warn_cache(path, reason(error), state="was damaged", consequence="started afresh")
                continue
            cache_problem(path, error)
            return None
    return None  # pragma: no cover - the loop returns


def _remove_database(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False
    for suffix in ("-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")
    return True
