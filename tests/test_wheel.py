"""The built wheel carries the rule packs and lints without the source tree."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, ROOT, subprocess_env


@pytest.mark.slow
def test_wheel_installs_and_lints_from_packaged_rules(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-w", str(wheel_dir), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = wheel_dir.glob("healthlint-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    assert (target / "healthlint" / "_rules" / "claims.yaml").is_file()
    assert (target / "healthlint" / "_docs" / "rules" / "HL101.md").is_file()
    env = subprocess_env()
    env["PYTHONPATH"] = str(target)
    probe = (
        "import healthlint, healthlint.rulepack as r, healthlint.lsp.docslinks as d; "
        "print(healthlint.__file__); print(r.builtin_rules_dir()); print(d.rule_page('HL101'))"
    )
    where = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        check=True,
        text=True,
        encoding="utf-8",
    )
    module_file, rules_dir, rule_page = where.stdout.split()
    assert Path(module_file).is_relative_to(target)
    assert Path(rules_dir) == target / "healthlint" / "_rules"
    # The language server links the installed copy of the rule pages.
    assert (
        rule_page == (target / "healthlint" / "_docs" / "rules" / "HL101.md").as_uri()
    )
    run = subprocess.run(
        [sys.executable, "-m", "healthlint", "check", "--format", "json", str(EXAMPLES)],
        cwd=tmp_path, env=env, capture_output=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert json.loads(run.stdout)["summary"]["findings"] > 0
    assert any((target / "healthlint" / "_rules").iterdir())
    page = tmp_path / "report.html"
    report = subprocess.run(
        [sys.executable, "-m", "healthlint", "report", "--out", str(page), str(EXAMPLES)],
        cwd=tmp_path, env=env, capture_output=True, check=False,
    )  # fmt: skip
    assert report.returncode == 0, report.stderr
    assert "healthlint report" in page.read_text(encoding="utf-8")  # its assets shipped
