"""The audit's tables: one row per article, and optionally one per finding.

Rows are plain dicts built from a record and the engine's ``FileReport``; the
columns are fixed for a run (the counts per rule cover every rule loaded, in
code order), so every partition file has the same schema and the parts read
back as one table. A partition's rows are encoded here, in the worker, as the
bytes of a Parquet or CSV file: the main process only writes them out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from healthlint.audit.records import Record
from healthlint.model import FileReport, Severity

TABLE_FORMATS = ("parquet", "csv")
Row = dict[str, object]

# name, Arrow type name; the per-rule counts are added after ``findings_info``.
ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("record", "int64"),
    ("id", "string"),
    ("url", "string"),
    ("path", "string"),
    ("title", "string"),
    ("kind", "string"),
    ("status", "string"),
    ("author", "string"),
    ("date", "string"),
    ("year", "int32"),
    ("categories", "string"),
    ("format", "string"),
    ("type", "string"),
    ("type_source", "string"),
    ("words", "int32"),
    ("sentences", "int32"),
    ("grade", "float64"),
    ("target_grade", "float64"),
    ("meets_target", "bool_"),
    ("findings", "int32"),
    ("findings_error", "int32"),
    ("findings_warning", "int32"),
    ("findings_info", "int32"),
)
TAIL_COLUMNS: tuple[tuple[str, str], ...] = (("error", "string"), ("note", "string"))
FINDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("record", "int64"),
    ("id", "string"),
    ("code", "string"),
    ("rule", "string"),
    ("severity", "string"),
    ("line", "int32"),
    ("column", "int32"),
    ("end_line", "int32"),
    ("end_column", "int32"),
    ("message", "string"),
    ("text", "string"),
)
CATEGORY_SEPARATOR = "; "


class MissingExtra(Exception):
    """An optional dependency is not installed; one line saying what to install."""


def pyarrow_modules() -> tuple[Any, Any]:
    """``pyarrow`` and ``pyarrow.parquet``, or a MissingExtra saying how to get them."""
    try:
        import pyarrow  # noqa: PLC0415 (optional: the 'audit' extra)
        import pyarrow.parquet  # noqa: PLC0415
    except ModuleNotFoundError:
        raise MissingExtra(
            "Parquet needs the 'audit' extra (no module 'pyarrow'): "
            "pip install 'healthlint[audit]', or write CSV with --table csv"
        ) from None
    return pyarrow, pyarrow.parquet


def article_columns(codes: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """Every column of the articles table for a run with these rule codes."""
    return (*ARTICLE_COLUMNS, *((code, "int32") for code in codes), *TAIL_COLUMNS)


def article_row(record: Record, report: FileReport, codes: Sequence[str]) -> Row:
    """One article's row: what the export says, the type, scores and counts."""
    score = report.readability
    severities = [f.severity for f in report.findings]
    per_rule = dict.fromkeys(codes, 0)
    for finding in report.findings:
        per_rule[finding.code] = per_rule.get(finding.code, 0) + 1
    return {
        **_record_fields(record),
        "format": report.format,
        "type": report.document_type,
        "type_source": report.type_source,
        "words": None if score is None else score.words,
        "sentences": None if score is None else score.sentences,
        "grade": None if score is None else score.flesch_kincaid_grade,
        "target_grade": None if score is None else score.target_grade,
        "meets_target": None if score is None else score.meets_target,
        "findings": len(severities),
        "findings_error": severities.count(Severity.ERROR),
        "findings_warning": severities.count(Severity.WARNING),
        "findings_info": severities.count(Severity.INFO),
        **{code: per_rule[code] for code in codes},
        "error": report.error,
        "note": "; ".join(report.notices) or None,
    }


def error_row(record: Record, error: str, codes: Sequence[str]) -> Row:
    """The row of a record that could not be read or linted: no counts, the reason."""
    blank: Row = dict.fromkeys(name for name, _ in article_columns(codes))
    return {**blank, **_record_fields(record), "error": error}


def _record_fields(record: Record) -> Row:
    return {
        "record": record.index,
        "id": record.id,
        "url": record.url,
        "path": record.path,
        "title": record.title,
        "kind": record.kind,
        "status": record.status,
        "author": record.author,
        "date": record.date,
        "year": record.year,
        "categories": CATEGORY_SEPARATOR.join(record.categories) or None,
    }


def finding_rows(record: Record, report: FileReport) -> list[Row]:
    """One row per finding of one article, in the order ``check`` prints them."""
    return [
        {
            "record": record.index,
            "id": record.id,
            "code": f.code,
            "rule": f.rule,
            "severity": f.severity.label,
            "line": f.line,
            "column": f.column,
            "end_line": f.end_line,
            "end_column": f.end_column,
            "message": f.message,
            "text": f.text,
        }
        for f in report.findings
    ]


def encode(
    rows: Sequence[Row], columns: Sequence[tuple[str, str]], table_format: str
) -> bytes:
    """A whole Parquet or CSV file holding ``rows``, as bytes."""
    if table_format == "csv":
        return encode_csv(rows, [name for name, _ in columns])
    return encode_parquet(rows, columns)


def encode_parquet(rows: Sequence[Row], columns: Sequence[tuple[str, str]]) -> bytes:
    """Rows as a Parquet file with an explicit schema (the same in every part)."""
    pa, pq = pyarrow_modules()
    schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in columns])
    table = pa.Table.from_pylist(list(rows), schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())


def encode_csv(rows: Iterable[Row], names: Sequence[str]) -> bytes:
    """Rows as CSV with a header; empty cells for missing values."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in names])
    return buffer.getvalue().encode("utf-8")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
