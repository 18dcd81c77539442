"""HTML via the standard library's ``html.parser``.

The stdlib parser reports the source line and column of every tag and text run
and, with ``convert_charrefs=False``, hands over entities one by one, which is
exactly what exact spans need. It is forgiving of broken markup, as browsers are.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

from healthlint.document import (
    Block,
    BlockKind,
    Document,
    DocumentBuilder,
    Format,
    LineIndex,
    Span,
)

# Elements whose content is never prose.
_SKIPPED = frozenset({"script", "style", "noscript", "template", "code", "pre", "svg"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
     "param", "source", "track", "wbr"}
)  # fmt: skip
_BLOCK_KINDS = {
    **{f"h{n}": BlockKind.HEADING for n in range(1, 7)},
    "li": BlockKind.LIST_ITEM,
    "dt": BlockKind.LIST_ITEM,
    "dd": BlockKind.LIST_ITEM,
    "blockquote": BlockKind.QUOTE,
    "td": BlockKind.TABLE_CELL,
    "th": BlockKind.TABLE_CELL,
}
_PARAGRAPH_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav",
     "body", "figure", "figcaption", "caption", "table", "tr", "ul", "ol", "dl",
     "form", "address", "details", "summary", "hr", "br", "title", "head", "html"}
)  # fmt: skip
_META_NAMES = {
    "author": "author",
    "date": "date",
    "description": "description",
    "article:published_time": "date",
    "article:modified_time": "updated",
    "dc.date": "date",
    "dc.creator": "author",
    "healthlint:type": "type",
    "reviewed-by": "reviewed_by",
}


def parse(path: str, source: str) -> Document:
    """Parse HTML; ``<title>`` and ``<meta>`` become ``meta``, not prose."""
    builder = DocumentBuilder(path, Format.HTML, source)
    add_fragment(builder, 0, len(source))
    return builder.build()


def add_fragment(builder: DocumentBuilder, start: int, end: int) -> None:
    """Add the prose of ``builder.source[start:end]``, read as HTML.

    Markdown uses this for raw HTML blocks, whose text a browser still shows.
    """
    parser = _ProseParser(builder, start, end)
    parser.feed(builder.source[start:end])
    parser.close()
    parser.finish()


class _ProseParser(HTMLParser):
    def __init__(self, builder: DocumentBuilder, start: int, end: int) -> None:
        super().__init__(convert_charrefs=False)
        self.builder = builder
        self.base = start
        self.lines = LineIndex(builder.source[start:end])
        self.skip_depth = 0
        self.stack: list[str] = []
        self.links: list[tuple[int, str | None, dict[str, str]]] = []
        self.in_title = False
        self.title: list[str] = []
        self.builder.open_block()

    def _source_offset(self) -> int:
        line, column = self.getpos()
        return self.base + self.lines.line_start(line) + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in _SKIPPED:
            self.skip_depth += tag not in _VOID
            return
        if tag == "meta":
            self._meta(values)
        elif tag == "title":
            self.in_title = True
        elif tag == "a":
            self.links.append((self.builder.length, values.get("href"), values))
        if tag in _BLOCK_KINDS or tag in _PARAGRAPH_TAGS:
            self._break()
            if tag not in _VOID:
                self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "title":
            self.in_title = False
            self.builder.meta.setdefault("title", "".join(self.title).strip())
        elif tag == "a" and self.links:
            self._close_link()
        if (tag in _BLOCK_KINDS or tag in _PARAGRAPH_TAGS) and tag in self.stack:
            self._break()
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skip_depth:
            self.builder.atomic(" ", self._source_offset(), self._source_offset())
        elif tag == "meta":
            self._meta({k: v or "" for k, v in attrs})

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.in_title:
            self.title.append(data)
            return
        start = self._source_offset()
        self.builder.verbatim(start, start + len(data))

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};", f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};", f"&#{name}")

    def _reference(self, with_semicolon: str, bare: str) -> None:
        if self.skip_depth:
            return
        start = self._source_offset()
        raw = (
            with_semicolon
            if self.builder.source.startswith(with_semicolon, start)
            else bare
        )
        value = html.unescape(raw)
        if self.in_title:
            self.title.append(value)
            return
        self.builder.atomic(value, start, start + len(raw))

    def _meta(self, values: dict[str, str]) -> None:
        key = (values.get("name") or values.get("property") or "").lower()
        if key in _META_NAMES and values.get("content"):
            self.builder.meta.setdefault(_META_NAMES[key], values["content"])

    def _close_link(self) -> None:
        start, href, attrs = self.links.pop()
        self.builder.add_block(
            Block(
                BlockKind.LINK, Span(start, self.builder.length), href=href, attrs=attrs
            )
        )

    def _break(self) -> None:
        """End the current block and start the next one."""
        inner = [t for t in reversed(self.stack) if t in _BLOCK_KINDS]
        kind = _BLOCK_KINDS[inner[0]] if inner else BlockKind.PARAGRAPH
        level = int(inner[0][1]) if inner and kind is BlockKind.HEADING else 0
        self.builder.close_block(kind, level)
        self.builder.open_block()

    def finish(self) -> None:
        """Close whatever the markup left open."""
        while self.links:
            self._close_link()
        self._break()
        self.builder.close_block(BlockKind.PARAGRAPH)
