"""A cache of per-file results, keyed by content, configuration and version.

As in ruff, a file whose bytes, effective configuration and healthlint version
are unchanged is not linted again: its report is read back from disk. Entries are
JSON, written atomically, one file each, so concurrent runs and worker processes
cannot corrupt each other; an unreadable entry is simply a miss.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from healthlint import __version__
from healthlint.model import (
    FileReport,
    Finding,
    HardSentence,
    Readability,
    SectionScore,
    Severity,
)

DEFAULT_DIR = Path(".healthlint_cache")


def digest(*parts: str | bytes) -> str:
    """SHA-256 over the parts, each length-prefixed so they cannot run together."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


class Cache:
    """File reports stored under ``directory/<version>/<key[:2]>/<key>.json``."""

    def __init__(self, directory: Path) -> None:
        self.root = directory / __version__

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> FileReport | None:
        """The stored report, or None when absent or unreadable."""
        try:
            data = json.loads(self._entry(key).read_text(encoding="utf-8"))
            return report_from_dict(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, report: FileReport) -> None:
        """Store a report atomically; a cache that cannot be written is skipped."""
        target = self._entry(key)
        try:
            if not target.parent.is_dir():
                _make_dir(self.root.parent, target.parent)
            handle, temp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(report_to_dict(report), out)
            Path(temp).replace(target)
        except OSError:
            return


def _make_dir(top: Path, folder: Path) -> None:
    """Create the cache folder; mark its top so git and backups skip it."""
    fresh = not top.exists()
    folder.mkdir(parents=True, exist_ok=True)
    if fresh:
        (top / ".gitignore").write_text(
            "# Created by healthlint\n*\n", encoding="utf-8"
        )
        (top / "CACHEDIR.TAG").write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n", encoding="utf-8"
        )


def report_to_dict(report: FileReport) -> dict[str, object]:
    """A FileReport as plain JSON values."""
    score = report.readability
    return {
        "path": report.path,
        "format": report.format,
        "error": report.error,
        "document_type": report.document_type,
        "type_source": report.type_source,
        "type_evidence": list(report.type_evidence),
        "notices": list(report.notices),
        "fail_on": report.fail_on.label,
        "findings": [_finding_to_dict(f) for f in report.findings],
        "readability": None if score is None else _score_to_dict(score),
    }


def _score_to_dict(score: Readability) -> dict[str, object]:
    return dataclasses.asdict(score)


def _finding_to_dict(finding: Finding) -> dict[str, object]:
    return {**finding.__dict__, "severity": finding.severity.label}


def report_from_dict(data: dict[str, Any]) -> FileReport:
    """Inverse of report_to_dict; raises KeyError or TypeError on a bad entry."""
    findings = tuple(
        Finding(**{**f, "severity": Severity.parse(f["severity"])})
        for f in data["findings"]
    )
    score = data["readability"]
    readability = None
    if isinstance(score, dict):
        readability = Readability(
            **{
                **score,
                "notes": tuple(score["notes"]),
                "sections": tuple(SectionScore(**x) for x in score["sections"]),
                "hardest_sentences": tuple(
                    HardSentence(**x) for x in score["hardest_sentences"]
                ),
            }
        )
    return FileReport(
        path=str(data["path"]),
        format=str(data["format"]),
        findings=findings,
        readability=readability,
        error=data["error"],
        document_type=data["document_type"],
        type_source=data.get("type_source"),
        type_evidence=tuple(data.get("type_evidence") or ()),
        notices=tuple(data["notices"]),
        fail_on=Severity.parse(str(data["fail_on"])),
    )
