"""A cache of per-file results that nothing in a repository can vouch for.

As in ruff, a file whose bytes, effective configuration and healthlint version
are unchanged is not linted again: its report is read back from disk. Entries
are JSON, written atomically, one file each, so concurrent runs and worker
processes cannot corrupt each other; an unreadable entry is simply a miss.

A pull request controls the working tree in CI, so the cache must not trust
anything the tree could hold. By default it lives in the user's cache folder
(``$XDG_CACHE_HOME/healthlint/results``), outside every working tree. Wherever
it lives (``--cache-dir`` may name a folder inside a repository), each entry
carries an HMAC-SHA256 of its key and content under a secret key that is
created once per user, with mode 0600, in the user's cache folder: an entry
written by anyone without that key (committed to a repository, say) fails the
check and is linted again. A cache folder, version folder or entry that is a
symbolic link is ignored, so a committed link cannot send writes elsewhere.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import io
import json
import os
import time
import typing
from pathlib import Path
from typing import Any

from healthlint import __version__, atomic
from healthlint.model import (
    FileReport,
    Finding,
    HardSentence,
    Readability,
    SectionScore,
    Severity,
)
from healthlint.readfile import InputError, read_limited

KEY_BYTES = 32
MAX_ENTRY_BYTES = 32 * 1024 * 1024


def cache_home() -> Path:
    """The user's own cache folder: $HEALTHLINT_CACHE_HOME, else the XDG one."""
    explicit = os.environ.get("HEALTHLINT_CACHE_HOME")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "healthlint"


def default_dir() -> Path:
    """Where results are kept unless --cache-dir says otherwise."""
    return cache_home() / "results"


def digest(*parts: str | bytes) -> str:
    """SHA-256 over the parts, each length-prefixed so they cannot run together."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def user_key(home: Path | None = None) -> bytes | None:
    """The secret cache key of the user, made on first use; None if unavailable."""
    path = (home or cache_home()) / "key"
    try:
        home_dir = path.parent
        home_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return _read_key(path)
    except OSError:
        return None
    import secrets  # noqa: PLC0415 (once per user, when the key is made)

    key = secrets.token_bytes(KEY_BYTES)
    with os.fdopen(fd, "wb") as out:
        out.write(key)
    return key


def existing_key(home: Path | None = None) -> bytes | None:
    """The user's secret cache key if it exists; never creates one."""
    return _read_key((home or cache_home()) / "key")


def _read_key(path: Path) -> bytes | None:
    if path.is_symlink():
        return None
    try:
        key = read_limited(path, KEY_BYTES)
    except InputError:
        return None
    return key if len(key) == KEY_BYTES else None


_MAC_LENGTH = 64  # hex digits of an HMAC-SHA256


def read_signed(path: Path, max_bytes: int) -> bytes | None:
    """A file written by ``write_signed`` under the user's key, else None.

    For data that runs code or is trusted when read (pickles, compiled
    tables): a file nobody with the key wrote, a symbolic link, or a file in
    a linked folder is not read. Never creates the key.
    """
    secret = existing_key()
    if secret is None or path.is_symlink() or path.parent.is_symlink():
        return None
    try:
        data = read_limited(path, max_bytes)
    except InputError:
        return None
    mac, payload = data[:_MAC_LENGTH], data[_MAC_LENGTH:]
    expected = hmac.new(secret, payload, "sha256").hexdigest().encode()
    if not hmac.compare_digest(mac, expected):
        return None
    _mark_used(path)
    return payload


def _mark_used(path: Path) -> None:
    """Stamp a stored file as read now, so that pruning keeps what is in use."""
    with contextlib.suppress(OSError):  # a read-only cache is still read
        os.utime(path)


STALE_AFTER_SECONDS = 30 * 24 * 3600  # a stored file no run read for 30 days
KEEP_NEWEST = 8  # and at most this many of one kind, newest (last read) first


def prune(kept: Path, pattern: str) -> None:
    """Remove stored files like ``kept`` that no run is likely to read again.

    Several installs, versions or checkouts may share the user cache, each
    with its own file of a kind; each file is stamped when read, so a file
    goes only when no run read it for a month or when more files of its kind
    were read since. Links are never followed or removed.
    """
    siblings = []
    for path in kept.parent.glob(pattern):
        if path == kept or path.is_symlink():
            continue
        try:
            siblings.append((path.stat().st_mtime, path))
        except OSError:
            continue
    siblings.sort(reverse=True)
    now = time.time()
    for rank, (stamp, path) in enumerate(siblings, start=1):
        if rank >= KEEP_NEWEST or now - stamp > STALE_AFTER_SECONDS:
            path.unlink(missing_ok=True)


def write_signed(path: Path, payload: bytes) -> None:
    """Write ``payload`` atomically with its HMAC; failures only cost time."""
    if path.parent.is_symlink():
        return
    secret = user_key()
    if secret is None:
        return
    mac = hmac.new(secret, payload, "sha256").hexdigest().encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic.replacing(path, prefix="tmp", suffix=".tmp") as out:
            out.write(mac + payload)
    except OSError:
        return


