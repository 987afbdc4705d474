"""The HTML extractor: visible text, and where each character sits in the HTML file."""

import re
import sys
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from tests.load.test_documents import write
from xlingual.findings import line_and_column
from xlingual.load.documents import Document, load_document
from xlingual.load.html_source import extract_html, html_to_text


def test_html_to_text_keeps_blocks_on_lines():
    assert html_to_text("<p>a</p><p>b<br>c</p>") == "a\nb\nc\n"


# Positions in the HTML source. Offsets index the extracted text; line and column point into the
# file. `at(markup, needle)` is where a person sees `needle` in the file they edit.


def at(markup: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    offset = -1
    for _ in range(occurrence + 1):
        offset = markup.index(needle, offset + 1)
    return line_and_column(markup, offset)


def html_document(tmp_path, markup: str) -> Document:
    return load_document(write(tmp_path / "a.html", markup.encode()))


PAGE = """<!DOCTYPE html>
<html>
<head>
  <title>Budget news</title>
  <script>
    var lines = "many";
    if (a < b) { run(); }
  </script>
</head>
<body>
  <h1>Budget   approved</h1>
  <div class="story"><section><p>The <b>committee <i>voted</i></b> on
     Tuesday.</p></section></div>
</body>
</html>
"""


def test_text_after_a_multi_line_head_and_script_points_into_the_source(tmp_path):
    document = html_document(tmp_path, PAGE)
    # The paragraph wrapped in the file is one line: a source line break is a space in HTML.
    assert document.text == "Budget approved\nThe committee voted on Tuesday.\n"
    assert document.position(0) == at(PAGE, "Budget", occurrence=1) == (11, 7)
    # Collapsed spaces: the word after them keeps its own column.
    assert document.position(document.text.index("approved")) == at(PAGE, "approved")


def test_text_inside_nested_tags_and_across_a_source_line_break(tmp_path):
    document = html_document(tmp_path, PAGE)
    assert document.position(document.text.index("committee")) == at(PAGE, "committee")
    assert document.position(document.text.index("voted")) == at(PAGE, "voted")
    assert document.position(document.text.index("Tuesday")) == at(PAGE, "Tuesday") == (13, 6)


def test_character_references_map_to_their_ampersand(tmp_path):
    markup = "<p>Tom &amp; Jerry met Zo&#235; at the caf&#xE9;, &copy2024.</p>"
    document = html_document(tmp_path, markup)
    text = document.text
    assert text == "Tom & Jerry met Zoë at the café, ©2024.\n"
    assert document.position(text.index("&")) == at(markup, "&amp;")
    assert document.position(text.index("Jerry")) == at(markup, "Jerry")
    assert document.position(text.index("ë")) == at(markup, "&#235;")
    assert document.position(text.index("at the")) == at(markup, "at the")
    assert document.position(text.index("é")) == at(markup, "&#xE9;")
    assert document.position(text.index("2024")) == at(markup, "2024")


def test_columns_are_right_on_crlf_files(tmp_path):
    markup = "<html>\r\n<body>\r\n<p>First line.</p>\r\n<p>Second &amp; last\r\nline.</p>\r\n"
    document = html_document(tmp_path, markup)
    assert document.text == "First line.\nSecond & last line.\n"
    assert document.position(0) == at(markup, "First") == (3, 4)
    assert document.position(document.text.index("last")) == at(markup, "last") == (4, 17)
    assert document.position(document.text.index("line.", 12)) == at(markup, "line.", 1) == (5, 1)


def test_block_breaks_map_to_the_next_character_and_the_last_to_the_end(tmp_path):
    markup = "<p>One.</p>\n\n<p>Two.</p>"
    document = html_document(tmp_path, markup)
    assert document.text == "One.\nTwo.\n"
    assert document.position(4) == at(markup, "Two.")  # the break between the blocks
    assert document.position(9) == (3, 8)  # the final break: just past "Two."
    assert document.position(len(document.text)) == (3, 8)


def test_end_position_stays_on_the_line_of_a_span_that_ends_a_block(tmp_path):
    markup = "<p>One &amp; two.</p>\n<p>Three.</p>"
    document = html_document(tmp_path, markup)
    one = document.sentences[0]
    assert document.position(one.start) == (1, 4)
    assert document.end_position(one.end) == (1, 18)  # just past "two.", not the next block
    assert document.end_position(one.start + 5) == (1, 13)  # a span ending with "&amp;"
    assert document.end_position(len(document.text)) == (2, 10)


def test_a_reference_without_semicolon_does_not_swallow_the_rest_of_the_page(tmp_path):
    markup = "<p>It&#8217s here</p><script>run()</script><p>Next</p>"
    document = html_document(tmp_path, markup)
    assert document.text == "It\u2019s here\nNext\n"
    assert document.position(document.text.index("s here")) == at(markup, "s here")
    assert document.position(document.text.index("Next")) == at(markup, "Next")


def test_plain_text_positions_are_the_text_s_own():
    document = Document.from_text("a.txt", "One.\r\nTwo.\n")
    assert document.source_map is None
    assert document.position(6) == line_and_column(document.text, 6) == (2, 1)
    assert document.end_position(10) == (2, 5)


def test_the_source_map_grows_with_runs_of_text_not_characters():
    paragraph = "word " * 40_000
    extracted = extract_html(f"<html><body><p>{paragraph}</p></body></html>")
    assert sys.getsizeof(extracted.source_map) < 1_000


# The text extracted before positions were recorded, with line breaks outside <pre> read as spaces
# (as a browser does); the extractor must produce exactly this.
class _PlainExtractor(HTMLParser):
    _SKIP = {"script", "style", "template", "noscript", "head", "svg"}
    _BLOCK = set(
        "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer blockquote "
        "figcaption title pre".split()
    )

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip, self.pre = [], 0, 0

    def handle_starttag(self, tag, attrs):
        self.pre += tag == "pre"
        if tag in self._SKIP:
            self.skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        self.pre = max(0, self.pre - (tag == "pre"))
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data if self.pre else data.replace("\n", " "))


def plain_text(markup: str) -> str:
    parser = _PlainExtractor()
    parser.feed(markup)
    parser.close()
    raw_lines = "".join(parser.parts).split("\n")
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in raw_lines)
    return "\n".join(line for line in lines if line) + "\n"


# Tags, references (complete, unterminated, malformed), spaces and line endings, words.
MARKUP_PIECES = st.sampled_from(
    "<p> </p> <br> <br/> <div_class='x'> </div> <b> </b> <head> </head> <title>T</title> "
    "<script>a<b</script> <!--_note_--> <!doctype_html> "
    "&amp; &#233; &#x41; &copy2024 &amp &#8217a &# & < &nbsp; &#10; &#1; "
    "word Zoë 中文 a.b".replace("_", " ").split()
    + [" ", "   ", "\n", "\r\n", "\t", "\xa0"]
)


@given(st.lists(MARKUP_PIECES, max_size=16).map("".join))
def test_extraction_is_unchanged_and_every_character_points_at_its_source(markup):
    extracted = extract_html(markup)
    assert extracted.text == plain_text(markup)
    source_lines = markup.split("\n")
    for offset, character in enumerate(extracted.text):
        line, column = extracted.source_map.position(offset)
        source = source_lines[line - 1][column - 1 :]
        if character == " ":
            # a space run's first character, a line break, or a reference to one (&#10;)
            assert source[:1].isspace() or source == "" or source.startswith("&")
        elif character != "\n":
            assert source.startswith((character, "&"))  # itself, or the reference it came from
    extracted.source_map.position(len(extracted.text))
