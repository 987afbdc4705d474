"""Same articles, same bytes: whatever the order of the paths on the command line, the number of
threads, the hash seed of the process or what the cache already holds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SEEDS
from xlingual.cli import app
from xlingual.load.documents import SUPPORTED_SUFFIXES

FORMATS = ("json", "sarif", "html")

ARTICLES = {
    "a.txt": "The mayor, Anna Kowalski, said 2,100 workers lost their jobs. Unions protested.\n",
    "b.md": "Anna Kovalski said 2,300 workers lost their jobs in March.\n\nUnions protested.\n",
    "c.html": "<p>Le maire Anna Kowalski a dit que 2 100 ouvriers ont perdu leur emploi.</p>\n",
}


def _reports(folder: Path, paths: list[str], out: Path) -> dict[str, bytes]:
    out.mkdir()
    outputs = [arg for fmt in FORMATS for arg in ("-o", str(out / f"report.{fmt}"))]
    cwd = os.getcwd()
    os.chdir(folder)  # relative paths, as a user types them
    try:
        result = CliRunner().invoke(app, ["report", *paths, *outputs])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return {fmt: (out / f"report.{fmt}").read_bytes() for fmt in FORMATS}


def test_the_order_of_paths_does_not_change_a_byte(tmp_path, use_fake_embedder):
    folder = tmp_path / "story"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    first = _reports(folder, ["."], tmp_path / "folder")
    assert _reports(folder, ["c.html", "a.txt", "b.md"], tmp_path / "shuffled") == first
    # A file named twice, and named both itself and through its folder, is checked once.
    assert _reports(folder, ["b.md", ".", "b.md"], tmp_path / "twice") == first


@pytest.mark.slow
def test_threads_hash_seed_path_order_and_cache_do_not_change_a_byte(tmp_path):
    """Three processes with the real model: files listed in reverse with one thread on an empty
    cache; the folder with two threads on another empty cache; the same again, warm."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    names = sorted(p.name for p in folder.iterdir() if p.suffix in SUPPORTED_SUFFIXES)

    def run(paths: list[str], threads: int, hash_seed: int, cache: Path, out: Path) -> dict:
        out.mkdir()
        env = dict(os.environ)
        env.update(
            OMP_NUM_THREADS=str(threads),
            MKL_NUM_THREADS=str(threads),
            PYTHONHASHSEED=str(hash_seed),
            XLINGUAL_CACHE=str(cache),
        )
        outputs = [arg for fmt in FORMATS for arg in ("-o", str(out / f"report.{fmt}"))]
        result = subprocess.run(
            [sys.executable, "-m", "xlingual", "report", *paths, *outputs],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return {fmt: (out / f"report.{fmt}").read_bytes() for fmt in FORMATS}

    first_cache, second_cache = tmp_path / "cache1", tmp_path / "cache2"
    reversed_one_thread = run(names[::-1], 1, 1, first_cache, tmp_path / "run1")
    # The converted model is shared so the second cold run does not convert it again; its
    # vectors and remembered answers start empty.
    shutil.copytree(first_cache / "models", second_cache / "models")
    folder_two_threads = run(["."], 2, 2, second_cache, tmp_path / "run2")
    warm = run(["."], 2, 3, second_cache, tmp_path / "run3")
    for fmt in FORMATS:
        assert reversed_one_thread[fmt] == folder_two_threads[fmt], fmt
        assert warm[fmt] == folder_two_threads[fmt], fmt
