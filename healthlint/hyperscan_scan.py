"""Hyperscan for the prefilter's literal scan, where the ``fast`` extra installs it.

The prefilter (``prefilter.py``) finds every required literal of every rule
pattern in a document's folded text. Its pure-Python path is one look-ahead
regex that tries every position; Hyperscan finds the same literals in a single
pass of compiled code, several times faster. This module only answers "which
literal ends where": ``prefilter`` turns that into the same occurrences the
regex path gives, so the output cannot change with the backend.

Hyperscan reports byte offsets, and the folded text may hold non-ASCII
characters (curly quotes and dashes are in most articles). ASCII text is
scanned as is; other text as UTF-8, whose offsets are mapped back to string
indices by counting the multi-byte characters before each match. UTF-8 is
self-synchronising, so a literal's bytes match only at character boundaries.

Compiling the database for the shipped rules' literals takes tens of
milliseconds, more than linting a file, so it is kept in the user's cache
folder next to the compiled rules, signed like them (a database is code for
Hyperscan's scanner), keyed on the literals and the Hyperscan version, and
read back by later runs. It is written only by a run that may write a cache.
"""

from __future__ import annotations

import bisect
import importlib
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from healthlint.cache import cache_home, digest, prune, read_signed, write_signed

FORMAT = 1
MAX_BYTES = 64 * 1024 * 1024
_NON_ASCII = re.compile("[^\x00-\x7f]")

_saving = False


def allow_saving() -> None:
    """Let databases compiled from now on be written to the user cache.

    Called by a run that keeps a cache; a ``--no-cache`` run only reads.
    """
    global _saving  # noqa: PLW0603 (one switch per process, set once)
    _saving = True


def _module() -> Any:  # noqa: ANN401 (hyperscan ships no types)
    """The hyperscan module, or None where it is not installed.

    Imported on first use, so a run that lints nothing never pays for it, and
    by name, so the type checker needs no stubs (the binding ships none).
    """
    try:
        return importlib.import_module("hyperscan")
    except ImportError:
        return None


def available() -> bool:
    """True when Hyperscan can be imported here."""
    return _module() is not None


class LiteralScan:
    """A Hyperscan block-mode database of literals, one id per literal.

    ``find`` returns, for every occurrence of every literal, a key
    ``start << bits | index``: sorted, they are in order of position and, at
    one position, shortest literal first (``literals`` is sorted, so a literal
    comes before every literal it is a prefix of).
    """

    def __init__(self, hs: Any, database: Any, literals: list[str]) -> None:  # noqa: ANN401
        self._hs = hs
        self._database = database
        self.literals = literals
        self._bytes = [len(lit.encode("utf-8", "surrogatepass")) for lit in literals]
        self.bits = max(1, len(literals).bit_length())
        self.mask = (1 << self.bits) - 1

    def find(self, text: str) -> list[int] | None:
        """Sorted ``start << bits | index`` keys; None when Hyperscan fails."""
        ascii_only = text.isascii()
        data = text.encode("ascii" if ascii_only else "utf-8", "surrogatepass")
        ends: list[int] = []
        try:
            self._database.scan(data, match_event_handler=self._collector(ends))
        except self._hs.error:
            return None
        bits, mask, size = self.bits, self.mask, self._bytes
        keys = [((key >> bits) - size[key & mask]) << bits | key & mask for key in ends]
        keys.sort()
        return keys if ascii_only else _to_characters(text, keys, bits)

    def _collector(self, ends: list[int]) -> Callable[..., None]:
        """A match handler that keeps ``end << bits | id`` for each match."""
        bits = self.bits
        append = ends.append

        def collect(index: int, _start: int, end: int, _flags: int, _ctx: Any) -> None:  # noqa: ANN401
            append(end << bits | index)

        return collect


def _to_characters(text: str, keys: list[int], bits: int) -> list[int]:
    """Keys with byte offsets into UTF-8 ``text`` turned into string indices.

    A match starting at byte B has every multi-byte character before it
    entirely before B, so its index is B less their extra bytes.
    """
    at: list[int] = []  # byte offset of each non-ASCII character
    extra: list[int] = [0]  # extra bytes of the characters before it, running
    for match in _NON_ASCII.finditer(text):
        at.append(match.start() + extra[-1])
        code = ord(match.group())
        extra.append(extra[-1] + (1 if code < 0x800 else 2 if code < 0x10000 else 3))
    mask = (1 << bits) - 1
    out = []
    for key in keys:
        start = key >> bits
        start -= extra[bisect.bisect_left(at, start)]
        out.append(start << bits | key & mask)
    return out


def build(literals: list[str]) -> LiteralScan | None:
    """A scan for ``literals`` (sorted, distinct), or None without Hyperscan."""
    hs = _module()
    if hs is None or not literals:
        return None
    path = _path_for(hs, literals)
    database = _load(hs, path)
    if database is None:
        database = _compile(hs, literals)
        if database is None:
            return None
        if _saving:
            _save(hs, path, database)
    return LiteralScan(hs, database, literals)


def _compile(hs: Any, literals: list[str]) -> Any:  # noqa: ANN401
    """A block-mode database of the literals as pure literals, or None."""
    database = hs.Database(mode=hs.HS_MODE_BLOCK)
    try:
        database.compile(
            expressions=[lit.encode("utf-8", "surrogatepass") for lit in literals],
            ids=list(range(len(literals))),
            elements=len(literals),
            flags=0,
            literal=True,
        )
    except (hs.error, TypeError, ValueError):
        return None
    return database


def _path_for(hs: Any, literals: list[str]) -> Path:  # noqa: ANN401
    """The cache file of a database for these literals and this Hyperscan.

    The CPU is not part of the key: Hyperscan checks a database's platform
    when scratch space is made for it, so one made for another CPU fails in
    ``_load`` (which then compiles) or, at the latest, in a scan (whose
    document then takes the regex scan).
    """
    key = digest(
        str(FORMAT),
        str(getattr(hs, "__version__", "")),
        sys.platform,
        "\0".join(literals).encode("utf-8", "surrogatepass"),
    )
    return cache_home() / "hyperscan" / f"{key[:40]}.db"


def _load(hs: Any, path: Path) -> Any:  # noqa: ANN401
    """The database stored at ``path`` with a scratch space, or None."""
    payload = read_signed(path, MAX_BYTES)
    if payload is None:
        return None
    try:
        database = hs.loadb(payload, hs.HS_MODE_BLOCK)
        database.scratch = hs.Scratch(database)
    except (hs.error, TypeError, ValueError):
        return None  # another Hyperscan or another CPU: compile instead
    return database


def _save(hs: Any, path: Path, database: Any) -> None:  # noqa: ANN401
    """Store the database; older ones go as other stored files do (``prune``)."""
    try:
        payload = hs.dumpb(database)
    except hs.error:
        return
    write_signed(path, bytes(payload))
    prune(path, "*.db")
