"""Baselines: adopt healthlint on an existing archive without fixing it all first.

A baseline records today's findings by file, rule and matched text, with a count
for repeats. Line numbers are left out on purpose, so that editing another part
of a file does not turn old findings into new ones. Later runs report only what
the baseline does not account for.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path, PurePath

from healthlint.model import FileReport, Finding

FORMAT_VERSION = 1
Key = tuple[str, str, str]


class BaselineError(ValueError):
    """A baseline file that cannot be read, as one line naming it."""


def _path_key(path: str) -> str:
    return PurePath(path).as_posix().removeprefix("./")


def key(finding: Finding) -> Key:
    """What identifies a finding across edits: file, rule code, matched text."""
    return (_path_key(finding.path), finding.code, finding.text)


def dump(findings: Iterable[Finding]) -> str:
    """Findings as baseline JSON, sorted for stable diffs."""
    counts = Counter(key(f) for f in findings)
    entries = [
        {"path": path, "code": code, "text": text, "count": n}
        for (path, code, text), n in sorted(counts.items())
    ]
    payload = {"version": FORMAT_VERSION, "findings": entries}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def load(path: Path) -> Counter[Key]:
    """Read a baseline; raise BaselineError with one clear line if it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(
            f"{path}: not a healthlint baseline (invalid JSON: {exc})"
        ) from None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        raise BaselineError(
            f"{path}: not a healthlint baseline (version {FORMAT_VERSION} expected)"
        )
    counts: Counter[Key] = Counter()
    for entry in data.get("findings", []):
        try:
            counts[(_path_key(entry["path"]), entry["code"], entry["text"])] += int(
                entry["count"]
            )
        except (KeyError, TypeError, ValueError):
            raise BaselineError(f"{path}: malformed entry {entry!r}") from None
    return counts


def without_known(
    reports: Iterable[FileReport], known: Counter[Key]
) -> Iterator[FileReport]:
    """Each report minus the findings the baseline accounts for, earliest first."""
    remaining = Counter(known)
    for file in reports:
        kept = []
        for finding in file.findings:
            k = key(finding)
            if remaining[k] > 0:
                remaining[k] -= 1
            else:
                kept.append(finding)
        yield replace(file, findings=tuple(kept))
