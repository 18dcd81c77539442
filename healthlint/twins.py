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

from healthlint import prefilter

# An inline flag group that mentions "i" ((?i), (?-i:...)) decides case itself.
INLINE_CASE_FLAGS = re.compile(r"\(\?[a-zA-Z-]*i[a-zA-Z-]*[:)]")
# Escapes and group syntax ((?P<name>, (?P=name)) keep their case; the rest folds.
_ESCAPE_OR_TEXT = re.compile(r"(\\.|\(\?P[<=][^>)]*[>)])|([^\\(]+|\()", re.DOTALL)


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
    """A module's case-insensitive regex, counted through its twin where it may."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._twin: re.Pattern[str] | None = None
        self._made = False

    def twin(self) -> re.Pattern[str] | None:
        """The twin, compiled on first use; None when there is none."""
        if not self._made:
            self._made = True
            source = twin_source(self.pattern.pattern)
            if source is not None and self.pattern.flags & re.IGNORECASE:
                self._twin = re.compile(source, self.pattern.flags & ~re.IGNORECASE)
        return self._twin

    def count(self, text: str, lowered: str | None, plain: bool) -> int:
        """``len(pattern.findall(text))``; ``lowered`` is ``text.lower()``."""
        twin = self.twin() if prefilter.enabled and plain else None
        if twin is None or lowered is None or len(lowered) != len(text):
            return len(self.pattern.findall(text))
        return len(twin.findall(lowered))
