"""Regexes rebuilt from their compiled code, so a cached start compiles nothing.

Compiling the rule patterns and the prefilter's scan is Python work in
``re._parser`` and ``re._compiler`` that a one-file run paid on every start.
What it produces, the code ``_sre.compile`` turns into a pattern object, depends
only on the pattern, its flags and the Python version, so it is kept with the
cached rules (``rulecache``, keyed on the Python version) and handed straight
to ``_sre.compile`` on later starts: the very same pattern object, without the
parse. A pattern whose code is not known compiles as usual.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import re
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import Any

# (flags, code, groups, groupindex, indexgroup): _sre.compile's arguments.
Code = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
_KNOWN: dict[tuple[str, int], Code] = {}


def code_of(source: str, flags: int = 0) -> Code | None:
    """What ``re.compile(source, flags)`` hands to ``_sre.compile``; None if unknown.

    The same steps as ``re._compiler.compile``; a Python whose ``re`` works
    otherwise gets None, and its patterns compile as usual. So does a pattern
    that does not compile: its error is raised where it is used, not here.
    """
    try:
        parsed = _parser.parse(source, flags)
        code = _compiler._code(parsed, flags)
    except (AttributeError, TypeError, re.error):
        return None
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        flags | parsed.state.flags,
        [int(op) for op in code],
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def remember(known: dict[tuple[str, int], Code]) -> None:
    """Keep code read back from the cache for the patterns it belongs to."""
    _KNOWN.update(known)


def compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, from remembered code when there is some."""
    known = _KNOWN.get((source, flags))
    if known is None:
        return re.compile(source, flags)
    try:
        pattern: Any = _sre.compile(source, *known)
    except (TypeError, ValueError, RuntimeError):
        return re.compile(source, flags)
    return pattern  # type: ignore[no-any-return]


def rebuild(source: str, flags: int, code: Code | None) -> re.Pattern[str]:
    """A pattern read back from a pickle that carries its code (``rulecache``)."""
    if code is not None:
        _KNOWN[(source, flags)] = code
    return compile(source, flags)
