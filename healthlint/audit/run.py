"""One audit from start to end: read, partition, lint where asked, write, summarise.

The data flows one way: records are read (``readers``), cut into partitions,
linted by workers (``work`` via ``local`` or ``dask_runner``) and written by
this process (``store``), whose only state is the merged summary. Partitions a
previous run with the same input and settings finished are read past, not
linted again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from healthlint import __version__
from healthlint.audit import DEFAULT_PARTITION_SIZE, readers
from healthlint.audit.local import run_inline, run_processes
from healthlint.audit.progress import AuditProgress
from healthlint.audit.readers import ReadOptions
from healthlint.audit.records import Partition, partitions
from healthlint.audit.report import overview_html, summary_json
from healthlint.audit.store import OVERVIEW, SUMMARY, OutputFolder
from healthlint.audit.summary import ArchiveSummary
from healthlint.audit.table import pyarrow_modules
from healthlint.audit.work import (
    Job,
    PartitionResult,
    identity,
    rule_codes,
    session_for,
)
from healthlint.config import Config, find_config
from healthlint.engine import Session
from healthlint.rule import Rule


class WorkerMismatch(Exception):
    """A worker linted with other rules or another version; one line for the user."""


@dataclass(frozen=True)
class AuditSettings:
    """What to audit, where to write it, and how to run it."""

    source: Path
    out: Path
    read: ReadOptions = field(default_factory=ReadOptions)
    table_format: str = "parquet"
    findings: bool = False
    partition_size: int = DEFAULT_PARTITION_SIZE
    jobs: int = 1
    dask: str | None = None
    fresh: bool = False


@dataclass
class AuditOutcome:
    """What a finished audit produced and how it went."""

    summary: ArchiveSummary
    rules: dict[str, Rule]
    written: list[Path]
    linted: int = 0  # articles linted by this run
    reused: int = 0  # articles of partitions an earlier run finished
    seconds: float = 0.0


def one_config(config: Config) -> Config:
    """One configuration for the whole archive, fixed here for every worker.

    Records of an export have no folder to search from, and workers on another
    machine have another working folder: the config file is the one given or
    the one found from here, named by its absolute path.
    """
    if config.config_file is None and config.discover:
        found = find_config(Path.cwd())
        config = replace(config, config_file=found.resolve() if found else None)
    return replace(config, discover=False, cache_dir=None, readability=True).picklable()


def run_audit(
    settings: AuditSettings, config: Config, progress: AuditProgress
) -> AuditOutcome:
    """Audit the archive; raise the one-line problems the command reports."""
    config = one_config(config)
    session = session_for(config)  # a configuration error is raised here, first
    if settings.table_format == "parquet":
        pyarrow_modules()
    records = readers.read(settings.source, settings.read, progress.meter)
    store = OutputFolder(settings.out, settings.table_format, settings.findings)
    finished = store.prepare(manifest(settings, config, session), settings.fresh)
    if store.notice is not None:
        progress.say(store.notice)
    summary = store.summary_of(finished)
    job = Job(config, rule_codes(session), settings.table_format, settings.findings)
    pending = _pending(partitions(records, settings.partition_size), finished, progress)
    expected = identity(session)
    for result in _results(settings, job, pending):
        if result.identity != expected:
            raise WorkerMismatch(
                "a worker linted with other rules or another healthlint version; "
                f"install healthlint {__version__} and the same rule packs everywhere"
            )
        store.write(result)
        summary.merge(ArchiveSummary.from_json(result.summary))
        progress.advance(result.count)
    progress.finish()
    rules = {rule.code: rule for rule in session.root.rules_for("default")}
    rules = {r.code: rules.get(r.code, r) for r in session.root.all_rules}
    written = _finish(store, summary, rules, str(settings.source))
    return AuditOutcome(
        summary, rules, written, progress.linted, progress.reused, progress.seconds
    )


def _pending(
    stream: Iterable[Partition], finished: frozenset[int], progress: AuditProgress
) -> Iterator[Partition]:
    """Partitions still to lint; finished ones are counted and passed over."""
    for partition in stream:
        if partition.number in finished:
            progress.skipped(len(partition.records))
        else:
            yield partition


def _results(
    settings: AuditSettings, job: Job, pending: Iterator[Partition]
) -> Iterator[PartitionResult]:
    if settings.dask is not None:
        from healthlint.audit.dask_runner import run_dask  # noqa: PLC0415 (extra)

        return run_dask(job, pending, settings.dask, settings.jobs)
    if settings.jobs > 1:
        return run_processes(job, pending, settings.jobs)
    return run_inline(job, pending)


def _finish(
    store: OutputFolder, summary: ArchiveSummary, rules: dict[str, Rule], source: str
) -> list[Path]:
    """The final files: summary.json, overview.html, joined CSV tables."""
    written = [
        store.root / "articles",
        store.write_text(SUMMARY, summary_json(summary, rules, source)),
        store.write_text(OVERVIEW, overview_html(summary, rules, source)),
    ]
    for folder in ("articles", "findings"):
        joined = store.join_csv(folder)
        if joined is not None:
            written.append(joined)
    return written


def manifest(
    settings: AuditSettings, config: Config, session: Session
) -> dict[str, Any]:
    """What decides the rows: a re-run with an equal manifest may reuse them."""
    source = settings.source.resolve()
    stat = source.stat() if source.is_file() else None
    read = asdict(settings.read)
    return {
        "healthlint": __version__,
        "input": str(source),
        "input_size": stat.st_size if stat else None,
        "input_modified_ns": stat.st_mtime_ns if stat else None,
        **{f"read_{key}": _plain(value) for key, value in read.items()},
        "partition_size": settings.partition_size,
        "table": settings.table_format,
        "findings": settings.findings,
        "configuration": repr(config),
        "rules": identity(session),
    }


def _plain(value: object) -> object:
    """A JSON value that reads back equal (tuples become lists)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