class Cache:
    """File reports stored under ``directory/<version>/<key[:2]>/<key>.json``."""

    def __init__(self, directory: Path, secret: bytes) -> None:
        self.top = directory
        self.root = directory / __version__
        self.secret = secret

    @classmethod
    def open(cls, directory: Path) -> Cache | None:
        """The cache in ``directory``, or None when it must not be used."""
        secret = user_key()
        if secret is None or directory.is_symlink():
            return None
        return cls(directory, secret)

    def _entry(self, key: str) -> Path | None:
        """The entry's path, or None when a folder on the way is a symlink."""
        shard = self.root / key[:2]
        if any(p.is_symlink() for p in (self.top, self.root, shard)):
            return None
        return shard / f"{key}.json"

    def _mac(self, key: str, payload: str) -> str:
        return hmac.new(
            self.secret, digest(key, payload).encode(), "sha256"
        ).hexdigest()

    def get(self, key: str) -> FileReport | None:
        """The stored report, or None when absent, unreadable or not authentic."""
        entry = self._entry(key)
        if entry is None or entry.is_symlink():
            return None
        try:
            stored = json.loads(read_limited(entry, MAX_ENTRY_BYTES))
            payload = stored["report"]
            if not hmac.compare_digest(str(stored["mac"]), self._mac(key, payload)):
                return None
            report = report_from_dict(json.loads(payload))
        except (InputError, ValueError, KeyError, TypeError, RecursionError):
            return None
        _mark_used(entry)
        return report

    def put(self, key: str, report: FileReport) -> None:
        """Store a report atomically; a cache that cannot be written is skipped."""
        target = self._entry(key)
        if target is None:
            return
        payload = json.dumps(report_to_dict(report), ensure_ascii=False)
        entry = {"mac": self._mac(key, payload), "report": payload}
        try:
            if not target.parent.is_dir():
                _make_dir(self.top, target.parent)
            with (
                atomic.replacing(target, prefix="tmp", suffix=".tmp") as out,
                io.TextIOWrapper(out, encoding="utf-8") as text_out,
            ):
                json.dump(entry, text_out)
        except OSError:
            return

    def prune_if_due(self) -> None:
        """Remove results no run has read for 30 days, at most once a day.

        Without this the folder grows with every edit of every file ever
        linted (and with every release, as each keeps its own folder). A hit
        stamps its entry, so what is read stays; the day's walk is claimed by
        stamping a marker first, so parallel runs do not repeat it.
        """
        marker = self.top / ".last-pruned"
        try:
            if marker.is_symlink() or self.top.is_symlink():
                return
            if time.time() - marker.stat().st_mtime < PRUNE_EVERY_SECONDS:
                return
        except FileNotFoundError:
            if not self.top.is_dir():
                return  # nothing stored yet
        except OSError:
            return
        try:
            marker.touch()
        except OSError:
            return
        _remove_stale(self.top, time.time() - STALE_AFTER_SECONDS)


PRUNE_EVERY_SECONDS = 24 * 3600


def _remove_stale(top: Path, cutoff: float) -> None:
    """Remove entries (and leftover temporary files) last touched before ``cutoff``.

    Only ``top/<version>/<shard>/`` is walked, links are never followed or
    removed, and emptied folders go too.
    """
    for version in _subfolders(top):
        for shard in _subfolders(version):
            for entry in _files(shard):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        entry.unlink()
            with contextlib.suppress(OSError):
                shard.rmdir()  # only when empty
        with contextlib.suppress(OSError):
            version.rmdir()


def _subfolders(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as found:
            return [Path(e.path) for e in found if e.is_dir(follow_symlinks=False)]
    except OSError:
        return []


def _files(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as found:
            return [
                Path(e.path)
                for e in found
                if e.is_file(follow_symlinks=False)
                and (e.name.endswith(".json") or e.name.endswith(".tmp"))
            ]
    except OSError:
        return []


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
    """Inverse of report_to_dict; raises TypeError or KeyError on a bad entry.

    Every field is checked against its declared type, so an entry of the
    right shape but wrong types is a miss, never a crash in a formatter.
    """
    findings = tuple(
        _checked(Finding, {**f, "severity": Severity.parse(_text(f["severity"]))})
        for f in _list(data["findings"])
    )
    score = data["readability"]
    readability = None
    if score is not None:
        readability = _checked(
            Readability,
            {
                **score,
                "notes": tuple(_list(score["notes"])),
                "sections": tuple(
                    _checked(SectionScore, x) for x in _list(score["sections"])
                ),
                "hardest_sentences": tuple(
                    _checked(HardSentence, x) for x in _list(score["hardest_sentences"])
                ),
            },
        )
    return _checked(
        FileReport,
        {
            **data,
            "findings": findings,
            "readability": readability,
            "notices": tuple(_list(data["notices"])),
            "type_evidence": tuple(_list(data.get("type_evidence") or [])),
            "fail_on": Severity.parse(_text(data["fail_on"])),
        },
    )


_T = typing.TypeVar("_T")
_CHECKS: dict[str, tuple[type, ...]] = {
    "int": (int,),
    "str": (str,),
    "float": (float, int),
    "bool": (bool,),
    "Severity": (Severity,),
}


def _checked(cls: type[_T], values: object) -> _T:
    """``cls(**values)`` once every value has the type its field declares."""
    if not isinstance(values, dict):
        raise TypeError(f"{cls.__name__}: expected an object")
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if field.name not in values:
            continue
        if not _fits(values[field.name], str(field.type)):
            raise TypeError(f"{cls.__name__}.{field.name}: wrong type")
    return cls(**values)


def _fits(value: object, annotation: str) -> bool:
    for part in (p.strip() for p in annotation.split("|")):
        if part == "None" and value is None:
            return True
        allowed = _CHECKS.get(part)
        if allowed is None:
            return True  # a container checked where it is built
        if isinstance(value, allowed) and (
            part == "bool" or not isinstance(value, bool)
        ):
            return True
    return False


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value
