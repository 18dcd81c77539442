"""Folder walks and path patterns: gitignore's rules, non-articles left alone."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .conftest import run_healthlint

CLAIM = "This supplement cures arthritis.\n"


def linted(cwd: Path, *args: str) -> list[str]:
    done = run_healthlint(cwd, "check", "--format", "json", *args)
    assert "Traceback" not in done.stderr, done.stderr
    return [f["path"] for f in json.loads(done.stdout)["files"]]


def write(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(CLAIM, encoding="utf-8")


def test_walks_skip_files_that_are_never_articles(tmp_path: Path) -> None:
    write(
        tmp_path, "requirements.txt", "requirements-dev.txt", "LICENSE.txt",
        "LICENSE.md", "robots.txt", "CMakeLists.txt", "article.txt", "notes.md",
    )  # fmt: skip
    assert linted(tmp_path, "--isolated", ".") == ["article.txt", "notes.md"]
    # named on the command line, a file is always linted
    assert linted(tmp_path, "--isolated", "robots.txt") == ["robots.txt"]


def test_walks_follow_gitignore_files_at_every_level(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(
        tmp_path, "content/a.md", "content/drafts/b.md", "content/old/c.md",
        "content/old/keep.md", "content/x.tmp.md", "build/d.md",
    )  # fmt: skip
    (tmp_path / ".gitignore").write_text("build/\n*.tmp.md\n", encoding="utf-8")
    (tmp_path / "content" / ".gitignore").write_text(
        "/drafts/\nold/*\n!old/keep.md\n", encoding="utf-8"
    )
    # old/* ignores the folder's files, not the folder: keep.md comes back
    assert linted(tmp_path, "--isolated", ".") == [
        "content/a.md",
        "content/old/keep.md",
    ]
    (tmp_path / "content" / "x.tmp.md").rename(tmp_path / "content" / "y.tmp.md")
    # walking a subfolder still honours the repository's .gitignore above it
    inside = linted(tmp_path / "content", "--isolated", ".")
    assert inside == ["a.md", "old/keep.md"]


def test_a_gitignore_above_the_repository_is_not_in_force(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.md\n", encoding="utf-8")
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    write(repo, "a.md")
    assert linted(repo, "--isolated", ".") == ["a.md"]


def test_exclude_and_per_file_ignores_are_relative_to_their_config(
    tmp_path: Path,
) -> None:
    write(
        tmp_path, "site/drafts/a.md", "site/x/drafts/b.md", "site/archive/2020/c.md",
        "site/archive/d.md", "site/e.md",
    )  # fmt: skip
    (tmp_path / "site" / ".healthlint.yaml").write_text(
        "exclude: ['/drafts/']\nper-file-ignores:\n  'archive/**/*.md': [HL1]\n",
        encoding="utf-8",
    )
    done = run_healthlint(tmp_path, "check", "--format", "json", "site")
    files = {f["path"]: f for f in json.loads(done.stdout)["files"]}
    assert sorted(files) == [
        "site/archive/2020/c.md", "site/archive/d.md", "site/e.md",
        "site/x/drafts/b.md",
    ]  # fmt: skip
    assert files["site/archive/2020/c.md"]["findings"] == []
    assert files["site/archive/d.md"]["findings"] == []  # ** matches no folder too
    assert files["site/e.md"]["findings"]


@pytest.mark.parametrize("key", ["exclude", "per-file-ignores"])
def test_an_empty_pattern_is_a_config_error(tmp_path: Path, key: str) -> None:
    value = "['']" if key == "exclude" else "{'': [HL1]}"
    (tmp_path / ".healthlint.yaml").write_text(f"{key}: {value}\n", encoding="utf-8")
    write(tmp_path, "a.md")
    done = run_healthlint(tmp_path, "check", "a.md")
    assert done.returncode == 2
    assert done.stderr.strip().endswith(f"'{key}': an empty pattern matches nothing")
