"""The CI integrations a newsroom copies: the pre-commit hook, the GitHub Action, the workflow.

The Action's shell steps are run for real here, with the GitHub runner's files simulated, so a
typo in action.yml fails this suite rather than a newsroom's first pull request.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

ACTION = yaml.safe_load((REPO / "action.yml").read_text())
HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
WORKFLOW = yaml.safe_load((REPO / "examples" / "github-workflow.yml").read_text())


def test_pre_commit_hook_runs_the_check_command():
    (hook,) = HOOKS
    assert hook["id"] == "xlingual" and hook["language"] == "python"
    assert hook["entry"] == "xlingual check"
    assert set(hook["types_or"]) <= {"markdown", "html", "text"}


def test_action_steps_use_only_declared_inputs_and_existing_options():
    declared = set(ACTION["inputs"])
    text = (REPO / "action.yml").read_text()
    assert set(re.findall(r"inputs\.([a-z-]+)", text)) <= declared
    help_text = subprocess.run(
        [sys.executable, "-m", "xlingual", "check", "--help"], capture_output=True, text=True
    ).stdout
    for option in re.findall(r"\((--[a-z-]+)", text) + re.findall(r"options=\((--[a-z-]+)", text):
        assert option in help_text
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            syntax = subprocess.run(["bash", "-n"], input=step["run"], text=True)
            assert syntax.returncode == 0, step["name"]


def test_example_workflow_passes_inputs_the_action_declares():
    steps = WORKFLOW["jobs"]["check"]["steps"]
    uses_action = [step for step in steps if "xlingual" in step.get("uses", "")]
    assert uses_action and set(uses_action[0]["with"]) <= set(ACTION["inputs"])
    assert steps[0]["with"]["fetch-depth"] == 0  # --changed-only needs the base ref


def run_step(name: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    step = next(s for s in ACTION["runs"]["steps"] if s.get("name") == name)
    inputs = {key: str(spec.get("default", "")) for key, spec in ACTION["inputs"].items()}
    inputs.update({k: v for k, v in env.items() if k in inputs})
    step_env = {
        key: re.sub(r"\$\{\{ inputs\.([a-z-]+) \}\}", lambda m: inputs[m.group(1)], value)
        for key, value in step.get("env", {}).items()
    }
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        env={**os.environ, **{k: v for k, v in env.items() if k not in inputs}, **step_env},
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
def test_action_writes_reports_and_annotates(tmp_path):
    story = tmp_path / "articles"
    story.mkdir()
    (story / "a.md").write_text(
        "The ministry said 1,200 workers lost their jobs in March at the steel plant.\n"
    )
    (story / "b.md").write_text(
        "The ministry said 2,100 workers lost their jobs in March at the steel plant.\n"
    )
    (tmp_path / "xlingual.toml").write_text('embedder = "use"\n')  # the fast model
    runner = tmp_path / "runner"
    runner.mkdir()
    env = {
        "paths": str(story),
        "config": str(tmp_path / "xlingual.toml"),
        "fail-on": "warning",
        "RUNNER_TEMP": str(runner),
        "GITHUB_OUTPUT": str(runner / "output"),
        "GITHUB_STEP_SUMMARY": str(runner / "summary.md"),
        "XLINGUAL_CACHE": str(tmp_path / "cache"),
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    report = run_step("Write the reports", env)
    assert report.returncode == 0, report.stderr
    outputs = dict(line.split("=", 1) for line in (runner / "output").read_text().splitlines())
    sarif = json.loads(Path(outputs["sarif"]).read_text())
    assert any(r["ruleId"] == "XL401" for r in sarif["runs"][0]["results"])
    assert Path(outputs["html"]).read_text().startswith("<!DOCTYPE html>")
    assert "XL401" in (runner / "summary.md").read_text()
    gate = run_step("Gate (annotations on the pull request)", env)
    assert gate.returncode == 1, gate.stderr
    assert re.search(
        rf"^::warning file={re.escape(str(story))}/[ab]\.md,line=1,", gate.stdout, re.M
    )
