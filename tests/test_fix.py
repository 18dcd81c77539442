"""``healthlint fix`` through the real executable: only safe swaps, nothing else touched."""

from __future__ import annotations

import os
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint import cli as cli_module

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


FIXABLE = "He committed suicide last year.\n"
FIXED = "He died by suicide last year.\n"


def test_fix_writes_through_a_symlink_and_keeps_it(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "link.md").symlink_to("real.md")
    done = healthlint(tmp_path, "fix", "--isolated", "link.md")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "link.md").is_symlink()
    assert (tmp_path / "real.md").read_text(encoding="utf-8") == FIXED


def test_fix_refuses_hard_links_and_read_only_files_and_goes_on(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.md").write_text(FIXABLE, encoding="utf-8")
    os.link(tmp_path / "a.md", tmp_path / "b.md")
    (tmp_path / "ro.md").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "ro.md").chmod(0o444)
    (tmp_path / "ok.md").write_text(FIXABLE, encoding="utf-8")
    done = healthlint(tmp_path, "fix", "--isolated", "a.md", "ro.md", "ok.md")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "a.md: error: not fixed: has 2 hard links, which a rewrite would separate; "
        "apply the fixes by hand (see --diff)",
        "ro.md: error: not fixed: is read-only; make it writable to fix it",
    ]
    assert (tmp_path / "a.md").stat().st_ino == (tmp_path / "b.md").stat().st_ino
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == FIXABLE
    assert (tmp_path / "ro.md").read_text(encoding="utf-8") == FIXABLE
    assert stat.S_IMODE((tmp_path / "ro.md").stat().st_mode) == 0o444
    assert (tmp_path / "ok.md").read_text(encoding="utf-8") == FIXED


def test_fix_never_overwrites_an_edit_made_while_it_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.md").write_text(FIXABLE, encoding="utf-8")
    edited = "He committed suicide last year. A line the writer just added.\n"
    real_fix_input = cli_module.fix_input

    def editor_saves_meanwhile(item, session):  # type: ignore[no-untyped-def]
        result = real_fix_input(item, session)
        (tmp_path / "a.md").write_text(edited, encoding="utf-8")
        return result

    monkeypatch.setattr(cli_module, "fix_input", editor_saves_meanwhile)
    done = CliRunner().invoke(
        cli_module.cli, ["fix", "--isolated", str(tmp_path / "a.md")]
    )
    assert done.exit_code == 2
    assert "not fixed: changed since it was read; run fix again" in done.stderr
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == edited


def test_a_failed_write_is_one_line_and_the_others_are_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.md").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "b.md").write_text(FIXABLE, encoding="utf-8")
    real_mkstemp = tempfile.mkstemp

    def read_only_folder(*args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(kwargs["dir"]) == locked:
            raise PermissionError(13, "Permission denied")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", read_only_folder)
    done = CliRunner().invoke(
        cli_module.cli,
        ["fix", "--isolated", str(locked / "a.md"), str(tmp_path / "b.md")],
    )
    assert done.exit_code == 2
    assert done.stderr.strip().endswith(
        "a.md: error: not fixed: cannot write: Permission denied"
    )
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == FIXED
    assert (locked / "a.md").read_text(encoding="utf-8") == FIXABLE
