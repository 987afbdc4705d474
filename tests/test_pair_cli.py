"""`xlingual pair`: a source and its translation, or a file of source<TAB>translation lines, with
check's gate options and formats. In process with the fake embedder; the real model runs in the
test marked slow."""

import json

import pytest

from tests.test_cli import cli, run

PAIRS = (
    "Der Zug kam um 9 Uhr an.\tThe train arrived at 10 o'clock.\n"
    "\n"
    "Es regnete den ganzen Tag.\tIt rained all day.\n"
    "Die Stadt hat 300 Einwohner.\tThe town has 300 inhabitants.\n"
)
# The pair rules only: what is tested is where findings land, not what the name model finds.
PAIR_RULES = ("--select", "XL5", "--select", "XL9")


@pytest.fixture
def pairs_tsv(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text(PAIRS, encoding="utf-8")
    return path


def pair(*args):
    return run(["pair", *map(str, args), *PAIR_RULES])


def findings_of(result) -> list[dict]:
    return json.loads(result.stdout)["findings"]


def test_a_pairs_file_is_reported_as_one_document_with_findings_at_their_lines(
    pairs_tsv, use_fake_embedder, isolated_cache
):
    result = pair(pairs_tsv, "-f", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [d["path"] for d in report["documents"]] == [str(pairs_tsv)]
    assert all(f["path"] == str(pairs_tsv) for f in report["findings"])
    assert {f["line"] for f in report["findings"]} <= {1, 3, 4}  # line 2 is blank
    (number,) = [f for f in report["findings"] if f["code"] == "XL501"]
    assert (number["line"], number["column"], number["text"]) == (1, 47, "10")
    assert PAIRS[number["start"] : number["end"]] == "10"
    assert number["related"] == [{"path": str(pairs_tsv), "start": 15, "end": 16, "text": "9"}]
    assert use_fake_embedder.calls == 1  # three pairs, one embedder call


def test_text_report_names_file_line_and_column(pairs_tsv, use_fake_embedder, isolated_cache):
    result = pair(pairs_tsv, "--fail-on", "never")
    assert f"{pairs_tsv}:1:47: XL501 [error] translation has 10 where the source has 9" in (
        result.stdout
    )


def test_bad_lines_are_input_findings_and_the_other_lines_are_checked(
    tmp_path, use_fake_embedder, isolated_cache
):
    path = tmp_path / "pairs.tsv"
    path.write_text(PAIRS + "no tab here\nEin\tzwei\tdrei\n\tonly a translation\n", "utf-8")
    result = pair(path, "-f", "json", "--fail-on", "never")
    assert result.exit_code == 2  # an input problem is never a pass, as for check
    inputs = [(f["line"], f["message"]) for f in findings_of(result) if f["code"] == "XL901"]
    assert inputs == [
        (5, "no tab: a line holds source<TAB>translation"),
        (6, "2 tabs: a line holds one source<TAB>translation pair"),
        (7, "empty source"),
    ]
    assert any(f["code"] == "XL501" for f in findings_of(result))  # line 1 was still checked
    assert result.stderr.splitlines() == [
        f"xlingual: {path}:5: no tab: a line holds source<TAB>translation",
        f"xlingual: {path}:6: 2 tabs: a line holds one source<TAB>translation pair",
        f"xlingual: {path}:7: empty source",
    ]


def test_blank_lines_crlf_and_the_final_line_break_are_fine(
    tmp_path, use_fake_embedder, isolated_cache
):
    path = tmp_path / "pairs.tsv"
    path.write_bytes(b"\r\n\r\nEs regnete.\tIt rained.\r\n\r\n")
    result = pair(path, "-f", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert not [f for f in findings_of(result) if f["code"] == "XL901"]


def test_two_documents_are_aligned_and_checked_as_check_pair_does(
    tmp_path, use_fake_embedder, isolated_cache
):
    source, translation = tmp_path / "de.txt", tmp_path / "en.md"
    source.write_text("Der Zug kam um 9 Uhr an. Alle stiegen aus.\n", "utf-8")
    translation.write_text("# News\n\nThe train arrived at 10 o'clock. All got off.\n", "utf-8")
    result = pair(source, translation, "-f", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [d["path"] for d in report["documents"]] == [str(source), str(translation)]
    assert [d["language"] for d in report["documents"]] == ["de", "en"]
    (number,) = [f for f in report["findings"] if f["code"] == "XL501"]
    assert (number["path"], number["line"], number["text"]) == (str(translation), 3, "10")


@pytest.mark.parametrize(
    "output_format", ["text", "json", "sarif", "github", "junit", "markdown", "html"]
)
def test_every_format_of_check(
    pairs_tsv, tmp_path, use_fake_embedder, isolated_cache, output_format
):
    target = tmp_path / "out" / f"report.{output_format}"
    result = pair(pairs_tsv, "-f", output_format, "-o", target, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    written = target.read_text(encoding="utf-8")
    assert "XL501" in written and "pairs.tsv" in written


def test_the_gate_options_of_check(pairs_tsv, tmp_path, use_fake_embedder, isolated_cache):
    assert pair(pairs_tsv).exit_code == 1  # XL501 is an error
    assert pair(pairs_tsv, "--exit-zero").exit_code == 0
    assert pair(pairs_tsv, "--ignore", "XL501", "--fail-on", "error").exit_code == 0
    assert pair(pairs_tsv, "--fail-on", "never").exit_code == 0
    config = tmp_path / "gate.toml"
    config.write_text('fail-on = "never"\n')
    assert pair(pairs_tsv, "--config", config).exit_code == 0


def test_a_baseline_hides_what_it_recorded(pairs_tsv, tmp_path, use_fake_embedder, isolated_cache):
    baseline = tmp_path / "baseline.json"
    recorded = pair(pairs_tsv, "--baseline", baseline, "--update-baseline", "-f", "json")
    assert baseline.exists() and findings_of(recorded) == []
    assert pair(pairs_tsv, "--baseline", baseline).exit_code == 0
    with pairs_tsv.open("a", encoding="utf-8") as file:
        file.write("Er kam um 7 Uhr.\tHe came at 8.\n")
    new = pair(pairs_tsv, "--baseline", baseline, "-f", "json")
    assert new.exit_code == 1
    assert {(f["code"], f["line"]) for f in findings_of(new) if f["severity"] == "error"} == {
        ("XL501", 5)
    }


# --- errors: one line on stderr, exit 2, never a traceback (the real entry point) ------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file or folder"),
        (b"", "file is empty"),
        ("Früh.\tEarly.\n".encode() + b"Sp\xe4t.\tLate.\n", "invalid UTF-8 at line 2, column 3"),
    ],
)
def test_a_pairs_file_that_cannot_be_read(tmp_path, content, message):
    path = tmp_path / "pairs.tsv"
    if content is not None:
        path.write_bytes(content)
    result = cli("pair", str(path), "-f", "json", cache=tmp_path / "cache")
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"xlingual: {path}: {message}")
    (finding,) = json.loads(result.stdout)["findings"]  # the report still goes out
    assert (finding["code"], finding["path"]) == ("XL901", str(path))


def test_a_missing_side_of_a_pair_is_an_input_error(tmp_path):
    source = tmp_path / "de.txt"
    source.write_text("Der Zug kam an.\n", "utf-8")
    result = cli("pair", str(source), str(tmp_path / "en.txt"), cache=tmp_path / "cache")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"xlingual: {tmp_path / 'en.txt'}: no such file or folder"
    ]


def test_more_than_two_paths_is_a_usage_error(tmp_path):
    result = cli("pair", "a.txt", "b.txt", "c.txt")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "xlingual: pair takes SOURCE TRANSLATION or one PAIRS.tsv, not 3 paths"
    ]


