"""Start, feed and stop the lint worker process, from the server's event loop."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Sequence

from healthlint.lsp.jobs import HEADER, Job, Outcome, pack, unpack

WORKER_COMMAND = (sys.executable, "-m", "healthlint.lsp.worker")
_GRACE = 1.0  # seconds a stopped worker has to exit before it is killed


class WorkerGone(Exception):
    """The worker stopped before answering: it was stopped, or it crashed."""


class WorkerProcess:
    """One child process that lints one job at a time.

    The child is started on first use and again after :meth:`stop`, so stopping
    a stale run costs one start-up (about half a second), paid by the next job.
    """

    def __init__(self, command: Sequence[str] = WORKER_COMMAND) -> None:
        self._command = tuple(command)
        self._process: asyncio.subprocess.Process | None = None
        self._exits: set[asyncio.Future[None]] = set()

    async def start(self) -> None:
        """Start the child now, so it warms up before the first job."""
        await self._running()

    async def _running(self) -> asyncio.subprocess.Process:
        process = self._process
        if process is None or process.returncode is not None:
            process = await asyncio.create_subprocess_exec(
                *self._command,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
            )
            self._process = process
        return process

    async def lint(self, job: Job) -> Outcome:
        """Send one job and wait for its outcome; raise WorkerGone if stopped."""
        process = await self._running()
        assert process.stdin is not None  # noqa: S101 (started with pipes)
        assert process.stdout is not None  # noqa: S101
        try:
            process.stdin.write(pack(job))
            await process.stdin.drain()
            header = await process.stdout.readexactly(HEADER.size)
            (length,) = HEADER.unpack(header)
            message = unpack(await process.stdout.readexactly(length))
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            raise WorkerGone(self._describe_exit(process)) from exc
        if not isinstance(message, Outcome):
            raise WorkerGone(f"the worker sent {type(message).__name__}, not a result")
        return message

    def _describe_exit(self, process: asyncio.subprocess.Process) -> str:
        code = process.returncode
        return "the worker stopped" if code is None else f"the worker exited ({code})"

    def stop(self) -> None:
        """Stop the child now; a job waiting on it raises WorkerGone.

        The child is asked to exit (SIGTERM, which it turns into a normal exit
        that runs its clean-up) and killed if it has not within a second.
        """
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        ending = asyncio.ensure_future(_end(process))
        self._exits.add(ending)
        ending.add_done_callback(self._exits.discard)

    async def close(self) -> None:
        """Stop the child and wait until it has gone."""
        process, self._process = self._process, None
        if process is not None and process.returncode is None:
            if process.stdin is not None:
                process.stdin.close()
            try:
                await asyncio.wait_for(process.wait(), timeout=2)
            except TimeoutError:
                process.kill()
                await process.wait()
        if self._exits:
            await asyncio.gather(*self._exits, return_exceptions=True)


async def _end(process: asyncio.subprocess.Process) -> None:
    """Wait for a stopped child (so no zombie is left); kill it if it lingers."""
    try:
        await asyncio.wait_for(process.wait(), timeout=_GRACE)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
