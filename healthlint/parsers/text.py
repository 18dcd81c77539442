"""Plain text: paragraphs split at blank lines, bulleted or numbered lines as items."""

from __future__ import annotations

import re

from healthlint.document import BlockKind, Document, DocumentBuilder, Format
from healthlint.lazyregex import lazy

_ITEM_MARKER = lazy(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+(?=\S)", re.MULTILINE)
# A suppression directive on a line of its own is markup, as an HTML comment is.
DIRECTIVE_LINE = lazy(r"[ \t]*(healthlint-[\w-]+)")


def parse(path: str, source: str) -> Document:
    """Read paragraphs and list items; every character keeps its position."""
    builder = DocumentBuilder(path, Format.TEXT, source)
    add_paragraphs(builder)
    return builder.build()


def add_paragraphs(builder: DocumentBuilder, start: int = 0) -> None:
    """Add the paragraphs of ``builder.source[start:]``, read as plain text.

    Markdown nested past its parser's limit is read this way, so that nothing
    in it goes unread.
    """
    for first, end in paragraphs(builder.source[start:]):
        _add_paragraph(builder, start + first, start + end)


def paragraphs(source: str) -> list[tuple[int, int]]:
    """(start, end) of each run of non-blank lines, directive lines left out.

    One pass over the lines: a pattern for "lines holding a non-space" tried
    every start inside a long blank line, which was quadratic in its length.
    """
    found: list[tuple[int, int]] = []
    start: int | None = None
    offset = 0
    while offset < len(source):
        stop = source.find("\n", offset)
        stop = len(source) if stop == -1 else stop + 1
        line = source[offset:stop]
        prose = line.strip() != "" and not DIRECTIVE_LINE.match(line)
        if prose and start is None:
            start = offset
        elif not prose and start is not None:
            found.append((start, offset))
            start = None
        offset = stop
    if start is not None:
        found.append((start, offset))
    return found


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
    builder.verbatim(start, end)
    builder.close_block(kind)
