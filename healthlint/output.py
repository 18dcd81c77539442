"""Write a run's reports as they arrive, and gather the totals for the exit code.

Text and JSON are written file by file, so a run over an archive holds one
report at a time; formats whose documents need everything up front (SARIF,
JUnit, GitLab, GitHub) are gathered first. With ``--output FILE`` the file gets
the chosen format and the terminal still gets the text report; with
``--output-format`` too, the file gets that format and the terminal ``--format``
(GitHub annotations on the terminal and SARIF in a file, in one run).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from healthlint import __version__, atomic
from healthlint.formatters import FORMATTERS, json_format, text
from healthlint.formatters.text import PLAIN_TEXT, TextOptions
from healthlint.model import FileReport, Report
from healthlint.rule import Rule
from healthlint.summary import Totals

Emit = Callable[[str], object]


@dataclass(frozen=True)
class Terminal:
    """Where the person's copy goes, and how its text is dressed (colour, quiet)."""

    emit: Emit
    options: TextOptions = PLAIN_TEXT


class _Writer:
    """One destination in one format; it streams when the format allows."""

    def __init__(
        self,
        fmt: str,
        emit: Emit,
        rules: tuple[Rule, ...],
        options: TextOptions = PLAIN_TEXT,
    ) -> None:
        self.fmt, self.emit, self.rules, self.options = fmt, emit, rules, options
        self.held: list[FileReport] = []
        self.count = 0
        if fmt == "json":
            emit(json_format.format_start(__version__))

    def add(self, report: FileReport) -> None:
        if self.fmt == "text":
            self.emit(text.format_file(report, self.options))
        elif self.fmt == "json":
            self.emit(json_format.format_file(report, first=self.count == 0))
        else:
            self.held.append(report)
        self.count += 1

    def finish(self, totals: Totals) -> None:
        if self.fmt == "text":
            self.emit(text.format_end(totals, self.options))
        elif self.fmt == "json":
            self.emit(json_format.format_end(totals))
        else:
            report = Report(tuple(self.held), __version__, self.rules, str(Path.cwd()))
            self.emit(FORMATTERS[self.fmt](report))


class OutputFile(NamedTuple):
    """``--output FILE`` and, when given, ``--output-format``."""

    path: Path
    format: str | None = None


# The formats a file name's suffix can hold; the first is the one to write.
_SUFFIX_FORMATS = {
    ".sarif": ("sarif",),
    ".xml": ("junit",),
    ".html": ("html",),
    ".htm": ("html",),
    ".json": ("json", "gitlab", "sarif"),
}


def format_for_file(path: Path, chosen: str) -> str | None:
    """The format ``--output`` gets when ``--output-format`` is not given.

    None keeps the usual split (the file gets ``chosen``, the terminal the
    text report). When the file's suffix cannot hold ``chosen`` (GitHub
    workflow commands in ``report.sarif``), the suffix names the file's
    format and the terminal keeps ``chosen``, as if ``--output-format`` had
    been given: the one thing such a command can have meant.
    """
    fits = _SUFFIX_FORMATS.get(path.suffix.lower())
    if fits is None or chosen in fits:
        return None
    return fits[0]


def write_reports(
    reports: Iterable[FileReport],
    fmt: str,
    terminal: Emit | Terminal,
    rules: tuple[Rule, ...],
    output: OutputFile | None = None,
) -> Totals:
    """Write every report as it comes; return the run's totals.

    A ``Terminal``'s options dress the text the terminal gets (colour, excerpts,
    statistics, quiet); a file always gets the plain format. The folder of the
    output file is created if missing; an OSError (a folder that cannot be
    created, a full disk) is the caller's to report.
    """
    if not isinstance(terminal, Terminal):
        terminal = Terminal(terminal)
    with ExitStack() as stack:
        if output is None:
            writers = [_Writer(fmt, terminal.emit, rules, terminal.options)]
        else:
            if not output.path.parent.exists():
                output.path.parent.mkdir(parents=True)
            handle = stack.enter_context(output.path.open("w", encoding="utf-8"))
            shown = fmt if output.format else "text"
            writers = [
                _Writer(output.format or fmt, handle.write, rules),
                _Writer(shown, terminal.emit, rules, terminal.options),
            ]
        totals = Totals()
        for report in reports:
            totals.add(report)
            for writer in writers:
                writer.add(report)
        for writer in writers:
            writer.finish(totals)
    return totals


def write_page(
    reports: Iterable[FileReport], path: Path, rules: tuple[Rule, ...]
) -> Totals:
    """Build the HTML report and replace ``path`` with it in one step.

    A page is only useful whole: it is written to a temporary file beside the
    target and renamed, so an interrupted run never leaves half a report.
    """
    parts: list[str] = []
    totals = write_reports(reports, "html", parts.append, rules)
    write_text_atomically(path, "".join(parts))
    return totals


def write_text_atomically(path: Path, text: str) -> None:
    """Write a new file (mode from the umask, like any new file) in one rename."""
    with (
        atomic.replacing(path, before_rename=_mode_of_a_new_file) as out,
        io.TextIOWrapper(out, encoding="utf-8") as text_out,
    ):
        text_out.write(text)


def _mode_of_a_new_file(temp: str) -> None:
    os.chmod(temp, 0o666 & ~_umask())  # noqa: PTH101 (a descriptor-free path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
