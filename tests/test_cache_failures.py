"""An unusable cache costs time and one warning, never the result: through the real CLI.

Each case runs `xlingual check` in a fresh process (the way a CI job runs it) against a cache
that is broken in one way, and compares the report with a clean run: same bytes, same exit
code, and exactly one warning line on stderr naming the path and XLINGUAL_CACHE. The fast
cases embed with the test suite's fake embedder (put in place of the model, behind the real
vector cache); the `slow` ones convert and load the real e5 model.

The tests run as root in CI, where `chmod 555` stops nothing. A read-only folder is then
tested in a new user namespace without a uid map (`unshare -U`): the process keeps its owner
but loses root's power to override permissions, so `chmod 555` refuses it (a real EACCES). A
read-only file system is a read-only bind mount inside a user and mount namespace
(`unshare -rm`, a real EROFS);
a full disk is a small tmpfs mounted there the same way (a real ENOSPC).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

IS_ROOT = os.geteuid() == 0

# The real CLI entry point, with the fake embedder in place of the e5 model: everything
# between the command line and the model (cache root, vector cache, answer store) is real.
FAKE_MODEL = """
import sys
import xlingual.embed.embedders
from tests.conftest import FakeEmbedder
xlingual.embed.embedders.E5SmallEmbedder = lambda *_args, **_kwargs: FakeEmbedder()
from xlingual.cli import main
sys.argv = ["xlingual", *sys.argv[1:]]
main()
"""
REAL_MODEL = """
import sys
from xlingual.cli import main
sys.argv = ["xlingual", *sys.argv[1:]]
main()
"""

SENTENCES = [
    "The council approved the new budget on Tuesday after a long debate.",
    "Spending on schools will rise by four percent next year, the mayor said.",
    "The river flooded three villages in the north of the region last week.",
    "About 1,200 people were moved to shelters before the water rose.",
    "Rescue teams worked through the night to clear the roads.",
]


@pytest.fixture
def place(tmp_path):
    folder = tmp_path
    yield folder
    _make_writable(folder)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def story(place: Path) -> Path:
    """Two articles that share sentences with one number changed: XL401 needs the vectors."""
    folder = place / "story"
    folder.mkdir()
    first = " ".join(SENTENCES)
    second = " ".join(SENTENCES).replace("four percent", "five percent").replace("1,200", "1,300")
    many = " ".join(f"Paragraph {n} repeats the notice about the road works." for n in range(40))
    (folder / "a.md").write_text(first + "\n\n" + many + "\n", encoding="utf-8")
    (folder / "b.md").write_text(second + "\n", encoding="utf-8")
    return folder


def xlingual(
    story: Path,
    env: dict[str, str],
    *,
    driver: str = FAKE_MODEL,
    wrap: list[str] | None = None,
) -> subprocess.CompletedProcess:
    """`xlingual check STORY -f json` in a new process with `env` (and nothing else of ours)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("XLINGUAL_CACHE", "XDG_CACHE_HOME", "HOME")
    }
    environment.update(env)
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    command = [sys.executable, "-c", driver, "check", str(story), "-f", "json", "--select", "XL4"]
    result = subprocess.run(
        [*(wrap or []), *command],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    return result


def clean_run(story: Path, place: Path, *, driver: str = FAKE_MODEL) -> subprocess.CompletedProcess:
    result = xlingual(story, {"XLINGUAL_CACHE": str(place / "clean-cache")}, driver=driver)
    assert result.stderr == "", result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["warning"] >= 2, "the story must give XL401 findings"
    return result


def warnings_in(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "XLINGUAL_CACHE" in line]


def assert_same_result_and_one_warning(
    result: subprocess.CompletedProcess, clean: subprocess.CompletedProcess, *named: str
) -> str:
    assert result.returncode == clean.returncode, result.stderr
    assert result.stdout == clean.stdout
    found = warnings_in(result.stderr)
    assert len(found) == 1, result.stderr
    for fragment in named:
        assert fragment in found[0], found[0]
    return found[0]


def unprivileged() -> list[str]:
    """A prefix that runs a command without root's power over permissions (see above)."""
    if not IS_ROOT:
        return []
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    probe = subprocess.run(["unshare", "-U", "true"], capture_output=True, timeout=30)
    if probe.returncode != 0:
        pytest.skip(f"no user namespaces here: {probe.stderr.decode().strip()}")
    return ["unshare", "-U"]


def _make_writable(folder: Path) -> None:
    for path in (folder, *folder.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)


def read_only_mount(folder: Path) -> list[str]:
    """A prefix that runs a command with `folder` mounted read-only (a real EROFS)."""
    return in_mount_namespace(
        f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}" "{folder}"'
    )


