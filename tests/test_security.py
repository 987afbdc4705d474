"""Safe to run on a pull request (issue 13): its author controls file names, contents and links.

Each case runs the real entry point (`xlingual.cli.main`) in a subprocess, as CI does, with the
fake embedder of tests/conftest.py in place of the model (`run_cli`); a run that must never load
a model gets an embedder that fails the run if it is loaded.

- stderr: a file name or a value holding a line break and `::error ...` never starts a line of
  its own on stderr, where GitHub reads workflow commands; Python warnings are one escaped line.
- symbolic links: a link out of the checked folders (to /etc/passwd, to .git/config) is refused
  with XL901 and its target never reaches a report; `-o` and `--baseline` never write through one.
- bidi: an override in a file name or an article never reorders any human format.
- a fuzz run of file names through every format, and through the CLI's stderr.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from tests.sample_report import make_finding
from xlingual.findings import Finding, Severity
from xlingual.load.documents import Document
from xlingual.output import FORMATS, render
from xlingual.output.visible import is_command_line, is_hidden
from xlingual.report import Report

GOOD = (
    "The council approved the new budget on Tuesday. "
    "Spending on schools will rise by four percent next year.\n"
)
SECRET = "TOKEN-5f2b9c-never-in-a-report"
INJECTION = "a\n::error file=fake.txt,line=1::pwned\n::stop-commands::x.md"

# The entry point with the fake embedder: "fake" embeds, "none" fails the run if a model is
# loaded at all, "warn" embeds and raises a warning twice, "slow" waits to be interrupted.
_RUNNER = f"""
import os, sys, time, warnings
sys.path.insert(0, {str(REPO)!r})
from tests.conftest import FakeEmbedder
import xlingual.api

class Warning_(FakeEmbedder):
    def embed(self, texts):
        for _ in range(2):
            warnings.warn("cache at /tmp/x\\n::error::fake is unusable (XLINGUAL_CACHE)")
        return super().embed(texts)

class Slow(FakeEmbedder):
    def embed(self, texts):
        print("embedding", flush=True)
        time.sleep(60)

def no_model(*args, **kwargs):
    raise SystemExit("a model was loaded")

mode = os.environ["XL_TEST_EMBEDDER"]
embedders = {{"fake": FakeEmbedder, "warn": Warning_, "slow": Slow}}
xlingual.api.load_embedder = no_model if mode == "none" else (lambda *a, **k: embedders[mode]())
sys.argv = ["xlingual", *sys.argv[1:]]
from xlingual.cli import main
main()
"""


def run_cli(
    *args: str | os.PathLike, cwd: Path | None = None, embedder: str = "fake", **popen
) -> subprocess.CompletedProcess:
    """`xlingual ARGS` in a subprocess, as a CI job runs it (stdout and stderr as bytes)."""
    env = dict(os.environ, XL_TEST_EMBEDDER=embedder)
    env.setdefault("XLINGUAL_CACHE", str((cwd or Path.cwd()) / ".xlingual-cache"))
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE} | popen
    return subprocess.run(
        [sys.executable, "-c", _RUNNER, *map(str, args)],
        cwd=cwd,
        env=env,
        timeout=120,
        **streams,
    )


def stderr_lines(result: subprocess.CompletedProcess) -> list[str]:
    return result.stderr.decode("utf-8").splitlines()


def assert_safe_stderr(result: subprocess.CompletedProcess) -> None:
    """No line on stderr is a workflow command, and none holds a raw control or bidi character."""
    text = result.stderr.decode("utf-8")
    assert "Traceback" not in text, text
    for line in text.split("\n"):
        assert not is_command_line(line), line
        assert not any(is_hidden(char) for char in line), repr(line)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A working tree (a git repository, as in CI) with a story folder holding a good article."""
    tree = tmp_path / "repo"
    (tree / ".git").mkdir(parents=True)
    # Only the input rules and the number rule: no spaCy or word tables to load in each run.
    (tree / "xlingual.toml").write_text('select = ["XL4", "XL9"]\ngroup-min-cosine = 0.7\n')
    (tree / ".git" / "config").write_text(f"[http]\n\textraheader = AUTHORIZATION: {SECRET}\n")
    (tree / "story").mkdir()
    (tree / "story" / "good.md").write_text(GOOD, encoding="utf-8")
    return tree


# --- 1. stderr ----------------------------------------------------------------------------------


