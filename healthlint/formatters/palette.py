"""Colour for the text report on a terminal: severities, paths, carets.

A palette is chosen once per destination: the plain one writes no escape codes
at all, so files, pipes and goldens stay byte-for-byte what they were.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import click

from healthlint.model import Severity

_SEVERITY_COLOURS = {
    Severity.ERROR: "red",
    Severity.WARNING: "yellow",
    Severity.INFO: "cyan",
}


@dataclass(frozen=True)
class Palette:
    """Functions that dress parts of a line; ``enabled=False`` returns text as is."""

    enabled: bool = False

    def severity(self, text: str, severity: Severity) -> str:
        """Text in its severity's colour, bold."""
        if not self.enabled:
            return text
        return click.style(text, fg=_SEVERITY_COLOURS[severity], bold=True)

    def path(self, text: str) -> str:
        """A file path, bold, so the eye finds where each finding is."""
        return click.style(text, bold=True) if self.enabled else text

    def code(self, text: str) -> str:
        """A rule code, bold."""
        return click.style(text, bold=True) if self.enabled else text

    def dim(self, text: str) -> str:
        """Secondary text: the slug, the gutter of a source excerpt."""
        return click.style(text, dim=True) if self.enabled else text

    def error(self, text: str) -> str:
        """Words that say a file could not be linted."""
        return click.style(text, fg="red", bold=True) if self.enabled else text


PLAIN = Palette()


def colour_wanted(environ: Mapping[str, str], is_terminal: bool) -> bool:
    """``NO_COLOR`` turns colour off, ``FORCE_COLOR`` on; otherwise a terminal gets it.

    Both follow their published conventions (any non-empty value counts); when
    both are set, ``NO_COLOR`` wins, as in CPython's own colour handling.
    """
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return is_terminal and environ.get("TERM") != "dumb"
