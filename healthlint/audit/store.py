"""The output folder: partition files written atomically, and what a re-run reuses.

Layout of ``--out DIR``::

    audit.json                  what was audited, and how (checked on a re-run)
    articles/part-00000.parquet one file per partition (or .csv)
    findings/part-00000.parquet with --findings
    partitions/part-00000.json  the partition's summary: written last, it marks
                                the partition finished
    summary.json overview.html  written at the end (and articles.csv, findings.csv
                                for CSV: the parts joined)

Every file is written to a temporary name beginning with a dot (which Parquet
readers skip) and renamed into place, so a killed run never leaves half a file
under a real name, and writing a partition again replaces it whole. A re-run
with the same input and settings keeps the finished partitions; with another
input or other settings it starts over (the folder is the audit's, as a report
page is the report's). Nothing else in the folder is ever touched: a folder
that holds other files and no ``audit.json`` is refused.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from healthlint import atomic
from healthlint.audit.summary import ArchiveSummary
from healthlint.audit.work import PartitionResult

MANIFEST = "audit.json"
SUMMARY = "summary.json"
OVERVIEW = "overview.html"
_PART_FOLDERS = ("articles", "findings", "partitions")
_JOINED = ("articles.csv", "findings.csv")


class OutputProblem(Exception):
    """The output folder cannot be used as asked; one line for the user."""


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename; no half-written file remains."""
    with atomic.replacing(path) as out:
        out.write(data)


class OutputFolder:
    """One audit's folder: its manifest, partition files and final outputs."""

    def __init__(self, root: Path, table_format: str, findings: bool) -> None:
        self.root = root
        self.suffix = f".{table_format}"
        self.findings = findings
        self.notice: str | None = None  # why earlier results were set aside

    def part(self, folder: str, number: int, suffix: str | None = None) -> Path:
        """Where partition ``number``'s file of ``folder`` goes."""
        return self.root / folder / f"part-{number:05d}{suffix or self.suffix}"

    def prepare(self, manifest: Mapping[str, Any], fresh: bool) -> frozenset[int]:
        """Ready the folder; return the partitions an earlier run finished."""
        if self.root.exists() and not self.root.is_dir():
            raise OutputProblem(f"{self.root}: is a file, not a folder")
        earlier = self._manifest()
        if earlier is None and self._has_other_files():
            raise OutputProblem(
                f"{self.root}: is not empty and holds no audit; choose a new or "
                "empty folder for --out"
            )
        if earlier is not None and earlier != manifest and not fresh:
            self.notice = _mismatch(self.root, earlier, manifest)
        if fresh or self.notice is not None:
            self._remove_results()
        for folder in _PART_FOLDERS:
            if folder != "findings" or self.findings:
                (self.root / folder).mkdir(parents=True, exist_ok=True)
        self.write_text(MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        return frozenset(self._finished())

    def _manifest(self) -> dict[str, Any] | None:
        path = self.root / MANIFEST
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _has_other_files(self) -> bool:
        return self.root.is_dir() and any(self.root.iterdir())

    def _finished(self) -> Iterator[int]:
        for path in (self.root / "partitions").glob("part-*.json"):
            number = path.stem.removeprefix("part-")
            if number.isdigit() and self.part("articles", int(number)).is_file():
                yield int(number)

    def _remove_results(self) -> None:
        """Delete this audit's own files (and only those) before starting over."""
        for folder in _PART_FOLDERS:
            path = self.root / folder
            if path.is_dir():
                for item in path.iterdir():
                    if item.name.startswith(("part-", ".part-")) and item.is_file():
                        item.unlink()
        for name in (MANIFEST, SUMMARY, OVERVIEW, *_JOINED):
            (self.root / name).unlink(missing_ok=True)

    def write(self, result: PartitionResult) -> None:
        """Write a partition's files; its summary goes last, marking it done."""
        if result.findings is not None:
            write_bytes_atomically(
                self.part("findings", result.number), result.findings
            )
        write_bytes_atomically(self.part("articles", result.number), result.articles)
        summary = json.dumps(result.summary, sort_keys=True).encode("utf-8")
        write_bytes_atomically(self.part("partitions", result.number, ".json"), summary)

    def summary_of(self, numbers: frozenset[int]) -> ArchiveSummary:
        """The merged summaries of partitions an earlier run finished."""
        merged = ArchiveSummary()
        for number in sorted(numbers):
            path = self.part("partitions", number, ".json")
            merged.merge(ArchiveSummary.from_json(json.loads(path.read_bytes())))
        return merged

    def write_text(self, name: str, text: str) -> Path:
        """Write one of the audit's own files at the top of the folder."""
        path = self.root / name
        write_bytes_atomically(path, text.encode("utf-8"))
        return path

    def parts(self, folder: str) -> list[Path]:
        """The partition files of ``folder``, in partition order."""
        return sorted((self.root / folder).glob(f"part-*{self.suffix}"))

    def join_csv(self, folder: str) -> Path | None:
        """One CSV of every partition's rows, for spreadsheets: ``articles.csv``."""
        parts = self.parts(folder)
        if self.suffix != ".csv" or not parts:
            return None
        target = self.root / f"{folder}.csv"
        with atomic.replacing(target) as out:
            for number, part in enumerate(parts):
                with part.open("rb") as source:
                    header = source.readline()
                    if number == 0:
                        out.write(header)
                    shutil.copyfileobj(source, out)
        return target


def _mismatch(root: Path, earlier: Mapping[str, Any], now: Mapping[str, Any]) -> str:
    changed = sorted(
        key for key in {*earlier, *now} if earlier.get(key) != now.get(key)
    )
    return (
        f"{root}: held an audit of another input or with other settings "
        f"({', '.join(changed) or 'unreadable audit.json'} differ); starting over"
    )
