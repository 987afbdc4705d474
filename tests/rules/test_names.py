"""XL1xx rules through the library API: real spaCy mentions, the fake embedder for alignment."""

import subprocess
import sys

import pytest

import xlingual
from xlingual.config import Config
from xlingual.load.documents import Document

ARTICLES = {
    "a.txt": "Opposition leader Alexei Navalny was moved to a prison colony. "
    "Navalny's lawyers said they had not been told. Navalny has been jailed since 2021.",
    "b.txt": "Lawyers for Alexei Navalny said he had vanished. Navalny was last seen in court.",
    "c.txt": "Alexei Navalnyi was transferred, his spokeswoman said on Monday. "
    "Navalnyi is serving a long sentence.",
    "d.txt": "The Kremlin critic Alexei Navalny was moved. Prison officials said Navalnyi "
    "arrived on Sunday.",
}


def _documents():
    return [Document.from_text(path, text, language="en") for path, text in ARTICLES.items()]


@pytest.fixture
def report(use_fake_embedder):
    return xlingual.check(_documents(), Config(select=("XL1",)))


def test_minority_spelling_in_its_own_article_is_xl101(report):
    across = [f for f in report.findings if f.code == "XL101"]
    assert {(f.path, f.text, f.suggestion) for f in across} == {("c.txt", "Navalnyi", "Navalny")}
    assert len(across) == 2  # every occurrence
    assert all(f.related and f.related[0].text == "Navalny" for f in across)
    assert all(f.related[0].path != "c.txt" for f in across)


def test_both_spellings_in_one_article_is_xl102(report):
    within = [f for f in report.findings if f.code == "XL102"]
    assert [(f.path, f.text) for f in within] == [("d.txt", "Navalnyi")]
    assert within[0].related[0].path == "d.txt"  # the evidence starts in the same article


def test_name_clusters_are_on_the_report(report):
    [cluster] = report.name_clusters
    assert cluster.canonical == "Navalny"
    assert cluster.spellings == ("Navalny", "Navalnyi")


def test_mixed_script_name_is_an_error_with_a_clean_suggestion(use_fake_embedder):
    text = "Officials named Alexei N\u0430valny as the organiser. The police agreed."
    report = xlingual.check([Document.from_text("x.txt", text, language="en")])
    [finding] = [f for f in report.findings if f.code == "XL104"]
    assert finding.text == "N\u0430valny"
    assert finding.suggestion == "Navalny"
    assert finding.severity.value == "error"
    assert "Cyrillic and Latin" in finding.message


def test_ignoring_name_rules_skips_the_name_reader(use_fake_embedder, monkeypatch):
    import xlingual.analysis.names.mentions

    def fail(*_args, **_kwargs):
        raise AssertionError("mentions extracted although no rule reading names is selected")

    monkeypatch.setattr(xlingual.analysis.names.mentions, "extract_all_mentions", fail)
    # XL505 reads names too; in a multi-article check it has no pairs, but it is still selected.
    # XL301 reads them to leave people's names alone.
    report = xlingual.check(_documents(), Config(ignore=("XL1", "XL301", "XL505")))
    assert not [f for f in report.findings if f.code.startswith("XL1")]


def test_glossary_from_config_flags_against_the_style_sheet(use_fake_embedder, tmp_path):
    sheet = tmp_path / "names.csv"
    sheet.write_text("canonical,variant\nAlexei Navalny,Navalnyi\n", encoding="utf-8")
    config = Config(select=("XL1",), glossary=str(sheet))
    report = xlingual.check(_documents(), config)
    styled = [f for f in report.findings if f.code == "XL103"]
    assert {f.text for f in styled} == {"Navalnyi"}
    assert len(styled) == 3
    # the style sheet already covers these spans: XL101/XL102 do not repeat them
    assert not [f for f in report.findings if f.code in ("XL101", "XL102")]


def test_bad_glossary_is_one_line_and_exit_2(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Alexei Navalny spoke.", encoding="utf-8")
    sheet = tmp_path / "names.toml"
    sheet.write_text("[[term]]\nvariants = ['x']\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "xlingual", "check", str(article), "--glossary", str(sheet)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "names.toml" in result.stderr
    assert "Traceback" not in result.stderr
