"""Compiled rules and syllable tables kept in the user cache change no output.

The CLI runs as a subprocess with its own cache home: ``--no-cache`` writes
nothing; a caching run stores the compiled rules and the tables; later runs
(``--no-cache`` included) read them back and print the very same bytes; a
stored file that was tampered with is ignored, not trusted.
"""

from __future__ import annotations

from pathlib import Path

from .conftest import run_healthlint, subprocess_env

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


def _check(cwd: Path, home: Path, *extra: str) -> str:
    done = run_healthlint(
        cwd,
        "check",
        "--format",
        "json",
        *extra,
        str(EXAMPLES),
        env={"HEALTHLINT_CACHE_HOME": str(home)},
    )
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr == ""
    return done.stdout


def test_no_cache_writes_nothing_and_a_cached_start_prints_the_same(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    cold = _check(tmp_path, home, "--no-cache")
    assert not home.exists()
    assert _check(tmp_path, home) == cold
    (rules,) = (home / "rules").glob("*.pickle")
    (tables,) = home.glob("syllables-*.pickle")
    assert rules.stat().st_size > 0
    assert tables.stat().st_size > 0
    assert _check(tmp_path, home, "--no-cache") == cold


def test_a_tampered_rule_cache_is_ignored(tmp_path: Path) -> None:
    home = tmp_path / "home"
    expected = _check(tmp_path, home)
    (rules,) = (home / "rules").glob("*.pickle")
    data = bytearray(rules.read_bytes())
    data[-10] ^= 0xFF  # the payload no longer matches its HMAC
    rules.write_bytes(bytes(data))
    (tables,) = home.glob("syllables-*.pickle")
    tables.write_bytes(b"0" * 64 + b"not a pickle")
    assert _check(tmp_path, home, "--no-cache") == expected


def test_patterns_rebuilt_from_cached_code_equal_compiled_ones() -> None:
    """``re.Pattern`` equality compares the pattern, its flags and its code."""
    import re

    from healthlint import precompiled, rulecache
    from healthlint.rulepack import load_builtin_rules

    codes = rulecache._codes(load_builtin_rules())
    assert len(codes) > 20
    precompiled.remember(codes)
    for source, flags in codes:
        rebuilt = precompiled.compile(source, flags)
        assert rebuilt == re.compile(source, flags)
        assert rebuilt.groupindex == re.compile(source, flags).groupindex


def test_the_cache_keeps_the_code_of_healthlint_s_own_patterns() -> None:
    from healthlint import lazyregex, rulecache
    from healthlint.rulepack import load_builtin_rules

    codes = rulecache._codes(load_builtin_rules())
    assert set(lazyregex.defined()) <= set(codes)


def test_a_remembered_scan_source_is_the_one_built_from_the_literals() -> None:
    from healthlint import prefilter, rulecache
    from healthlint.rulepack import load_builtin_rules

    scans = rulecache._scans(load_builtin_rules())
    assert len(scans) == 2  # the rules' and topic words', and the cues'
    saved = dict(prefilter._SOURCES)
    prefilter._SOURCES.clear()
    try:
        for literals, source in scans.items():
            assert prefilter.scan_source(reversed(literals)) == source
            prefilter.remember_sources({literals: source})
            assert prefilter.scan_source(literals) == source
    finally:
        prefilter._SOURCES.clear()
        prefilter._SOURCES.update(saved)


def test_the_cached_scans_are_the_ones_a_run_builds() -> None:
    """A run with the shipped rules scans the very literal sets kept in the cache."""
    from healthlint import prefilter, rulecache
    from healthlint.rulepack import load_builtin_rules

    scans = rulecache._scans(load_builtin_rules())
    cue_literals = {lit for r in prefilter.CUES.requirements for lit in r.literals}
    assert tuple(sorted(cue_literals)) in scans
    analysed = rulecache._analysed()
    assert any(requirement is None for requirement in analysed.values())
    assert sum(requirement is not None for requirement in analysed.values()) > 30


# Runs a check in-process, then names the parsers it imported on stderr.
_IMPORTED = """
import sys
from healthlint.cli import cli
try:
    cli.main(["check", "--format", "json", sys.argv[1]])
except SystemExit:
    pass
heavy = ("yaml", "markdown_it", "statistics")
sys.stderr.write(" ".join(sorted(m for m in heavy if m in sys.modules)))
"""


def test_a_cached_start_imports_no_parser_it_does_not_need(tmp_path: Path) -> None:
    import subprocess
    import sys

    home = tmp_path / "home"
    expected = _check(tmp_path, home)  # stores the rules, tables and results
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED, str(EXAMPLES)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**subprocess_env(), "HEALTHLINT_CACHE_HOME": str(home)},
        check=False,
    )
    assert done.stdout == expected
    assert done.stderr == ""


