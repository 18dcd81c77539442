"""What a person sees in a terminal: statistics, quiet, excerpts, colour, progress.

Colour and the progress bar depend on whether the streams are terminals, so they
are tested through the real executable, with a pseudo-terminal from the standard
library's ``pty`` where a terminal is needed.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import struct
import subprocess
import termios
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint.cli import cli
from healthlint.progress import MIN_FILES, Progress, wanted

from .conftest import ROOT, healthlint_command, run_healthlint, subprocess_env

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
FINDING = re.compile(r"^\S.*:\d+:\d+: (error|warning|info): HL\d{3} .* \[[a-z-]+\]$")


def examples(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [*healthlint_command(), "check", "--isolated", "--no-cache", *args]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
        env=env or subprocess_env(), check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def report() -> dict[str, object]:
    return json.loads(examples("--format", "json", "examples/").stdout)


# --- statistics, quiet, exit-zero ---------------------------------------------------


def test_statistics_count_each_rule_and_severity(report: dict[str, object]) -> None:
    result = examples("--statistics", "examples/")
    assert result.returncode == 1
    table, totals = result.stdout.split("\n\n")
    rows = [line.split() for line in table.splitlines()]
    files = report["files"]  # type: ignore[index]
    found = [
        (f["code"], f["rule"], f["severity"])
        for file in files
        for f in file["findings"]
    ]  # type: ignore[union-attr]
    expected = {key: found.count(key) for key in set(found)}
    assert {(code, slug, sev): int(n) for n, code, slug, sev in rows} == expected
    counts = [int(row[0]) for row in rows]
    assert counts == sorted(counts, reverse=True)
    lines = totals.splitlines()
    summary = report["summary"]  # type: ignore[index]
    assert lines[-2] == f"{summary['findings']}  total"  # type: ignore[index]
    by_severity = {line.split()[1]: int(line.split()[0]) for line in lines[:-2]}
    assert by_severity == summary["by_severity"]  # type: ignore[index]
    assert lines[-1].startswith("Found ")


def test_statistics_with_another_format_needs_a_file() -> None:
    result = examples("--statistics", "--format", "json", "examples/")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "--statistics" in result.stderr
    assert "--output FILE" in result.stderr


def test_quiet_prints_findings_only(report: dict[str, object]) -> None:
    result = examples("--quiet", "examples/")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert all(FINDING.match(line) for line in lines), lines
    assert len(lines) == report["summary"]["findings"]  # type: ignore[index]


def test_exit_zero_makes_findings_advisory(tmp_path: Path) -> None:
    assert examples("examples/").returncode == 1
    assert examples("--exit-zero", "examples/").returncode == 0
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe")
    unreadable = examples("--exit-zero", "examples/", str(tmp_path / "bad.md"))
    assert unreadable.returncode == 2  # a file that could not be read is not advice


# --- show-source ----------------------------------------------------------------------


def test_show_source_puts_carets_under_the_span(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Intro line.\n\n\t健康 tea cures \x1b[31mcolds and it is completely safe.\n",
        encoding="utf-8",
    )
    result = run_healthlint(tmp_path, "check", "--isolated", "--show-source", "a.txt")
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "HL101 'cures'" in line)
    gutter, source, carets = lines[at + 1 : at + 4]
    assert gutter == "  |"
    assert source == "3 |  健康 tea cures \ufffd[31mcolds and it is completely safe."
    # the tab is one column, each wide character two: carets sit under 'cures'
    assert carets == "  |" + " " * 11 + "^^^^^"
    assert "\x1b" not in result.stdout


def test_show_source_clips_long_lines_around_the_span(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        "<p>" + "word " * 60 + "this cures colds " + "word " * 60 + "</p>\n",
        encoding="utf-8",
    )
    result = run_healthlint(tmp_path, "check", "--isolated", "--show-source", "a.html")
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "HL101" in line)
    source, carets = lines[at + 2], lines[at + 3]
    assert source.startswith("1 | …")
    assert source.endswith("…")
    assert len(source) <= 110
    start = carets.index("^")
    assert source[start : start + 5] == "cures"
    assert carets[start:] == "^^^^^"


# --- colour --------------------------------------------------------------------------


def colour_env(**values: str) -> dict[str, str]:
    env = subprocess_env()
    env.update(values)
    return env


def test_force_color_colours_a_pipe_and_changes_nothing_else() -> None:
    plain = examples("examples/").stdout
    forced = examples("examples/", env=colour_env(FORCE_COLOR="1")).stdout
    assert "\x1b[31m" in forced or "\x1b[1m\x1b[31m" in forced  # errors in red
    assert ANSI.sub("", forced) == plain


def test_no_color_wins_over_force_color() -> None:
    result = examples("examples/", env=colour_env(FORCE_COLOR="1", NO_COLOR="1"))
    assert "\x1b" not in result.stdout


def test_machine_formats_and_files_never_get_colour(tmp_path: Path) -> None:
    forced = colour_env(FORCE_COLOR="1")
    assert "\x1b" not in examples("--format", "json", "examples/", env=forced).stdout
    out = tmp_path / "out.sarif"
    examples("--format", "sarif", "--output", str(out), "examples/", env=forced)
    assert "\x1b" not in out.read_text(encoding="utf-8")


# --- a real terminal ------------------------------------------------------------------


def run_on_terminal(
    cwd: Path, *args: str, env: dict[str, str], stdout_too: bool = False
) -> tuple[int, str, str]:
    """Run with stderr (and optionally stdout) on a pseudo-terminal 100 columns wide."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    stdout_file = cwd / ".stdout"
    with stdout_file.open("w", encoding="utf-8") as stdout:
        process = subprocess.Popen(
            [*healthlint_command(), *args], cwd=cwd, env=env,
            stdin=subprocess.DEVNULL, stdout=follower if stdout_too else stdout,
            stderr=follower,
        )  # fmt: skip
        os.close(follower)
        terminal = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the program has exited
                break
            if not chunk:
                break
            terminal += chunk
        code = process.wait(timeout=120)
    os.close(leader)
    captured = stdout_file.read_text(encoding="utf-8")
    stdout_file.unlink()
    return code, captured, terminal.decode("utf-8").replace("\r\n", "\n")


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    for number in range(60):
        text = (
            f"Article {number}. This tea cures colds.\n"
            if number % 3 == 0
            else "Fine text.\n"
        )
        (folder / f"a{number:02}.md").write_text(text, encoding="utf-8")
    return folder


