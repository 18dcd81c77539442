"""``--format json``: the machine-readable contract of DESIGN.md section 6."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

from healthlint.model import FileReport, Finding, Readability, Report, Severity
from healthlint.summary import Totals


def finding_dict(finding: Finding) -> dict[str, object]:
    """One finding, with exactly the keys the contract names."""
    return {
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.label,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "docs_url": finding.docs_url,
    }


def readability_dict(score: Readability | None) -> dict[str, object] | None:
    """Readability scores; null when the file could not be scored."""
    if score is None:
        return None
    return {
        "words": score.words,
        "sentences": score.sentences,
        "flesch_kincaid_grade": score.flesch_kincaid_grade,
        "smog_index": score.smog_index,
        "flesch_reading_ease": score.flesch_reading_ease,
        "target_grade": score.target_grade,
        "meets_target": score.meets_target,
        "gunning_fog": score.gunning_fog,
        "coleman_liau_index": score.coleman_liau_index,
        "dale_chall_score": score.dale_chall_score,
        "consensus_grade": score.consensus_grade,
        "notes": list(score.notes),
        "sections": [_fields(s) for s in score.sections],
        "hardest_sentences": [_fields(h) for h in score.hardest_sentences],
    }


def _fields(flat: object) -> dict[str, object]:
    """A dataclass of plain values as a dict (``asdict`` without its deep copy)."""
    return {f.name: getattr(flat, f.name) for f in dataclasses.fields(flat)}  # type: ignore[arg-type]


def file_dict(report: FileReport) -> dict[str, object]:
    """One input: its path as given, findings, scores and error."""
    return {
        "path": report.path,
        "format": report.format,
        "error": report.error,
        "document_type": type_dict(report),
        "findings": [finding_dict(f) for f in report.findings],
        "readability": readability_dict(report.readability),
    }


def type_dict(report: FileReport) -> dict[str, object] | None:
    """The document type, who chose it, and the cues when it was detected."""
    if report.document_type is None:
        return None
    return {
        "name": report.document_type,
        "source": report.type_source,
        "evidence": list(report.type_evidence),
    }


def summary_dict(totals: Totals) -> dict[str, object]:
    """Totals over the run."""
    counts = totals.by_severity
    return {
        "files": totals.files,
        "findings": totals.findings,
        "by_severity": {
            s.label: counts[s] for s in sorted(Severity, reverse=True) if counts[s]
        },
        "errors": totals.errors,
        "readability": {
            "files_scored": len(totals.grades),
            "median_grade": totals.median_grade,
            "with_target": totals.with_target,
            "meeting_target": totals.meeting_target,
            "share_meeting_target": totals.share_meeting_target,
        },
    }


# The report is written in pieces (start, each file, end) so that a run over many
# files can stream it; joined, the pieces equal json.dumps of the whole report.
_FILE_INDENT = "    "


def format_start(version: str) -> str:
    """The opening of the report, up to the first file."""
    return f'{{\n  "version": {json.dumps(version)},\n  "files": ['


def format_file(report: FileReport, first: bool) -> str:
    """One file's object, indented as it sits in the ``files`` array."""
    data = file_dict(report)
    # Indented token by token, never by splitting lines: a string may hold
    # U+2028, U+2029 or NEL, which json leaves unescaped and str.splitlines
    # (and so textwrap.indent) would take for line ends.
    body = _FILE_INDENT + encode(data, _FILE_INDENT)
    return ("\n" if first else ",\n") + body


def encode(value: object, indent: str = "") -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, byte for byte.

    Each line after the first starts with ``indent``. With an indent the
    standard library encodes in pure Python, one generator step per token;
    this writes the few types a report holds directly, with the same string
    escaper (``json``'s C one) and the same number forms.
    """
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        return scalar(value)
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = ",\n".join(
            f"{inner}{_key(k)}: {encode(v, inner)}" for k, v in value.items()
        )
        return f"{{\n{items}\n{indent}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = ",\n".join(inner + encode(v, inner) for v in value)
        return f"[\n{items}\n{indent}]"
    return json.dumps(value, indent=2, ensure_ascii=False)  # as json does


def _key(key: object) -> str:
    if not isinstance(key, str):
        return json.dumps({key: 0}, ensure_ascii=False)[1:].rsplit(":", 1)[0]
    return encode_basestring(key)


def _number(value: object) -> str:
    """A float as ``json`` writes it (NaN and the infinities by their JS names)."""
    assert isinstance(value, float)  # noqa: S101 (dispatched on its type)
    if value != value:  # noqa: PLR0124 (NaN is the one value unequal to itself)
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


# Exact types only: subclasses (an IntEnum, a StrEnum) go through json itself.
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _number,
    bool: lambda value: "true" if value else "false",
    type(None): lambda _value: "null",
}


def format_end(totals: Totals) -> str:
    """The close of the ``files`` array and the summary."""
    summary = encode(summary_dict(totals), "  ")
    close = "\n  ]" if totals.files else "]"
    return f'{close},\n  "summary": {summary}\n}}\n'


def format_report(report: Report) -> str:
    """The whole report as indented JSON with a final newline."""
    files = "".join(format_file(f, i == 0) for i, f in enumerate(report.files))
    return format_start(report.version) + files + format_end(Totals.of(report.files))
