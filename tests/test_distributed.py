"""Embedding and alignment on a local Dask cluster of two worker processes: the same results.

The cluster starts once for the module (about 10 s) and is always closed. Classes the workers
must unpickle live in importable modules (tests.conftest, this one), not inside tests.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
from distributed import get_task_stream
from typer.testing import CliRunner

import xlingual.align.groups as groups_module
from tests.conftest import SEEDS, FakeEmbedder
from xlingual import distributed
from xlingual.api import check
from xlingual.cli import app
from xlingual.config import Config
from xlingual.embed.embedders import CachedEmbedder
from xlingual.output import render

# The fake embedder's cosines sit lower than e5's: a floor that gives seeds/ some groups.
FAKE_CONFIG = Config(group_min_cosine=0.5)


@pytest.fixture(scope="module")
def client():
    with distributed.connect(workers=2) as client:
        yield client


def workers_by_step(stream) -> dict[str, set[str]]:
    """Which workers ran the tasks of each step, from the scheduler's task stream."""
    steps: dict[str, set[str]] = {}
    for task in stream.data:
        key = task["key"] if isinstance(task["key"], str) else task["key"][0]
        for step in ("xlingual-embed", "xlingual-similarity-block"):
            if key.startswith(step + "-"):
                steps.setdefault(step, set()).add(task["worker"])
    return steps


def test_seeds_with_the_fake_embedder_give_the_same_report_on_two_workers(
    client, monkeypatch, isolated_cache
):
    # Small blocks (the same in both runs) so that seeds/ makes many of them.
    monkeypatch.setattr(groups_module, "CHUNK_ELEMENTS", 2000)
    here = check([SEEDS], FAKE_CONFIG, embedder=FakeEmbedder())
    with get_task_stream(client) as stream:
        spread = check([SEEDS], FAKE_CONFIG, embedder=FakeEmbedder(), client=client)
    assert len(here.groups) > 5
    assert spread.groups == here.groups  # same members, same float scores
    assert render(spread, "json") == render(here, "json")
    ran = workers_by_step(stream)
    assert ran["xlingual-similarity-block"] == set(client.nthreads())  # both workers
    assert ran["xlingual-embed"]


def test_alignment_on_the_cluster_is_bit_identical(client, monkeypatch):
    rng = np.random.default_rng(11)
    facts = rng.normal(size=(40, 24))
    documents, counts = [], []
    for _ in range(8):
        rows = facts[rng.choice(40, size=15, replace=False)]
        rows = rows + rng.normal(scale=0.4, size=rows.shape)
        documents.append((rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32))
        counts.append(list(rng.integers(2, 12, size=len(rows))))
    config = groups_module.GroupingConfig(min_cosine=0.55, min_margin=1.02)
    for chunk_elements in (groups_module.CHUNK_ELEMENTS, 1200):
        monkeypatch.setattr(groups_module, "CHUNK_ELEMENTS", chunk_elements)
        here = groups_module.align_documents(documents, config, counts)
        spread = distributed.align_documents(client, documents, config, counts)
        assert here and spread == here


def test_syndicated_copies_on_the_cluster_give_the_same_groups(client, monkeypatch):
    # Copies are joined through each block's copy forest: the result must not depend on where
    # the blocks ran or fell.
    from tests.align.test_groups import E5, syndicated

    documents = syndicated(12, 0.95) + syndicated(6, 0.995, seed=4)
    for chunk_elements in (groups_module.CHUNK_ELEMENTS, 300):
        monkeypatch.setattr(groups_module, "CHUNK_ELEMENTS", chunk_elements)
        here = groups_module.align_documents(documents, E5)
        spread = distributed.align_documents(client, documents, E5)
        assert any(len(group.members) >= 12 for group in here)
        assert spread == here


def test_embedder_on_the_cluster_keeps_input_order_and_every_bit(client):
    texts = [f"sentence {n} " + "word " * (n % 7) for n in range(100)] + ["sentence 3 "]
    local = FakeEmbedder().embed(texts)
    spread = distributed.ClusterEmbedder(client, FakeEmbedder()).embed(texts)
    assert spread.dtype == np.float32
    assert np.array_equal(spread, local)