def test_a_file_name_cannot_start_a_workflow_command_on_stderr(work):
    (work / "story" / INJECTION).write_bytes(b"")  # empty: one XL901 line on stderr
    result = run_cli("check", "story", "-f", "github", cwd=work)
    assert result.returncode == 2
    assert_safe_stderr(result)
    (line,) = [line for line in stderr_lines(result) if "pwned" in line]
    assert line == (
        "xlingual: story/a\u240a::error file=fake.txt,line=1::pwned\u240a::stop-commands::x.md: "
        "file is empty"
    )
    # On stdout, the annotations are the only workflow commands: one per finding.
    findings = json.loads(run_cli("check", "story", "-f", "json", cwd=work).stdout)["findings"]
    commands = [line for line in result.stdout.decode().split("\n") if line.startswith("::")]
    assert len(commands) == len(findings) == len(result.stdout.decode().splitlines())
    (annotation,) = [line for line in commands if "pwned" in line]
    # The runner decodes %0A back into the name: the exact file, on a line of its own.
    assert annotation.startswith("::error file=story/a%0A%3A%3Aerror file=fake.txt%2Cline=1%3A%3A")


def test_a_usage_error_echoing_a_value_is_escaped(work):
    result = run_cli("check", "story", "-f", "jsno\n::error::x", cwd=work)
    assert result.returncode == 2
    assert_safe_stderr(result)
    # click quotes the value with repr(), so the line break is already written as "\n".
    assert "'jsno\\n::error::x' is not one of" in result.stderr.decode()


def test_python_warnings_are_one_escaped_line_each(work):
    result = run_cli("check", "story", embedder="warn", cwd=work)
    assert result.returncode == 0, result.stderr
    assert_safe_stderr(result)
    warnings = [line for line in stderr_lines(result) if "warning" in line]
    assert warnings == [
        "xlingual: warning: cache at /tmp/x\u240a::error::fake is unusable (XLINGUAL_CACHE)"
    ]


# --- 2. symbolic links --------------------------------------------------------------------------


def outputs(folder: Path) -> dict[str, Path]:
    return {name: folder / f"r.{suffix}" for name, suffix in _SUFFIXES.items()}


_SUFFIXES = {
    "html": "html",
    "markdown": "md",
    "sarif": "sarif",
    "json": "json",
    "text": "txt",
    "junit": "xml",
}


def report_everything(work: Path, *paths: str | Path) -> tuple[subprocess.CompletedProcess, dict]:
    files = outputs(work / "out")
    args = [arg for path in files.values() for arg in ("-o", path)]
    result = run_cli("report", *paths, *args, cwd=work)
    return result, {name: path.read_text(encoding="utf-8") for name, path in files.items()}


def xl901(report_json: str) -> dict[str, str]:
    return {
        finding["path"]: finding["message"]
        for finding in json.loads(report_json)["findings"]
        if finding["code"] == "XL901"
    }