# --- the real model -------------------------------------------------------------------------


@pytest.mark.slow
def test_real_model_end_to_end(tmp_path):
    cache = tmp_path / "cache"
    source, translation = tmp_path / "ru.txt", tmp_path / "en.txt"
    source.write_text(
        "Поезд прибыл в 9 часов утра. Все пассажиры вышли на платформу. Потом пошёл дождь.\n",
        "utf-8",
    )
    translation.write_text(
        "The train arrived at 10 in the morning. All passengers got off onto the platform. "
        "Then it rained.\n",
        "utf-8",
    )
    both = cli(
        "pair", str(source), str(translation), "-f", "json", "--fail-on", "never", cache=cache
    )
    assert both.returncode == 0, both.stderr
    report = json.loads(both.stdout)
    assert [d["path"] for d in report["documents"]] == [str(source), str(translation)]
    beads = [a for a in report["alignments"] if a["kind"] == "bead"]
    assert [[m["index"] for m in a["members"]] for a in beads] == [[0, 0], [1, 1], [2, 2]]
    assert {(f["code"], f["text"]) for f in report["findings"]} >= {("XL501", "10")}

    tsv = tmp_path / "pairs.tsv"
    tsv.write_text(
        "Поезд прибыл в 9 часов утра.\tThe train arrived at 10 in the morning.\n"
        "\n"
        "Все пассажиры вышли на платформу.\tAll passengers got off onto the platform.\n"
        "Потом пошёл дождь.\tThen it rained.\n",
        "utf-8",
    )
    lines = cli("pair", str(tsv), "-f", "json", "--fail-on", "never", cache=cache)
    assert lines.returncode == 0, lines.stderr
    report = json.loads(lines.stdout)
    assert [d["path"] for d in report["documents"]] == [str(tsv)]
    (number,) = [f for f in report["findings"] if f["code"] == "XL501"]
    assert (number["line"], number["column"], number["text"]) == (1, 51, "10")
    assert {f["line"] for f in report["findings"]} <= {1, 3, 4}
