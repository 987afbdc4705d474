import os

import pytest

from xlingual.load.documents import InputError, detect_language, find_files, load_document

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
