"""Formatters: pure functions from a Report to text. One module per format.

A run uses one or two formats, so ``FORMATTERS`` imports a format's module
when it is first asked for: a one-file run does not pay for the HTML report's
charts or the JUnit writer's XML library at start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from healthlint.model import Report

Formatter = Callable[[Report], str]

# Format name to the module (in this package) whose format_report writes it.
_MODULES = {
    "text": "text",
    "json": "json_format",
    "github": "github",
    "sarif": "sarif",
    "junit": "junit",
    "gitlab": "gitlab",
    "html": "html",
}


class _Formatters(Mapping[str, Formatter]):
    """Format name to formatter, each module imported on first use."""

    def __getitem__(self, name: str) -> Formatter:
        module = importlib.import_module(f"{__name__}.{_MODULES[name]}")
        formatter: Formatter = module.format_report
        return formatter

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


FORMATTERS: Mapping[str, Formatter] = _Formatters()

__all__ = ["FORMATTERS"]
