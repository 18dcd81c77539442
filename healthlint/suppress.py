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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from healthlint.document import BlockKind, Document, LineIndex
from healthlint.model import Finding
from healthlint.rule import Rule
from healthlint.selection import specificity

KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
_COMMENT = re.compile(r"<!--\s*(healthlint[\w-]*)(.*?)-->", re.DOTALL)
_TEXT_LINE = re.compile(r"^[ \t]*(healthlint-[\w-]+)(.*?)[ \t]*\r?$", re.MULTILINE)
_SEPARATOR = re.compile(r"[,\s]+")
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

    def covers(self, finding: Finding, rule: Rule | None) -> bool:
        """True when this directive silences ``finding`` of ``rule``."""
        if not self.first <= finding.line <= self.last:
            return False
        if not self.selectors:
            return True
        return rule is not None and any(specificity(s, rule) for s in self.selectors)


def find_directives(doc: Document, rules: Sequence[Rule]) -> list[Directive]:
    """Every directive in the source, outside code blocks, with its range resolved."""
    lines = LineIndex(doc.source)
    code = [(b.line, b.end_line) for b in doc.blocks_of(BlockKind.CODE)]
    pattern = _TEXT_LINE if doc.format.value == "text" else _COMMENT
    found = []
    for hit in pattern.finditer(doc.source):
        start, end = lines.position(hit.start()), lines.position(hit.end())
        if any(first <= start.line <= last for first, last in code):
            continue
        directive = Directive(
            hit.group(1).removeprefix("healthlint-"), (), start.line, start.column,
            end.line, end.column, hit.group(0).strip(),
        )  # fmt: skip
        _read_body(directive, hit.group(2), rules)
        found.append(directive)
    _resolve_ranges(found, lines.count)
    return found


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


def _silences(directive: Directive, finding: Finding, rule: Rule | None) -> bool:
    if directive.problem or directive.kind == "enable":
        return False
    return directive.covers(finding, rule)


def apply(
    findings: Iterable[Finding], directives: Sequence[Directive], rules: Sequence[Rule]
) -> tuple[list[Finding], list[Directive]]:
    """Drop suppressed findings; return them and the directives that did nothing."""
    by_code = {rule.code: rule for rule in rules}
    kept = []
    for finding in findings:
        rule = by_code.get(finding.code)
        covering = [d for d in directives if _silences(d, finding, rule)]
        for directive in covering:
            directive.used = True
        if not covering:
            kept.append(finding)
    return kept, [d for d in directives if not d.problem and not d.used]


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
