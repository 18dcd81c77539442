"""Run partitions on a dask.distributed cluster: a local one, or a scheduler's.

Each partition is one task, ``audit_partition(job, partition)``, the function
local workers run; a worker builds its session on its first task and keeps it
(one per configuration). Tasks return the partition's encoded files, which this
process writes, so workers need no shared disk and a task that the scheduler
runs again (its worker died) produces the same bytes for the same file. A few
partitions are in flight per worker thread, so the input is read no faster than
the cluster lints it. The scheduler retries the tasks of a lost worker on the
others (``distributed.scheduler.allowed-failures`` times, 3 by default).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from itertools import islice
from typing import Any

from healthlint import __version__
from healthlint.audit.records import Partition
from healthlint.audit.table import MissingExtra
from healthlint.audit.work import Job, PartitionResult, audit_partition

LOCAL = "local"
WORKER_WAIT_SECONDS = 60
TASKS_PER_THREAD = 2
# dask.distributed keeps the last messages of every connection for debugging
# (distributed.admin.low-level-log-length, 1,000 by default). A task's message
# carries its partition's articles, so a scheduler would hold up to a thousand
# partitions per worker; connections opened here keep a few.
MESSAGE_LOG_LENGTH = 8


class DaskProblem(Exception):
    """The cluster cannot be used; one line for the user."""


def _distributed() -> Any:  # noqa: ANN401 (dask.distributed is untyped)
    try:
        import distributed  # noqa: PLC0415 (optional: the 'audit' extra)
    except ModuleNotFoundError:
        raise MissingExtra(
            "--dask needs the 'audit' extra (no module 'distributed'): "
            "pip install 'healthlint[audit]'"
        ) from None
    return distributed


def run_dask(
    job: Job, partitions: Iterable[Partition], address: str, workers: int
) -> Iterator[PartitionResult]:
    """Partitions linted on the cluster at ``address``, or a local one."""
    distributed = _distributed()
    import dask  # noqa: PLC0415 (installed with distributed)

    with ExitStack() as stack:
        stack.enter_context(
            dask.config.set(
                {"distributed.admin.low-level-log-length": MESSAGE_LOG_LENGTH}
            )
        )
        stack.enter_context(_quiet_client_logs())
        client = _connect(stack, distributed, address, workers)
        _check_workers(client, address)
        yield from _results(distributed, client, job, iter(partitions))


@contextmanager
def _quiet_client_logs() -> Iterator[None]:
    """Keep dask's own log lines off stderr while this process is a client.

    The client logs a warning each time it reschedules a lost task; healthlint
    reports what the user must act on (a run that cannot finish) in one line
    of its own, and a retry that worked needs no word.
    """
    names = [
        name
        for name in logging.root.manager.loggerDict
        if name == "distributed" or name.startswith("distributed.")
    ]
    # dask's configuration sets some child loggers' levels (distributed.client
    # among them), so each one is raised, not only the parent.
    loggers = [logging.getLogger(name) for name in ["distributed", *names]]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _connect(
    stack: ExitStack,
    distributed: Any,  # noqa: ANN401
    address: str,
    workers: int,
) -> Any:  # noqa: ANN401
    """A client of a new local cluster, or of the scheduler; both closed by stack."""
    if address == LOCAL:
        cluster = stack.enter_context(
            distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        )
        return stack.enter_context(distributed.Client(cluster, set_as_default=False))
    try:
        # Gives up after dask's distributed.comm.timeouts.connect (30 s unless set).
        client = distributed.Client(address, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DaskProblem(
            f"cannot reach the Dask scheduler at {address}: {exc}"
        ) from None
    return stack.enter_context(client)


def _check_workers(client: Any, address: str) -> None:  # noqa: ANN401
    """Wait for a worker, and make sure every worker runs this healthlint."""
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
    except TimeoutError:
        raise DaskProblem(
            f"no Dask worker joined the scheduler at {address} within "
            f"{WORKER_WAIT_SECONDS} s"
        ) from None
    try:
        versions = client.run(_worker_version)
    except Exception as exc:
        raise DaskProblem(
            f"the Dask workers cannot run healthlint ({type(exc).__name__}: {exc}); "
            f"install healthlint[audit]=={__version__} on every worker"
        ) from None
    others = sorted(f"{w} has {v}" for w, v in versions.items() if v != __version__)
    if others:
        raise DaskProblem(
            f"the Dask workers must run healthlint {__version__}: {'; '.join(others)}"
        )


def _worker_version() -> str:
    return __version__


def _results(
    distributed: Any,  # noqa: ANN401
    client: Any,  # noqa: ANN401
    job: Job,
    stream: Iterator[Partition],
) -> Iterator[PartitionResult]:
    """Keep a few tasks per worker thread running; yield each result as it lands."""
    run = uuid.uuid4().hex[:12]

    def submit(partition: Partition) -> Any:  # noqa: ANN401
        key = f"healthlint-audit-{run}-{partition.number:06d}"
        return client.submit(audit_partition, job, partition, key=key)

    window = _window(client)
    first = [submit(p) for p in islice(stream, window)]
    running = distributed.as_completed(first, loop=client.loop)
    for future in running:
        try:
            result: PartitionResult = future.result()
        except distributed.KilledWorker:
            raise DaskProblem(
                f"the workers running task {future.key} kept dying (out of memory?); "
                "the partitions already written are kept: run again to resume"
            ) from None
        future.release()
        yield result
        for partition in islice(stream, max(0, _window(client) - running.count())):
            running.add(submit(partition))


def _window(client: Any) -> int:  # noqa: ANN401
    """Tasks to keep in flight: a couple per worker thread the cluster has now."""
    threads = sum(client.nthreads().values()) or 1
    return TASKS_PER_THREAD * threads
