"""Read an archive one record at a time: a folder, JSONL, CSV, Parquet or WordPress.

Nothing here holds more than one record (or one small Parquet batch) at once,
so an export of any size is read in flat memory. What cannot be read becomes a
record with an ``error``: a line that is not JSON, a row with no text, a text
over the size limit, a file that is not UTF-8. Only an input that cannot be
opened at all stops the audit (:class:`InputProblem`), before any work starts.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, cast

from healthlint.audit.records import (
    AUTO,
    Record,
    format_named,
    normalise_date,
    sniff_format,
)
from healthlint.config import DEFAULT_MAX_FILE_SIZE
from healthlint.discovery import discover
from healthlint.readfile import InputError, read_source

KINDS = ("dir", "jsonl", "csv", "parquet", "wxr")
_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xml": "wxr",
    ".wxr": "wxr",
}
COLUMN_KEYS = (
    "id", "text", "format", "url", "date", "type", "title", "category", "author",
)  # fmt: skip
_LIST_SEPARATORS = (";", "|", ",")


class InputProblem(Exception):
    """The input as a whole cannot be read; one line for the user."""


@dataclass(frozen=True)
class Columns:
    """Which field of a record holds what; each defaults to its own name."""

    names: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> str:
        """The field name for ``key`` (``id``, ``text``, ``url``...)."""
        return self.names.get(key, key)

    @classmethod
    def parse(cls, pairs: tuple[str, ...]) -> Columns:
        """Read ``--column text=body`` options; raise InputProblem on a typo."""
        names: dict[str, str] = {}
        for pair in pairs:
            key, sep, name = pair.partition("=")
            key = key.strip().lower()
            if not sep or key not in COLUMN_KEYS or not name.strip():
                known = ", ".join(COLUMN_KEYS)
                raise InputProblem(
                    f"--column {pair!r}: write KEY=FIELD, with KEY one of {known}"
                )
            names[key] = name.strip()
        return cls(names)


@dataclass(frozen=True)
class ReadOptions:
    """How to read an input: its kind, fields, default text format, limits."""

    kind: str = AUTO
    columns: Columns = field(default_factory=Columns)
    text_format: str = AUTO
    max_size: int = DEFAULT_MAX_FILE_SIZE
    # WordPress: which post types and statuses to audit (None: every status
    # except trash and automatic drafts).
    post_types: tuple[str, ...] = ("post", "page")
    statuses: tuple[str, ...] | None = None


@dataclass
class Meter:
    """How far reading has got: ``done`` of ``total`` bytes, rows or files."""

    done: int = 0
    total: int | None = None

    @property
    def fraction(self) -> float | None:
        """Share of the input read, when its size is known."""
        if not self.total:
            return None
        return min(1.0, self.done / self.total)


def kind_of(path: Path, kind: str = AUTO) -> str:
    """The input's kind: as given, a folder, or by its name's suffix."""
    if kind != AUTO:
        return kind
    if path.is_dir():
        return "dir"
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    found = _SUFFIXES.get(suffixes[-1]) if suffixes else None
    if found is None:
        raise InputProblem(
            f"{path}: cannot tell what kind of archive this is from its name; "
            f"pass --input-type ({', '.join(KINDS)})"
        )
    return found


def read(path: Path, options: ReadOptions, meter: Meter) -> Iterator[Record]:
    """Every record of the input, in order; raise InputProblem if it won't open."""
    kind = kind_of(path, options.kind)
    if not path.exists():
        raise InputProblem(f"{path}: no such file or directory")
    if kind == "dir":
        return read_folder(path, options, meter)
    if kind == "wxr":
        from healthlint.audit.wordpress import read_wxr  # noqa: PLC0415 (a cycle)

        return read_wxr(path, options, meter)
    readers: dict[str, Callable[[Path, ReadOptions, Meter], Iterator[Record]]] = {
        "jsonl": read_jsonl,
        "csv": read_csv,
        "parquet": read_parquet,
    }
    return readers[kind](path, options, meter)


def read_folder(root: Path, options: ReadOptions, meter: Meter) -> Iterator[Record]:
    """Files under a folder, as ``check`` finds them; each is one record."""
    for index, item in enumerate(discover([str(root)])):
        meter.done = index + 1
        if item.error is not None or item.path is None:
            yield Record(index, item.display, path=item.display, error=item.error)
            continue
        try:
            text = read_source(item.path, options.max_size)
        except InputError as exc:
            yield Record(index, item.display, path=item.display, error=str(exc))
            continue
        yield Record(index, item.display, text, item.format, path=item.display)


class _CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read from it, for the progress line."""

    def __init__(self, raw: IO[bytes], meter: Meter) -> None:
        self.raw = raw
        self.meter = meter

    def readable(self) -> bool:
        """Always: it only reads."""
        return True

    def readinto(self, buffer: Any) -> int:  # noqa: ANN401 (a writable buffer)
        """Fill ``buffer`` from the file and count what was read."""
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.meter.done += len(data)
        return len(data)

    def close(self) -> None:
        """Close the file underneath too."""
        self.raw.close()
        super().close()


def open_counted(path: Path, meter: Meter) -> IO[bytes]:
    """The file's bytes, decompressed if it ends in ``.gz``, counted as read."""
    try:
        meter.total = path.stat().st_size
        counted = io.BufferedReader(_CountingReader(path.open("rb"), meter))
    except OSError as exc:
        raise InputProblem(f"{path}: cannot read: {exc.strerror or exc}") from None
    if path.suffix.lower() == ".gz":
        return cast(IO[bytes], gzip.GzipFile(fileobj=counted, mode="rb"))
    return counted


