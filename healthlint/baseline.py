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

from healthlint.globs import relative_posix
from healthlint.model import FileReport, Finding
from healthlint.readfile import InputError, read_text

FORMAT_VERSION = 1
Key = tuple[str, str, str]


class BaselineError(ValueError):
    """A baseline file that cannot be read, as one line naming it."""


def _path_key(path: str) -> str:
    return PurePath(path).as_posix().removeprefix("./")


def key(finding: Finding, base: Path | None = None) -> Key:
    """What identifies a finding across edits: file, rule code, matched text.

    The file is named relative to ``base``, the baseline's own folder, so the
    same baseline matches however the files are named on the command line (an
    absolute path, or a run from another folder).
    """
    path = relative_posix(finding.path, base) if base is not None else finding.path
    return (_path_key(path), finding.code, finding.text)


def dump(findings: Iterable[Finding], base: Path | None = None) -> str:
    """Findings as baseline JSON, sorted for stable diffs."""
    counts = Counter(key(f, base) for f in findings)
    entries = [
        {"path": path, "code": code, "text": text, "count": n}
        for (path, code, text), n in sorted(counts.items())
    ]
    payload = {"version": FORMAT_VERSION, "findings": entries}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


# A baseline lists findings: megabytes at most, even for a large archive.
MAX_BASELINE_BYTES = 64 * 1024 * 1024
_MAX_COUNT = 10**9


def load(path: Path) -> Counter[Key]:
    """Read a baseline; raise BaselineError with one clear line if it is not one."""
    try:
        data = json.loads(read_text(path, MAX_BASELINE_BYTES, "baseline"))
    except InputError as exc:
        raise BaselineError(f"{path}: {exc}") from None
    except (ValueError, RecursionError) as exc:
        problem = exc if isinstance(exc, ValueError) else "nested too deeply"
        raise BaselineError(
            f"{path}: not a healthlint baseline (invalid JSON: {problem})"
        ) from None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        raise BaselineError(
            f"{path}: not a healthlint baseline (version {FORMAT_VERSION} expected)"
        )
    entries = data.get("findings", [])
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: 'findings' must be a list")
    counts: Counter[Key] = Counter()
    for number, entry in enumerate(entries, start=1):
        key_, count = _entry(entry)
        if count is None:
            raise BaselineError(
                f"{path}: finding {number} is malformed (it needs text 'path', "
                "'code' and 'text' and a whole-number 'count' from 1)"
            )
        counts[key_] += count
    return counts


def _entry(entry: object) -> tuple[Key, int | None]:
    """One entry's key and count; the count is None when the entry is malformed."""
    if not isinstance(entry, dict):
        return ("", "", ""), None
    parts = (entry.get("path"), entry.get("code"), entry.get("text"))
    count = entry.get("count")
    path, code, text = parts
    if not (isinstance(path, str) and isinstance(code, str) and isinstance(text, str)):
        return ("", "", ""), None
    if isinstance(count, bool) or not isinstance(count, int):
        return ("", "", ""), None
    if not 0 < count <= _MAX_COUNT:
        return ("", "", ""), None
    return (_path_key(path), code, text), count


def without_known(
    reports: Iterable[FileReport], known: Counter[Key], base: Path | None = None
) -> Iterator[FileReport]:
    """Each report minus the findings the baseline accounts for, earliest first."""
    remaining = Counter(known)
    for file in reports:
        kept = []
        for finding in file.findings:
            k = key(finding, base)
            if remaining[k] > 0:
                remaining[k] -= 1
            else:
                kept.append(finding)
        yield replace(file, findings=tuple(kept))