def small_disk(folder: Path, size: str) -> list[str]:
    """A prefix that runs a command with a file system of `size` mounted on `folder`: a
    real full disk (ENOSPC), for that folder only."""
    return in_mount_namespace(f'mount -t tmpfs -o size={size} tmpfs "{folder}"')


def in_mount_namespace(mounts: str) -> list[str]:
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, timeout=30)
    if probe.returncode != 0:
        pytest.skip(f"no user and mount namespaces here: {probe.stderr.decode().strip()}")
    return ["unshare", "-rm", "sh", "-c", mounts + ' && exec "$@"', "sh"]


# --------------------------------------------------------------------------------- the fast cases


def test_cache_path_that_is_a_file(story, place):
    clean = clean_run(story, place)
    a_file = place / "cache-file"
    a_file.write_text("not a folder\n")
    result = xlingual(story, {"XLINGUAL_CACHE": str(a_file)})
    line = assert_same_result_and_one_warning(result, clean, str(a_file), "not a folder")
    assert a_file.read_text() == "not a folder\n"
    assert line.count("\n") == 0


def test_cache_path_under_a_file(story, place):
    clean = clean_run(story, place)
    a_file = place / "cache-file"
    a_file.write_text("")
    result = xlingual(story, {"XLINGUAL_CACHE": str(a_file / "xlingual")})
    assert_same_result_and_one_warning(result, clean, str(a_file), "not a folder")


def test_read_only_cache_folder(story, place):
    clean = clean_run(story, place)
    cache = place / "read-only"
    cache.mkdir()
    cache.chmod(0o555)
    result = xlingual(story, {"XLINGUAL_CACHE": str(cache)}, wrap=unprivileged())
    assert_same_result_and_one_warning(result, clean, str(cache), "Permission denied")
    assert list(cache.iterdir()) == []


def test_read_only_file_system(story, place):
    clean = clean_run(story, place)
    cache = place / "mounted"
    cache.mkdir()
    result = xlingual(story, {"XLINGUAL_CACHE": str(cache)}, wrap=read_only_mount(cache))
    assert_same_result_and_one_warning(result, clean, str(cache), "Read-only file system")
    assert list(cache.iterdir()) == []


def test_read_only_file_system_holding_a_warm_cache(story, place):
    """A read-only cache that holds everything: the same report, one warning that it cannot
    be written to, and nothing in it changes."""
    clean = clean_run(story, place)
    cache = place / "clean-cache"
    before = {path.name: path.read_bytes() for path in cache.iterdir()}
    result = xlingual(story, {"XLINGUAL_CACHE": str(cache)}, wrap=read_only_mount(cache))
    assert_same_result_and_one_warning(result, clean, str(cache), "Read-only file system")
    assert {path.name: path.read_bytes() for path in cache.iterdir()} == before


def test_read_only_home_and_no_cache_variable(story, place):
    clean = clean_run(story, place)
    home = place / "home"
    home.mkdir()
    home.chmod(0o555)
    result = xlingual(story, {"HOME": str(home)}, wrap=unprivileged())
    assert_same_result_and_one_warning(result, clean, str(home), "Permission denied")
    assert list(home.iterdir()) == []


