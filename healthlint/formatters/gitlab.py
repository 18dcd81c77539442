"""``--format gitlab``: a GitLab Code Quality report (Code Climate issues).

A JSON array with one issue per finding, which GitLab shows in the merge
request widget and in the diff next to the line.

Field choices:

- ``description`` is ``CODE message``; ``check_name`` is the code, which
  stays the same when a rule's slug or wording changes.
- ``severity``: error -> ``major``, warning -> ``minor``, info -> ``info``.
  An input that could not be read is a ``critical`` issue with ``check_name``
  ``input-error`` on line 1, so it is not lost: the format has no other place
  for it.
- ``location.positions`` gives the start and the last character of the match,
  1-based, as the Code Climate specification defines positions (a position
  *is* a character, so the end is inclusive, one less than healthlint's
  end column). GitLab reads the start line.
- ``location.path`` is the path as given, made relative to the folder the
  run started in when it was given as an absolute path under it: GitLab
  links a path only when it is relative to the repository root, so run
  healthlint from there.
- ``fingerprint`` is the SHA-256 of the path, the code, the matched text (white
  space folded) and how many identical findings came before it in the file. It
  has no line numbers, so an edit elsewhere in the article does not make GitLab
  see the finding as fixed and found again; the count keeps repeated phrases
  apart, as GitLab drops issues whose fingerprints collide.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import PurePath

from healthlint.model import FileReport, Finding, Report, Severity

SEVERITIES = {
    Severity.ERROR: "major",
    Severity.WARNING: "minor",
    Severity.INFO: "info",
}
INPUT_ERROR = "input-error"


def fingerprint(*parts: str) -> str:
    """A stable hash of the parts; NUL-separated so that no two joins collide."""
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def matched_text(finding: Finding) -> str:
    """The matched text with white space folded, so rewrapping a line keeps it."""
    return " ".join(finding.text.split())


def last_character(finding: Finding) -> dict[str, int]:
    """The position of the match's last character (healthlint's end is exclusive)."""
    column = finding.end_column - 1
    if finding.end_line == finding.line:
        column = max(column, finding.column)
    return {"line": finding.end_line, "column": max(column, 1)}


def repository_path(path: str, root: str | None) -> str:
    """``path`` relative to ``root`` when it is an absolute path inside it."""
    if root is None or not PurePath(path).is_absolute():
        return path
    try:
        return PurePath(path).relative_to(root).as_posix()
    except ValueError:
        return path


def issue(
    finding: Finding, occurrence: int, root: str | None = None
) -> dict[str, object]:
    """One finding as a Code Quality issue."""
    text = matched_text(finding)
    return {
        "description": f"{finding.code} {finding.message}",
        "check_name": finding.code,
        "fingerprint": fingerprint(finding.path, finding.code, text, str(occurrence)),
        "severity": SEVERITIES[finding.severity],
        "location": {
            "path": repository_path(finding.path, root),
            "positions": {
                "begin": {"line": finding.line, "column": finding.column},
                "end": last_character(finding),
            },
        },
    }


def error_issue(report: FileReport, root: str | None = None) -> dict[str, object]:
    """An input that could not be linted, shown on its first line."""
    return {
        "description": f"{report.path} could not be linted: {report.error}",
        "check_name": INPUT_ERROR,
        "fingerprint": fingerprint(report.path, INPUT_ERROR),
        "severity": "critical",
        "location": {"path": repository_path(report.path, root), "lines": {"begin": 1}},
    }


def file_issues(report: FileReport, root: str | None = None) -> list[dict[str, object]]:
    """A file's findings in report order, then its read error if it had one."""
    seen: Counter[tuple[str, str]] = Counter()
    issues = []
    for finding in report.findings:
        key = (finding.code, matched_text(finding))
        issues.append(issue(finding, seen[key], root))
        seen[key] += 1
    if report.error is not None:
        issues.append(error_issue(report, root))
    return issues


def format_report(report: Report) -> str:
    """The issues as an indented JSON array with a final newline."""
    issues = [item for file in report.files for item in file_issues(file, report.root)]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
