"""The glue between ``healthlint audit``'s options and the audit, and its last words.

Kept out of ``cli.py`` so that the command there stays a list of options and a
call: options become :class:`AuditSettings`, the problems an audit can meet
become one line each, and the outcome becomes the terminal summary.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO, TypeVar

from healthlint.audit.dask_runner import DaskProblem
from healthlint.audit.progress import AuditProgress
from healthlint.audit.readers import Columns, InputProblem, Meter, ReadOptions
from healthlint.audit.report import terminal_lines
from healthlint.audit.run import AuditOutcome, AuditSettings, WorkerMismatch, run_audit
from healthlint.audit.store import OutputProblem
from healthlint.audit.table import MissingExtra
from healthlint.config import Config

PROBLEMS = (InputProblem, OutputProblem, DaskProblem, MissingExtra, WorkerMismatch)
_T = TypeVar("_T")


class AuditProblem(Exception):
    """Any problem that stops an audit, as the one line to print."""


def guarded(action: Callable[[], _T]) -> _T:
    """Run ``action``; the audit's own problems become an AuditProblem."""
    try:
        return action()
    except PROBLEMS as exc:
        raise AuditProblem(str(exc)) from None


def settings_from_options(
    source: Path, out: Path, options: Mapping[str, object]
) -> AuditSettings:
    """The command's options as settings; a bad ``--column`` is an AuditProblem."""
    read = ReadOptions(
        kind=str(options["input_type"]),
        columns=guarded(lambda: Columns.parse(_strings(options["column"]))),
        text_format=str(options["text_format"]),
        max_size=int(str(options["max_file_size"])),
        post_types=_strings(options["post_type"]),
        statuses=_strings(options["status"]) or None,
    )
    dask = options["dask"]
    return AuditSettings(
        source=source,
        out=out,
        read=read,
        table_format=str(options["table"]),
        findings=bool(options["findings"]),
        partition_size=int(str(options["partition_size"])),
        jobs=int(str(options["jobs"])),
        dask=str(dask) if dask else None,
        fresh=bool(options["fresh"]),
    )


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(part.strip() for v in value for part in str(v).split(","))
    return ()


def closing_lines(outcome: AuditOutcome, out: Path) -> list[str]:
    """The summary tables, then where the results are and how fast it went."""
    lines = terminal_lines(outcome.summary, outcome.rules)
    reused = (
        f"; {outcome.reused:,} reused from an earlier run" if outcome.reused else ""
    )
    rate = outcome.linted / outcome.seconds if outcome.seconds else 0.0
    names = ", ".join(
        str(p.relative_to(out)) + ("/" if p.is_dir() else "") for p in outcome.written
    )
    lines += [
        "",
        f"healthlint: audited {outcome.linted:,} articles in {outcome.seconds:.1f} s "
        f"({rate:,.0f} articles/s){reused}",
        f"healthlint: wrote {out}/: {names}",
    ]
    return lines


def new_progress(stream: TextIO, quiet: bool) -> AuditProgress:
    """The progress line on ``stream`` (stderr), unless asked to be quiet."""
    return AuditProgress(stream, Meter(), enabled=not quiet)


def run(
    settings: AuditSettings, config: Config, progress: AuditProgress
) -> AuditOutcome:
    """Run the audit (the command's one call into it)."""
    return run_audit(settings, config, progress)
