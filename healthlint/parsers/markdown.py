"""Markdown via markdown-it-py (CommonMark, tables, front matter).

markdown-it reports block positions by line only, so inline text is located in
the source by searching forward from a cursor. Entities and backslash escapes
stay separate tokens (the ``text_join`` rule is disabled) so each maps back to
its exact source range.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from healthlint import safeyaml
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
from healthlint.parsers import text

# markdown-it silently drops whatever lies deeper than its nesting limit (20 by
# default: ten nested list markers on one line). 100 keeps every real article
# and stays well inside Python's recursion limit; a document that reaches it
# is read as plain text instead, so nothing is lost.
MAX_NESTING = 100


def _make_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    parser.use(front_matter_plugin).enable("table")
    parser.disable("text_join")
    return parser


_MD = _make_parser()

_CONTAINERS = {
    "list_item_open": BlockKind.LIST_ITEM,
    "blockquote_open": BlockKind.QUOTE,
    "td_open": BlockKind.TABLE_CELL,
    "th_open": BlockKind.TABLE_CELL,
}


def parse(path: str, source: str) -> Document:
    """Parse Markdown; front matter becomes ``meta``, code never becomes prose."""
    view = parser_view(source)
    builder = DocumentBuilder(path, Format.MARKDOWN, source)
    walker = _Walker(builder, LineIndex(view), view)
    tokens = _MD.parse(view)
    if _deepest(tokens) >= MAX_NESTING - 1:
        walker.walk([t for t in tokens if t.type == "front_matter"])
        after = max(
            (t.map[1] for t in tokens if t.type == "front_matter" and t.map), default=0
        )
        text.add_paragraphs(builder, walker.lines.line_start(after + 1))
    else:
        walker.walk(tokens)
    return builder.build()


# markdown-it reads a lone CR as a line end and a NUL as U+FFFD. The parser is
# given a copy with both replaced, character for character, so its lines and
# its text match the copy at the same offsets as the source file.
_LONE_CR = lazy(r"\r(?!\n)")


def parser_view(source: str) -> str:
    """The source as markdown-it sees it, offset for offset."""
    return _LONE_CR.sub("\n", source).replace("\x00", "\ufffd")


def _deepest(tokens: list[Token]) -> int:
    """The deepest nesting level any token reached."""
    deepest = 0
    for token in tokens:
        deepest = max(deepest, token.level)
        for child in token.children or ():
            deepest = max(deepest, token.level + child.level)
    return deepest


@dataclass
class _Walker:
    builder: DocumentBuilder
    lines: LineIndex
    view: str  # the parser's copy of the source: same offsets, lone CRs as LF
    containers: list[BlockKind] = field(default_factory=list)
    heading_level: int = 0

    def walk(self, tokens: list[Token]) -> None:
        for token in tokens:
            self._visit(token)

    def _visit(self, token: Token) -> None:
        kind = _CONTAINERS.get(token.type)
        if kind is not None:
            self.containers.append(kind)
        elif token.type in {
            "list_item_close",
            "blockquote_close",
            "td_close",
            "th_close",
        }:
            self.containers.pop()
        elif token.type == "heading_open":
            self.heading_level = int(token.tag[1:])
        elif token.type == "heading_close":
            self.heading_level = 0
        elif token.type == "inline":
            self._inline(token)
        elif token.type in {"fence", "code_block"}:
            self._code(token)
        elif token.type == "front_matter":
            self._front_matter(token)
        elif token.type == "html_block":
            self._html_block(token)

    def _block_kind(self) -> BlockKind:
        if self.heading_level:
            return BlockKind.HEADING
        return self.containers[-1] if self.containers else BlockKind.PARAGRAPH

    def _inline(self, token: Token) -> None:
        first, last = token.map or (0, 0)
        start = self.lines.line_start(first + 1)
        limit = self.lines.line_start(last + 1) if last < self.lines.count else None
        self.builder.open_block()
        _Inline(self.builder, self.view, start, limit or len(self.view)).walk(
            token.children or []
        )
        self.builder.close_block(self._block_kind(), self.heading_level, first + 1)

    def _html_block(self, token: Token) -> None:
        first, last = token.map or (0, 0)
        start = self.lines.line_start(first + 1)
        end = self.lines.line_start(last + 1) if last < self.lines.count else None
        from healthlint.parsers import html  # noqa: PLC0415 (few articles have HTML)

        html.add_fragment(self.builder, start, end or len(self.builder.source))

    def _code(self, token: Token) -> None:
        first, last = token.map or (0, 0)
        here = self.builder.length
        code = Block(BlockKind.CODE, Span(here, here), line=first + 1, end_line=last)
        self.builder.add_block(code)

    def _front_matter(self, token: Token) -> None:
        try:
            data = safeyaml.load(token.content)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            problem = getattr(exc, "problem", None) or "invalid YAML"
            self.builder.warnings.append(
                f"line {line}: invalid front matter: {problem}"
            )
            return
        if data is None:
            return
        if not isinstance(data, dict):
            self.builder.warnings.append(
                "line 2: invalid front matter: expected key: value pairs"
            )
            return
        self.builder.meta.update({str(k): v for k, v in data.items()})


class _Inline:
    """Walks an inline token's children, locating each in the source."""

    def __init__(
        self, builder: DocumentBuilder, view: str, start: int, limit: int
    ) -> None:
        self.builder = builder
        self.source = view
        self.cursor = start
        self.limit = limit
        self.link_start: int | None = None
        self.link_href: str | None = None

    def walk(self, children: list[Token]) -> None:
        for child in children:
            handler = getattr(self, "_" + child.type, None)
            if handler is not None:
                handler(child)

    def _find(self, needle: str) -> int:
        index = self.source.find(needle, self.cursor, self.limit)
        return index if index != -1 else self.source.find(needle, self.cursor)

    def _text(self, token: Token) -> None:
        index = self._find(token.content)
        if index == -1:  # not in the source as written; keep the words, approximately
            self.builder.atomic(token.content, self.cursor, self.cursor)
            return
        self.builder.verbatim(index, index + len(token.content))
        self.cursor = index + len(token.content)

    def _text_special(self, token: Token) -> None:
        index = self._find(token.markup)
        if index == -1:
            self.builder.atomic(token.content, self.cursor, self.cursor)
            return
        self.builder.atomic(token.content, index, index + len(token.markup))
        self.cursor = index + len(token.markup)

    def _softbreak(self, token: Token) -> None:
        index = self._find("\n")
        at = index if index != -1 else self.cursor
        self.builder.atomic(" ", at, at + 1)
        self.cursor = at + 1

    _hardbreak = _softbreak

    def _code_inline(self, token: Token) -> None:
        opening = self._find(token.markup)
        if opening == -1:
            return
        self.cursor = opening + len(token.markup)
        closing = self._find(token.markup)
        end = closing + len(token.markup) if closing != -1 else self.cursor
        self.builder.atomic(" ", opening, end)
        self.cursor = end

    def _html_inline(self, token: Token) -> None:
        index = self._find(token.content)
        if index != -1:
            self.cursor = index + len(token.content)

    def _link_open(self, token: Token) -> None:
        self.link_start = self.builder.length
        href = token.attrs.get("href")
        self.link_href = str(href) if href is not None else None
        if token.markup != "autolink":
            index = self._find("[")
            self.cursor = index + 1 if index != -1 else self.cursor

    def _link_close(self, token: Token) -> None:
        start = self.link_start if self.link_start is not None else self.builder.length
        self.builder.add_block(
            Block(BlockKind.LINK, Span(start, self.builder.length), href=self.link_href)
        )
        self.link_start = None
        if token.markup != "autolink":
            self._skip_destination()

    def _image(self, token: Token) -> None:
        index = self._find("![")
        if index != -1:
            self.cursor = index + 2
            self._skip_label()  # up to and past the label's own "]"
            self._skip_target()

    def _skip_label(self) -> None:
        depth = 1
        while self.cursor < self.limit and depth:
            char = self.source[self.cursor]
            depth += {"[": 1, "]": -1}.get(char, 0)
            self.cursor += 1 + (char == "\\")

    def _skip_destination(self) -> None:
        """Move past ``](url "title")`` or ``][ref]`` so URLs never match as prose."""
        close = self._find("]")
        if close == -1:
            return
        self.cursor = close + 1
        self._skip_target()

    def _skip_target(self) -> None:
        """Move past ``(url "title")`` or ``[ref]`` right at the cursor, if any.

        Only what stands right after the label: a "]" later in the paragraph is
        prose, not the end of this link.
        """
        if self.cursor >= len(self.source) or self.source[self.cursor] not in "([":
            return
        pairs = {"(": ")", "[": "]"}
        opener = self.source[self.cursor]
        depth = 0
        while self.cursor < len(self.source):
            char = self.source[self.cursor]
            depth += (char == opener) - (char == pairs[opener])
            self.cursor += 1 + (char == "\\")
            if depth == 0:
                return
