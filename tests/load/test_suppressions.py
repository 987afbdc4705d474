import pytest

from xlingual.findings import line_and_column
from xlingual.load.documents import load_document
from xlingual.load.suppressions import (
    Directive,
    Suppression,
    is_suppressed,
    mask_comments,
    parse_directive,
)


def load(tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_bytes(content.encode())
    return load_document(path)


def suppressed(document, code: str, needle: str) -> bool:
    return is_suppressed(code, document.text.index(needle), document.suppressions)


@pytest.mark.parametrize(
    ("body", "codes"),
    [
        (" xlingual: ignore XL101 ", ("XL101",)),
        ("XLingual :IGNORE xl1, XL202,XL3", ("XL1", "XL202", "XL3")),
        ("xlingual:ignore", ()),
        ("\n  xlingual: ignore\n  XL101\n", ("XL101",)),
    ],
)
def test_directives_are_read_whatever_the_spacing_and_case(body, codes):
    assert parse_directive(body) == Directive(codes=codes)


@pytest.mark.parametrize("body", [" a note for editors ", " xlingual report below ", ""])
def test_other_comments_are_not_directives(body):
    assert parse_directive(body) is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("xlingual: ignroe XL101", "unknown directive 'ignroe' (did you mean 'ignore'?)"),
        ("xlingual: disable XL101", "unknown directive 'disable'"),
        ("xlingual:", "empty directive"),
        ("xlingual ignore XL101", "missing ':'"),
        ("xlingual: ignore XL10A", "not a rule code: 'XL10A'"),
        ("xlingual: ignore 101 XL1011", "not a rule code: '101', 'XL1011'"),
    ],
)
def test_malformed_directives_say_what_is_wrong(body, message):
    directive = parse_directive(body)
    assert directive is not None and directive.codes == ()
    assert message in directive.error


def test_suppression_matches_codes_and_prefixes_in_its_range():
    suppression = Suppression(10, 20, ("XL1", "XL203"))
    assert is_suppressed("XL101", 10, [suppression])
    assert is_suppressed("XL203", 19, [suppression])
    assert not is_suppressed("XL201", 15, [suppression])
    assert not is_suppressed("XL101", 20, [suppression])  # the end is exclusive
    assert not is_suppressed("XL101", 9, [suppression])
    assert is_suppressed("XL901", 15, [Suppression(10, 20)])  # no codes: every rule
    assert not is_suppressed("XL101", 15, [])


MARKDOWN = """# Budget news

Intro paragraph names Alpha.

<!-- xlingual: ignore XL1 -->
Quoted paragraph names Beta
and goes on to a second line.

Closing paragraph names Gamma.
"""


def test_markdown_directive_covers_only_the_next_paragraph_and_listed_codes(tmp_path):
    document = load(tmp_path, "a.md", MARKDOWN)
    assert suppressed(document, "XL101", "Beta")
    assert suppressed(document, "XL150", "second line")  # a prefix covers the family
    assert not suppressed(document, "XL201", "Beta")
    assert not suppressed(document, "XL101", "Alpha")
    assert not suppressed(document, "XL101", "Gamma")
    (suppression,) = document.suppressions
    assert document.text[suppression.start : suppression.end] == (
        "Quoted paragraph names Beta\nand goes on to a second line.\n"
    )


def test_directive_without_codes_covers_every_rule(tmp_path):
    document = load(tmp_path, "a.md", "<!-- xlingual: ignore -->\nAll of this.\n\nNot this.\n")
    assert suppressed(document, "XL101", "All") and suppressed(document, "XL402", "this.")
    assert not suppressed(document, "XL101", "Not this")


def test_two_directives(tmp_path):
    document = load(
        tmp_path,
        "a.md",
        "<!-- xlingual: ignore XL101 -->\n<!-- xlingual: ignore XL2 -->\nBoth.\n\n"
        "<!-- xlingual: ignore XL3 -->\nThird rule only.\n",
    )
    assert suppressed(document, "XL101", "Both") and suppressed(document, "XL201", "Both")
    assert not suppressed(document, "XL301", "Both")
    assert suppressed(document, "XL301", "Third") and not suppressed(document, "XL101", "Third")


def test_text_before_the_comment_on_its_line_is_not_covered(tmp_path):
    document = load(tmp_path, "a.md", "First. <!-- xlingual: ignore -->\n\nSecond.\n")
    assert not suppressed(document, "XL101", "First")
    assert suppressed(document, "XL101", "Second")


