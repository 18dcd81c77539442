"""Plain text: paragraphs split at blank lines, bulleted or numbered lines as items."""

from __future__ import annotations

import re

from healthlint.document import BlockKind, Document, DocumentBuilder, Format

_PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")
_ITEM_MARKER = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+(?=\S)", re.MULTILINE)
# A suppression directive on a line of its own (see suppress.py) speaks to
# healthlint, as an HTML comment does in the other formats: it is not prose.
_DIRECTIVE_LINE = re.compile(r"^[ \t]*healthlint-[\w-]+[^\n]*\n?", re.MULTILINE)


def parse(path: str, source: str) -> Document:
    """Read paragraphs and list items; every character keeps its position."""
    builder = DocumentBuilder(path, Format.TEXT, source)
    for paragraph in _PARAGRAPH.finditer(source):
        _add_paragraph(builder, paragraph.start(), paragraph.end())
    return builder.build()


def _add_paragraph(builder: DocumentBuilder, start: int, end: int) -> None:
    """Emit one paragraph, or one list item per marked line with its continuations."""
    markers = list(_ITEM_MARKER.finditer(builder.source, start, end))
    if not markers or markers[0].start() != start:
        stop = markers[0].start() if markers else end
        _add_block(builder, start, stop, BlockKind.PARAGRAPH)
    for index, marker in enumerate(markers):
        stop = markers[index + 1].start() if index + 1 < len(markers) else end
        _add_block(builder, marker.end(), stop, BlockKind.LIST_ITEM)


def _add_block(builder: DocumentBuilder, start: int, end: int, kind: BlockKind) -> None:
    while end > start and builder.source[end - 1] in " \t\r\n":
        end -= 1
    builder.open_block()
    cursor = start
    for directive in _DIRECTIVE_LINE.finditer(builder.source, start, end):
        builder.verbatim(cursor, directive.start())
        cursor = directive.end()
    builder.verbatim(cursor, end)
    builder.close_block(kind)
