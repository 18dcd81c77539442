"""Source positions (1-based, columns in characters) as editor positions.

The engine counts columns in characters (code points). The Language Server
Protocol counts them in the code units of the encoding agreed at start-up: UTF-16
unless the editor offers another. A character outside the Basic Multilingual
Plane (an emoji, say) is one character but two UTF-16 units, so every column
after it on the same line shifts; getting this wrong puts squiggles a word off.
Lines are split at line feeds, as the engine splits them.
"""

from __future__ import annotations

from collections.abc import Callable

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def _utf16_units(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _utf8_units(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


_UNITS: dict[str, Callable[[str], int]] = {
    UTF8: _utf8_units,
    UTF16: _utf16_units,
    UTF32: len,
}


class Lines:
    """One document's lines, converting columns for one position encoding."""

    def __init__(self, source: str, encoding: str = UTF16) -> None:
        self._lines = source.split("\n")
        self._units = _UNITS.get(encoding, _utf16_units)

    def line(self, index: int) -> str:
        """The text of 0-based line ``index`` ('' past the end)."""
        return self._lines[index] if 0 <= index < len(self._lines) else ""

    def to_client(self, line: int, column: int) -> tuple[int, int]:
        """1-based line and character column to 0-based line and code units."""
        text = self.line(line - 1)
        return line - 1, self._units(text[: max(column - 1, 0)])

    def text(self, start: tuple[int, int], end: tuple[int, int]) -> str:
        """The source between two 1-based positions (end column exclusive)."""
        (line, column), (end_line, end_column) = start, end
        if line == end_line:
            return self.line(line - 1)[column - 1 : end_column - 1]
        middle = [self.line(i) for i in range(line, end_line - 1)]
        parts = [self.line(line - 1)[column - 1 :], *middle]
        return "\n".join([*parts, self.line(end_line - 1)[: end_column - 1]])