def read_jsonl(path: Path, options: ReadOptions, meter: Meter) -> Iterator[Record]:
    """One JSON object per line; blank lines are skipped, bad lines are error rows."""
    index = 0
    with open_counted(path, meter) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            yield _jsonl_record(index, number, line, options)
            index += 1


def _jsonl_record(index: int, number: int, line: bytes, options: ReadOptions) -> Record:
    label = f"line {number}"
    try:
        data = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return Record(index, label, error=f"{label}: not valid UTF-8 ({exc.reason})")
    except json.JSONDecodeError as exc:
        return Record(index, label, error=f"{label}: not JSON ({exc.msg})")
    if not isinstance(data, dict):
        return Record(index, label, error=f"{label}: not a JSON object")
    return from_fields(index, data, options, label)


def read_csv(path: Path, options: ReadOptions, meter: Meter) -> Iterator[Record]:
    """A CSV (or, by its name, tab-separated) file with a header row."""
    tab = ".tsv" in [s.lower() for s in path.suffixes]
    # The csv module's limit is process-wide; an article may be as long as the
    # size limit (a character can be several bytes: allow twice as many).
    csv.field_size_limit(max(options.max_size * 2, 1 << 20))
    with open_counted(path, meter) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        rows = csv.DictReader(text, delimiter="\t" if tab else ",")
        yield from _csv_records(rows, options)


def _csv_records(rows: csv.DictReader[str], options: ReadOptions) -> Iterator[Record]:
    index = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as exc:
            label = f"line {rows.line_num}"
            yield Record(index, label, error=f"{label}: cannot read: {exc}")
            if isinstance(exc, UnicodeDecodeError):
                return  # the decoder cannot find its place again
        else:
            label = f"line {rows.line_num}"
            yield from_fields(
                index, {k: v for k, v in row.items() if k}, options, label
            )
        index += 1


def read_parquet(path: Path, options: ReadOptions, meter: Meter) -> Iterator[Record]:
    """A Parquet file, read a small batch of rows at a time."""
    from healthlint.audit.table import pyarrow_modules  # noqa: PLC0415 (extra)

    _, parquet = pyarrow_modules()
    try:
        source = parquet.ParquetFile(path)
    except Exception as exc:
        raise InputProblem(f"{path}: not a readable Parquet file: {exc}") from None
    meter.total = source.metadata.num_rows
    wanted = {options.columns[key] for key in COLUMN_KEYS}
    columns = [name for name in source.schema_arrow.names if name in wanted]
    if options.columns["text"] not in columns:
        raise InputProblem(f"{path}: no column named {options.columns['text']!r}")
    yield from _parquet_records(source, columns, options, meter)


def _parquet_records(
    source: Any,  # noqa: ANN401 (pyarrow.parquet.ParquetFile, untyped)
    columns: list[str],
    options: ReadOptions,
    meter: Meter,
) -> Iterator[Record]:
    index = 0
    batches = source.iter_batches(batch_size=256, columns=columns)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except Exception as exc:
            label = f"row {index + 1}"
            yield Record(index, label, error=f"{label} on: cannot read: {exc}")
            return
        for row in batch.to_pylist():
            yield from_fields(index, row, options, f"row {index + 1}")
            index += 1
            meter.done = index


def from_fields(
    index: int, fields: Mapping[str, object], options: ReadOptions, label: str
) -> Record:
    """A record from one row of an export, by the configured column names."""
    columns = options.columns
    record_id = _text(fields.get(columns["id"])) or label
    base = Record(
        index,
        record_id,
        url=_text(fields.get(columns["url"])),
        title=_text(fields.get(columns["title"])),
        date=normalise_date(_text(fields.get(columns["date"]))),
        categories=_names(fields.get(columns["category"])),
        author=_text(fields.get(columns["author"])),
        declared_type=_text(fields.get(columns["type"])),
    )
    return _with_text(base, fields, options)


def _with_text(
    base: Record, fields: Mapping[str, object], options: ReadOptions
) -> Record:
    """Add the record's text and format, or the reason there are none."""
    name = options.columns["text"]
    text = fields.get(name)
    if not isinstance(text, str):
        problem = "is empty" if text is None else "is not text"
        return replace(base, error=f"the {name!r} field {problem}")
    size = len(text.encode("utf-8"))
    if size > options.max_size:
        return replace(
            base,
            error=f"text is {size / 1e6:.1f} MB, over the "
            f"{options.max_size / 1e6:.1f} MB limit (raise it with --max-file-size)",
        )
    declared = _text(fields.get(options.columns["format"]))
    chosen = declared or options.text_format
    fmt = sniff_format(text) if chosen == AUTO else format_named(chosen)
    if fmt is None:
        return replace(base, error=f"unknown format {chosen!r} (markdown, html, text)")
    return replace(base, text=text, format=fmt)


def _text(value: object) -> str | None:
    """A field as a stripped string; dates and numbers are written out."""
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    text = str(value).strip()
    return text or None


def _names(value: object) -> tuple[str, ...]:
    """Categories from a list, or from a string separated by ``;``, ``|`` or ``,``."""
    if isinstance(value, list | tuple):
        return tuple(n for n in (_text(v) for v in value) if n)
    text = _text(value)
    if text is None:
        return ()
    for separator in _LIST_SEPARATORS:
        if separator in text:
            return tuple(p.strip() for p in text.split(separator) if p.strip())
    return (text,)
