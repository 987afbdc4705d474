"""Embedding and cross-article alignment on a Dask cluster, for corpora one machine cannot hold.

Optional: `pip install 'xlingual[distributed]'`. Dask is imported inside the functions here, so
`import xlingual` and `xlingual --help` never load it.

What runs where: the client (this process) reads, segments, keeps the on-disk vector cache, and
runs the rules. The workers embed the cache's misses, each worker loading the model once and
keeping it, and compute the blocks of the similarity matrix (`groups.similarity_block`); the
client joins the blocks into groups exactly as on one machine.

Same input, same report, wherever it runs: the embedding batches are the ones the model forms
on one machine (same length order, same batch size, so the same padding) and the similarity
blocks are the same row ranges, so every float comes out bit for bit the same, given the same
numpy, torch and CPU family on the workers as on the client.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import uuid
from collections.abc import Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from xlingual.align.groups import (
    AlignedGroup,
    BlockResult,
    GroupingConfig,
    SimilarityInputs,
    similarity_block,
)
from xlingual.align.groups import align_documents as align_documents_here
from xlingual.embed.embedders import (
    MODEL_BATCH,
    CachedEmbedder,
    E5SmallEmbedder,
    Embedder,
    EmbedProgress,
    cache_root,
    model_batches,
)

if TYPE_CHECKING:
    from distributed import Client

INSTALL_HINT = "the distributed engine needs Dask: pip install 'xlingual[distributed]'"
# Embedding tasks per worker thread: enough to even out the workers' loads, few enough that the
# per-task overhead stays small.
TASKS_PER_THREAD = 2
CONNECT_TIMEOUT_S = 10


class ClusterError(Exception):
    """Dask is missing or the cluster cannot be reached; the message is one line for the user."""


def require_dask() -> Any:
    """The `distributed` module, or a ClusterError that says how to install it."""
    try:
        import distributed
    except ImportError:
        raise ClusterError(INSTALL_HINT) from None
    return distributed


@contextlib.contextmanager
def connect(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at `scheduler` (e.g. tcp://host:8786), or of a cluster of
    `workers` local processes started here and stopped on exit."""
    distributed = require_dask()
    if scheduler and workers:
        raise ClusterError("give --scheduler or --workers, not both")
    if scheduler:
        _check_address(scheduler)
        try:
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
        with client:
            yield client
        return
    if workers is None or workers < 1:
        raise ClusterError("--workers needs a number of worker processes, 1 or more")
    # One thread per process: the model and BLAS use the cores through the processes, and two
    # threads sharing one worker's model would only contend for it.
    with (
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            # Any free port: a fixed one clashes with other clusters on the machine.
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as client,
    ):
        # Every worker up before the first task, so the work spreads over all of them.
        client.wait_for_workers(workers)
        yield client


def _check_address(address: str) -> None:
    # A malformed address fails inside Client() and leaves a half-made client that stalls the
    # interpreter's exit; checking it first keeps the error to one line and an instant exit.
    from distributed.comm.addressing import get_address_host_port, parse_address
    from distributed.comm.registry import get_backend

    try:
        scheme, _ = parse_address(address)
        get_backend(scheme)
        get_address_host_port(address)
    except ValueError as error:
        raise ClusterError(f"not a Dask scheduler address: {address} ({error})") from None


def on_cluster(client: Client, embedder: Embedder) -> Embedder:
    """The same embedder, computing on the cluster's workers.

    A vector cache stays on this machine: cached texts never reach the cluster, and fresh
    vectors are stored here, so a warm run does not touch the workers."""
    if isinstance(embedder, CachedEmbedder):
        return CachedEmbedder(ClusterEmbedder(client, embedder.inner), embedder.database)
    return ClusterEmbedder(client, embedder)


