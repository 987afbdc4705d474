"""Answers of slow pure functions kept on disk, so that a warm re-run reads them back.

The vector cache (xlingual.embed.embedders) spares a re-run the model's forward pass. What a warm
run would still spend its time on is loading spaCy, word-frequency tables, a language detector and a
spelling index, only to answer the same questions about the same sentences again. A function
wrapped in `remembered` keeps its answers in a SQLite file while a store is open (`api.check`
opens one in the cache folder); with no store open it simply runs.

Only pure functions of their (hashable, repr-stable) arguments may be wrapped. An answer is
filed under a hash of the function's name, xlingual's own source code and the versions of the
packages whose data the function reads, so editing the code or upgrading a model never serves a
stale answer. A damaged or unwritable store costs time and a warning (xlingual.cache), never
a result.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import io
import pickle
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from xlingual.cache import cache_problem, open_database

F = TypeVar("F", bound=Callable[..., Any])

_MISSING = object()


_SCHEMA = (
    (
        "remembered",
        "CREATE TABLE IF NOT EXISTS remembered (key TEXT PRIMARY KEY, value BLOB, code TEXT)",
    ),
)


class _Store:
    def __init__(self, database: Path):
        self.database = database
        self.pending: dict[str, bytes] = {}
        # None when the file cannot be opened: xlingual.cache has warned; answers are worked out.
        self.connection = open_database(database, _SCHEMA)
        if self.connection is None:
            return
        try:
            with self.connection:
                # Answers filed by another version of xlingual can never be asked for again
                # (the code is part of every key): without this the file would only grow.
                self.connection.execute(
                    "DELETE FROM remembered WHERE code != ?", (_code_version(),)
                )
        except sqlite3.Error as error:  # read-only or full: what it holds can still be read
            cache_problem(database, error, consequence="continuing without storing to it")

    def get(self, key: str) -> Any:
        if key in self.pending:
            return _loads(self.pending[key])
        if self.connection is None:
            return _MISSING
        try:
            row = self.connection.execute(
                "SELECT value FROM remembered WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error:
            return _MISSING
        return _MISSING if row is None else _loads(row[0])

    def put(self, key: str, value: Any) -> None:
        self.pending[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def close(self) -> None:
        if self.connection is None:
            return
        try:
            if self.pending:
                with self.connection:
                    code = _code_version()
                    self.connection.executemany(
                        "INSERT OR REPLACE INTO remembered VALUES (?, ?, ?)",
                        [(key, value, code) for key, value in self.pending.items()],
                    )
        except sqlite3.Error as error:
            cache_problem(self.database, error, consequence="continuing without storing to it")
        finally:
            self.connection.close()


_store: _Store | None = None


@contextmanager
def remembering(database: Path) -> Iterator[None]:
    """Within this block, `remembered` functions read and file their answers in `database`."""
    global _store
    previous, _store = _store, _Store(database)
    try:
        yield
    finally:
        _store.close()
        _store = previous


def remembered(*packages: str) -> Callable[[F], F]:
    """Keep the decorated pure function's answers in the open store, if any.

    `packages` name the distributions whose data the function reads (a spaCy model, wordfreq):
    their versions are part of every key.
    """

    def decorate(function: F) -> F:
        name = f"{function.__module__}.{function.__qualname__}"

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if _store is None:
                return function(*args, **kwargs)
            key = answer_key(name, packages, (args, sorted(kwargs.items())))
            answer = _store.get(key)
            if answer is _MISSING:
                answer = function(*args, **kwargs)
                _store.put(key, answer)
            return answer

        return wrapper  # type: ignore[return-value]

    return decorate


def recall_many(name: str, packages: Sequence[str], keys: Sequence[tuple]) -> list[Any]:
    """Stored answers for a batch (None where there is none), for functions that work in
    batches, such as spaCy over many documents; file new ones with `file_many`."""
    if _store is None:
        return [None] * len(keys)
    answers = [_store.get(answer_key(name, packages, key)) for key in keys]
    return [None if answer is _MISSING else answer for answer in answers]


def file_many(name: str, packages: Sequence[str], items: Sequence[tuple[tuple, Any]]) -> None:
    if _store is not None:
        for key, answer in items:
            _store.put(answer_key(name, packages, key), answer)


def answer_key(name: str, packages: Sequence[str], args: tuple) -> str:
    digest = hashlib.sha256()
    for part in (name, _code_version(), *map(_package_version, packages), repr(args)):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """A hash of every source and data file of the package: any change files answers afresh.

    Word lists and model weights under xlingual/data/ steer answers as much as code does."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    data = package / "data"
    files = [*package.rglob("*.py"), *data.rglob("*.txt"), *data.rglob("*.npz")]
    for path in sorted(files):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def _package_version(distribution: str) -> str:
    try:
        return f"{distribution}=={importlib.metadata.version(distribution)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{distribution}==?"


class _OwnTypesOnly(pickle.Unpickler):
    """A cache file is data, not code: only xlingual's own classes and plain containers load."""

    _BUILTINS = frozenset({"tuple", "list", "dict", "set", "frozenset", "str", "int", "float"})

    def find_class(self, module: str, name: str) -> Any:
        if module == "xlingual" or module.startswith("xlingual."):
            return super().find_class(module, name)
        if module == "builtins" and name in self._BUILTINS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the answer store")


def _loads(blob: bytes) -> Any:
    try:
        return _OwnTypesOnly(io.BytesIO(blob)).load()
    except Exception:  # a damaged or foreign entry is only a miss
        return _MISSING
