"""The parsed form of an article: prose text plus an exact map back to the source.

Every parser produces a :class:`Document`. Its ``text`` holds only the visible prose
(blocks separated by a blank line); code, comments, scripts, styles and front
matter never appear in it. Rules look at ``text``; positions in output come from
:meth:`Document.position`, which maps a prose offset to the line and column of the
same character in the source file.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from healthlint.lazyregex import lazy


class Format(enum.StrEnum):
    """Input formats, named as they appear in JSON output."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


class BlockKind(enum.StrEnum):
    """What a stretch of prose is, so rules can choose their scope."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    TABLE_CELL = "table_cell"
    LINK = "link"
    CODE = "code"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open range ``[start, end)`` of offsets into ``Document.text``."""

    start: int
    end: int

    def contains(self, other: Span) -> bool:
        """True when ``other`` lies wholly inside this span."""
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column in the source file; columns count characters."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Block:
    """A heading, paragraph, list item, quote, table cell, link or code block.

    Links are inline: their span lies inside the span of the block holding them.
    Code blocks have an empty span (their text is not prose) and keep the source
    line in ``line``.
    """

    kind: BlockKind
    span: Span
    href: str | None = None
    level: int = 0
    line: int = 0
    attrs: Mapping[str, str] = field(default_factory=dict)
    end_line: int = 0  # last source line, kept for code blocks


@dataclass(frozen=True, slots=True)
class _Run:
    """A piece of prose copied from the source.

    A verbatim run maps character for character. An atomic run (an entity such as
    ``&amp;``, an escape, or a separator the parser inserted) maps as a whole to the
    source range ``[src_start, src_end)``.
    """

    text_start: int
    src_start: int
    src_end: int
    verbatim: bool


class OffsetMap:
    """Maps offsets in the prose back to offsets in the source, in O(log n)."""

    def __init__(self, runs: list[_Run], text_length: int, source_length: int) -> None:
        self._runs = runs
        self._starts = [run.text_start for run in runs]
        self._text_length = text_length
        self._source_length = source_length

    def _run_at(self, offset: int) -> _Run | None:
        index = bisect.bisect_right(self._starts, offset) - 1
        return self._runs[index] if index >= 0 else None

    def start(self, offset: int) -> int:
        """Source offset of the prose character at ``offset``."""
        run = self._run_at(offset)
        if run is None:
            return 0
        if run.verbatim:
            return min(run.src_start + offset - run.text_start, run.src_end)
        return run.src_start

    def end(self, offset: int) -> int:
        """Source offset just past the prose character at ``offset - 1``."""
        if offset <= 0:
            return self.start(0)
        run = self._run_at(offset - 1)
        if run is None:
            return 0
        if run.verbatim:
            return min(run.src_start + offset - run.text_start, run.src_end)
        return run.src_end