def test_colour_on_a_terminal_unless_no_color(many: Path) -> None:
    env = subprocess_env()
    _, _, shown = run_on_terminal(
        many,
        "check",
        "--isolated",
        "--no-cache",
        "--quiet",
        "a00.md",
        env=env,
        stdout_too=True,
    )
    assert "\x1b[33m" in shown  # warnings are yellow
    env["NO_COLOR"] = "1"
    _, _, shown = run_on_terminal(
        many,
        "check",
        "--isolated",
        "--no-cache",
        "--quiet",
        "a00.md",
        env=env,
        stdout_too=True,
    )
    assert "\x1b" not in shown


@pytest.mark.slow
def test_progress_bar_on_a_terminal_stays_out_of_stdout(many: Path) -> None:
    args = ("check", "--isolated", "--no-cache", "--jobs", "1", "--format", "json", ".")
    piped = run_healthlint(many, *args)
    code, stdout, terminal = run_on_terminal(many, *args, env=subprocess_env())
    assert code == piped.returncode == 0  # warnings only: under --fail-on error
    assert stdout == piped.stdout  # byte for byte what a pipe gets
    assert "Linting" in terminal
    assert "60/60" in terminal
    assert terminal.endswith("\r\x1b[2K\x1b[?25h")  # erased at the end, cursor back
    quiet = run_on_terminal(many, *args, "--quiet", env=subprocess_env())[2]
    assert quiet == ""
    few = run_on_terminal(
        many,
        "check",
        "--isolated",
        "--no-cache",
        "a00.md",
        "a01.md",
        env=subprocess_env(),
    )[2]
    assert "Linting" not in few
    assert piped.stderr == ""  # not a terminal: no bar


@pytest.mark.slow
def test_progress_bar_and_findings_share_a_terminal_cleanly(many: Path) -> None:
    args = ("check", "--isolated", "--no-cache", "--jobs", "1", ".")
    env = colour_env(NO_COLOR="1")
    plain = run_healthlint(many, *args).stdout
    _, _, terminal = run_on_terminal(many, *args, env=env, stdout_too=True)
    assert "Linting" in terminal
    # What stays on the screen: each line as left after its last carriage return.
    visible = [ANSI.sub("", line.split("\r")[-1]) for line in terminal.split("\n")]
    assert "\n".join(visible).rstrip("\n") + "\n" == plain


# --- the same pieces in this process -------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_erases_itself_before_each_output() -> None:
    stream, written = FakeTerminal(), []
    progress = Progress(3, stream)
    emit = progress.before(written.append)
    for item in progress.track([1, 2, 3]):
        emit(f"line {item}\n")
    shown = stream.getvalue()
    assert "3/3" in shown
    # erased before each output; the last one leaves nothing to erase at the end
    assert shown.count("\r\x1b[2K") == 3
    assert shown.endswith("\r\x1b[2K\x1b[?25h")
    assert written == ["line 1\n", "line 2\n", "line 3\n"]


def test_progress_bar_only_for_many_files_on_a_terminal() -> None:
    assert wanted(MIN_FILES, FakeTerminal(), quiet=False)
    assert not wanted(MIN_FILES - 1, FakeTerminal(), quiet=False)
    assert not wanted(MIN_FILES, FakeTerminal(), quiet=True)
    assert not wanted(MIN_FILES, io.StringIO(), quiet=False)


def test_report_command_in_process(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = runner.invoke(
        cli,
        [
            "report",
            "--isolated",
            "--no-cache",
            str(ROOT / "examples"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    unwritable = runner.invoke(
        cli,
        [
            "report",
            "--isolated",
            str(ROOT / "examples"),
            "--out",
            str(tmp_path / "no" / "page.html"),
        ],
    )
    assert unwritable.exit_code == 2
    assert "cannot write the report" in unwritable.stderr