def test_links_out_of_the_checked_folder_are_refused_and_never_read(work, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(f"The password is {SECRET} today.\n")
    story = work / "story"
    (story / "passwd.txt").symlink_to("/etc/passwd")
    (story / "config.md").symlink_to("../.git/config")
    (story / "secret.md").symlink_to(outside / "secret.md")
    (story / "folder").symlink_to(outside, target_is_directory=True)
    (story / "git").symlink_to(work / ".git", target_is_directory=True)
    result, written = report_everything(work, "story")
    assert result.returncode == 2  # a refused input is never a pass
    assert_safe_stderr(result)
    refused = xl901(written["json"])
    assert set(refused) == {
        "story/passwd.txt",
        "story/config.md",
        "story/secret.md",
        "story/folder",
        "story/git",
    }
    assert all(message.startswith("symbolic link leading outside") for message in refused.values())
    assert [d["path"] for d in json.loads(written["json"])["documents"]] == ["story/good.md"]
    for text in written.values():
        assert SECRET not in text and "root:x:0:0" not in text
    assert "story/config.md: symbolic link leading outside the checked folders" in (
        result.stderr.decode()
    )


def test_links_into_a_hidden_folder_are_refused_even_inside_the_checked_folder(work):
    (work / "config.md").symlink_to(".git/config")
    (work / "hooks").symlink_to(".git", target_is_directory=True)
    result, written = report_everything(work, ".")
    refused = xl901(written["json"])
    assert refused == {
        "config.md": "symbolic link into a hidden folder; not read (name its target to check it)",
        "hooks": "symbolic link into a hidden folder; not searched",
    }
    for text in written.values():
        assert SECRET not in text


def test_a_link_given_directly_may_not_leave_the_working_tree(work, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(f"The password is {SECRET} today.\n")
    (work / "story" / "direct.md").symlink_to(outside)
    (work / "story" / "inside.md").symlink_to("good.md")
    result = run_cli("check", "story/direct.md", "story/inside.md", "-f", "json", cwd=work)
    assert result.returncode == 2
    assert SECRET not in result.stdout.decode()
    report = json.loads(result.stdout)
    assert xl901(result.stdout) == {
        "story/direct.md": "symbolic link leading outside the working tree; "
        "not read (name its target to check it)"
    }
    assert [d["path"] for d in report["documents"]] == ["story/inside.md"]
    # The target named as itself is what the user asked for: it is read.
    named = run_cli("check", outside, "-f", "json", cwd=work)
    assert [d["path"] for d in json.loads(named.stdout)["documents"]] == [str(outside)]


def test_links_between_folders_given_together_are_followed(work, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "more.md").write_text(GOOD.replace("Tuesday", "Friday"))
    (work / "story" / "more").symlink_to(other, target_is_directory=True)
    result = run_cli("check", "story", other, "-f", "json", cwd=work)
    assert result.returncode == 0, result.stderr
    paths = [d["path"] for d in json.loads(result.stdout)["documents"]]
    assert paths == ["story/good.md", "story/more/more.md"]


@pytest.mark.parametrize(
    "link_to", ["../victim.html", ".git/hooks/pre-commit", "/nonexistent-dir/x.html"]
)
def test_reports_are_never_written_through_a_link_out_of_the_tree(work, tmp_path, link_to):
    victim = tmp_path / "victim.html"
    victim.write_text("untouched")
    (work / ".git" / "hooks").mkdir()
    (work / "report.html").symlink_to(link_to)
    for command in (
        ["check", "story", "-o", "report.html"],
        ["report", "story", "-o", "report.html"],
    ):
        result = run_cli(*command, cwd=work, embedder="none")  # refused before any model loads
        assert result.returncode == 2
        assert_safe_stderr(result)
        assert stderr_lines(result) == [
            "xlingual: report.html: symbolic link "
            + ("into a hidden folder" if link_to.startswith(".git") else "leading outside")
            + ("" if link_to.startswith(".git") else " the working tree")
            + "; not written"
        ]
    assert victim.read_text() == "untouched"
    assert not (work / ".git" / "hooks" / "pre-commit").exists()


def test_the_baseline_is_never_written_through_a_link_out_of_the_tree(work, tmp_path):
    victim = tmp_path / "victim.json"
    victim.write_text("untouched")
    (work / "baseline.json").symlink_to(victim)
    result = run_cli("check", "story", "--baseline", "baseline.json", "--update-baseline", cwd=work)
    assert result.returncode == 2
    assert stderr_lines(result) == [
        "xlingual: baseline.json: symbolic link leading outside the working tree; not written"
    ]
    assert victim.read_text() == "untouched"
    # A plain file, and a link that stays inside the tree, are written as before.
    (work / "baseline.json").unlink()
    (work / "kept").mkdir()
    (work / "baseline.json").symlink_to("kept/baseline.json")
    result = run_cli("check", "story", "--baseline", "baseline.json", "--update-baseline", cwd=work)
    assert result.returncode == 0, result.stderr
    assert json.loads((work / "kept" / "baseline.json").read_text())["tool"] == "xlingual"


# --- 3. bidi ------------------------------------------------------------------------------------

BIDI_NAME = "rtl\u202etxt.md"


def test_a_bidi_override_is_shown_in_every_format(work):
    (work / "story" / BIDI_NAME).write_text(
        "The mayor said \u202eselur\u202c apply. " + GOOD, encoding="utf-8"
    )
    (work / "story" / "gnp.\u202etxt").write_text("")  # named directly below: XL901 empty
    result, written = report_everything(work, "story", "story/gnp.\u202etxt")
    assert_safe_stderr(result)
    assert "story/rtl<U+202E>txt.md" in written["text"]
    for name in ("text", "markdown", "junit"):
        assert "\u202e" not in written[name], name
    html = re.sub(r'<span class="cc" title="U\+202[CE]">[\u202c\u202e]</span>', "", written["html"])
    assert "\u202e" not in html and "rtl&lt;U+202E&gt;txt.md" in html
    github = run_cli("check", "story/gnp.\u202etxt", "-f", "github", cwd=work).stdout.decode()
    assert "\u202e" not in github and "gnp.<U+202E>txt" in github
    # SARIF and JSON are for machines: they keep the exact name.
    assert BIDI_NAME in unquote(written["sarif"]) and f"story/{BIDI_NAME}" in written["json"]


# --- 7. no readable input -----------------------------------------------------------------------


def test_no_readable_input_still_writes_every_format_with_its_xl901(work):
    (work / "story" / "good.md").write_text("")
    (work / "story" / "blob.txt").write_bytes(b"\x00\x01")
    files = outputs(work / "out")
    args = [arg for path in files.values() for arg in ("-o", path)]
    result = run_cli(
        "report",
        "story",
        "story/missing.md",
        *args,
        "--fail-on",
        "never",
        cwd=work,
        embedder="none",
    )
    assert result.returncode == 2, result.stderr
    assert_safe_stderr(result)
    assert len(stderr_lines(result)) == 4  # three inputs, then the summary line
    written = {name: path.read_text(encoding="utf-8") for name, path in files.items()}
    problems = {"story/good.md", "story/blob.txt", "story/missing.md"}
    assert set(xl901(written["json"])) == problems
    sarif = json.loads(written["sarif"])["runs"][0]["results"]
    assert {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif
    } == problems
    junit = ET.fromstring(written["junit"].split("\n", 1)[1])
    assert {case.get("classname") for case in junit.iter("testcase")} == problems
    for name in ("text", "markdown", "html"):
        for path in problems:
            assert path in written[name], (name, path)
        assert "XL901" in written[name]
    for fmt in ("github", "json", "sarif", "junit", "markdown", "html", "text"):
        checked = run_cli("check", "story", "-f", fmt, cwd=work, embedder="none")
        assert checked.returncode == 2, (fmt, checked.stderr)
        assert "story/blob.txt" in checked.stdout.decode(), fmt


# --- the fuzz run: file names through every format ------------------------------------------

_NAME_PARTS = st.sampled_from(
    ["\n", "\r", "\r\n", "\t", "\x1b[31m", "\x00", "\x07", "\x85", "\x9b", "\u2028", "\u2029"]
    + ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
    + ["\u200e", "\u200f", "\u061c", "::", "::error file=x,line=1::", "%", "%0A", "%25", ","]
    + ["##[", "##[error]", "#", "["]  # the runner's legacy command form, anywhere in a line
    + [":", "a", "Ж", " ", "<b>", "&", "|", "*"]
    + ["\udcff", "\udc80"]  # bytes that are not UTF-8, as Python reads such a name (PEP 383)
)
# One name in a folder: "/" separates folders, and SARIF writes "a//b" as "a/b"; a name read
# from a disk holds no surrogate but those of PEP 383.
file_names = st.lists(
    _NAME_PARTS | st.characters(exclude_characters="/", exclude_categories=["Cs"]),
    min_size=1,
    max_size=12,
).map(lambda parts: "articles/" + "".join(parts) + ".md")
_ANNOTATION = re.compile(r"::(error|warning|notice) file=[^:]*::.*")


def fuzz_report(name: str) -> Report:
    # Decoded article text never holds a lone surrogate; a name may (PEP 383).
    prose = re.sub("[\ud800-\udfff]", "", name)
    text = f"A mayor said \u202eselur\u202c apply.\n{prose}\n::error::x ##[error]y\n"
    document = Document.from_text(name, text, "en")
    start = document.text.index("selur")
    finding = make_finding(document, start, start + 5, message=f"flagged in {name}")
    unreadable = Finding(
        "XL901", "unreadable-input", Severity.ERROR, name + ".html", 0, 0, 1, 1, "", "file is empty"
    )
    return Report(
        (document,), (), (), tuple(sorted([finding, unreadable], key=Finding.sort_key)), "s"
    )


def unescaped(text: str, *, keep: str = "") -> list[str]:
    return sorted({char for char in text if is_hidden(char) and char not in keep})


@settings(
    max_examples=int(120 * float(os.environ.get("XLINGUAL_PROPERTY_SCALE", "1"))), deadline=None
)
@given(file_names)
def test_fuzzed_file_names_are_escaped_in_every_format(name: str) -> None:
    report = fuzz_report(name)
    shown = {fmt: render(report, fmt) for fmt in FORMATS}
    # Line breaks are the formats' own; nothing else hidden is written raw.
    for fmt in ("text", "markdown", "github"):
        assert unescaped(shown[fmt], keep="\n") == [], fmt
    assert unescaped(shown["junit"], keep="\n") == []
    html = re.sub(
        r'<span class="cc" title="U\+[0-9A-F]{4}">.</span>', "", shown["html"], flags=re.S
    )
    # Tabs and bidi marks stay in article text (right-to-left prose needs marks), never in a name.
    assert unescaped(html, keep="\n\t\u200e\u200f\u061c") == []
    assert unescaped(html.split('<div class="text"')[0], keep="\n") == []
    # No line of a report is a workflow command; GitHub's lines are xlingual's own annotations.
    for fmt in ("text", "markdown", "junit", "html", "json", "sarif"):
        assert not [line for line in shown[fmt].split("\n") if is_command_line(line)], fmt
    # GitHub: one annotation per finding, and no other line that is a workflow command.
    lines = shown["github"].split("\n")[:-1]
    assert len(lines) == len(report.findings)
    assert all(_ANNOTATION.fullmatch(line) for line in lines), lines
    # Text and Markdown: the name never breaks a line.
    assert len(shown["text"].splitlines()) == len(
        render(fuzz_report("articles/x.md"), "text").splitlines()
    )
    # JSON and SARIF give the exact name back.
    assert {f["path"] for f in json.loads(shown["json"])["findings"]} == {name, name + ".html"}
    results = json.loads(shown["sarif"])["runs"][0]["results"]
    uris = {
        unquote(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            errors="surrogateescape",
        )
        for r in results
    }
    assert uris == {name, name + ".html"}


_CLI_NAMES = [
    "a\n::error file=x.md,line=1::fake.md",
    "b\r::warning::x\u202etxt.md",
    "c\x1b]0;title\x07\u2066x.md",
    "d%0A::notice::y\u2028z.md",
    "##[error]legacy ##[stop-commands]x.md",
    os.fsdecode(b"f\xff\xfe::notice::not-utf-8.md"),  # not UTF-8: PEP 383 surrogates in Python
]


def test_fuzzed_names_on_a_real_run_reach_no_format_unescaped(work):
    for name in _CLI_NAMES:
        (work / "story" / name).write_bytes(b"")  # each an XL901, and a line on stderr
    (work / "story" / "e\u202e.md").write_text(GOOD.replace("Tuesday", "Monday"))
    (work / "story" / "n\n::x.md").write_text(GOOD.replace("four", "five"))  # an XL401 pair
    result, written = report_everything(work, "story")
    github = run_cli("check", "story", "-f", "github", cwd=work)
    for run in (result, github):
        assert run.returncode == 2
        assert_safe_stderr(run)
        empty = [line for line in stderr_lines(run) if "file is empty" in line]
        assert len(empty) == len(_CLI_NAMES)
    shown = {**written, "github": github.stdout.decode("utf-8")}
    for fmt in ("text", "markdown", "github", "junit"):
        assert unescaped(shown[fmt], keep="\n") == [], fmt
    html = re.sub(
        r'<span class="cc" title="U\+[0-9A-F]{4}">.</span>', "", shown["html"], flags=re.S
    )
    assert unescaped(html, keep="\n") == []
    for fmt in ("text", "markdown", "junit", "html", "json", "sarif"):
        assert not [line for line in shown[fmt].split("\n") if is_command_line(line)], fmt
    findings = json.loads(shown["json"])["findings"]
    assert "XL401" in {f["code"] for f in findings}
    lines = shown["github"].split("\n")[:-1]
    assert len(lines) == len(findings) and all(_ANNOTATION.fullmatch(line) for line in lines)
    # JSON and SARIF name each file exactly, bytes that are not UTF-8 included.
    expected = {f"story/{name}" for name in _CLI_NAMES}
    assert {f["path"] for f in findings if f["code"] == "XL901"} == expected
    results = json.loads(shown["sarif"])["runs"][0]["results"]
    uris = {
        unquote(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            errors="surrogateescape",
        )
        for r in results
        if r["ruleId"] == "XL901"
    }
    assert uris == expected
