"""Parsers turn source text into a :class:`~healthlint.document.Document`.

One module per format; :func:`parse` dispatches on the format that discovery
detected. Parsers never raise on odd input: problems they can survive (broken
front matter, say) go into ``Document.warnings`` and the prose is still linted.

A format's module is imported when a file of that format is first parsed: a
run over plain text or HTML never loads markdown-it, and a run whose files all
come from the results cache loads no parser at all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from healthlint.document import Document, Format

_MODULES = {Format.TEXT: "text", Format.MARKDOWN: "markdown", Format.HTML: "html"}
# Filled on first use of each format.
_PARSERS: dict[Format, Callable[[str, str], Document]] = {}


def parse(path: str, source: str, fmt: Format) -> Document:
    """Parse ``source`` (already decoded, BOM removed) read from ``path``."""
    parser = _PARSERS.get(fmt)
    if parser is None:
        parser = _parser(fmt)
    return parser(path, source)


def _parser(fmt: Format) -> Callable[[str, str], Document]:
    """Import the format's module and keep its ``parse``."""
    module = importlib.import_module(f"{__name__}.{_MODULES[fmt]}")
    parser: Callable[[str, str], Document] = module.parse
    _PARSERS[fmt] = parser
    return parser


def warm() -> None:
    """Import every format's parser now (before worker processes fork)."""
    for fmt in _MODULES:
        if fmt not in _PARSERS:
            _parser(fmt)
