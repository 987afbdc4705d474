from __future__ import annotations

import pytest

from xlingual.analysis.names.glossary import Glossary, GlossaryError, GlossaryTerm, load_glossary


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def error_of(path) -> GlossaryError:
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    error = caught.value
    assert str(error) == f"{path}: {error.reason}"
    assert error.path == str(path)
    assert "\n" not in str(error)
    return error


TOML = """\
# House style for names in our Russia coverage.

[[term]]
canonical = "Alexei Navalny"
variants = ["Navalnyi", "Nawalny"]
note = "AP style"

[[term]]
canonical = "  Garry Kasparov "

[[term]]
canonical = "Mikhail Khodorkovsky"
variants = ["Chodorkowski", "Khodorkovski", "Chodorkowski"]
"""


def test_toml_happy_path(tmp_path):
    path = write(tmp_path, "style.toml", TOML)
    glossary = load_glossary(path)
    assert glossary == Glossary(
        path=str(path),
        terms=(
            GlossaryTerm("Alexei Navalny", ("Navalnyi", "Nawalny"), "AP style", line=3),
            GlossaryTerm("Garry Kasparov", (), None, line=8),
            GlossaryTerm("Mikhail Khodorkovsky", ("Chodorkowski", "Khodorkovski"), None, line=11),
        ),
    )


def test_toml_accepts_path_strings_and_empty_files(tmp_path):
    path = write(tmp_path, "empty.toml", "# nothing yet\n")
    assert load_glossary(str(path)).terms == ()


def test_toml_with_byte_order_mark(tmp_path):
    path = write(tmp_path, "bom.toml", b'\xef\xbb\xbf[[term]]\ncanonical = "Sergei Skripal"\n')
    assert load_glossary(path).terms[0].canonical == "Sergei Skripal"


CSV = """\
Canonical,variant,variant
# Names from the wire desk; quoted cells may hold commas.

Alexei Navalny,Navalnyi,Nawalny
"Zelensky, Volodymyr",Zelenskyy,Selenskyj,,
Garry Kasparov
"""


def test_csv_happy_path(tmp_path):
    path = write(tmp_path, "style.csv", CSV)
    assert load_glossary(path).terms == (
        GlossaryTerm("Alexei Navalny", ("Navalnyi", "Nawalny"), None, line=4),
        GlossaryTerm("Zelensky, Volodymyr", ("Zelenskyy", "Selenskyj"), None, line=5),
        GlossaryTerm("Garry Kasparov", (), None, line=6),
    )


def test_csv_without_header_and_with_byte_order_mark(tmp_path):
    path = write(
        tmp_path, "style.csv", "\ufeffMikhail Gorbachev,Gorbatschow\r\nAnna Politkovskaya\r\n"
    )
    assert load_glossary(path).terms == (
        GlossaryTerm("Mikhail Gorbachev", ("Gorbatschow",), None, line=1),
        GlossaryTerm("Anna Politkovskaya", (), None, line=2),
    )


def test_canonical_only_skipped_as_header_on_the_first_row(tmp_path):
    path = write(tmp_path, "style.csv", "Sergei Skripal\ncanonical,Kanonisch\n")
    assert [term.canonical for term in load_glossary(path).terms] == ["Sergei Skripal", "canonical"]


def test_tsv(tmp_path):
    path = write(tmp_path, "style.tsv", "canonical\tvariants\nGarry Kasparov\tKasparow\tKasparof\n")
    assert load_glossary(path).terms == (
        GlossaryTerm("Garry Kasparov", ("Kasparow", "Kasparof"), None, line=2),
    )


def test_csv_line_numbers_count_multi_line_cells(tmp_path):
    path = write(tmp_path, "style.csv", 'Alexei Navalny,"Navalnyi\nNawalny"\nGarry Kasparov\n')
    assert [term.line for term in load_glossary(path).terms] == [1, 3]


# --- errors ---------------------------------------------------------------------------------


def test_missing_file(tmp_path):
    assert error_of(tmp_path / "nope.toml").reason == "no such file"


def test_folder(tmp_path):
    folder = tmp_path / "style.toml"
    folder.mkdir()
    assert error_of(folder).reason == "is a folder, not a file"


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, "style.csv", "Garry Kasparov\n")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(path), "read_bytes", refuse)
    assert error_of(path).reason == "cannot read (Permission denied)"


def test_not_utf8(tmp_path):
    path = write(tmp_path, "style.csv", "Gorbatschow,Gorbačov\n".encode("cp1250"))
    assert error_of(path).reason == "not valid UTF-8 (byte 0xe8 at offset 17)"


def test_utf16_without_byte_order_mark(tmp_path):
    path = write(tmp_path, "style.csv", "Gorbatschow\n".encode("utf-16-le"))
    assert error_of(path).reason.startswith("contains NUL bytes")


