"""``healthlint fix`` through the real executable: only safe swaps, nothing else touched."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

from .conftest import run_healthlint

ARTICLE = (
    "---\r\ntitle: Local news\r\ntype: news\r\n---\r\n"
    "# Help for families\r\n\r\n"
    "Two people committed suicide in the town last year.\r\n\r\n"
    "Committed suicide is a phrase the charity asks reporters to avoid.\r\n\r\n"
    "A *committed* suicide prevention team and `committed suicide` in code stay.\r\n\r\n"
    "The advert promised it \u201ccures\u201d everything; caf\u00e9 owners laughed.\r\n"
)


def healthlint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_healthlint(cwd, *args)


def test_fix_applies_safe_swaps_and_keeps_every_other_byte(tmp_path: Path) -> None:
    path = tmp_path / "news.md"
    original = b"\xef\xbb\xbf" + ARTICLE.encode("utf-8")
    path.write_bytes(original)
    path.chmod(0o640)
    done = healthlint(tmp_path, "fix", "--isolated", "news.md")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "news.md: applied 2 fixes"
    expected = original.replace(
        b"people committed suicide", b"people died by suicide", 1
    )
    expected = expected.replace(
        b"\r\nCommitted suicide is", b"\r\nDied by suicide is", 1
    )
    assert path.read_bytes() == expected  # BOM, CRLF, emphasis, code, quotes all kept
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert not list(tmp_path.glob("*.tmp")) + list(tmp_path.glob(".*.tmp"))
    again = healthlint(tmp_path, "fix", "--isolated", "news.md")
    assert again.stdout == ""  # nothing left to fix


def test_diff_prints_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "news.md"
    path.write_text(ARTICLE.replace("\r\n", "\n"), encoding="utf-8")
    before = path.read_bytes()
    done = healthlint(tmp_path, "fix", "--isolated", "--diff", "news.md")
    assert done.returncode == 1
    assert "-Two people committed suicide in the town last year.\n" in done.stdout
    assert "+Two people died by suicide in the town last year.\n" in done.stdout
    assert done.stdout.startswith("--- news.md\n+++ news.md\n")
    assert path.read_bytes() == before


def test_check_never_writes_and_fix_reports_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "news.md"
    path.write_text(ARTICLE, encoding="utf-8")
    before = path.read_bytes()
    healthlint(tmp_path, "check", "--isolated", "news.md")
    assert path.read_bytes() == before
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe\x00")
    done = healthlint(tmp_path, "fix", "--isolated", "bad.md", "news.md")
    assert done.returncode == 2
    assert "bad.md: error: binary file, not text" in done.stderr
    assert "news.md: applied 2 fixes" in done.stdout


def test_fix_leaves_files_a_config_excludes(tmp_path: Path) -> None:
    (tmp_path / ".healthlint.yaml").write_text(
        "exclude: ['archive/*.md']\n", encoding="utf-8"
    )
    (tmp_path / "archive").mkdir()
    kept = tmp_path / "archive" / "old.md"
    kept.write_text("He committed suicide in 1990.\n", encoding="utf-8")
    fixed = tmp_path / "new.md"
    fixed.write_text("She committed suicide last year.\n", encoding="utf-8")
    done = healthlint(tmp_path, "fix", ".")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "new.md: applied 1 fix"
    assert kept.read_text(encoding="utf-8") == "He committed suicide in 1990.\n"
    assert fixed.read_text(encoding="utf-8") == "She died by suicide last year.\n"
