"""The command line, in process, with the fake embedder (the real model runs in test_end_to_end)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SEEDS
from xlingual.cli import app

ARTICLE_A = (
    "The ministry said 1,200 workers lost their jobs in March. "
    "The factory will close next year. Unions protested on Monday.\n"
)
ARTICLE_B = (
    "Unions protested on Monday. "
    "The ministry said 2,100 workers lost their jobs in March. "
    "A new factory may open elsewhere.\n"
)


@pytest.fixture
def story(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "b.md").write_text(ARTICLE_B, encoding="utf-8")
    return tmp_path


def run(args, **kwargs):
    return CliRunner().invoke(app, args, **kwargs)


def check_story(story, *args):
    # The fake embedder's cosines sit lower than e5's, so the story gets a floor that suits it.
    (story / "fake.toml").write_text("group-min-cosine = 0.7\n")
    return run(["check", str(story), "--config", str(story / "fake.toml"), *args])


def test_check_json_follows_the_contract(story, use_fake_embedder):
    result = check_story(story, "-f", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"version", "tool", "documents", "alignments", "findings", "summary"}
    assert report["tool"]["name"] == "xlingual"
    assert "fake-bag-of-prefixes" in report["tool"]["signature"]
    assert [d["path"] for d in report["documents"]] == [str(story / "a.txt"), str(story / "b.md")]
    assert all(d["language"] == "en" for d in report["documents"])
    assert set(report["summary"]) == {"error", "warning", "info"}
    for alignment in report["alignments"]:
        assert alignment["members"] and 0 <= alignment["score"] <= 1.0001
        for member in alignment["members"]:
            assert set(member) == {"path", "index", "start", "end"}


def test_number_mismatch_between_aligned_sentences_is_reported(story, use_fake_embedder):
    result = check_story(story, "-f", "json", "--fail-on", "never")
    findings = json.loads(result.stdout)["findings"]
    mismatches = [f for f in findings if f["code"] == "XL401"]
    assert {f["text"] for f in mismatches} == {"1,200", "2,100"}
    for finding in mismatches:
        assert finding["related"] and finding["related"][0]["text"] in {"1,200", "2,100"}


def test_fail_on_controls_the_exit_code(story, use_fake_embedder):
    assert check_story(story, "--fail-on", "warning").exit_code == 1
    assert check_story(story, "--fail-on", "error").exit_code == 0
    assert check_story(story, "--fail-on", "warning", "--exit-zero").exit_code == 0
    assert check_story(story, "--fail-on", "warning", "--ignore", "XL4").exit_code == 0


def test_output_file_is_written(story, tmp_path, use_fake_embedder):
    target = tmp_path / "out" / "report.json"
    result = check_story(story, "-f", "json", "-o", str(target), "--fail-on", "never")
    assert result.exit_code == 0
    assert json.loads(target.read_text())["documents"]


def test_text_report_lists_documents_alignments_and_findings(story, use_fake_embedder):
    result = check_story(story, "--fail-on", "never")
    assert "Documents (2)" in result.stdout
    assert "Aligned sentences" in result.stdout
    assert "XL401" in result.stdout


def cli(*args, cwd=None, cache=None):
    """The entry point in a subprocess: exit codes and stderr as a user sees them."""
    env = dict(os.environ, XLINGUAL_CACHE=str(cache)) if cache else None
    return subprocess.run(
        [sys.executable, "-m", "xlingual", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def test_missing_path_is_a_one_line_error_with_exit_2(tmp_path):
    result = cli("check", str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"xlingual: {tmp_path / 'nope.txt'}: no such file or folder",
    ]
    # The report still goes out, naming the input problem (tests/test_security.py: every format).
    assert f"{tmp_path / 'nope.txt'}:1:1: XL901 [error] no such file or folder" in result.stdout


def test_empty_folder_and_binary_file_are_errors_but_good_files_are_checked(story, tmp_path):
    (story / "empty").mkdir()
    (story / "blob.txt").write_bytes(b"\x00\x01\x02\x03")
    result = cli(
        "check",
        str(story),
        str(story / "empty"),
        "-f",
        "json",
        "--embedder",
        "use",
        cache=tmp_path / "cache",
    )
    assert result.returncode == 2
    assert f"{story / 'blob.txt'}: binary file, not text" in result.stderr
    assert f"{story / 'empty'}: folder contains no article files" in result.stderr
    report = json.loads(result.stdout)
    assert len(report["documents"]) == 2  # the readable articles were still checked
    assert {f["path"] for f in report["findings"] if f["code"] == "XL901"} == {
        str(story / "blob.txt"),
        str(story / "empty"),
    }


def test_bad_config_is_exit_2(story):
    (story / "xlingual.toml").write_text("colour = 'red'\n")
    result = cli("check", str(story), cwd=story)
    assert result.returncode == 2
    assert "unknown key 'colour'" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_option_is_exit_2():
    result = cli("check", "--no-such-option", str(SEEDS))
    assert result.returncode == 2


def test_help_does_not_import_torch_or_dask():
    code = (
        "import sys\n"
        "from xlingual.cli import app\n"
        "from typer.testing import CliRunner\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "CliRunner().invoke(app, ['check', '--help'])\n"
        "CliRunner().invoke(app, ['pair', '--help'])\n"
        "heavy = ('torch', 'sentence_transformers', 'numpy', 'dask', 'distributed')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


def test_rules_lists_every_registered_rule():
    result = run(["rules"])
    assert "XL401" in result.stdout and "XL501" in result.stdout


def test_align_presplit_prints_beads(tmp_path, use_fake_embedder, monkeypatch):
    import xlingual.embed.embedders

    monkeypatch.setattr(
        xlingual.embed.embedders, "load_embedder", lambda *a, **k: use_fake_embedder
    )
    (tmp_path / "de.txt").write_text("Guten Morgen Anna\nDer Zug ist spät\n\nEnde gut\n")
    (tmp_path / "en.txt").write_text("Good morning Anna\nThe train is late\nEnd good\n")
    result = run(["align", str(tmp_path / "de.txt"), str(tmp_path / "en.txt"), "--presplit"])
    assert result.exit_code == 0, result.output
    beads = result.stdout.splitlines()
    assert beads[0] == "[0]:[0]" and beads[-1] == "[3]:[2]"
    tsv = run(
        ["align", str(tmp_path / "de.txt"), str(tmp_path / "en.txt"), "--presplit", "-f", "tsv"]
    )
    assert tsv.stdout.splitlines()[0].startswith("source\ttarget\tscore")


# --- the gate (issue 5) ----------------------------------------------------------------------


def write_config(story, text: str) -> str:
    # The fake embedder's cosines sit lower than e5's, so every config here carries its floor.
    path = story / "gate.toml"
    path.write_text("group-min-cosine = 0.7\n" + text)
    return str(path)


def gate(story, config_text: str, *args):
    return run(["check", str(story), "--config", write_config(story, config_text), *args])


@pytest.mark.parametrize(
    ("severity", "fail_on", "expected"),
    [
        ("error", "error", 1),
        ("warning", "error", 0),
        ("warning", "warning", 1),
        ("info", "warning", 0),
        ("info", "info", 1),
        ("error", "never", 0),
    ],
)
def test_each_fail_on_level_against_a_configured_severity(
    story, use_fake_embedder, severity, fail_on, expected
):
    # Only the number rule runs, at the severity the config gives it.
    config = f'select = ["XL401"]\n[severity]\nXL401 = "{severity}"\n'
    result = gate(story, config, "--fail-on", fail_on, "-f", "json")
    assert result.exit_code == expected, result.output
    levels = {f["severity"] for f in json.loads(result.stdout)["findings"]}
    assert levels == {severity}


def test_config_precedence_defaults_file_config_flag(story, use_fake_embedder, monkeypatch):
    monkeypatch.chdir(story)
    (story / "pyproject.toml").write_text(
        '[tool.xlingual]\nfail-on = "warning"\ngroup-min-cosine = 0.7\nselect = ["XL4"]\n'
    )
    assert run(["check", "."]).exit_code == 1  # the file beats the default (error)
    (story / "ci.toml").write_text('fail-on = "never"\n')
    assert run(["check", ".", "--config", "ci.toml"]).exit_code == 0  # --config beats the file
    flagged = run(["check", ".", "--config", "ci.toml", "--fail-on", "warning"])
    assert flagged.exit_code == 1  # the flag beats everything


def test_unknown_rule_in_severity_table_is_named(story):
    (story / "xlingual.toml").write_text('[severity]\nXL999 = "error"\n')
    result = cli("check", str(story), cwd=story)
    assert result.returncode == 2
    assert "unknown rule 'XL999'" in result.stderr and "xlingual.toml" in result.stderr


def test_report_writes_every_format_its_suffixes_name(story, tmp_path, use_fake_embedder):
    out = tmp_path / "reports"
    names = ["r.html", "r.md", "r.sarif", "r.json", "r.txt", "r.xml"]
    args = [arg for name in names for arg in ("-o", str(out / name))]
    result = run(["report", str(story), "--config", write_config(story, ""), *args])
    assert result.exit_code == 0, result.output
    assert "<!DOCTYPE html>" in (out / "r.html").read_text()[:200]
    assert json.loads((out / "r.sarif").read_text())["version"] == "2.1.0"
    assert json.loads((out / "r.json").read_text())["findings"]
    assert (out / "r.md").read_text().startswith("#")
    assert (out / "r.xml").read_text().startswith("<?xml")
    assert "XL401" in (out / "r.txt").read_text()


def test_report_with_an_unknown_suffix_is_exit_2(story, tmp_path):
    result = cli("report", str(story), "-o", str(tmp_path / "r.pdf"))
    assert result.returncode == 2
    assert "r.pdf: cannot tell the report format from its suffix" in result.stderr


def test_rule_prints_its_documentation():
    result = run(["rule", "xl101"])
    assert result.exit_code == 0
    assert result.stdout.startswith("XL101 ")
    assert "Why it matters" in result.stdout and "Example" in result.stdout
    assert cli("rule", "XL999").returncode == 2


def test_baseline_round_trip(story, use_fake_embedder):
    baseline = story / "xlingual-baseline.json"
    config = 'select = ["XL401"]\n'
    assert gate(story, config, "--fail-on", "warning").exit_code == 1
    written = gate(
        story, config, "--fail-on", "warning", "--baseline", str(baseline), "--update-baseline"
    )
    assert written.exit_code == 0, written.output
    assert {e["code"] for e in json.loads(baseline.read_text())["findings"]} == {"XL401"}
    # An edit elsewhere in a file keeps the recorded findings matched.
    article = story / "a.txt"
    article.write_text("A new opening paragraph about the city.\n\n" + article.read_text())
    again = gate(story, config, "--fail-on", "warning", "--baseline", str(baseline), "-f", "json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["findings"] == []
    # A new disagreement is reported.
    article.write_text(
        article.read_text() + "\nThe ministry said 1,200 workers lost their jobs in March.\n"
    )
    (story / "c.txt").write_text("The ministry said 3,300 workers lost their jobs in March.\n")
    new = gate(story, config, "--fail-on", "warning", "--baseline", str(baseline), "-f", "json")
    assert new.exit_code == 1
    assert "3,300" in {f["text"] for f in json.loads(new.stdout)["findings"]}


def test_update_baseline_needs_a_baseline_file(story):
    result = cli("check", str(story), "--update-baseline")
    assert result.returncode == 2 and "--update-baseline needs --baseline" in result.stderr


def test_changed_only_reports_findings_on_lines_changed_since_a_ref(story, use_fake_embedder):
    def git(*args):
        subprocess.run(
            ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
            cwd=story,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", "a.txt", "b.md")
    git("commit", "-qm", "articles")
    config = 'select = ["XL401"]\n'
    everything = gate(story, config, "-f", "json", "--fail-on", "never")
    assert json.loads(everything.stdout)["findings"]
    untouched = gate(story, config, "-f", "json", "--changed-only", "HEAD")
    assert json.loads(untouched.stdout)["findings"] == [] and untouched.exit_code == 0
    b = story / "b.md"
    b.write_text(b.read_text().replace("new factory", "new plant"))  # same line as 2,100
    touched = gate(story, config, "-f", "json", "--changed-only", "HEAD", "--fail-on", "never")
    assert {(f["path"], f["text"]) for f in json.loads(touched.stdout)["findings"]} == {
        (str(b), "2,100")
    }
    bad_ref = cli("check", str(story), "--changed-only", "no-such-ref")
    assert bad_ref.returncode == 2 and "unknown git ref 'no-such-ref'" in bad_ref.stderr


def test_inline_comment_silences_the_next_paragraph_only(story, use_fake_embedder):
    b = story / "b.md"
    b.write_text("<!-- xlingual: ignore XL401 -->\n" + ARTICLE_B)
    result = gate(story, 'select = ["XL4", "XL9"]\n', "-f", "json", "--fail-on", "never")
    flagged = {(Path(f["path"]).name, f["text"]) for f in json.loads(result.stdout)["findings"]}
    assert ("b.md", "2,100") not in flagged
    assert ("a.txt", "1,200") in flagged  # the other article's side is still reported
    b.write_text("<!-- xlingual: ignore XL1 -->\n" + ARTICLE_B)  # another family: no effect
    result = gate(story, 'select = ["XL4", "XL9"]\n', "-f", "json", "--fail-on", "never")
    assert ("b.md", "2,100") in {
        (Path(f["path"]).name, f["text"]) for f in json.loads(result.stdout)["findings"]
    }


def test_a_malformed_directive_is_reported_and_silences_nothing(story, use_fake_embedder):
    (story / "b.md").write_text("Intro.\n\n<!-- xlingual: ignroe XL401 -->\n" + ARTICLE_B)
    result = gate(story, 'select = ["XL4", "XL9"]\n', "-f", "json", "--fail-on", "never")
    findings = json.loads(result.stdout)["findings"]
    (problem,) = [f for f in findings if f["code"] == "XL902"]
    assert (problem["line"], problem["column"]) == (3, 1)
    assert "ignroe" in problem["message"]
    assert "2,100" in {f["text"] for f in findings}


def test_findings_in_html_articles_point_at_lines_of_the_html_file(story, use_fake_embedder):
    (story / "b.md").unlink()
    html = (
        "<!DOCTYPE html>\n<html>\n<head>\n<title>x</title>\n<style>p { color: red }</style>\n"
        "</head>\n<body>\n<article>\n<p>Unions protested on Monday.</p>\n"
        "<p>The ministry said\n  <b>2,100</b> workers lost their jobs in March.</p>\n"
        "</article>\n</body>\n</html>\n"
    )
    (story / "b.html").write_text(html)
    result = gate(story, 'select = ["XL401"]\n', "-f", "json", "--fail-on", "never")
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["text"] == "2,100"]
    assert (finding["line"], finding["column"]) == (11, 6)  # where "2,100" sits in b.html
    github = gate(story, 'select = ["XL401"]\n', "-f", "github", "--fail-on", "never")
    assert f"file={story / 'b.html'},line=11,col=6" in github.stdout.replace("%3A", ":")


def test_progress_bar_only_on_a_terminal_and_never_when_quiet(monkeypatch, capsys):
    from xlingual.terminal import progress_bar as _progress

    assert not _progress(quiet=False).enabled  # pytest's stderr is no terminal
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert not _progress(quiet=True).enabled
    bar = _progress(quiet=False)
    assert bar.enabled
    with bar as update:
        update("aligning sentences across articles", 0.6)
        assert bar._bar.tasks[0].completed == 0.6


@pytest.mark.slow
def test_progress_bar_draws_on_a_terminal_stderr(story, tmp_path):
    import pty
    import threading

    main, secondary = pty.openpty()
    drawn = bytearray()

    def read_terminal() -> None:
        # Read while the check runs: a full terminal buffer would block the writer.
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the other side is closed
                return
            if not chunk:
                return
            drawn.extend(chunk)

    reader = threading.Thread(target=read_terminal, daemon=True)
    reader.start()
    result = subprocess.run(
        [sys.executable, "-m", "xlingual", "check", str(story), "--embedder", "use"],
        stdout=subprocess.PIPE,
        stderr=secondary,
        env=dict(os.environ, XLINGUAL_CACHE=str(tmp_path / "cache"), COLUMNS="100"),
        timeout=300,
    )
    os.close(secondary)
    reader.join(timeout=10)
    os.close(main)
    assert result.returncode in (0, 1)
    assert b"\x1b[" in drawn and b"XL" in drawn  # rich redraws the bar with each rule's code
    assert b"\x1b[" not in result.stdout  # stdout is a pipe: no colour in the report


# --- usage errors and interruptions (issue 13, item 9) ---------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["check", "--fail-onn", "warning", "."],
            "Error: No such option: --fail-onn Did you mean --fail-on?",
        ),
        (["check", "-f", "jsno", "."], "Error: Invalid value for '--format' / '-f': "),
        (["chek", "."], "Error: No such command 'chek'. Did you mean 'check'?"),
        (["check"], "Error: Missing argument 'PATHS'."),
        (
            ["report", ".", "--fail-on", "sometimes", "-o", "r.html"],
            "Error: Invalid value for '--fail-on'",
        ),
    ],
)
def test_usage_errors_are_clicks_own_with_exit_2(tmp_path, args, message):
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"Usage: xlingual {args[0] if args[0] != 'chek' else ''}".rstrip())
    assert lines[1].startswith("Try 'xlingual") and lines[1].endswith("--help' for help.")
    assert lines[-1].startswith(message), lines
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_full_disk_on_stdout_is_one_line_and_exit_2(story, tmp_path):
    from tests.test_security import run_cli

    with open("/dev/full", "w") as full:
        for args in (
            ["version"],
            ["rules"],
            ["check", str(story), "-f", "json", "--select", "XL4"],
        ):
            result = run_cli(*args, cwd=tmp_path, stdout=full, stderr=subprocess.PIPE)
            assert result.returncode == 2, args
            assert result.stderr.decode().splitlines() == [
                "xlingual: cannot write to standard output (No space left on device)"
            ], args


@pytest.mark.parametrize(
    ("line", "key", "value"),
    [
        ("max-file-mb = 1e400", "max-file-mb", "inf"),
        ("max-file-mb = 1e300", "max-file-mb", "1e+300"),
        ("group-min-cosine = nan", "group-min-cosine", "nan"),
        ("group-min-cosine = 1.5", "group-min-cosine", "1.5"),
        ("group-min-margin = -inf", "group-min-margin", "-inf"),
        ("group-min-margin = 0", "group-min-margin", "0.0"),
    ],
)
def test_non_finite_or_out_of_range_numbers_are_config_errors(story, line, key, value):
    (story / "xlingual.toml").write_text(line + "\n")
    result = cli("check", str(story), cwd=story)
    assert result.returncode == 2
    (message,) = result.stderr.splitlines()
    assert message.startswith(f"xlingual: {story / 'xlingual.toml'}: {key}: expected ")
    assert message.endswith(f", not {value}")


def test_an_unknown_rule_code_in_an_ignore_comment_is_reported(story, use_fake_embedder):
    (story / "b.md").write_text(
        "<!-- xlingual: ignore XL999 -->\nIntro.\n\n<!-- xlingual: ignore XL1, XL10 -->\n"
        + ARTICLE_B
    )
    result = gate(story, 'select = ["XL4", "XL9"]\n', "-f", "json", "--fail-on", "never")
    problems = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "XL902"]
    assert [(p["line"], p["message"]) for p in problems] == [
        (1, "unknown rule code: 'XL999' (`xlingual rules` lists them)")
    ]


def test_ctrl_c_exits_130_with_one_line(story, tmp_path):
    import signal

    from tests.test_security import _RUNNER

    env = dict(os.environ, XL_TEST_EMBEDDER="slow", XLINGUAL_CACHE=str(tmp_path / "cache"))
    process = subprocess.Popen(
        [sys.executable, "-c", _RUNNER, "check", str(story)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert process.stdout.readline() == "embedding\n"  # the slow embedder has started
        process.send_signal(signal.SIGINT)
        _stdout, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130
    assert stderr.splitlines() == ["xlingual: interrupted"]
