"""Baselines through the real executable: record, edit elsewhere, see only new findings."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .conftest import run_healthlint

ARTICLE = """# Turmeric

Turmeric cures joint pain, the label says.

Studies show it works for dogs too.
"""


def healthlint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_healthlint(cwd, *args)


def findings(done: subprocess.CompletedProcess[str]) -> list[tuple[int, str]]:
    return [
        (f["line"], f["code"]) for f in json.loads(done.stdout)["files"][0]["findings"]
    ]


def test_write_then_only_new_findings(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(ARTICLE, encoding="utf-8")
    wrote = healthlint(
        tmp_path, "check", "--isolated", "--write-baseline", "base.json", "a.md"
    )
    assert wrote.returncode == 0
    assert "recorded 2 findings in base.json" in wrote.stderr
    recorded = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert recorded["findings"] == [
        {"path": "a.md", "code": "HL101", "text": "cures", "count": 1},
        {"path": "a.md", "code": "HL201", "text": "Studies show", "count": 1},
    ]
    clean = healthlint(
        tmp_path,
        "check",
        "--isolated",
        "--format",
        "json",
        "--baseline",
        "base.json",
        "a.md",
    )
    assert clean.returncode == 0
    assert findings(clean) == []

    # Edits above move every line; a new claim appears once more.
    edited = "Intro added.\n\nMore intro.\n\n" + ARTICLE + "\nIt also cures gout.\n"
    article.write_text(edited, encoding="utf-8")
    done = healthlint(
        tmp_path,
        "check",
        "--isolated",
        "--format",
        "json",
        "--baseline",
        "base.json",
        "./a.md",
        "--fail-on",
        "warning",
    )
    assert done.returncode == 1
    assert findings(done) == [(11, "HL101")]


def test_bad_baseline_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "base.json").write_text("{not json", encoding="utf-8")
    done = healthlint(tmp_path, "check", "--baseline", "base.json", "a.md")
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith(
        "healthlint: error: base.json: not a healthlint baseline (invalid JSON"
    )


def test_a_baseline_matches_however_the_files_are_named(tmp_path: Path) -> None:
    """The repro: an absolute path, or another folder, made every finding new."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text(
        "This supplement cures arthritis.\n", encoding="utf-8"
    )
    recorded = run_healthlint(
        tmp_path, "check", "--isolated", "--write-baseline", "b.json", "content/a.md"
    )
    assert recorded.returncode == 0, recorded.stderr
    stored = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert stored["findings"][0]["path"] == "content/a.md"
    for cwd, args in [
        (tmp_path, ["--baseline", "b.json", str(tmp_path / "content" / "a.md")]),
        (tmp_path / "content", ["--baseline", "../b.json", "a.md"]),
    ]:
        done = run_healthlint(cwd, "check", "--isolated", *args)
        assert done.returncode == 0, done.stdout
        assert "HL101" not in done.stdout
