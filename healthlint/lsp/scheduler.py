"""When to lint: debounce edits, one run at a time, drop and stop stale runs.

Every edit replaces the pending job of its document. An edit after a quiet
spell is queued at once; an edit that follows another within the debounce
delay restarts a short timer instead, so a burst (a paste, a replace-all, fast
typing) is linted once, when it ends. Jobs run one at a time in the worker
process. A result is published only if the document is still at the version that
was linted. While a run is going, a watchdog checks whether the document has
moved on; if it has and the run is expected to outlast a worker restart, the
worker is stopped, so a long lint of an old version never delays the new one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from healthlint.lsp.jobs import Job, Outcome
from healthlint.lsp.process import WorkerGone, WorkerProcess
from healthlint.lsp.settings import Settings

# Starting a new worker (Python, the engine, the rules) takes about this long.
RESTART_COST = 0.5
_WATCH_INTERVAL = 0.05


class Scheduler:
    """Runs lint jobs for the server and hands it the results that still matter."""

    def __init__(
        self,
        worker: WorkerProcess,
        publish: Callable[[Outcome], None],
        is_current: Callable[[str, int], bool],
        log: Callable[[str], None],
    ) -> None:
        self.debounce = Settings().debounce_ms / 1000
        self._worker = worker
        self._publish = publish
        self._is_current = is_current
        self._log = log
        self._pending: dict[str, Job] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._ready: asyncio.Queue[str] = asyncio.Queue()
        self._seconds: dict[str, float] = {}
        self._last_edit: dict[str, float] = {}
        self._stopping = False

    def submit(self, job: Job, delay: float | None = None) -> None:
        """Lint ``job`` soon, replacing any pending job of its document.

        ``delay`` None means an edit: debounced as the module describes.
        """
        self._pending[job.uri] = job
        timer = self._timers.pop(job.uri, None)
        if timer is not None:
            timer.cancel()
        loop = asyncio.get_running_loop()
        wait = self._edit_delay(job.uri, loop.time()) if delay is None else delay
        self._timers[job.uri] = loop.call_later(wait, self._ready.put_nowait, job.uri)

    def _edit_delay(self, uri: str, now: float) -> float:
        """No wait after a quiet spell; the debounce delay within a burst."""
        previous = self._last_edit.get(uri)
        self._last_edit[uri] = now
        quiet = previous is None or now - previous >= self.debounce
        return 0.0 if quiet else self.debounce

    def forget(self, uri: str) -> None:
        """Drop a closed document's pending work."""
        self._pending.pop(uri, None)
        self._last_edit.pop(uri, None)
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def restart_worker(self) -> None:
        """Stop the worker (and its run) so the next job starts a fresh one."""
        self._stopping = True
        self._worker.stop()

    async def run(self) -> None:
        """The loop: take ready jobs one at a time, for as long as the server runs."""
        while True:
            uri = await self._ready.get()
            self._timers.pop(uri, None)
            job = self._pending.pop(uri, None)
            if job is None or not self._is_current(job.uri, job.version):
                continue
            outcome = await self._execute(job)
            if outcome is not None and self._is_current(job.uri, job.version):
                self._publish(outcome)

    async def _execute(self, job: Job) -> Outcome | None:
        """Run one job, stopping it if it goes stale; None when it did not finish."""
        self._stopping = False
        loop = asyncio.get_running_loop()
        started = loop.time()
        task = asyncio.ensure_future(self._worker.lint(job))
        while not task.done():
            await asyncio.wait({task}, timeout=_WATCH_INTERVAL)
            if not task.done() and self._worth_stopping(job, loop.time() - started):
                self._log(f"stopped linting version {job.version} of {job.uri}")
                self.restart_worker()
        try:
            outcome = task.result()
        except WorkerGone as exc:
            if not self._stopping:
                self._log(f"{exc}; a new worker will lint the next change")
                return Outcome(job.uri, job.version, problem=f"{exc} while linting")
            return None
        self._seconds[job.uri] = outcome.seconds
        return outcome

    def _worth_stopping(self, job: Job, elapsed: float) -> bool:
        """Stop a stale run when waiting for it would cost more than a restart."""
        if self._is_current(job.uri, job.version):
            return False
        expected = self._seconds.get(job.uri)
        if expected is None:
            return elapsed > RESTART_COST
        return expected - elapsed > RESTART_COST
