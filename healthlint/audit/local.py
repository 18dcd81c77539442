"""Run partitions in this process or in local worker processes.

Only a few partitions are in flight at a time (twice the number of workers), so
the main process reads the input no faster than the workers lint it and memory
does not grow with the archive. Results come back as they finish; the store
and the summary do not depend on their order.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import replace
from itertools import islice

from healthlint.audit.records import Partition
from healthlint.audit.work import Job, PartitionResult, audit_partition, session_for
from healthlint.config import Config


def run_inline(job: Job, partitions: Iterable[Partition]) -> Iterator[PartitionResult]:
    """One partition after another in this process (``--jobs 1``)."""
    for partition in partitions:
        yield audit_partition(job, partition)


def run_processes(
    job: Job, partitions: Iterable[Partition], workers: int
) -> Iterator[PartitionResult]:
    """Partitions linted by ``workers`` processes, each with its own session."""
    job = replace(job, config=job.config.picklable())
    stream = iter(partitions)
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_start,
        initargs=(job.config,),
    ) as pool:
        running: set[Future[PartitionResult]] = {
            pool.submit(audit_partition, job, p) for p in islice(stream, 2 * workers)
        }
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                for partition in islice(stream, 1):
                    running.add(pool.submit(audit_partition, job, partition))


def _context() -> multiprocessing.context.BaseContext:
    """Fork where there is fork: workers start with the rules already loaded."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _start(config: Config) -> None:
    session_for(config)
