"""Worker processes for ``--jobs N``: started, fed chunks, replaced if one dies.

Kept apart from ``runner`` so that a ``--jobs 1`` run never imports
multiprocessing. Workers are forked where the platform allows, after the
parent has loaded the rules, the syllable tables and the compiled patterns, so
each starts with them in memory instead of loading them again.
"""

from __future__ import annotations

import itertools
import multiprocessing
import signal
import weakref
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from healthlint.config import Config
from healthlint.discovery import Input
from healthlint.engine import Session, build_session, lint_input
from healthlint.model import FileReport

_worker: dict[str, Session] = {}  # one session per worker process, set at start


# A worker that dies (killed, out of memory) takes its chunk's results with it.
DIED = (
    "the worker process linting this file stopped unexpectedly "
    "(killed, or out of memory); it was tried twice"
)


class WorkerPool:
    """Worker processes that survive a dead worker and stop at once on Ctrl-C.

    Chunks are submitted a few at a time ahead of the one being read, so results
    stream in order. When a worker dies the pool is rebuilt and the lost chunk
    is linted again one file at a time; a file that kills a worker twice is
    reported as that file's error and the run goes on. Workers ignore SIGINT:
    the main process alone handles Ctrl-C, and stops them without waiting.
    """

    AHEAD = 4  # chunks in flight per worker

    def __init__(self, config: Config, workers: int) -> None:
        self.config = config.picklable()
        self.workers = workers
        self.pool = self._start()
        _LIVE.add(self)

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=_context(),
            initializer=_start_worker,
            initargs=(self.config,),
        )

    def reports(self, chunks: Sequence[Sequence[Input]]) -> Iterator[FileReport]:
        """Every chunk's reports, in order."""
        pending: deque[tuple[Sequence[Input], Future[list[FileReport]]]] = deque()
        queued = iter(chunks)
        try:
            for chunk in itertools.islice(queued, self.workers * self.AHEAD):
                self._submit(chunk, pending)
            while pending:
                chunk, future = pending.popleft()
                yield from self._result(chunk, future, pending)
                for more in itertools.islice(queued, 1):
                    self._submit(more, pending)
        finally:
            self.stop()

    def _submit(
        self,
        chunk: Sequence[Input],
        pending: deque[tuple[Sequence[Input], Future[list[FileReport]]]],
    ) -> None:
        """Queue a chunk; a pool found broken is replaced, its work queued again."""
        try:
            pending.append((chunk, self.pool.submit(_lint_chunk, chunk)))
        except BrokenProcessPool:
            self._replace_pool()
            for index, (lost, _dead) in enumerate(pending):
                pending[index] = (lost, self.pool.submit(_lint_chunk, lost))
            pending.append((chunk, self.pool.submit(_lint_chunk, chunk)))

    def _result(
        self,
        chunk: Sequence[Input],
        future: Future[list[FileReport]],
        pending: deque[tuple[Sequence[Input], Future[list[FileReport]]]],
    ) -> list[FileReport]:
        try:
            return future.result()
        except BrokenProcessPool:
            self._replace_pool()
            # The lost files go first and alone, so a file that kills a worker
            # is told apart from the innocent ones that shared its chunk.
            reports = [self._alone(item) for item in chunk]
            lost = [chunk for chunk, _dead in pending]
            pending.clear()
            for again in lost:
                self._submit(again, pending)
            return reports

    def _alone(self, item: Input) -> FileReport:
        try:
            return self.pool.submit(_lint_chunk, [item]).result()[0]
        except BrokenProcessPool:
            self._replace_pool()
            return FileReport(item.display, item.format.value, error=DIED)

    def _replace_pool(self) -> None:
        self.stop()
        self.pool = self._start()

    def stop(self) -> None:
        """End the workers now: queued work is dropped, running work is killed."""
        # A pool already shut down has no process table left: stopping twice
        # (Ctrl-C, then the generator's own clean-up) is a no-op.
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)


# Every pool not yet stopped, so that Ctrl-C can stop them wherever it lands.
_LIVE: weakref.WeakSet[WorkerPool] = weakref.WeakSet()


def stop_all() -> None:
    """Stop every live pool now.

    A pool stops itself when its ``reports`` ends, but Ctrl-C can land where
    that generator is suspended (the main process writing a report, say), and
    the interpreter's exit would then wait for the workers to finish all the
    work queued ahead; the main process calls this before it exits instead.
    """
    for pool in list(_LIVE):
        pool.stop()


def _context() -> multiprocessing.context.BaseContext:
    """Fork where the platform has it: workers start with rules already loaded."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _start_worker(config: Config) -> None:
    # Ctrl-C reaches every process of the terminal's group; only the main
    # process acts on it, so a worker never dies half way through a report.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker["session"] = build_session(config)


def _lint_chunk(items: Sequence[Input]) -> list[FileReport]:
    return [lint_input(item, _worker["session"], _no_stdin) for item in items]


def _no_stdin() -> bytes:
    raise RuntimeError("stdin is read by the main process")  # pragma: no cover
