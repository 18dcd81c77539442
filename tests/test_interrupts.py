"""Exit codes under stress: Ctrl-C (once and twice), a killed worker, unwritable output.

The runs are real processes in their own session, signalled as a terminal
signals its foreground process group, so workers receive Ctrl-C too.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from healthlint import cli as cli_module

from .conftest import healthlint_command, run_healthlint, subprocess_env

CLAIM = "This supplement cures arthritis.\n"
SLOW_ARTICLE = ("Studies show it works for most people. " * 40 + "\n\n") * 60


def many_articles(folder: Path, count: int = 40) -> Path:
    for index in range(count):
        (folder / f"a{index:02}.md").write_text(SLOW_ARTICLE, encoding="utf-8")
    return folder


def start(folder: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*healthlint_command(), "check", "--isolated", "--no-cache", *args],
        cwd=folder,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        start_new_session=True,
    )


def workers_of(process: subprocess.Popen[str], timeout: float = 30) -> list[int]:
    """Wait until the run has started its worker processes; their ids."""
    deadline = time.monotonic() + timeout
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    while time.monotonic() < deadline:
        pids = [int(p) for p in children.read_text(encoding="utf-8").split()]
        if len(pids) >= 2:
            time.sleep(0.5)  # let the workers start linting
            return pids
        time.sleep(0.05)
    raise AssertionError("no worker processes started")


@pytest.mark.slow
@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_exits_130_and_a_second_one_never_hangs(
    tmp_path: Path, presses: int
) -> None:
    process = start(many_articles(tmp_path), "--jobs", "2", ".")
    workers_of(process)
    for _ in range(presses):
        os.killpg(process.pid, signal.SIGINT)
        time.sleep(0.2)
    try:
        _out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130
    assert "Traceback" not in err


@pytest.mark.slow
def test_a_killed_worker_costs_no_results(tmp_path: Path) -> None:
    process = start(many_articles(tmp_path), "--jobs", "2", "--format", "json", ".")
    os.kill(workers_of(process)[0], signal.SIGKILL)
    out, err = process.communicate(timeout=120)
    assert "Traceback" not in err
    files = json.loads(out)["files"]
    assert len(files) == 40
    assert all(f["error"] is None and f["findings"] for f in files)
    assert process.returncode == 0  # warnings only, below the default fail-on


def test_output_and_baseline_folders_are_created(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(CLAIM, encoding="utf-8")
    done = run_healthlint(
        tmp_path, "check", "--format", "json", "--output", "out/r.json", "a.md"
    )
    assert done.returncode == 0, done.stderr  # HL101 is a warning
    assert json.loads((tmp_path / "out" / "r.json").read_text(encoding="utf-8"))
    recorded = run_healthlint(tmp_path, "check", "--write-baseline", "b/b.json", "a.md")
    assert recorded.returncode == 0, recorded.stderr
    assert (tmp_path / "b" / "b.json").is_file()


def test_unwritable_output_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(CLAIM, encoding="utf-8")
    (tmp_path / "file").write_text("", encoding="utf-8")
    done = run_healthlint(tmp_path, "check", "--output", "file/r.json", "a.md")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "healthlint: error: cannot write file/r.json: Not a directory"
    )
    kept = run_healthlint(tmp_path, "check", "--write-baseline", "file/b.json", "a.md")
    assert kept.returncode == 2
    assert "cannot write baseline file/b.json: Not a directory" in kept.stderr


def test_json_to_a_file_leaves_the_terminal_a_text_report(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(CLAIM, encoding="utf-8")
    done = run_healthlint(
        tmp_path, "check", "--format", "json", "--output", "r.json", "a.md"
    )
    assert done.stdout.startswith("a.md:1:17: warning: HL101")
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"]


def test_an_unexpected_failure_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> None:
        raise ValueError("something nobody foresaw")

    monkeypatch.setattr(cli_module, "cli", broken)
    monkeypatch.delenv("HEALTHLINT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as stopped:
        cli_module.main()
    assert stopped.value.code == 2
    assert capsys.readouterr().err == (
        "healthlint: error: stopped (ValueError: something nobody foresaw); "
        "this is a bug in healthlint, please report it\n"
    )
