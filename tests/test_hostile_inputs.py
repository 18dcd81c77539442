"""Inputs that once ended a run: each is now one file's error, and the rest is linted.

Every test runs the real executable: what matters is the exit code, one line
naming the bad input, and the good file's findings still in the report.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from healthlint import parsers
from healthlint.config import Config
from healthlint.discovery import discover
from healthlint.document import Format
from healthlint.engine import build_session
from healthlint.runner import run

from .conftest import healthlint_command, run_healthlint, subprocess_env

CLAIM = "This supplement cures arthritis.\n"


def check_json(cwd: Path, *args: str) -> tuple[int, dict[str, dict[str, object]]]:
    """Run ``check --format json``; the report by path (it must be whole JSON)."""
    done = run_healthlint(cwd, "check", "--isolated", "--format", "json", *args)
    assert "Traceback" not in done.stderr, done.stderr
    files = json.loads(done.stdout)["files"]
    return done.returncode, {f["path"]: f for f in files}


def with_good_file(tmp_path: Path) -> Path:
    (tmp_path / "good.md").write_text(CLAIM, encoding="utf-8")
    return tmp_path


def assert_good_file_linted(files: dict[str, dict[str, object]]) -> None:
    findings = files["good.md"]["findings"]
    assert isinstance(findings, list)
    assert [f["code"] for f in findings] == ["HL101"]


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("/dev/zero", "not a regular file (a character device)"),
        ("/dev/null", "not a regular file (a character device)"),
    ],
)
def test_devices_named_on_the_command_line_are_refused(
    tmp_path: Path, target: str, reason: str
) -> None:
    code, files = check_json(with_good_file(tmp_path), target, "good.md")
    assert code == 2
    assert files[target]["error"] == reason + "; only files are linted"
    assert_good_file_linted(files)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    code, files = check_json(with_good_file(tmp_path), "pipe.md", "good.md")
    assert code == 2
    assert files["pipe.md"]["error"] == (
        "not a regular file (a FIFO); only files are linted"
    )
    assert_good_file_linted(files)


def test_a_committed_symlink_to_a_device_is_refused_in_a_folder_walk(
    tmp_path: Path,
) -> None:
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    code, files = check_json(with_good_file(tmp_path), ".")
    assert code == 2
    assert "not a regular file" in str(files["zero.md"]["error"])
    assert_good_file_linted(files)


@pytest.mark.parametrize("walk", [False, True])
def test_a_symlink_loop_is_one_error(tmp_path: Path, walk: bool) -> None:
    (tmp_path / "loop.md").symlink_to("loop.md")
    args = ["."] if walk else ["loop.md", "good.md"]
    code, files = check_json(with_good_file(tmp_path), *args)
    assert code == 2
    assert files["loop.md"]["error"] == (
        "cannot read file: Too many levels of symbolic links"
    )
    assert_good_file_linted(files)


def test_a_nul_byte_anywhere_means_binary(tmp_path: Path) -> None:
    (tmp_path / "late-nul.md").write_bytes(b"word " * 2000 + b"\x00 " + CLAIM.encode())
    code, files = check_json(with_good_file(tmp_path), "late-nul.md", "good.md")
    assert code == 2
    assert files["late-nul.md"]["error"] == (
        "binary file, not text (a NUL byte at offset 10000)"
    )
    assert_good_file_linted(files)


@pytest.mark.parametrize(
    ("limit", "size", "message"),
    [
        ("100", 660, "file is 660 bytes, over the limit of 100 bytes"),
        ("2048", 6600, "file is 6.4 KiB, over the limit of 2.0 KiB"),
    ],
)
def test_size_limit_message_is_readable(
    tmp_path: Path, limit: str, size: int, message: str
) -> None:
    (tmp_path / "big.md").write_text(CLAIM * (size // len(CLAIM)), encoding="utf-8")
    code, files = check_json(
        with_good_file(tmp_path), "--max-file-size", limit, "big.md", "good.md"
    )
    assert code == 2
    assert files["big.md"]["error"] == message + " (raise it with --max-file-size)"


def test_stdin_is_read_no_further_than_the_limit(tmp_path: Path) -> None:
    with Path("/dev/zero").open("rb") as zeros:
        piped = subprocess.run(
            [
                *healthlint_command(),
                "check",
                "--isolated",
                "--max-file-size",
                "100",
                "-",
            ],
            cwd=tmp_path,
            stdin=zeros,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=subprocess_env(),
            timeout=60,
            check=False,
        )
    assert piped.returncode == 2
    assert "-: error: file is 101 bytes, over the limit of 100 bytes" in piped.stdout


def test_an_unforeseen_exception_is_that_files_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The principle behind every case above: errors are caught per input."""

    def explode(path: str, source: str) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setitem(parsers._PARSERS, Format.TEXT, explode)
    (tmp_path / "a.txt").write_text(CLAIM, encoding="utf-8")
    with_good_file(tmp_path)
    items = discover([str(tmp_path / "a.txt"), str(tmp_path / "good.md")])
    report = run(items, build_session(Config()), lambda: b"")
    bad, good = report.files
    assert bad.error == (
        "could not lint this file (RecursionError: maximum recursion depth "
        "exceeded); this is a bug in healthlint, please report it"
    )
    assert [f.code for f in good.findings] == ["HL101"]
