"""Parallel runs give the same bytes as serial ones; the cache reuses and invalidates."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from healthlint import engine, runner
from healthlint.config import Config
from healthlint.discovery import discover
from healthlint.engine import build_session

from .conftest import EXAMPLES, run_healthlint


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    for index in range(6):
        for example in sorted(EXAMPLES.iterdir()):
            shutil.copy(example, root / f"{index}-{example.name}")
    (root / "broken.md").write_bytes(b"\xff\xfe not utf-8")
    return root


def run_cli(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_healthlint(cwd, *args, env=env)


def test_jobs_1_and_2_give_identical_json(corpus: Path) -> None:
    serial = run_cli(
        corpus.parent,
        "check",
        "--isolated",
        "--no-cache",
        "--format",
        "json",
        "--jobs",
        "1",
        "articles",
    )
    parallel = run_cli(
        corpus.parent,
        "check",
        "--isolated",
        "--no-cache",
        "--format",
        "json",
        "--jobs",
        "2",
        "articles",
    )
    assert serial.returncode == parallel.returncode == 2  # the broken file
    assert serial.stdout == parallel.stdout
    assert serial.stdout.count('"path"') == 31


def test_parallel_branch_is_taken_and_ordered(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    original = runner._in_workers

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[3])
        return original(*args, **kwargs)

    monkeypatch.setattr(runner, "_in_workers", spy)
    session = build_session(Config())
    items = list(discover([str(corpus)]))
    report = runner.run(items, session, lambda: b"", jobs=2)
    assert calls == [2]
    assert [f.path for f in report.files] == [i.display for i in items]


def test_cache_reuses_unchanged_files(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Config(cache_dir=tmp_path / "cache")
    items = list(discover([str(corpus)]))
    first = runner.run(items, build_session(config), lambda: b"")
    entries = list((tmp_path / "cache").rglob("*.json"))
    assert len(entries) == 30  # every readable file; the broken one is never cached

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a cached file was linted again")

    monkeypatch.setattr(engine, "lint_source", refuse)
    second = runner.run(items, build_session(config), lambda: b"")
    assert second.files == first.files


def test_cache_misses_when_content_or_config_changes(
    corpus: Path, tmp_path: Path
) -> None:
    target = corpus / "0-careful-consumer-article.md"
    config = Config(cache_dir=tmp_path / "cache")
    items = list(discover([str(target)]))
    before = runner.run(items, build_session(config), lambda: b"").files[0]
    target.write_text(
        target.read_text(encoding="utf-8") + "\nThis balm cures everything.\n",
        encoding="utf-8",
    )
    after = runner.run(items, build_session(config), lambda: b"").files[0]
    assert [f.code for f in after.findings if f.code == "HL101"] == ["HL101"]
    assert before.findings != after.findings
    narrowed = runner.run(
        items,
        build_session(Config(cache_dir=tmp_path / "cache", ignore=("HL101",))),
        lambda: b"",
    )
    assert "HL101" not in [f.code for f in narrowed.files[0].findings]


def test_cache_lives_outside_the_tree_and_no_cache_writes_nothing(
    corpus: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    env = {"HEALTHLINT_CACHE_HOME": str(home)}
    run_cli(corpus.parent, "check", "--isolated", "--no-cache", "articles", env=env)
    assert not home.exists()  # not even the syllable table
    run_cli(corpus.parent, "check", "--isolated", "articles", env=env)
    assert not (corpus.parent / ".healthlint_cache").exists()
    marker = home / "results" / ".gitignore"
    assert marker.read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert list((home / "results").rglob("*.json"))
    assert list(home.glob("syllables-*.pickle"))


def test_reports_stream_one_at_a_time(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    linted: list[str] = []
    original = runner.lint_input

    def counting(item, session, stdin):  # type: ignore[no-untyped-def]
        linted.append(item.display)
        return original(item, session, stdin)

    monkeypatch.setattr(runner, "lint_input", counting)
    session = build_session(Config())
    reports = runner.iter_reports(
        list(discover([str(corpus)])), session, lambda: b"", jobs=1
    )
    first = next(iter(reports))
    assert linted == [first.path]  # nothing else was linted, so nothing else is held


def test_stop_all_ends_workers_while_their_reports_wait_to_be_read(
    tmp_path: Path,
) -> None:
    # Ctrl-C can land while the main process is busy elsewhere (writing a
    # report) and the pool's generator sits suspended: stop_all must still end
    # every worker at once, and stopping a pool twice must be harmless.
    import time

    from healthlint import workers

    for index in range(12):
        (tmp_path / f"a{index:02}.md").write_text(
            "Studies show it works for most people. " * 200, encoding="utf-8"
        )
    items = list(discover([str(tmp_path)]))
    pool = workers.WorkerPool(Config(readability=False), 2)
    reports = pool.reports([[item] for item in items])
    assert next(reports).error is None  # the generator is now suspended
    processes = list(pool.pool._processes.values())  # type: ignore[union-attr]
    assert processes
    started = time.monotonic()
    workers.stop_all()
    # The executor's own thread may be reaping them as well: allow it a moment.
    while any(p.is_alive() for p in processes) and time.monotonic() - started < 10:
        time.sleep(0.05)
    assert not any(process.is_alive() for process in processes)
    assert all(process.exitcode is not None for process in processes)
    pool.stop()  # again, as the generator's own clean-up would
    reports.close()