class ClusterEmbedder:
    """Embeds batches of texts on the workers and returns the rows in input order.

    The embedder travels to the workers as a pickle (unloaded: models load on first use); each
    worker keeps the first copy it receives, so it loads the model once, not once per task."""

    def __init__(self, client: Client, inner: Embedder):
        require_dask()
        import cloudpickle  # comes with Dask

        self.client = client
        self.inner = _portable(inner)
        self.model_id = inner.model_id
        self.batch_size = int(getattr(inner, "batch_size", MODEL_BATCH))
        # Workers recognise the embedder by its pickled state: same state, same loaded model.
        self._key = hashlib.sha256(cloudpickle.dumps(self.inner)).hexdigest()

    def embed(self, texts: Sequence[str], progress: EmbedProgress | None = None) -> np.ndarray:
        if not texts:
            return self.inner.embed([])
        texts = list(texts)
        # Each worker runs the very batches one machine would (embed.model_batches): a text's
        # vector depends on the padding of its batch in the last bits.
        order, positions = model_batches(texts, self.batch_size)
        batches = [[texts[i] for i in batch] for batch in positions]
        threads = max(1, sum(self.client.nthreads().values()))
        task_count = min(len(batches), threads * TASKS_PER_THREAD)
        # Batches dealt out in turn, so that the long (slow) ones spread over all the tasks.
        dealt = [range(n, len(batches), task_count) for n in range(task_count)]
        run = uuid.uuid4().hex
        futures = self.client.map(
            _embed_batches,
            [self._key] * task_count,
            [self.inner] * task_count,
            [[batches[b] for b in task] for task in dealt],
            key=[f"xlingual-embed-{run}-{n}" for n in range(task_count)],
        )
        by_batch: dict[int, np.ndarray] = {}
        task_of = {future.key: task for future, task in zip(futures, dealt, strict=True)}
        for future, vectors in _completed(self.client, futures):
            by_batch.update(zip(task_of[future.key], vectors, strict=True))
            if progress is not None:
                progress(len(by_batch) / len(batches))
        in_length_order = np.concatenate([by_batch[b] for b in range(len(batches))])
        vectors = np.empty_like(in_length_order)
        vectors[order] = in_length_order
        return vectors


def _completed(client: Client, futures: list) -> Iterator[tuple[Any, Any]]:
    """(future, result) as each task finishes, for a progress bar that moves with the work."""
    from distributed import as_completed

    # The loop named: the client is not the default one (set_as_default=False).
    yield from as_completed(futures, loop=client.loop, with_results=True)


def _portable(inner: Embedder) -> Embedder:
    """The default e5 cache is each machine's own default, not this machine's path."""
    if (
        type(inner) is E5SmallEmbedder
        and inner._model is None
        and inner._cache_dir is not None
        and inner._cache_dir == cache_root()
    ):
        return E5SmallEmbedder(None)
    return inner


# On a worker: embedders already received, by key, each with a lock so that one worker's
# threads load the model once and take turns on it. Bounded: a worker serves a few models.
_LOADED: dict[str, tuple[Embedder, threading.Lock]] = {}
_LOADED_LOCK = threading.Lock()
_MAX_LOADED = 4


def _embed_batches(key: str, embedder: Embedder, batches: list[list[str]]) -> list[np.ndarray]:
    with _LOADED_LOCK:
        if key not in _LOADED:
            while len(_LOADED) >= _MAX_LOADED:
                _LOADED.pop(next(iter(_LOADED)))
            _LOADED[key] = (embedder, threading.Lock())
        loaded, lock = _LOADED[key]
    with lock:
        # One call per batch: the model must not regroup them (see ClusterEmbedder.embed).
        return [loaded.embed(batch) for batch in batches]


def align_documents(
    client: Client,
    vectors: Sequence[np.ndarray],
    config: GroupingConfig | None = None,
    word_counts: Sequence[Sequence[int]] | None = None,
) -> list[AlignedGroup]:
    """`groups.align_documents` with the blocks of the similarity matrix computed on the workers."""
    return align_documents_here(
        vectors, config, word_counts, map_blocks=partial(_blocks_on_cluster, client)
    )


def _blocks_on_cluster(
    client: Client, inputs: SimilarityInputs, bounds: Sequence[tuple[int, int]]
) -> list[BlockResult]:
    # The vectors go to every worker once; each task then names only its rows.
    shared = client.scatter(inputs, broadcast=True, hash=False)
    run = uuid.uuid4().hex
    futures = client.map(
        similarity_block,
        [shared] * len(bounds),
        [start for start, _ in bounds],
        [stop for _, stop in bounds],
        key=[f"xlingual-similarity-block-{run}-{n}" for n in range(len(bounds))],
    )
    return client.gather(futures)
