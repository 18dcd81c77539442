"""Module-level regexes compiled when first used, not when their module loads.

healthlint's modules keep their regexes at module level, where they read best.
Compiling them all is Python work in ``re``'s parser that every start paid,
although a run whose file comes from the results cache uses none of them and a
lint uses only some. ``lazy`` gives an object that stands in for the compiled
pattern: the first attribute asked of it compiles the pattern and keeps its
methods and attributes on the stand-in, so later calls cost what calls on the
pattern itself cost. The compiled code of every such pattern is kept with the
cached rules (``rulecache``), so that even a lint compiles them from that code
(``precompiled``) instead of parsing them again.
"""

from __future__ import annotations

import re
from typing import cast

from healthlint import precompiled

# What a module-level pattern is asked for; all kept once the pattern compiles.
_ATTRIBUTES = (
    "search",
    "match",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "scanner",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class _LazyPattern:
    """Stands in for ``re.compile(source, flags)`` until the pattern is used."""

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str) -> object:
        """Compile on the first use; only called for attributes not yet kept."""
        if name.startswith("__"):  # copy, pickle and friends probing: not ours
            raise AttributeError(name)
        compiled = precompiled.compile(self._source, self._flags)
        for attribute in _ATTRIBUTES:
            self.__dict__[attribute] = getattr(compiled, attribute)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._source!r}, {self._flags!r})"


# Every lazy pattern defined so far: for the rule cache to keep their code, and
# to compile them all before worker processes fork.
_DEFINED: list[_LazyPattern] = []


def lazy(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, compiled when the pattern is first used."""
    pattern = _LazyPattern(source, flags)
    _DEFINED.append(pattern)
    return cast(re.Pattern[str], pattern)


def defined() -> list[tuple[str, int]]:
    """Source and flags of every lazy pattern defined so far."""
    return [(p._source, p._flags) for p in _DEFINED]


def warm() -> None:
    """Compile every lazy pattern defined so far (before workers fork)."""
    for pattern in _DEFINED:
        getattr(pattern, "pattern")  # noqa: B009 (the first attribute compiles)
