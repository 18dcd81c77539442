"""Write a run's reports as they arrive, and gather the totals for the exit code.

Text and JSON are written file by file, so a run over an archive holds one
report at a time; formats whose documents need everything up front (SARIF,
JUnit, GitLab, GitHub) are gathered first. With ``--output FILE`` the file gets
the chosen format and the terminal still gets the text report; with
``--output-format`` too, the file gets that format and the terminal ``--format``
(GitHub annotations on the terminal and SARIF in a file, in one run).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import NamedTuple

from healthlint import __version__
from healthlint.formatters import FORMATTERS, json_format, text
from healthlint.model import FileReport, Report
from healthlint.rule import Rule
from healthlint.summary import Totals

Emit = Callable[[str], object]


class _Writer:
    """One destination in one format; it streams when the format allows."""

    def __init__(self, fmt: str, emit: Emit, rules: tuple[Rule, ...]) -> None:
        self.fmt, self.emit, self.rules = fmt, emit, rules
        self.held: list[FileReport] = []
        self.count = 0
        if fmt == "json":
            emit(json_format.format_start(__version__))

    def add(self, report: FileReport) -> None:
        if self.fmt == "text":
            self.emit(text.format_file(report))
        elif self.fmt == "json":
            self.emit(json_format.format_file(report, first=self.count == 0))
        else:
            self.held.append(report)
        self.count += 1

    def finish(self, totals: Totals) -> None:
        if self.fmt == "text":
            self.emit(text.format_end(totals))
        elif self.fmt == "json":
            self.emit(json_format.format_end(totals))
        else:
            report = Report(tuple(self.held), __version__, self.rules, str(Path.cwd()))
            self.emit(FORMATTERS[self.fmt](report))


class OutputFile(NamedTuple):
    """``--output FILE`` and, when given, ``--output-format``."""

    path: Path
    format: str | None = None


def write_reports(
    reports: Iterable[FileReport],
    fmt: str,
    terminal: Emit,
    rules: tuple[Rule, ...],
    output: OutputFile | None = None,
) -> Totals:
    """Write every report as it comes; return the run's totals.

    The folder of the output file is created if missing; an OSError (a folder
    that cannot be created, a full disk) is the caller's to report.
    """
    with ExitStack() as stack:
        if output is None:
            writers = [_Writer(fmt, terminal, rules)]
        else:
            if not output.path.parent.exists():
                output.path.parent.mkdir(parents=True)
            handle = stack.enter_context(output.path.open("w", encoding="utf-8"))
            writers = [
                _Writer(output.format or fmt, handle.write, rules),
                _Writer(fmt if output.format else "text", terminal, rules),
            ]
        totals = Totals()
        for report in reports:
            totals.add(report)
            for writer in writers:
                writer.add(report)
        for writer in writers:
            writer.finish(totals)
    return totals