def test_read_only_home_mounted(story, place):
    clean = clean_run(story, place)
    home = place / "home"
    home.mkdir()
    result = xlingual(story, {"HOME": str(home)}, wrap=read_only_mount(home))
    assert_same_result_and_one_warning(result, clean, str(home), "Read-only file system")


@pytest.mark.parametrize("size", ["4k", "24k"], ids=["nothing-fits", "fills-up-midway"])
def test_full_disk(story, place, size):
    clean = clean_run(story, place)
    cache = place / "full"
    cache.mkdir()
    result = xlingual(story, {"XLINGUAL_CACHE": str(cache)}, wrap=small_disk(cache, size))
    line = assert_same_result_and_one_warning(result, clean, str(cache))
    assert "disk is full" in line or "No space left on device" in line, line


def _vectors(database: Path) -> dict[str, bytes]:
    with sqlite3.connect(database) as connection:
        return dict(connection.execute("SELECT hash, vector FROM vectors"))


@pytest.mark.parametrize("damage", ["short", "long", "ragged"])
def test_damaged_vector_row_is_embedded_again(story, place, damage):
    clean = clean_run(story, place)
    database = place / "clean-cache" / "vectors.sqlite3"
    rows = _vectors(database)
    victim = sorted(rows)[3]
    broken = {
        "short": rows[victim][: len(rows[victim]) // 2],
        "long": rows[victim] * 2,
        "ragged": rows[victim][:-1],  # not whole float32 values
    }[damage]
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE vectors SET vector = ? WHERE hash = ?", (broken, victim))
    result = xlingual(story, {"XLINGUAL_CACHE": str(place / "clean-cache")})
    assert_same_result_and_one_warning(result, clean, str(database), "1 damaged vector row")
    assert _vectors(database)[victim] == rows[victim]  # repaired
    again = xlingual(story, {"XLINGUAL_CACHE": str(place / "clean-cache")})
    assert again.stdout == clean.stdout and again.stderr == ""


@pytest.mark.parametrize("name", ["answers.sqlite3", "vectors.sqlite3"])
def test_garbage_database_is_started_afresh(story, place, name):
    clean = clean_run(story, place)
    database = place / "clean-cache" / name
    database.write_bytes(os.urandom(3000))
    result = xlingual(story, {"XLINGUAL_CACHE": str(place / "clean-cache")})
    assert_same_result_and_one_warning(result, clean, str(database), "damaged")
    again = xlingual(story, {"XLINGUAL_CACHE": str(place / "clean-cache")})
    assert again.stdout == clean.stdout and again.stderr == ""


def test_truncated_database(story, place):
    clean = clean_run(story, place)
    database = place / "clean-cache" / "vectors.sqlite3"
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 2])
    result = xlingual(story, {"XLINGUAL_CACHE": str(place / "clean-cache")})
    assert_same_result_and_one_warning(result, clean, str(database))


# ------------------------------------------------------------- the real model (slow: ~30-60 s)


def _models(cache: Path) -> list[Path]:
    return sorted((cache / "models").iterdir()) if (cache / "models").is_dir() else []


@pytest.mark.slow
def test_e5_conversion_cannot_be_written(story, place):
    """The cache path is a file: the model is converted into a temporary folder for the run
    and removed after; the report is the clean run's."""
    clean = clean_run(story, place, driver=REAL_MODEL)
    a_file = place / "cache-file"
    a_file.write_text("")
    scratch = place / "tmp"
    scratch.mkdir()
    result = xlingual(
        story, {"XLINGUAL_CACHE": str(a_file), "TMPDIR": str(scratch)}, driver=REAL_MODEL
    )
    assert_same_result_and_one_warning(result, clean, str(a_file), "not a folder")
    assert list(scratch.glob("xlingual-*")) == []  # the temporary conversion is gone


