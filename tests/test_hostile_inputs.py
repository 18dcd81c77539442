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


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("page.html", "<p>Hello <![ x</p>\n<p>This supplement cures arthritis.</p>\n"),
        ("raw.md", "<div>\n<![ x\n</div>\n\nThis supplement cures arthritis.\n"),
        ("cdata.html", "<p><![CDATA[ x ]]>This supplement cures arthritis.</p>\n"),
    ],
)
def test_marked_sections_are_bogus_comments_as_in_browsers(
    tmp_path: Path, name: str, source: str
) -> None:
    (tmp_path / name).write_text(source, encoding="utf-8")
    code, files = check_json(with_good_file(tmp_path), name, "good.md")
    assert code == 0  # read, not an error (HL101 is a warning)
    assert files[name]["error"] is None
    assert [f["code"] for f in files[name]["findings"]] == ["HL101"]


CHROME_PAGE = """\
<html><body>
<nav><a href="/">Home</a> Our clinic cures everything.</nav>
<header><p>Our clinic cures back pain.</p></header>
<main>
<p>Gentle exercise may ease knee pain for some people.</p>
<aside><p>Fact box: walking may help.</p></aside>
</main>
<aside>Call us today: our clinic cures stress.</aside>
<footer><p>Our clinic cures colds. Book now.</p></footer>
</body></html>
"""


def test_page_chrome_is_not_article_prose(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(CHROME_PAGE, encoding="utf-8")
    done = run_healthlint(
        tmp_path, "check", "--isolated", "--format", "json", "page.html"
    )
    (page,) = json.loads(done.stdout)["files"]
    assert page["findings"] == []
    assert page["readability"]["words"] == 14  # the main text and its fact box


def test_a_page_header_without_main_content_is_kept(tmp_path: Path) -> None:
    page = "<header><h1>This supplement cures arthritis</h1></header><p>Text.</p>\n"
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    code, files = check_json(tmp_path, "page.html")
    assert code == 0
    assert [f["code"] for f in files["page.html"]["findings"]] == ["HL101"]


def test_an_unclosed_link_ends_with_its_paragraph(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        '<p>See <a href="https://x.test/book?utm_source=a">our offer</p>\n'
        "<p>More text here.</p>\n",
        encoding="utf-8",
    )
    done = run_healthlint(
        tmp_path, "check", "--isolated", "--select", "HL301", "--no-readability",
        "page.html",
    )  # fmt: skip
    first, summary = done.stdout.splitlines()
    assert first.startswith("page.html:1:51: info: HL301 Link 'our offer' looks")
    assert summary.startswith("Found 1 problem")


def test_a_whitespace_only_link_is_one_line_that_says_it_is_invisible(
    tmp_path: Path,
) -> None:
    """An anchor with no words is still a selling link: an invisible one."""
    (tmp_path / "page.html").write_text(
        '<p>See <a href="https://x.test/book?utm_source=a">\n   \n</a> now.</p>\n',
        encoding="utf-8",
    )
    done = run_healthlint(
        tmp_path, "check", "--isolated", "--select", "HL301", "--no-readability",
        "page.html",
    )  # fmt: skip
    finding, summary = done.stdout.splitlines()
    assert finding.startswith("page.html:1:")
    assert "HL301 Link '[no visible text]' looks promotional" in finding
    assert summary == "Found 1 problem (1 info) in 1 of 1 file."


@pytest.mark.parametrize("fmt", ["sarif", "gitlab", "json", "junit", "github", "text"])
def test_a_file_name_that_is_not_utf8_is_printable_in_every_format(
    tmp_path: Path, fmt: str
) -> None:
    (tmp_path / os.fsdecode(b"caf\xe9.md")).write_text(CLAIM, encoding="utf-8")
    done = run_healthlint(tmp_path, "check", "--isolated", "--format", fmt, ".")
    assert done.returncode == 0, done.stderr
    shown = "caf%EF%BF%BD.md" if fmt == "sarif" else "caf\ufffd.md"  # a URI there
    assert shown in done.stdout


def test_gitlab_paths_are_relative_to_the_run_folder(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(CLAIM, encoding="utf-8")
    done = run_healthlint(
        tmp_path, "check", "--isolated", "--format", "gitlab", str(tmp_path / "a.md")
    )
    (issue,) = json.loads(done.stdout)
    assert issue["location"]["path"] == "a.md"