def test_directive_at_the_end_of_the_file_is_harmless(tmp_path):
    document = load(tmp_path, "a.md", "Only paragraph.\n\n<!-- xlingual: ignore XL101 -->\n")
    assert document.suppressions == () and document.directive_problems == ()


def test_comments_are_blanked_out_keeping_offsets_and_lines():
    text = "Line one <!-- a\r\nnote\nover lines --> end.\r\nLine two <!----> <!--> x.\n"
    masked, comments = mask_comments(text)
    assert len(masked) == len(text)
    assert "note" not in masked and "<!--" not in masked
    assert masked == (
        "Line one " + " " * len("<!-- a") + "\r\n" + " " * len("note") + "\n"
        + " " * len("over lines -->") + " end.\r\n"
        + "Line two " + " " * len("<!---->") + " " + " " * len("<!-->") + " x.\n"
    )  # fmt: skip
    assert [line_and_column(text, c.start) for c in comments] == [(1, 10), (4, 10), (4, 18)]
    assert [(c.line, c.column) for c in comments] == [(1, 10), (4, 10), (4, 18)]


def test_loaded_markdown_and_text_hide_comments_from_rules(tmp_path):
    for name in ("a.md", "a.markdown", "a.txt"):
        document = load(tmp_path, name, MARKDOWN.replace("Intro", "Intro <!-- hidden -->"))
        assert "hidden" not in document.text
        assert "xlingual" not in document.text
        assert len(document.suppressions) == 1
        beta = document.text.index("Beta")
        assert document.position(beta) == line_and_column(MARKDOWN, MARKDOWN.index("Beta"))


def test_multi_line_directive(tmp_path):
    document = load(tmp_path, "a.md", "<!--\n  xlingual: ignore\n  XL101, XL102\n-->\nText.\n")
    assert document.suppressions[0].codes == ("XL101", "XL102")
    assert suppressed(document, "XL102", "Text")


def test_malformed_directive_is_reported_and_suppresses_nothing(tmp_path):
    content = "Intro.\n\n<!-- xlingual: ignroe XL101 -->\nText.\n"
    document = load(tmp_path, "a.md", content)
    assert document.suppressions == ()
    (problem,) = document.directive_problems
    assert (problem.line, problem.column) == (3, 1)
    assert problem.text == "<!-- xlingual: ignroe XL101 -->"
    assert content[problem.start : problem.end] == problem.text
    assert "ignroe" in problem.message


def test_unclosed_directive_is_reported(tmp_path):
    document = load(tmp_path, "a.md", "Intro.\n\n<!-- xlingual: ignore XL101\nText.\n")
    (problem,) = document.directive_problems
    assert problem.text == "<!-- xlingual: ignore XL101" and "not closed" in problem.message
    assert "Text." in document.text and document.suppressions == ()


HTML = """<html><head><title>Budget</title></head>
<body>
<p>Intro names Alpha.</p>
<!-- xlingual: ignore XL101 -->
<div class="quote">
  <p>Quoted names &amp; Beta.</p>
</div>
<p>Closing names Gamma. <!-- XLINGUAL: IGNORE --> Tail words.</p>
<p>Last.</p><!-- xlingual: ignore XL1O1 -->
</body></html>
"""


def test_html_directive_covers_the_next_block(tmp_path):
    document = load(tmp_path, "a.html", HTML)
    assert document.text == (
        "Intro names Alpha.\nQuoted names & Beta.\nClosing names Gamma. Tail words.\nLast.\n"
    )
    assert suppressed(document, "XL101", "Beta") and not suppressed(document, "XL102", "Beta")
    assert not suppressed(document, "XL101", "Alpha")
    assert not suppressed(document, "XL101", "Gamma")
    assert suppressed(document, "XL402", "Tail")  # the rest of a block, after a comment inside it
    assert not suppressed(document, "XL101", "Last")


def test_html_malformed_directive_is_reported_at_its_place_in_the_file(tmp_path):
    document = load(tmp_path, "a.html", HTML)
    (problem,) = document.directive_problems
    where = line_and_column(HTML, HTML.index("<!-- xlingual: ignore XL1O1"))
    assert (problem.line, problem.column) == where == (9, 13)
    assert "'XL1O1'" in problem.message
