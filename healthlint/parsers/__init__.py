"""Parsers turn source text into a :class:`~healthlint.document.Document`.

One module per format; :func:`parse` dispatches on the format that discovery
detected. Parsers never raise on odd input: problems they can survive (broken
front matter, say) go into ``Document.warnings`` and the prose is still linted.
"""

from __future__ import annotations

from collections.abc import Callable

from healthlint.document import Document, Format
from healthlint.parsers import html, markdown, text

_PARSERS: dict[Format, Callable[[str, str], Document]] = {
    Format.TEXT: text.parse,
    Format.MARKDOWN: markdown.parse,
    Format.HTML: html.parse,
}


def parse(path: str, source: str, fmt: Format) -> Document:
    """Parse ``source`` (already decoded, BOM removed) read from ``path``."""
    return _PARSERS[fmt](path, source)