class LineIndex:
    """Turns a source offset into a 1-based line and character column."""

    def __init__(self, source: str) -> None:
        starts = [0]
        find = source.find
        index = find("\n")
        while index != -1:
            starts.append(index + 1)
            index = find("\n", index + 1)
        self._starts = starts

    def position(self, offset: int) -> Position:
        """Line and column of the character at ``offset`` (1-based both)."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line + 1, offset - self._starts[line] + 1)

    @property
    def count(self) -> int:
        """Number of lines (a final line end starts one more, empty line)."""
        return len(self._starts)

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self._starts[max(0, min(line - 1, len(self._starts) - 1))]


@dataclass(frozen=True)
class Document:
    """A parsed article. Immutable; build one with :class:`DocumentBuilder`."""

    path: str
    format: Format
    source: str
    text: str
    blocks: tuple[Block, ...]
    sentences: tuple[Span, ...]
    meta: Mapping[str, object]
    offsets: OffsetMap = field(repr=False, compare=False)
    lines: LineIndex = field(repr=False, compare=False)
    warnings: tuple[str, ...] = ()

    @cached_property
    def folded(self) -> str | None:
        """The prose lower-cased, when that keeps every offset; else None."""
        lowered = self.text.lower()
        return lowered if len(lowered) == len(self.text) else None

    def position(self, offset: int) -> Position:
        """Source line and column where the prose character at ``offset`` starts."""
        return self.lines.position(self.offsets.start(offset))

    def end_position(self, offset: int) -> Position:
        """Source line and column just past the prose character at ``offset - 1``."""
        return self.lines.position(self.offsets.end(offset))

    def source_slice(self, span: Span) -> str:
        """The source text that a prose span was read from."""
        return self.source[self.offsets.start(span.start) : self.offsets.end(span.end)]

    def blocks_of(self, *kinds: BlockKind) -> tuple[Block, ...]:
        """Blocks of the given kinds, in document order."""
        return tuple(b for b in self.blocks if b.kind in kinds)


# Characters that end a line or separate words in source but read as one space.
_SPACE_LIKE = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u00a0": " "})
# White space that is not a single plain space: folded to one space in the prose.
_ODD_SPACE = lazy(r"[ \t\r\n\u00a0]{2,}|[\t\r\n]")


class DocumentBuilder:
    """Accumulates prose runs and blocks while a parser walks the source."""

    def __init__(self, path: str, fmt: Format, source: str) -> None:
        self.path = path
        self.format = fmt
        self.source = source
        self.meta: dict[str, object] = {}
        self.warnings: list[str] = []
        self._parts: list[str] = []
        self._runs: list[_Run] = []
        self._length = 0
        self._blocks: list[Block] = []
        self._block_start: int | None = None

    @property
    def length(self) -> int:
        """Current length of the prose text."""
        return self._length

    def text_since(self, start: int) -> str:
        """The prose from offset ``start`` to the end, as built so far."""
        total = self._length
        collected: list[str] = []
        for part in reversed(self._parts):
            if total <= start:
                break
            collected.append(part)
            total -= len(part)
        return "".join(reversed(collected))[start - total :]

    def verbatim(self, src_start: int, src_end: int) -> None:
        """Append ``source[src_start:src_end]`` as prose.

        Runs of white space (line ends, tabs, indentation) become one space, so
        rule patterns can rely on single spaces between words.
        """
        if src_end <= src_start:
            return
        if _ODD_SPACE.search(self.source, src_start, src_end) is None:
            self._append_verbatim(src_start, src_end)
            return
        cursor = src_start
        for gap in _ODD_SPACE.finditer(self.source, src_start, src_end):
            self._append_verbatim(cursor, gap.start())
            self.atomic(" ", gap.start(), gap.end())
            cursor = gap.end()
        self._append_verbatim(cursor, src_end)

    def _append_verbatim(self, src_start: int, src_end: int) -> None:
        if src_end <= src_start:
            return
        piece = self.source[src_start:src_end].translate(_SPACE_LIKE)
        self._runs.append(_Run(self._length, src_start, src_end, verbatim=True))
        self._parts.append(piece)
        self._length += len(piece)

    def atomic(self, text: str, src_start: int, src_end: int) -> None:
        """Append ``text`` standing for the source range as a whole (an entity)."""
        if not text:
            return
        self._runs.append(_Run(self._length, src_start, src_end, verbatim=False))
        self._parts.append(text.translate(_SPACE_LIKE))
        self._length += len(text)

    def open_block(self) -> int:
        """Start a block; returns its prose start offset."""
        if self._length and not self._ends_with_break():
            at = self._runs[-1].src_end
            self._runs.append(_Run(self._length, at, at, verbatim=False))
            self._parts.append("\n\n")
            self._length += 2
        self._block_start = self._length
        return self._length

    def close_block(
        self, kind: BlockKind, level: int = 0, line: int = 0
    ) -> Block | None:
        """Finish the open block; empty or blank blocks are dropped."""
        start = self._block_start
        self._block_start = None
        if start is None:
            return None
        span = self._trimmed_span(start)
        if span is None:
            return None
        block = Block(kind, span, level=level, line=line)
        self._blocks.append(block)
        return block

    def add_block(self, block: Block) -> None:
        """Record an inline block (a link) or a code block."""
        self._blocks.append(block)

    def build(self, sentences: tuple[Span, ...] | None = None) -> Document:
        """Freeze the document; sentences are split now unless given."""
        from healthlint.language import split_sentences  # noqa: PLC0415 (cycle)

        text = "".join(self._parts)
        found = [*self._blocks, *bare_links(text, self._blocks)]
        blocks = tuple(sorted(found, key=lambda b: (b.span.start, -b.span.end)))
        if sentences is None:
            sentences = split_sentences(text, blocks)
        return Document(
            path=self.path,
            format=self.format,
            source=self.source,
            text=text,
            blocks=blocks,
            sentences=sentences,
            meta=MappingProxyType(dict(self.meta)),
            offsets=OffsetMap(self._runs, len(text), len(self.source)),
            lines=LineIndex(self.source),
            warnings=tuple(self.warnings),
        )

    def _ends_with_break(self) -> bool:
        return bool(self._parts) and self._parts[-1].endswith("\n\n")

    def _trimmed_span(self, start: int) -> Span | None:
        """The block's span without surrounding white space; None when blank."""
        text = self.text_since(start)
        stripped = text.strip()
        if not stripped:
            return None
        lead = len(text) - len(text.lstrip())
        return Span(start + lead, start + lead + len(stripped))


# A web address typed into the prose: readers follow it as they would a link.
_BARE_URL = lazy(
    r"(?<![\w@/.-])(?:https?://|www\.)[^\s<>\"'()\[\]{}]*[^\s<>\"'()\[\]{}.,;:!?]"
)


def bare_links(text: str, blocks: list[Block]) -> list[Block]:
    """Link blocks for web addresses typed out in the prose, outside real links.

    A plain-text article, or a Markdown one without autolinks, still sends its
    readers to the address it prints; the link rules should see it.
    """
    links = [b.span for b in blocks if b.kind is BlockKind.LINK]
    out = []
    for match in _BARE_URL.finditer(text):
        span = Span(match.start(), match.end())
        if any(link.overlaps(span) for link in links):
            continue
        href = match.group(0)
        if not href.lower().startswith("http"):
            href = "http://" + href
        out.append(Block(BlockKind.LINK, span, href=href))
    return out