def test_profiles_kept_in_the_cache_parse_as_their_yaml() -> None:
    from healthlint import config, rulecache

    profiles = rulecache._profiles()
    assert len(profiles) == len(config.profile_names())
    for text, parsed in profiles.items():
        assert parsed == config.parse_yaml(text)


def test_the_rule_cache_key_follows_python_and_the_code(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    from healthlint import rulecache
    from healthlint.rulepack import builtin_rules_dir

    packs = sorted(builtin_rules_dir().glob("*.yaml"))
    before = rulecache.path_for(packs)
    assert rulecache.path_for(packs) == before
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert rulecache.path_for(packs) != before
    monkeypatch.undo()
    monkeypatch.setattr(rulecache, "_code_stamp", lambda: "edited code")
    assert rulecache.path_for(packs) != before


def test_a_rule_cache_of_another_format_is_ignored(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pickle

    from healthlint import cache, rulecache

    monkeypatch.setenv("HEALTHLINT_CACHE_HOME", str(tmp_path))
    cache.user_key()
    target = tmp_path / "rules" / "old.pickle"
    target.parent.mkdir()
    cache.write_signed(target, pickle.dumps(((), {})))  # signed, but two parts
    assert rulecache.load(target) is None


def test_a_pickled_pattern_comes_back_from_its_code() -> None:
    import re

    from healthlint import rulecache

    pattern = re.compile(r"\b(?:no\ guarantees?|cured\ meats?)\b", re.IGNORECASE)
    rebuild, args = rulecache._reduce_pattern(pattern)
    assert args[2] is not None  # the code travels with the pattern
    again = rebuild(*args)
    assert again == pattern
    assert again.search("NO GUARANTEE here").span() == (0, 12)


def test_another_build_s_rule_cache_in_use_is_kept_and_a_stale_one_goes(
    tmp_path: Path,
) -> None:
    # Two checkouts or versions sharing the user cache must not evict each
    # other's compiled rules; a file no run read for a month is removed.
    import os
    import time

    home = tmp_path / "home"
    rules_dir = home / "rules"
    rules_dir.mkdir(parents=True)
    in_use = rules_dir / "other-build.pickle"
    stale = rules_dir / "old-build.pickle"
    in_use.write_bytes(b"x")
    stale.write_bytes(b"x")
    month_ago = time.time() - 31 * 24 * 3600
    os.utime(stale, (month_ago, month_ago))
    _check(tmp_path, home)
    assert in_use.exists()
    assert not stale.exists()
    assert len(list(rules_dir.glob("*.pickle"))) == 2


def test_reading_a_stored_file_marks_it_used_and_only_the_newest_are_kept(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import os

    from healthlint import cache

    monkeypatch.setenv("HEALTHLINT_CACHE_HOME", str(tmp_path))
    cache.user_key()
    kinds = []
    for age in range(12):
        path = tmp_path / f"table-{age}.pickle"
        cache.write_signed(path, b"payload")
        os.utime(path, (1000.0 + age, 1000.0 + age))  # long ago, older first
        kinds.append(path)
    assert cache.read_signed(kinds[0], 1000) == b"payload"
    assert kinds[0].stat().st_mtime > 1000.0 + 11  # stamped as read now
    link = tmp_path / "table-link.pickle"
    link.symlink_to(kinds[1])
    kept = tmp_path / "table-new.pickle"
    cache.write_signed(kept, b"payload")
    cache.prune(kept, "table-*.pickle")
    assert kinds[0].exists()  # read just now: neither stale nor among the oldest
    assert link.is_symlink()  # links are never removed
    assert not any(path.exists() for path in kinds[1:])  # unread for years


def test_of_many_recent_stored_files_only_the_newest_are_kept(tmp_path: Path) -> None:
    import os
    import time

    from healthlint import cache

    now = time.time()
    paths = []
    for age in range(10):
        path = tmp_path / f"table-{age}.pickle"
        path.write_bytes(b"x")
        os.utime(path, (now - age * 60, now - age * 60))  # minutes old, newest first
        paths.append(path)
    kept = tmp_path / "table-new.pickle"
    kept.write_bytes(b"x")
    cache.prune(kept, "table-*.pickle")
    survivors = [p for p in paths if p.exists()]
    assert survivors == paths[: cache.KEEP_NEWEST - 1]
    assert kept.exists()
