"""benchmarks/stories.py: the tables it prints from the scorer's counts (no story is checked)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _stories_benchmark():
    name = "benchmarks_stories"
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "stories.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _score(module, name: str, per_category: dict, traps_flagged: int, other_codes: list[str]):
    listing = "\n".join(f"    other {code} warning  t_mt.txt 'x' | y" for code in other_codes)
    found = sum(hit for hit, _ in per_category.values())
    planted = sum(total for _, total in per_category.values())
    return module.StoryScore(
        name, found, planted, traps_flagged, 10, len(other_codes), per_category, listing
    )


def test_floors_leave_the_model_category_out_and_take_the_worst_story() -> None:
    module = _stories_benchmark()
    scores = [
        _score(module, "story_1", {"spelling": (4, 5), "mistranslation": (0, 16)}, 0, []),
        _score(module, "story_2", {"spelling": (4, 5), "names": (4, 5)}, 2, ["XL203", "XL101"]),
    ]
    text = "\n".join(module.tables(scores))
    assert "| spelling | 4/5 | 4/5 | 8/10 |" in text
    assert "| mistranslation | 0/16 | 0/0 | 0/16 |" in text
    assert "| recall without mistranslation | 0.80 (12/15) | >= 0.80 | yes |" in text
    assert "| traps flagged, worst story | 2 | <= 1 | no |" in text
    assert "| other findings, worst story | 2 | <= 3 | yes |" in text
    assert "Other findings by rule: XL101 1, XL203 1" in text


def test_other_findings_are_also_counted_without_the_models() -> None:
    module = _stories_benchmark()
    scores = [
        _score(module, "story_1", {"spelling": (4, 5)}, 0, ["XL203"] * 5 + ["XL401"]),
        _score(module, "story_2", {"spelling": (4, 5)}, 0, ["XL101", "XL102"]),
    ]
    text = "\n".join(module.tables(scores))
    assert "| other findings | 6 | 2 | 8 |" in text
    assert "| other findings, all but XL203 | 1 | 2 | 3 |" in text
    assert "| other findings, worst story | 6 | <= 3 | no |" in text
    assert "| other findings but XL203's, worst story | 2 | <= 3 | yes |" in text
