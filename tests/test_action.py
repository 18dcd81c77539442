"""The composite GitHub Action: its inputs, and its run step executed for real.

Actions cannot run here, so the test does what the runner would do for the step
that matters: it sets the step's environment from the inputs and runs its script
with bash against this checkout's installed healthlint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import EXAMPLES, ROOT, subprocess_env

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def run_step(inputs: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    step = next(s for s in ACTION["runs"]["steps"] if s.get("name") == "Run healthlint")
    defaults = {
        name: spec.get("default", "") for name, spec in ACTION["inputs"].items()
    }
    values = {**defaults, **inputs}
    env = subprocess_env()
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    for key, expression in step["env"].items():
        name = expression.removeprefix("${{ inputs.").removesuffix(" }}")
        env[key] = values[name]
    return subprocess.run(
        ["bash", "-c", step["run"]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_action_is_composite_with_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) >= {"paths", "format", "fail-on", "config", "output"}
    assert all(spec.get("description") for spec in ACTION["inputs"].values())
    install = next(
        s for s in ACTION["runs"]["steps"] if s.get("name") == "Install healthlint"
    )
    assert "${{ github.action_path }}" in install["run"]


def test_run_step_annotates_and_fails(tmp_path: Path) -> None:
    done = run_step({"paths": str(EXAMPLES / "overclaiming-blog.md")}, tmp_path)
    assert done.returncode == 1
    assert "::error file=" in done.stdout
    assert "title=HL101" in done.stdout


def test_run_step_with_output_and_fail_on(tmp_path: Path) -> None:
    clean = tmp_path / "clean.md"
    clean.write_text(
        "Gentle walks may ease knee pain for some people.\n", encoding="utf-8"
    )
    done = run_step(
        {
            "paths": f"{clean} {clean}",
            "format": "sarif",
            "output": "results.sarif",
            "fail-on": "error",
        },
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (
        (tmp_path / "results.sarif")
        .read_text(encoding="utf-8")
        .lstrip()
        .startswith("{")
    )
    assert done.stdout.startswith("{")  # the format input goes to the log


def test_readme_example_annotates_the_log_and_writes_sarif(tmp_path: Path) -> None:
    """The README's workflow: format github, output healthlint.sarif."""
    done = run_step(
        {
            "paths": str(EXAMPLES / "overclaiming-blog.md"),
            "format": "github",
            "output": "healthlint.sarif",
        },
        tmp_path,
    )
    assert done.returncode == 1
    assert done.stdout.startswith("::")  # annotations in the log
    sarif = json.loads((tmp_path / "healthlint.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["results"]
