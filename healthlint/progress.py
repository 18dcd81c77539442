"""A progress bar on stderr for long runs, kept out of the way of the report.

The bar is click's, drawn only on a terminal: output on stdout (a report, or
findings on the same terminal) must never contain a byte of it. Before each
piece of output the bar's line is erased, and it is redrawn on the next file, so
findings scroll past above a bar that stays on the last line. When the run ends
the bar is erased, leaving the terminal as the report alone would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TextIO, TypeVar

import click

MIN_FILES = 50  # below this a run takes a second or two; a bar would only flicker
_ERASE_LINE = "\r\x1b[2K"
_SHOW_CURSOR = "\x1b[?25h"  # click hides the cursor while a bar is drawn

_T = TypeVar("_T")


def wanted(total: int, stream: TextIO, quiet: bool) -> bool:
    """A bar for runs of many files, on a terminal, unless asked to be quiet."""
    return not quiet and total >= MIN_FILES and stream.isatty()


class Progress:
    """Count items through click's bar; erase it before anything else is printed."""

    def __init__(self, total: int, stream: TextIO, label: str = "Linting") -> None:
        self.stream = stream
        self.bar = click.progressbar(
            length=total, label=label, file=stream, show_pos=True, show_eta=True
        )
        self.drawn = False

    def track(self, items: Iterable[_T]) -> Iterator[_T]:
        """Yield the items, advancing the bar after each; erase it at the end."""
        try:
            for item in items:
                self.bar.update(1)
                self.drawn = True
                yield item
        finally:
            self.erase()
            self.stream.write(_SHOW_CURSOR)
            self.stream.flush()

    def erase(self) -> None:
        """Remove the bar's line, so the next output starts on a clean line."""
        if self.drawn:
            self.stream.write(_ERASE_LINE)
            self.stream.flush()
            self.drawn = False

    def before(self, emit: Callable[[str], object]) -> Callable[[str], None]:
        """``emit`` wrapped so the bar is erased before each write."""

        def emit_clear(text: str) -> None:
            if text:
                self.erase()
            emit(text)

        return emit_clear
