"""``--show-source``: a finding's source line with carets under its span.

The excerpt is for a person at a terminal, so what the article holds is made
safe to print (control characters, such as an escape sequence pasted into an
article, become a visible replacement character) and long lines, as in
minified HTML, are cut to a window around the span.
"""

from __future__ import annotations

import unicodedata

from healthlint.formatters.palette import Palette
from healthlint.model import Finding

WINDOW = 100  # characters of a long line shown around the span's start
_LEAD = 30  # of which this many come before it


def excerpt_lines(source: str, finding: Finding, palette: Palette) -> list[str]:
    """Three lines: an empty gutter, the source line, the carets; [] if no line."""
    lines = source.split("\n")
    if not 1 <= finding.line <= len(lines):
        return []
    text = lines[finding.line - 1].removesuffix("\r")
    start = min(finding.column - 1, len(text))
    end = finding.end_column - 1 if finding.end_line == finding.line else len(text)
    low, high = _window(len(text), start)
    shown = ("…" if low else "") + printable(text[low:high])
    shown += "…" if high < len(text) else ""
    pad = width(shown[: start - low + (1 if low else 0)])
    carets = "^" * max(1, width(printable(text[start : min(end, high)])))
    gutter = str(finding.line)
    blank = " " * len(gutter)
    bar = palette.dim("|")
    return [
        f"{blank} {bar}",
        f"{palette.dim(gutter)} {bar} {shown}",
        f"{blank} {bar} {' ' * pad}{palette.severity(carets, finding.severity)}",
    ]


def _window(length: int, start: int) -> tuple[int, int]:
    """The slice of a line to show: all of it, or WINDOW characters near ``start``."""
    if length <= WINDOW:
        return 0, length
    low = max(0, min(start - _LEAD, length - WINDOW))
    return low, low + WINDOW


def printable(text: str) -> str:
    """Text safe to write to a terminal, one output character per input character."""
    return "".join(_printable_char(c) for c in text)


def _printable_char(char: str) -> str:
    if char == "\t":
        return " "
    if unicodedata.category(char) in {"Cc", "Cf"} and char != "\u200d":
        return "\ufffd"
    return char


def width(text: str) -> int:
    """Columns the text takes on a terminal: wide East Asian characters take two."""
    return sum(_char_width(c) for c in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1
