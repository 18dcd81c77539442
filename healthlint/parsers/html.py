"""HTML via the standard library's ``html.parser``.

The stdlib parser reports the source line and column of every tag and text run
and, with ``convert_charrefs=False``, hands over entities one by one, which is
exactly what exact spans need. It is forgiving of broken markup, as browsers are.
"""

from __future__ import annotations

import html
import re
from collections import Counter
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
from healthlint.lazyregex import lazy

# Elements whose content is never prose.
_SKIPPED = frozenset({"script", "style", "noscript", "template", "code", "pre", "svg"})
# Page chrome: menus, site headers and footers, sidebars. Inside an article or
# the main content they belong to it (an article's own footer, a fact box).
_CHROME = frozenset({"nav", "header", "footer", "aside"})
_CONTENT = frozenset({"article", "main"})
_HAS_CONTENT = lazy(r"<(?:article|main)[\s>/]", re.IGNORECASE)
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
    fed, rest = _without_open_tail(builder.source, start, end)
    parser.feed(builder.source[start:fed])
    parser.close()
    if rest:
        parser.handle_data(rest)  # text: no tag can start in it
    parser.finish()


def _without_open_tail(source: str, start: int, end: int) -> tuple[int, str]:
    """Where to stop feeding the parser, and the text after that point.

    Past the last ``>`` no tag, comment or declaration can be complete, yet
    the standard library's parser tries each ``<`` there against the whole
    rest of the input when it is closed, which is quadratic in the number of
    them ("<a <a <a ..."). From the first ``<`` after the last ``>`` on, the
    text is handed over as text, which is what the parser makes of it anyway.
    """
    last_close = source.rfind(">", start, end)
    first_open = source.find("<", last_close + 1 if last_close != -1 else start, end)
    if first_open == -1:
        return end, ""
    return first_open, source[first_open:end]


class _ProseParser(HTMLParser):
    def __init__(self, builder: DocumentBuilder, start: int, end: int) -> None:
        super().__init__(convert_charrefs=False)
        self.builder = builder
        self.base = start
        self.lines = LineIndex(builder.source[start:end])
        self.skip_depth = 0
        # Open block-level tags; the counts and the stack of block kinds make
        # every step O(1), however many tags are left unclosed.
        self.stack: list[str] = []
        self.open_tags: Counter[str] = Counter()
        self.block_tags: list[str] = []
        self.chrome = _Chrome(bool(_HAS_CONTENT.search(builder.source, start, end)))
        self.links: list[tuple[int, str | None, dict[str, str]]] = []
        self.in_title = False
        self.title: list[str] = []
        self.builder.open_block()

    def parse_html_declaration(self, i: int) -> int:
        """``<![`` starts a bogus comment up to the next ``>``, as in browsers.

        The standard library parses it as an SGML marked section and raises
        an AssertionError when no name follows (``<![ x``).
        """
        if self.rawdata.startswith("<![", i):
            return self.parse_bogus_comment(i)
        return super().parse_html_declaration(i)

    @property
    def hidden(self) -> bool:
        """True inside content that is not prose: scripts, code, page chrome."""
        return bool(self.skip_depth) or self.chrome.inside

    def _source_offset(self) -> int:
        line, column = self.getpos()
        return self.base + self.lines.line_start(line) + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in _SKIPPED:
            self.skip_depth += tag not in _VOID
            return
        self.chrome.start(tag)
        if tag == "meta":
            self._meta(values)
        elif tag == "title":
            self.in_title = True
        elif tag == "a" and not self.hidden:
            while self.links:  # a link cannot hold another: the new one ends it
                self._close_link()
            self.links.append((self.builder.length, values.get("href"), values))
        if tag in _BLOCK_KINDS or tag in _PARAGRAPH_TAGS or tag in _CHROME:
            self._break()
            if tag not in _VOID:
                self._push(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "title":
            self.in_title = False
            self.builder.meta.setdefault("title", "".join(self.title).strip())
        elif tag == "a" and self.links:
            self._close_link()
        if self.open_tags[tag]:
            self._break()
            while self.stack and self._pop() != tag:
                pass
        self.chrome.end(tag)

    def _push(self, tag: str) -> None:
        self.stack.append(tag)
        self.open_tags[tag] += 1
        if tag in _BLOCK_KINDS:
            self.block_tags.append(tag)

    def _pop(self) -> str:
        tag = self.stack.pop()
        self.open_tags[tag] -= 1
        if tag in _BLOCK_KINDS:
            self.block_tags.pop()
        return tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.hidden:
            self.builder.atomic(" ", self._source_offset(), self._source_offset())
        elif tag == "meta":
            self._meta({k: v or "" for k, v in attrs})

    def handle_data(self, data: str) -> None:
        if self.hidden:
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
        if self.hidden:
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
        """End the innermost open link; its span leaves out surrounding spaces.

        A link whose text is only white space keeps it as its span: an invisible
        link is still a link, and the rules must be able to point at it.
        """
        start, href, attrs = self.links.pop()
        end = self.builder.length
        text = self.builder.text_since(start)
        if text.strip():
            start += len(text) - len(text.lstrip())
            end -= len(text) - len(text.rstrip())
        self.builder.add_block(
            Block(BlockKind.LINK, Span(start, end), href=href, attrs=attrs)
        )

    def _break(self) -> None:
        """End the current block and start the next one.

        A link left open ends with its block: its text is what the reader sees
        as the link, never the paragraphs after it.
        """
        while self.links:
            self._close_link()
        inner = self.block_tags[-1] if self.block_tags else None
        kind = _BLOCK_KINDS[inner] if inner else BlockKind.PARAGRAPH
        level = int(inner[1]) if inner and kind is BlockKind.HEADING else 0
        self.builder.close_block(kind, level)
        self.builder.open_block()

    def finish(self) -> None:
        """Close whatever the markup left open."""
        while self.links:
            self._close_link()
        self._break()
        self.builder.close_block(BlockKind.PARAGRAPH)


class _Chrome:
    """Whether the parser stands in page chrome, outside the article's content.

    Navigation is never prose. Footers and sidebars outside an ``<article>`` or
    ``<main>`` belong to the site, not the article; so does a page header,
    when the page marks its main content (without one, the header may hold
    the article's own title).
    """

    def __init__(self, page_marks_content: bool) -> None:
        self.skipped = {"nav", "footer", "aside"}
        if page_marks_content:
            self.skipped.add("header")
        self.content_depth = 0
        self.open: Counter[str] = Counter()

    @property
    def inside(self) -> bool:
        """True while some chrome element is open."""
        return any(self.open.values())

    def start(self, tag: str) -> None:
        """Note an opening tag."""
        if tag in _CONTENT:
            self.content_depth += 1
        elif tag in self.skipped and (tag == "nav" or not self.content_depth):
            self.open[tag] += 1

    def end(self, tag: str) -> None:
        """Note a closing tag."""
        if tag in _CONTENT:
            self.content_depth = max(0, self.content_depth - 1)
        elif self.open[tag]:
            self.open[tag] -= 1
