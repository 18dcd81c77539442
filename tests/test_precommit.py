"""The pre-commit hook, for real: a temporary repository, pre-commit installed from
PyPI, the hook installed from this checkout, a commit refused and one accepted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, subprocess_env

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**subprocess_env(), "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")}
    return subprocess.run(
        ["git", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=check,
    )


def checkout_head() -> str:
    """The hook is installed from this checkout's HEAD, as pre-commit clones it."""
    return subprocess.run(
        ["git", "rev-parse", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "site"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "editor@example.org")
    git(path, "config", "user.name", "Editor")
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {checkout_head()}\n    hooks:\n      - id: healthlint\n",
        encoding="utf-8",
    )
    env = {**subprocess_env(), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    subprocess.run(
        [str(PRE_COMMIT), "install"], cwd=path, env=env, check=True, capture_output=True
    )
    git(path, "add", ".pre-commit-config.yaml")
    git(path, "commit", "-q", "-m", "config")
    return path


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")
def test_commit_with_an_error_is_refused_and_clean_one_passes(repo: Path) -> None:
    assert PRE_COMMIT.exists(), "pre-commit is a test extra"
    bad = repo / "ketamine.md"
    bad.write_text(
        "# Ketamine\n\nKetamine cures PTSD in a week.\n\n"
        "You do not need a referral to start.\n",
        encoding="utf-8",
    )
    git(repo, "add", "ketamine.md")
    refused = git(repo, "commit", "-m", "add article", check=False)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "ketamine.md:5:1: error: HL402 'You do not need a referral'" in output
    assert "ketamine.md:3:10: warning: HL101 'cures'" in output
    assert "healthlint" in output
    assert "Failed" in output

    bad.write_text(
        "# Ketamine\n\nIn one small trial, ketamine eased PTSD symptoms for some people.\n",
        encoding="utf-8",
    )
    git(repo, "add", "ketamine.md")
    accepted = git(repo, "commit", "-m", "add careful article", check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "Passed" in accepted.stdout + accepted.stderr
    log = git(repo, "log", "--oneline").stdout
    assert "add careful article" in log


def test_hook_definition() -> None:
    import yaml

    (hook,) = yaml.safe_load(
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    )
    assert hook["id"] == "healthlint"
    assert hook["entry"] == "healthlint check"
    assert hook["language"] == "python"
    import re

    pattern = re.compile(hook["files"])
    for name in ("a.md", "b.markdown", "c.txt", "d.html", "e.htm"):
        assert pattern.search(name), name
    assert not pattern.search("script.py")
    assert os.sep not in hook["entry"]