def test_no_room_for_the_language_identifier_is_one_line_and_exit_2(story, place):
    """py3langid unpacks its model into a temporary file; on a full TMPDIR (a 1 MB file
    system: a real ENOSPC) the run stops with one line naming the folder."""
    scratch = place / "tmp"
    scratch.mkdir()
    result = xlingual(
        story,
        {"XLINGUAL_CACHE": str(place / "cache"), "TMPDIR": str(scratch)},
        wrap=small_disk(scratch, "1m"),
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "language identifier" in line and str(scratch) in line and "TMPDIR" in line


@pytest.mark.slow
def test_no_room_for_the_model_anywhere_is_one_line_and_exit_2(story, place):
    """The cache path is a file and the temporary folder a 256 MB file system (a real ENOSPC
    for the 470 MB model; the language identifier unpacks its own model there, so it needs some
    room): nothing can be embedded, so the run stops with one line naming both places."""
    a_file = place / "cache-file"
    a_file.write_text("")
    scratch = place / "tmp"
    scratch.mkdir()
    result = xlingual(
        story,
        {"XLINGUAL_CACHE": str(a_file), "TMPDIR": str(scratch)},
        driver=REAL_MODEL,
        wrap=small_disk(scratch, "256m"),
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    (line,) = [line for line in result.stderr.splitlines() if "cannot convert" in line]
    assert str(a_file) in line and str(scratch) in line and "XLINGUAL_CACHE" in line


@pytest.mark.slow
def test_damaged_e5_folder_is_converted_again(story, place):
    clean = clean_run(story, place, driver=REAL_MODEL)
    cache = place / "clean-cache"
    (vectors := cache / "vectors.sqlite3").unlink()  # so the next runs need the model
    (folder,) = [path for path in _models(cache) if not path.name.startswith(".")]

    weights = folder / "model.safetensors"
    with weights.open("r+b") as handle:  # a full disk or a killed copy: cut short
        handle.truncate(weights.stat().st_size // 3)
    result = xlingual(story, {"XLINGUAL_CACHE": str(cache)}, driver=REAL_MODEL)
    # The completion marker lists the sizes: caught before loading, converted again.
    assert_same_result_and_one_warning(result, clean, str(folder), "model.safetensors has")
    assert weights.stat().st_size > 100_000_000

    vectors.unlink()
    tokenizer = folder / "tokenizer.json"  # same size, garbage inside: fails to load
    tokenizer.write_bytes(b"\0" * tokenizer.stat().st_size)
    result = xlingual(story, {"XLINGUAL_CACHE": str(cache)}, driver=REAL_MODEL)
    assert_same_result_and_one_warning(result, clean, str(folder), "damaged model")
    assert json.loads(tokenizer.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_staging_folder_of_a_killed_conversion_is_cleaned_up(place):
    cache = place / "cache"
    convert = (
        "import sys; from pathlib import Path; from xlingual.embed.e5_convert import e5_model_dir; "
        "print(e5_model_dir(Path(sys.argv[1])))"
    )
    worker = subprocess.Popen([sys.executable, "-c", convert, str(cache)], cwd=REPO)
    deadline = time.monotonic() + 60
    staging: list[Path] = []
    while time.monotonic() < deadline and worker.poll() is None:
        staging = [p for p in _models(cache) if ".tmp-" in p.name and any(p.iterdir())]
        if staging:
            break
        time.sleep(0.01)
    assert staging and worker.poll() is None, "the conversion finished before it could be killed"
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    assert staging[0].is_dir()  # what a killed conversion leaves behind

    done = subprocess.run(
        [sys.executable, "-c", convert, str(cache)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    folder = Path(done.stdout.strip())
    assert [p.name for p in _models(cache) if p.is_dir()] == [folder.name]
    assert (folder / "XLINGUAL_COMPLETE.json").is_file()
