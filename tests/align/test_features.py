"""Text features: numbers and name-like words matched across spellings, stable across runs."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from xlingual.align.features import text_features


def test_text_features_match_numbers_across_separators_and_names_across_spellings():
    f = text_features(["8.848 m am Lhotse", "8,848 Meter, Lhotsé", "8848", "eine Zahl 12"])
    shared_numbers = np.bitwise_and(f.numbers[0], f.numbers[1])
    assert shared_numbers.any() and (np.bitwise_and(f.numbers[0], f.numbers[2]) != 0).any()
    assert not np.bitwise_and(f.numbers[0], f.numbers[3]).any()
    assert np.bitwise_and(f.tokens[0], f.tokens[1]).any()  # lhot
    assert f.lengths.tolist() == [17.0, 19.0, 4.0, 12.0]
    assert f.content.tolist() == [13.0, 15.0, 4.0, 10.0]


def test_text_features_are_stable_across_processes():
    code = (
        "from xlingual.align.features import text_features; "
        "f = text_features(['Kangchenjunga 8586']);"
        "print(f.tokens.tolist(), f.numbers.tolist())"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    }
    assert len(runs) == 1
