"""Run a whole set of inputs, in this process or in worker processes.

Results come back in input order whatever the number of workers, so output is
byte-identical between ``--jobs 1`` and ``--jobs N``. Each worker builds its own
session once (rules are loaded and compiled once per process) and lints the
files it is handed; stdin is read here, never in a worker.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from healthlint import __version__
from healthlint.config import Config
from healthlint.discovery import Input
from healthlint.engine import Session, build_session, lint_input
from healthlint.model import FileReport, Report

# Below this many files per worker, starting processes costs more than it saves.
MIN_FILES_PER_WORKER = 4
_worker: dict[str, Session] = {}  # one session per worker process, set at start


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
    chunk = max(1, min(32, len(on_disk) // (workers * 8)))
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_start_worker,
        initargs=(_picklable(session.config),),
    ) as pool:
        linted = pool.map(_lint_in_worker, on_disk, chunksize=chunk)
        for index in range(len(items)):
            yield from_stdin[index] if index in from_stdin else next(linted)


def _is_stdin(item: Input) -> bool:
    return item.path is None and item.error is None


def _context() -> multiprocessing.context.BaseContext:
    """Fork where the platform has it: workers start with rules already loaded."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _picklable(config: Config) -> Config:
    return replace(config, severity=dict(config.severity), targets=dict(config.targets))


def _start_worker(config: Config) -> None:
    _worker["session"] = build_session(config)


def _lint_in_worker(item: Input) -> FileReport:
    return lint_input(item, _worker["session"], _no_stdin)


def _no_stdin() -> bytes:
    raise RuntimeError("stdin is read by the main process")  # pragma: no cover