class LoadCountingEmbedder(FakeEmbedder):
    """Counts model loads in the process it runs in (a worker's, here)."""

    loads = 0

    def __init__(self):
        super().__init__()
        self._model = None

    def embed(self, texts):
        if self._model is None:
            type(self).loads += 1
            self._model = "loaded"
        return super().embed(texts)


def _loads() -> int:
    return sys.modules[__name__].LoadCountingEmbedder.loads


def test_each_worker_loads_the_model_once(client):
    embedder = distributed.ClusterEmbedder(client, LoadCountingEmbedder())
    texts = [f"text number {n} with some words" for n in range(200)]
    for _ in range(3):
        embedder.embed(texts)
    assert set(client.run(_loads).values()) <= {0, 1}
    assert sum(client.run(_loads).values()) >= 1


def test_cached_vectors_never_reach_the_cluster(client, tmp_path):
    cached = CachedEmbedder(FakeEmbedder(), tmp_path / "vectors.sqlite3")
    spread = distributed.on_cluster(client, cached)
    assert isinstance(spread, CachedEmbedder) and spread.model_id == cached.model_id
    texts = ["One sentence here.", "Another sentence there.", "One sentence here."]
    first = spread.embed(texts)
    with get_task_stream(client) as stream:
        again = spread.embed(texts)
    assert np.array_equal(first, again)
    assert np.array_equal(first, FakeEmbedder().embed(texts))
    assert "xlingual-embed" not in workers_by_step(stream)


def run(args):
    return CliRunner().invoke(app, args)


def test_cli_scheduler_gives_the_same_json(client, use_fake_embedder, tmp_path, isolated_cache):
    (tmp_path / "fake.toml").write_text("group-min-cosine = 0.5\n")
    args = ["check", str(SEEDS), "-f", "json", "--fail-on", "never"]
    args += ["--config", str(tmp_path / "fake.toml")]
    here = run(args)
    spread = run([*args, "--scheduler", client.scheduler.address])
    assert here.exit_code == spread.exit_code == 0, spread.output
    assert spread.stdout == here.stdout


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--scheduler", "nonsense"], "not a Dask scheduler address: nonsense"),
        (["--scheduler", "foo://host:1"], "not a Dask scheduler address"),
        (["--scheduler", "tcp://127.0.0.1:8786", "--workers", "2"], "not both"),
    ],
)
def test_cli_cluster_problems_are_one_line_and_exit_2(options, message, capfd):
    from xlingual.cli import main

    monkeypatched_argv = ["xlingual", "check", str(SEEDS), *options]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "argv", monkeypatched_argv)
        with pytest.raises(SystemExit) as exit_info:
            main()
    assert exit_info.value.code == 2
    err = capfd.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_workers_must_be_at_least_one():
    result = run(["check", str(SEEDS), "--workers", "0"])
    assert result.exit_code == 2


def test_missing_dask_says_how_to_install_it(monkeypatch, capfd):
    from xlingual.cli import main

    monkeypatch.setitem(sys.modules, "distributed", None)  # import now raises ImportError
    monkeypatch.setattr(sys, "argv", ["xlingual", "check", str(SEEDS), "--workers", "2"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    err = capfd.readouterr().err.strip()
    assert err == "xlingual: the distributed engine needs Dask: pip install 'xlingual[distributed]'"


@pytest.mark.slow
def test_seeds_with_the_real_model_give_the_same_report_on_two_workers(client, tmp_path_factory):
    from xlingual.embed.e5_convert import e5_model_dir

    # The model is converted once, into a folder both runs share; each run has its own empty
    # vector cache, so both really embed (the second on the workers).
    shared = tmp_path_factory.mktemp("e5-model")
    e5_model_dir(shared)

    def fresh_cache(name: str) -> str:
        cache = tmp_path_factory.mktemp(name)
        (cache / "models").symlink_to(shared / "models", target_is_directory=True)
        return str(cache)

    here = check([SEEDS], Config(cache_dir=fresh_cache("here")))
    with get_task_stream(client) as stream:
        spread = check([SEEDS], Config(cache_dir=fresh_cache("spread")), client=client)
    assert here.groups and here.findings
    assert spread.groups == here.groups
    assert render(spread, "json") == render(here, "json")
    ran = workers_by_step(stream)
    assert ran["xlingual-embed"] and ran["xlingual-similarity-block"]
