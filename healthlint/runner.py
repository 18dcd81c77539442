"""Run a whole set of inputs, in this process or in worker processes.

Results come back in input order whatever the number of workers, so output is
byte-identical between ``--jobs 1`` and ``--jobs N``. Each worker builds its own
session once (rules are loaded and compiled once per process) and lints the
files it is handed; stdin is read here, never in a worker.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence

from healthlint import __version__
from healthlint.discovery import Input
from healthlint.engine import Session, lint_input
from healthlint.model import FileReport, Report

# Below this many files per worker, starting processes costs more than it saves.
MIN_FILES_PER_WORKER = 4


def default_jobs() -> int:
    """As many workers as the machine has cores."""
    return os.cpu_count() or 1


def run(
    items: Iterable[Input], session: Session, stdin: Callable[[], bytes], jobs: int = 1
) -> Report:
    """Lint every input not excluded by configuration, in order, into one Report."""
    files = tuple(iter_reports(items, session, stdin, jobs))
    return Report(files, __version__, session.rules)


def iter_reports(
    items: Iterable[Input], session: Session, stdin: Callable[[], bytes], jobs: int = 1
) -> Iterator[FileReport]:
    """File reports in input order, each yielded as soon as it is ready.

    Nothing but the inputs' names is held: a caller that writes each report out
    and drops it runs in flat memory however many files there are.
    """
    kept = [item for item in items if not session.excluded(item)]
    workers = min(jobs, len(kept) // MIN_FILES_PER_WORKER)
    if workers <= 1:
        return (lint_input(item, session, stdin) for item in kept)
    return _in_workers(kept, session, stdin, workers)


def _in_workers(
    items: Sequence[Input], session: Session, stdin: Callable[[], bytes], workers: int
) -> Iterator[FileReport]:
    from_stdin = {
        i: lint_input(item, session, stdin)
        for i, item in enumerate(items)
        if _is_stdin(item)
    }
    on_disk = [item for item in items if not _is_stdin(item)]
    size = max(1, min(32, len(on_disk) // (workers * 8)))
    chunks = [on_disk[i : i + size] for i in range(0, len(on_disk), size)]
    # Imported here: multiprocessing costs a one-file run start-up time it
    # never uses.
    from healthlint.workers import WorkerPool  # noqa: PLC0415

    session.warm()  # workers are forked with tables and patterns ready
    linted = WorkerPool(session.config, workers).reports(chunks)
    for index in range(len(items)):
        yield from_stdin[index] if index in from_stdin else next(linted)


def _is_stdin(item: Input) -> bool:
    return item.path is None and item.error is None
