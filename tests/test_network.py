"""The tool never reaches the network, even on a cold cache where the e5 model is converted.

The child process runs with a `sitecustomize.py` that turns every socket connection and name
lookup into a recorded failure: a test that merely ran offline would pass while the code still
tried (and quietly timed out on) the hub; the record proves no attempt was made at all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS

pytestmark = pytest.mark.slow

GUARD = """
import os
import socket

_RECORD = os.environ["XLINGUAL_NETWORK_RECORD"]


def _refuse(what):
    def refuse(*args, **kwargs):
        with open(_RECORD, "a", encoding="utf-8") as record:
            record.write(f"{what} {args[1:] if what.endswith('connect') else args!r}\\n")
        raise OSError(f"network disabled by test: {what}")
    return refuse


socket.socket.connect = _refuse("socket.connect")
socket.socket.connect_ex = _refuse("socket.connect_ex")
socket.create_connection = _refuse("create_connection")
socket.getaddrinfo = _refuse("getaddrinfo")
"""

# Unix sockets are local, but the guard refuses them too: anything the check really needs
# would then fail the run, which the exit-code assertion catches.
ARTICLES = [SEEDS / "000_95b9ff6b65db9ce1.txt", SEEDS / "001_7d40c94ebe5c4d9c.txt"]


def _guarded_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    record = tmp_path / "network-attempts.txt"
    record.write_text("", encoding="utf-8")
    env = dict(os.environ)
    # The tool itself must choose offline mode; a caller's setting would hide a regression.
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        env.pop(name, None)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(guard_dir), str(SEEDS.parent), env.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    env["XLINGUAL_NETWORK_RECORD"] = str(record)
    env["XLINGUAL_CACHE"] = str(tmp_path / "fresh-cache")  # cold: the model conversion runs
    return env, record


def _check_command(tmp_path: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "xlingual",
        "check",
        *map(str, ARTICLES),
        "-f",
        "json",
        "-o",
        str(tmp_path / "report.json"),
        "--exit-zero",
    ]


def _assert_offline_run(result: subprocess.CompletedProcess, record: Path, tmp_path: Path):
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "report.json").stat().st_size > 0
    assert record.read_text(encoding="utf-8") == "", "network attempted:\n" + record.read_text()


def test_guard_records_attempts(tmp_path: Path) -> None:
    # Proves the guard itself works, so an empty record below means something.
    env, record = _guarded_env(tmp_path)
    probe = (
        "import socket\ntry:\n socket.create_connection(('example.org', 80), 1)\n"
        "except OSError:\n pass\n"
    )
    subprocess.run([sys.executable, "-c", probe], env=env, check=True, timeout=60)
    assert "create_connection" in record.read_text(encoding="utf-8")


def _network_namespace_available() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=30)
    return probe.returncode == 0


def test_check_on_a_cold_cache_makes_no_connection_attempt(tmp_path: Path) -> None:
    # Where the kernel allows it, the run also gets a network namespace with no interface at
    # all, so even a C library opening its own socket could not get out; the guard's record
    # proves that nothing even tried.
    env, record = _guarded_env(tmp_path)
    command = _check_command(tmp_path)
    if _network_namespace_available():
        command = ["unshare", "-rn", *command]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    _assert_offline_run(result, record, tmp_path)
