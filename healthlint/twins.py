"""Case-insensitive regexes run as lower-cased twins on lower-cased text.

Python's ``re`` with IGNORECASE cannot use its fast paths (a literal prefix, a
first-character set), so a case-insensitive scan is about three times slower
than a case-sensitive one. Lower-casing the pattern's literals and running it
case-sensitively on the lower-cased text finds the very same matches, at the
same offsets, wherever ``str.lower`` keeps the text's length and the text has
none of the letters ``re`` folds beyond ``str.lower`` (the long s, the dotless
i: see ``prefilter.plain``), provided the pattern decides no case itself
(``(?i)``, ``(?-i:...)``) and each non-ASCII character in it is caseless.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from healthlint import precompiled, prefilter
from healthlint.lazyregex import lazy

# An inline flag group that mentions "i" ((?i), (?-i:...)) decides case itself.
INLINE_CASE_FLAGS = lazy(r"\(\?[a-zA-Z-]*i[a-zA-Z-]*[:)]")
# Escapes and group syntax ((?P<name>, (?P=name)) keep their case; the rest folds.
_ESCAPE_OR_TEXT = lazy(r"(\\.|\(\?P[<=][^>)]*[>)])|([^\\(]+|\()", re.DOTALL)


def fold_pattern(pattern: str) -> str:
    """Lower-case a pattern's literals, leaving escapes (a backslash pair) alone."""
    return _ESCAPE_OR_TEXT.sub(_fold_piece, pattern)


def _fold_piece(piece: re.Match[str]) -> str:
    kept, text = piece.group(1), piece.group(2)
    return kept if kept is not None else text.lower()


def twin_source(source: str) -> str | None:
    """The lower-cased twin of a case-insensitive pattern, where equivalent."""
    if INLINE_CASE_FLAGS.search(source):
        return None
    if not source.isascii() and not (
        prefilter.enabled and prefilter.caseless_pattern(source)
    ):
        return None
    return fold_pattern(source)


class Twinned:
    """A module's case-insensitive regex, counted through its twin where it may.

    Both compile on first use (the twin from the code kept with the cached
    rules, see ``precompiled``): on plain text the pattern as written is never
    compiled at all. The pattern a count runs (the twin, if any) registers
    with a prefilter registry, so that a count runs it only near its literals,
    and not at all on text without them.
    """

    def __init__(
        self, source: str, flags: int, registry: prefilter.Registry = prefilter.REGISTRY
    ) -> None:
        self.source = source
        self.flags = flags
        self.registry = registry
        self.pid = registry.defer(self.run_key)
        self._pattern: re.Pattern[str] | None = None
        self._twin: re.Pattern[str] | None = None
        self._made = False

    @property
    def pattern(self) -> re.Pattern[str]:
        """The pattern as written, with its flags."""
        if self._pattern is None:
            self._pattern = re.compile(self.source, self.flags)
        return self._pattern

    @cached_property
    def twin_key(self) -> tuple[str, int] | None:
        """The twin's source and flags; None when there is no twin."""
        if not self.flags & re.IGNORECASE:
            return None
        source = twin_source(self.source)
        return None if source is None else (source, self.flags & ~re.IGNORECASE)

    def run_key(self) -> tuple[str, int]:
        """Source and flags of the pattern counted on plain text: the twin if any."""
        return self.twin_key or (self.source, self.flags)

    def twin(self) -> re.Pattern[str] | None:
        """The twin, compiled on first use; None when there is none."""
        if not self._made:
            self._made = True
            key = self.twin_key
            if key is not None:
                self._twin = precompiled.compile(*key)
        return self._twin

    def count(
        self,
        text: str,
        lowered: str | None,
        plain: bool,
        state: dict[str, Any] | None = None,
    ) -> int:
        """``len(pattern.findall(text))``; ``lowered`` is ``text.lower()``.

        ``state`` is where the prefilter keeps its scan of ``lowered`` (a
        document's ``__dict__``); without it the pattern scans the whole text.
        """
        if lowered is None or len(lowered) != len(text):
            return len(self.pattern.findall(text))
        twin = self.twin() if prefilter.enabled and plain else None
        if twin is not None:
            return self._count(twin, lowered, lowered, state)
        if self.twin_key is not None:
            state = None  # the prefilter knows the twin's literals, not these
        return self._count(self.pattern, text, lowered, state)

    def _count(
        self,
        pattern: re.Pattern[str],
        text: str,
        lowered: str,
        state: dict[str, Any] | None,
    ) -> int:
        """Matches of ``pattern`` in ``text``, run only near its literals.

        The prefilter yields what ``finditer`` would, and ``findall`` counts
        those same non-overlapping matches; a registered pattern's every match
        holds a literal, so none is empty.
        """
        hits = None
        if state is not None:
            hits = prefilter.hits(state, lowered, self.pid, self.registry)
        if hits is None:
            return len(pattern.findall(text))
        return sum(1 for _ in hits.finditer(lambda: pattern, text, 0, len(text)))