def test_utf16_with_byte_order_mark(tmp_path):
    path = write(tmp_path, "style.tsv", "Mikhail Gorbachev\tGorbatschow\n".encode("utf-16"))
    assert load_glossary(path).terms == (
        GlossaryTerm("Mikhail Gorbachev", ("Gorbatschow",), None, line=1),
    )


@pytest.mark.parametrize("name", ["style.json", "style.yaml", "style"])
def test_unsupported_suffix(tmp_path, name):
    path = write(tmp_path, name, "")
    reason = error_of(path).reason
    assert reason.startswith("unsupported glossary format")
    assert ".toml, .csv, .tsv" in reason


def test_invalid_toml_is_one_line(tmp_path):
    path = write(tmp_path, "style.toml", '[[term]]\ncanonical = "Navalny\n')
    reason = error_of(path).reason
    assert reason.startswith("invalid TOML: ")
    assert "line 2" in reason


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('canonical = "Navalny"\nspelling = "x"', "term 2 (line 4): unknown key 'spelling'"),
        ('variants = ["Navalnyi"]', "term 2 (line 4): missing 'canonical'"),
        ("canonical = 42", "term 2 (line 4): 'canonical' must be a string, not an integer"),
        ('canonical = "  "', "term 2 (line 4): 'canonical' is empty"),
        (
            'canonical = "Navalny"\nvariants = "Navalnyi"',
            "term 2 (line 4): 'variants' must be a list of strings, not a string",
        ),
        (
            'canonical = "Navalny"\nvariants = ["Navalnyi", 3]',
            "term 2 (line 4): 'variants' must be a list of strings, not a list with an integer",
        ),
        ('canonical = "Navalny"\nvariants = [""]', "term 2 (line 4): 'variants' contains an empty"),
        (
            'canonical = "Navalny"\nnote = 2024-01-01',
            "term 2 (line 4): 'note' must be a string, not a date or time",
        ),
        (
            'canonical = "Navalny"\nvariants = ["navalny"]',
            "term 2 (line 4): variant 'navalny' is the canonical form itself",
        ),
    ],
)
def test_bad_toml_terms(tmp_path, body, reason):
    text = f'[[term]]\ncanonical = "Garry Kasparov"\n\n[[term]]\n{body}\n'
    assert error_of(write(tmp_path, "style.toml", text)).reason.startswith(reason)


def test_unknown_key_names_the_key_and_the_allowed_ones(tmp_path):
    path = write(tmp_path, "style.toml", '[[term]]\ncanonical = "Navalny"\nvariant = ["x"]\n')
    reason = error_of(path).reason
    assert reason == "term 1 (line 1): unknown key 'variant' (expected canonical, variants, note)"


def test_unknown_top_level_key(tmp_path):
    path = write(tmp_path, "style.toml", '[[terms]]\ncanonical = "Navalny"\n')
    assert error_of(path).reason == "unknown key 'terms' (expected [[term]] tables)"


def test_term_must_be_tables(tmp_path):
    path = write(tmp_path, "style.toml", 'term = "Navalny"\n')
    assert error_of(path).reason == "'term' must be a list of tables, written [[term]]"


def test_duplicate_canonical_names_both_lines_toml(tmp_path):
    text = '[[term]]\ncanonical = "Garry Kasparov"\n\n[[term]]\ncanonical = "garry  kasparov"\n'
    reason = error_of(write(tmp_path, "style.toml", text)).reason
    assert reason == "duplicate canonical 'garry  kasparov' on line 1 and on line 4"


def test_duplicate_canonical_names_both_lines_csv(tmp_path):
    path = write(tmp_path, "style.csv", "Alexei Navalny,Navalnyi\n\nAlexei Navalny,Nawalny\n")
    assert error_of(path).reason == "duplicate canonical 'Alexei Navalny' on line 1 and on line 3"


def test_variant_that_is_another_terms_canonical(tmp_path):
    path = write(tmp_path, "style.csv", "Volodymyr Zelensky,Zelenskyy\nZelenskyy\n")
    reason = error_of(path).reason
    assert reason == "'Zelenskyy' is a wrong form on line 1 but the canonical form on line 2"


def test_csv_empty_canonical_names_the_line(tmp_path):
    path = write(tmp_path, "style.csv", "canonical,variant\nAlexei Navalny\n# note\n ,Nawalny\n")
    assert error_of(path).reason == "line 4: empty canonical (first cell)"


def test_csv_malformed_row(tmp_path):
    path = write(tmp_path, "style.csv", 'Alexei Navalny\n"Garry Kasparov,Kasparow\n')
    assert error_of(path).reason.startswith("line 2: malformed row")
