"""Nothing a repository commits can vouch for a result: the cache trusts only itself."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from healthlint import cache
from healthlint.config import Config
from healthlint.discovery import discover
from healthlint.engine import build_session
from healthlint.model import FileReport

from .conftest import run_healthlint

# HL101 (a warning) where the tests look for it, and HL402 (an error) for exit 1.
CLAIM = "This supplement cures arthritis.\nYou don't need a prescription for it.\n"


def entry_key(tree: Path, name: str, cache_dir: Path) -> str:
    """The key an entry for ``name`` is stored under: anyone can compute it."""
    config = Config(discover=True, cache_dir=cache_dir)
    session = build_session(config)
    item = next(discover([str(tree / name)]))
    fingerprint = session.settings_for(item.path).fingerprint
    return cache.digest(fingerprint, item.display, item.format.value, CLAIM)


def forge(tree: Path, cache_dir: Path, name: str, with_mac: str | None) -> Path:
    """A committed entry saying ``name`` is clean, as a pull request could add it."""
    key = entry_key(tree, name, cache_dir)
    clean = json.dumps(cache.report_to_dict(FileReport(str(tree / name), "markdown")))
    entry = cache_dir / "0.1.0" / key[:2] / f"{key}.json"
    entry.parent.mkdir(parents=True, exist_ok=True)
    body = {"mac": with_mac or "0" * 64, "report": clean}
    entry.write_text(json.dumps(body), encoding="utf-8")
    return entry


@pytest.mark.parametrize("mac", [None, "deadbeef"])
def test_a_forged_committed_entry_cannot_make_a_file_clean(
    tmp_path: Path, mac: str | None
) -> None:
    (tmp_path / "a.md").write_text(CLAIM, encoding="utf-8")
    committed = tmp_path / ".healthlint_cache"
    forge(tmp_path, committed, "a.md", mac)
    done = run_healthlint(
        tmp_path, "check", "--cache-dir", str(committed), str(tmp_path / "a.md")
    )
    assert done.returncode == 1, done.stdout
    assert "HL101" in done.stdout


def test_an_entry_from_before_authentication_is_a_miss(tmp_path: Path) -> None:
    """The old format (a bare report) is what a committed forgery used to be."""
    (tmp_path / "a.md").write_text(CLAIM, encoding="utf-8")
    committed = tmp_path / ".healthlint_cache"
    key = entry_key(tmp_path, "a.md", committed)
    entry = committed / "0.1.0" / key[:2] / f"{key}.json"
    entry.parent.mkdir(parents=True)
    report = cache.report_to_dict(FileReport(str(tmp_path / "a.md"), "markdown"))
    entry.write_text(json.dumps(report), encoding="utf-8")
    done = run_healthlint(
        tmp_path, "check", "--cache-dir", str(committed), str(tmp_path / "a.md")
    )
    assert done.returncode == 1


def test_the_default_cache_is_outside_the_working_tree(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(CLAIM, encoding="utf-8")
    home = tmp_path / "user-cache"
    env = {"HEALTHLINT_CACHE_HOME": str(home)}
    first = run_healthlint(tmp_path, "check", "a.md", env=env)
    second = run_healthlint(tmp_path, "check", "a.md", env=env)
    assert first.stdout == second.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "user-cache"]
    assert len(list((home / "results").rglob("*.json"))) == 1
    assert (home / "key").stat().st_mode & 0o777 == 0o600


def test_a_symlinked_cache_folder_is_ignored(tmp_path: Path) -> None:
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    (tree / "a.md").write_text(CLAIM, encoding="utf-8")
    (tree / ".healthlint_cache").symlink_to(outside)
    done = run_healthlint(tree, "check", "--cache-dir", ".healthlint_cache", "a.md")
    assert done.returncode == 1
    assert list(outside.iterdir()) == []
    assert done.stderr == (
        "healthlint: warning: .healthlint_cache: --cache-dir is a symbolic link; "
        "results are not cached\n"
    )


def test_an_own_entry_with_wrong_field_types_is_a_miss(tmp_path: Path) -> None:
    """Even an authentic entry is checked field by field before it is used."""
    (tmp_path / "a.md").write_text(CLAIM, encoding="utf-8")
    home = tmp_path / "home"
    env = {"HEALTHLINT_CACHE_HOME": str(home)}
    run_healthlint(tmp_path, "check", "a.md", env=env)
    (entry,) = (home / "results").rglob("*.json")
    stored = json.loads(entry.read_text(encoding="utf-8"))
    report = json.loads(stored["report"])
    report["findings"][0]["severity"] = 5
    report["findings"][0]["line"] = "x"
    payload = json.dumps(report)
    secret = (home / "key").read_bytes()
    store = cache.Cache(home / "results", secret)
    key = entry.stem
    entry.write_text(
        json.dumps({"mac": store._mac(key, payload), "report": payload}),
        encoding="utf-8",
    )
    done = run_healthlint(tmp_path, "check", "a.md", env=env)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "a.md:1:17: warning: HL101" in done.stdout


def _age(path: Path, days: float) -> None:
    stamp = time.time() - days * 24 * 3600
    os.utime(path, (stamp, stamp), follow_symlinks=False)


def test_results_unread_for_a_month_are_pruned_once_a_day(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(CLAIM, encoding="utf-8")
    (tmp_path / "b.md").write_text(CLAIM + " Really.", encoding="utf-8")
    home = tmp_path / "home"
    env = {"HEALTHLINT_CACHE_HOME": str(home)}
    results = home / "results"
    run_healthlint(tmp_path, "check", "a.md", "b.md", env=env)
    entries = sorted(results.rglob("*.json"), key=lambda p: p.stat().st_mtime)
    assert len(entries) == 2
    old_release = results / "0.0.9" / "ab"
    old_release.mkdir(parents=True)
    (old_release / "ab12.json").write_text("{}", encoding="utf-8")
    outside = tmp_path / "outside.json"
    outside.write_text("{}", encoding="utf-8")
    (old_release / "link.json").symlink_to(outside)
    for path in [*entries, old_release / "ab12.json", old_release / "link.json"]:
        _age(path, 40)
    _age(outside, 40)
    (results / ".last-pruned").touch()
    _age(results / ".last-pruned", 2)  # the last walk was two days ago

    # Reading a.md's result stamps it; b.md is not linted, so its entry goes,
    # as does the old release's (its folder stays only for the link in it).
    run_healthlint(tmp_path, "check", "a.md", env=env)
    assert [p.exists() for p in entries].count(True) == 1
    assert not (old_release / "ab12.json").exists()
    assert (old_release / "link.json").is_symlink()
    assert outside.exists()

    # The walk is done for the day: an entry aged now stays until tomorrow.
    (kept,) = [p for p in entries if p.exists()]
    _age(kept, 40)
    run_healthlint(tmp_path, "check", "--no-cache", "a.md", env=env)
    run_healthlint(tmp_path, "check", "b.md", env=env)
    assert kept.exists()
