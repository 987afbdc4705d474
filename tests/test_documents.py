import os
import re
import sys
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlingual.documents import (
    Document,
    InputError,
    detect_language,
    extract_html,
    find_files,
    html_to_text,
    load_document,
)
from xlingual.findings import line_and_column

ENGLISH = "The committee approved the budget on Tuesday. It will take effect next year.\n"
RUSSIAN = "Комитет утвердил бюджет во вторник. Он вступит в силу в следующем году.\n"
FRENCH = "Le comité a approuvé le budget mardi. Il entrera en vigueur l'année prochaine.\n"


def write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_utf8_with_bom_is_decoded_without_the_bom(tmp_path):
    document = load_document(write(tmp_path / "a.txt", b"\xef\xbb\xbf" + ENGLISH.encode()))
    assert document.text == ENGLISH
    assert document.language == "en"


def test_crlf_is_kept_and_offsets_point_into_it(tmp_path):
    crlf = ENGLISH.replace("\n", "\r\n").replace("Tuesday. ", "Tuesday.\r\n")
    document = load_document(write(tmp_path / "a.txt", crlf.encode()))
    assert "\r\n" in document.text
    for sentence in document.sentences:
        assert document.text[sentence.start : sentence.end] == sentence.text


def test_utf16_with_bom(tmp_path):
    document = load_document(write(tmp_path / "a.txt", FRENCH.encode("utf-16")))
    assert document.text == FRENCH
    assert document.language == "fr"


def test_windows_1251_falls_back_to_cyrillic(tmp_path):
    document = load_document(write(tmp_path / "a.txt", RUSSIAN.encode("cp1251")))
    assert document.text == RUSSIAN
    assert document.encoding == "cp1251"
    assert document.language == "ru"


def test_latin1_falls_back_to_western(tmp_path):
    document = load_document(write(tmp_path / "a.txt", FRENCH.replace("'", "é").encode("latin-1")))
    assert "é" in document.text


def test_html_text_is_extracted_without_scripts(tmp_path):
    markup = (
        "<html><head><title>T</title><style>p{}</style></head><body><h1>Big &amp; news</h1>"
        "<script>alert('x')</script><p>First para. Second sentence.</p><p>Third.</p></body></html>"
    )
    document = load_document(write(tmp_path / "a.html", markup.encode()))
    assert "alert" not in document.text
    assert [s.text for s in document.sentences] == [
        "Big & news",
        "First para.",
        "Second sentence.",
        "Third.",
    ]


def test_html_to_text_keeps_blocks_on_lines():
    assert html_to_text("<p>a</p><p>b<br>c</p>") == "a\nb\nc\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "file is empty"), (b"  \n\n", "file is empty"), (b"\x00\x01\x02PNG", "binary file")],
)
def test_bad_files_raise_one_line_errors_naming_the_file(tmp_path, data, reason):
    path = write(tmp_path / "bad.txt", data)
    with pytest.raises(InputError) as error:
        load_document(path)
    assert str(error.value).startswith(str(path))
    assert reason in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_unreadable_file(tmp_path):
    path = write(tmp_path / "locked.txt", b"text")
    path.chmod(0)
    with pytest.raises(InputError, match="cannot read"):
        load_document(path)


def test_find_files_searches_folders_and_reports_bad_paths(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "b.md", b"x")
    write(tmp_path / "a.txt", b"x")
    write(tmp_path / "image.png", b"x")
    (tmp_path / "empty").mkdir()
    files, errors = find_files([tmp_path, tmp_path / "missing.txt", tmp_path / "empty"])
    assert [f.name for f in files] == ["a.txt", "b.md"]
    assert [e.reason for e in errors] == [
        "no such file or folder",
        "folder contains no article files (.txt, .md, .markdown, .html, .htm)",
    ]


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "d").mkdir()
    write(tmp_path / "d" / "a.txt", b"x")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    files, errors = find_files([tmp_path])
    assert [f.name for f in files] == ["a.txt"] and not errors


def test_language_detection():
    assert detect_language(ENGLISH) == "en"
    assert detect_language(RUSSIAN) == "ru"
    assert detect_language("12 34") == "und"


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
