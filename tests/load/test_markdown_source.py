"""Front matter and code in Markdown (xlingual.load.markdown_source) and how the loader blanks
them."""

from __future__ import annotations

import time

import pytest

from xlingual.load.documents import load_document
from xlingual.load.markdown_source import blank_regions, code_regions

PROSE = "The council approved the budget on Tuesday."


def blanked(text: str, *, markdown: bool = True) -> str:
    return blank_regions(text, code_regions(text, markdown=markdown))


def kinds(text: str, *, markdown: bool = True) -> list[tuple[str, str]]:
    return [(r.kind, text[r.start : r.end]) for r in code_regions(text, markdown=markdown)]


@pytest.mark.parametrize(
    "front",
    ["---\ntitle: x.Y\n---\n", "---\ntitle: x\n...\n", "+++\ntitle = 'x'\n+++\n"],
    ids=["yaml", "yaml-dots", "toml"],
)
def test_front_matter_at_the_top_is_blanked(front):
    text = front + "\n" + PROSE + "\n"
    assert kinds(text) == [("front matter", front.rstrip("\n"))]
    assert blanked(text).strip() == PROSE
    assert len(blanked(text)) == len(text) and blanked(text).count("\n") == text.count("\n")


def test_unclosed_or_later_front_matter_is_prose():
    assert code_regions("---\ntitle: never closed\n" + PROSE) == []
    assert code_regions(PROSE + "\n\n---\ntitle: x\n---\n") == []  # thematic breaks


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("```", "```"), ("~~~", "~~~"), ("````python title='a.py'", "`````"), ("  ```js", "```")],
)
def test_fences_of_any_length_with_info_strings(opening, closing):
    text = f"{PROSE}\n\n{opening}\nx = config.Load()\n{closing}\n\n{PROSE}\n"
    assert [kind for kind, _ in kinds(text)] == ["fenced code"]
    assert blanked(text).split() == PROSE.split() * 2


def test_a_shorter_or_other_fence_does_not_close_and_an_unclosed_one_runs_to_the_end():
    text = "````\n```\n~~~~\nstill code\n"
    assert kinds(text) == [("fenced code", text.rstrip("\n"))]
    assert not blanked(text).strip()


def test_backtick_fence_info_may_not_hold_a_backtick():
    text = "``` a `b` ```\n" + PROSE
    assert kinds(text) == [("code span", "``` a `b` ```")]


def test_indented_code_after_a_blank_line_but_not_a_list_continuation():
    text = (
        f"{PROSE}\n    not code: it continues the paragraph\n\n"
        "    code.Here = 1\n\n\tmore_code()\n\n"
        f"- a list item\n\n    its second paragraph\n\n{PROSE}\n\n    code again\n"
    )
    found = kinds(text)
    assert found == [
        ("indented code", "    code.Here = 1\n\n\tmore_code()"),
        ("indented code", "    code again"),
    ]


def test_plain_text_keeps_indented_paragraphs_and_backticks():
    text = "---\na: b\n---\n\n    An indented paragraph.\n\nDon`t `panic`.\n\n```\ncode\n```\n"
    assert [kind for kind, _ in kinds(text, markdown=False)] == ["front matter", "fenced code"]
    assert "An indented paragraph." in blanked(text, markdown=False)
    assert "Don`t `panic`." in blanked(text, markdown=False)


def test_code_spans_match_runs_of_equal_length_within_a_paragraph():
    text = "Run `a.B` and ``x ` y`` but not `this\n\nthat` or \\`escaped.\n"
    assert kinds(text) == [("code span", "`a.B`"), ("code span", "``x ` y``")]


def test_code_spans_are_linear_in_unmatched_backticks():
    text = " ".join("`" * length for length in range(1, 2_000)) + " " + "x`" * 50_000
    started = time.perf_counter()
    code_regions(text)
    assert time.perf_counter() - started < 2


def test_loader_blanks_code_and_drops_directives_inside_it(tmp_path):
    text = (
        "---\ntitle: x\n---\n\n"
        "```\n<!-- xlingual: ignroe -->\n```\n\n"
        f"<!-- xlingual: ignore XL303 -->\n{PROSE} Use `<!-- xlingual: ignore -->` here.\n"
    )
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    document = load_document(path)
    assert len(document.text) == len(text)
    assert "xlingual" not in document.text and "title" not in document.text
    assert document.directive_problems == ()  # the typo in the fence is code, not a directive
    assert [s.codes for s in document.suppressions] == [("XL303",)]
    assert [s.text.split() for s in document.sentences] == [PROSE.split(), ["Use", "here."]]
