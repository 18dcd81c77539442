"""What a worker does with one partition: lint each record, build and encode rows.

The same function runs in this process, in a local worker process and on a Dask
worker, so every mode gives the same bytes. Each worker process builds its
engine session once per configuration and reuses it for every partition it is
handed. Linting is ``check``'s: :func:`healthlint.engine.lint_source` on the
record's text in the record's format; a type the export names is given to the
engine as front matter would give it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from healthlint import __version__
from healthlint.audit.records import Partition, Record
from healthlint.audit.summary import ArchiveSummary
from healthlint.audit.table import (
    FINDING_COLUMNS,
    Row,
    article_columns,
    article_row,
    encode,
    error_row,
    finding_rows,
)
from healthlint.cache import digest
from healthlint.config import Config
from healthlint.engine import Session, build_session, lint_document, lint_source
from healthlint.model import FileReport
from healthlint.parsers import parse

TYPE_COLUMN = "type column"  # the type_source of a type named by the export
_SESSIONS: dict[str, Session] = {}  # per worker process, keyed by configuration


@dataclass(frozen=True)
class Job:
    """What every partition of a run is linted with and written as."""

    config: Config
    codes: tuple[str, ...]
    table_format: str = "parquet"
    findings: bool = False


@dataclass(frozen=True)
class PartitionResult:
    """A linted partition: its encoded files and its summary, ready to write."""

    number: int
    articles: bytes
    findings: bytes | None
    summary: dict[str, Any]
    identity: str  # the rules and version that linted it
    count: int


def session_for(config: Config) -> Session:
    """The session of this process for ``config``, built on first use and kept."""
    key = repr(config)
    session = _SESSIONS.get(key)
    if session is None:
        session = _SESSIONS[key] = build_session(config)
    return session


def identity(session: Session) -> str:
    """The healthlint version and the rules, as a hash: equal means equal results."""
    rules = (
        f"{r.code}|{r.slug}|{r.severity}|{r.status}|{r.message}|{r.options!r}"
        for r in session.root.all_rules
    )
    return digest(__version__, *rules)


def rule_codes(session: Session) -> tuple[str, ...]:
    """Every loaded rule's code, in order: one count column each."""
    return tuple(sorted({rule.code for rule in session.root.all_rules}))


def audit_partition(job: Job, partition: Partition) -> PartitionResult:
    """Lint one partition into its encoded tables and its partial summary."""
    session = session_for(job.config)
    articles: list[Row] = []
    findings: list[Row] = []
    for record in partition.records:
        row, found = audit_record(record, session, job.codes)
        articles.append(row)
        findings.extend(found)
    summary = ArchiveSummary.of(articles, job.codes)
    return PartitionResult(
        partition.number,
        encode(articles, article_columns(job.codes), job.table_format),
        encode(findings, FINDING_COLUMNS, job.table_format) if job.findings else None,
        summary.to_json(),
        identity(session),
        len(articles),
    )


def audit_record(
    record: Record, session: Session, codes: tuple[str, ...]
) -> tuple[Row, list[Row]]:
    """One record's article row and finding rows; never raises for a bad record.

    An archive of a million articles must not stop at the one that trips a
    fault, so anything that goes wrong in linting a record becomes its error.
    """
    if record.error is not None:
        return error_row(record, record.error, codes), []
    try:
        report = lint_record(record, session)
    except Exception as exc:
        problem = f"could not be linted: {type(exc).__name__}: {exc}"
        return error_row(record, problem, codes), []
    return article_row(record, report, codes), finding_rows(record, report)


def lint_record(record: Record, session: Session) -> FileReport:
    """Lint a record's text exactly as ``check`` lints a file of that format."""
    name = record.path or record.url or record.id
    if record.declared_type is None or not record.text.strip():
        return lint_source(name, record.text, record.format, session)
    doc = parse(name, record.text, record.format)
    meta = MappingProxyType({**doc.meta, "type": record.declared_type})
    report = lint_document(replace(doc, meta=meta), session)
    return replace(report, type_source=TYPE_COLUMN)
