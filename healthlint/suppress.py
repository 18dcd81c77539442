"""Inline suppression directives, and the findings about the directives themselves.

Directives are HTML comments, so they work the same in Markdown and HTML; in
plain text the same words stand on a line of their own::

    <!-- healthlint-disable-next-line HL101 -- quoting the advert -->
    <!-- healthlint-disable-line promotional-link -->
    <!-- healthlint-disable HL3 -->  ...  <!-- healthlint-enable -->
    <!-- healthlint-disable-file -->

Rules are named by code, prefix, slug or pack, separated by commas or spaces; none
means every rule; ``--`` starts the reason. A directive that suppresses nothing
is reported as HL901, one that cannot be understood as HL902, so suppressions
cannot rot silently.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from healthlint.document import BlockKind, Document, LineIndex
from healthlint.lazyregex import lazy
from healthlint.model import Finding
from healthlint.parsers.text import DIRECTIVE_LINE
from healthlint.rule import Rule
from healthlint.selection import specificity

KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
_NAME = lazy(r"\s*(healthlint[\w-]*)")
_SEPARATOR = lazy(r"[,\s]+")
UNUSED, MALFORMED = "HL901", "HL902"


@dataclass
class Directive:
    """One directive as written, with the lines it covers and whether it was used."""

    kind: str
    selectors: tuple[str, ...]
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    first: int = 0
    last: int = 0
    used: bool = False
    problem: str | None = None
    ends: list[Directive] = field(default_factory=list)


class _Written(NamedTuple):
    """A directive as found in the source: its offsets, name and body."""

    start: int
    end: int
    name: str
    body: str


def _comments(source: str) -> Iterator[_Written]:
    """Directives in HTML comments, in one pass: a comment ends at the first -->.

    A pattern with a lazy body retried the rest of the file at every unclosed
    ``<!--``, quadratic in the number of them.
    """
    cursor = 0
    while (opening := source.find("<!--", cursor)) != -1:
        closing = source.find("-->", opening + 4)
        if closing == -1:
            return
        name = _NAME.match(source, opening + 4, closing)
        if name is not None:
            yield _Written(
                opening, closing + 3, name.group(1), source[name.end() : closing]
            )
        cursor = closing + 3


def _text_lines(source: str) -> Iterator[_Written]:
    """Directives standing on a line of their own in plain text.

    The span starts at the directive, not at its indentation, and ends before
    trailing white space and a CRLF's carriage return.
    """
    offset = 0
    while offset < len(source):
        stop = source.find("\n", offset)
        stop = len(source) if stop == -1 else stop
        hit = DIRECTIVE_LINE.match(source, offset, stop)
        if hit is not None:
            end = len(source[:stop].rstrip(" \t\r"))
            body = source[hit.end() : end]
            yield _Written(hit.start(1), end, hit.group(1), body)
        offset = stop + 1


def find_directives(doc: Document, rules: Sequence[Rule]) -> list[Directive]:
    """Every directive in the source, outside code blocks, with its range resolved."""
    lines = LineIndex(doc.source)
    code = sorted((b.line, b.end_line) for b in doc.blocks_of(BlockKind.CODE))
    reader = _text_lines if doc.format.value == "text" else _comments
    found = []
    for hit in reader(doc.source):
        start, end = lines.position(hit.start), lines.position(hit.end)
        if _in_code(code, start.line):
            continue
        directive = Directive(
            hit.name.removeprefix("healthlint-"), (), start.line, start.column,
            end.line, end.column, doc.source[hit.start : hit.end].strip(),
        )  # fmt: skip
        _read_body(directive, hit.body, rules)
        found.append(directive)
    _resolve_ranges(found, lines.count)
    return found


def _in_code(code: list[tuple[int, int]], line: int) -> bool:
    """True when ``line`` lies in a code block (blocks sorted, never nested)."""
    index = bisect.bisect_right(code, (line, sys.maxsize)) - 1
    return index >= 0 and code[index][0] <= line <= code[index][1]


def _read_body(directive: Directive, body: str, rules: Sequence[Rule]) -> None:
    if directive.kind not in KINDS:
        directive.problem = f"unknown directive 'healthlint-{directive.kind}'"
        return
    names, _, _reason = body.partition("--")
    selectors = tuple(s for s in _SEPARATOR.split(names.strip()) if s)
    unknown = [s for s in selectors if not any(specificity(s, r) for r in rules)]
    if unknown and selectors != ("ALL",):
        directive.problem = (
            f"unknown rule '{unknown[0]}' in healthlint-{directive.kind}"
        )
        return
    directive.selectors = selectors


def _resolve_ranges(directives: list[Directive], last_line: int) -> None:
    open_blocks: list[Directive] = []
    for d in directives:
        if d.problem:
            continue
        if d.kind == "disable-next-line":
            d.first = d.last = d.end_line + 1
        elif d.kind == "disable-line":
            d.first, d.last = d.line, d.end_line
        elif d.kind == "disable-file":
            d.first, d.last = 1, last_line
        elif d.kind == "disable":
            d.first, d.last = d.end_line, last_line
            open_blocks.append(d)
        else:
            _close(d, open_blocks)


def _close(enable: Directive, open_blocks: list[Directive]) -> None:
    """End the open disable blocks that an enable names (all, if it names none)."""
    closing = [
        d for d in open_blocks
        if not enable.selectors or set(d.selectors) <= set(enable.selectors)
    ]  # fmt: skip
    if not closing:
        enable.problem = "healthlint-enable with no matching healthlint-disable"
        return
    for block in closing:
        block.last = enable.line
        open_blocks.remove(block)
    enable.used = True


def apply(
    findings: Iterable[Finding], directives: Sequence[Directive], rules: Sequence[Rule]
) -> tuple[list[Finding], list[Directive]]:
    """Drop suppressed findings; return them and the directives that did nothing.

    Directives are grouped by the rules they name and swept along the lines
    with the findings, so the cost grows with findings plus directives times
    rules, never findings times directives (20,000 directives took minutes).
    """
    by_code = {rule.code: rule for rule in rules}
    ordered = sorted(findings, key=lambda f: f.line)
    sweeps: dict[str | None, _Sweep] = {}
    kept = []
    for finding in ordered:
        rule = by_code.get(finding.code)
        key = rule.code if rule is not None else None
        if key not in sweeps:
            sweeps[key] = _Sweep([d for d in directives if _silences_rule(d, rule)])
        if not sweeps[key].covers(finding.line):
            kept.append(finding)
    return kept, [d for d in directives if not d.problem and not d.used]


def _silences_rule(directive: Directive, rule: Rule | None) -> bool:
    if directive.problem or directive.kind == "enable":
        return False
    if not directive.selectors:
        return True
    return rule is not None and any(specificity(s, rule) for s in directive.selectors)


class _Sweep:
    """The directives for one rule, visited in order of the lines asked about.

    Lines must be asked in increasing order. Every directive whose range holds
    the line is marked used (each is marked once and then set aside), and
    whether any range holds it is answered from the merged ranges.
    """

    def __init__(self, directives: list[Directive]) -> None:
        self.waiting = sorted(directives, key=lambda d: d.first, reverse=True)
        self.open: list[tuple[int, int, Directive]] = []  # heap by last line
        self.reach = 0  # the last line some directive seen so far covers
        self.starts = [d.first for d in sorted(directives, key=lambda d: d.first)]
        self.ends = list(
            itertools.accumulate(
                (d.last for d in sorted(directives, key=lambda d: d.first)), max
            )
        )

    def covers(self, line: int) -> bool:
        """True when some directive's range holds ``line``; marks those used."""
        while self.waiting and self.waiting[-1].first <= line:
            directive = self.waiting.pop()
            heapq.heappush(self.open, (directive.last, id(directive), directive))
        while self.open and self.open[0][0] < line:
            heapq.heappop(self.open)
        for _last, _key, directive in self.open:
            directive.used = True
        self.open.clear()  # marked: nothing more to learn from them
        started = bisect.bisect_right(self.starts, line)
        return started > 0 and self.ends[started - 1] >= line


def reports(
    directives: Sequence[Directive], unused: Sequence[Directive], active: Sequence[Rule]
) -> list[tuple[str, Directive, str]]:
    """(code, directive, problem) for each directive worth reporting.

    An unused directive that names only rules not running now is left alone: it
    may matter under another configuration.
    """
    out = [(MALFORMED, d, d.problem) for d in directives if d.problem]
    for directive in unused:
        names = directive.selectors
        if not names or any(specificity(s, r) for s in names for r in active):
            out.append((UNUSED, directive, "it suppresses nothing"))
    return out
