"""``requires``: a trigger needs support close by.

"Studies show" needs a citation in the same sentence or the next; a statistic
needs a source. Support is a pattern (a DOI, ``[1]``, "(Smith 2021)", "according
to the CDC") or a link that lies in the window.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from healthlint.document import BlockKind, Document, Span
from healthlint.kinds._common import (
    Exceptions,
    SentenceIndex,
    TextPattern,
    as_bool,
    as_int,
    compile_patterns,
    matches_in_scope,
    read_exceptions,
)
from healthlint.rule import Match, Rule

KEYS = frozenset(
    {"triggers", "support", "before", "after", "links_support", "exceptions", "later"}
)


@dataclass(frozen=True)
class Compiled:
    """Trigger and support patterns with the sentence window around a trigger."""

    triggers: TextPattern
    support: TextPattern | None
    later: TextPattern | None
    before: int
    after: int
    links_support: bool
    exceptions: Exceptions


def compile_options(options: Mapping[str, object]) -> Compiled:
    """Validate and compile a requires rule's options.

    Support patterns are case-sensitive (an author-year citation needs its
    capital); write ``(?i:...)`` where case should not matter. ``later``
    patterns (case-insensitive, like triggers) limit the rule to triggers that
    such a pattern follows somewhere further on in the document: "the work was
    in mice" three paragraphs below a claim. The document is scanned for them
    once, not once per trigger, so the rule stays linear in the text.
    """
    triggers = compile_patterns(options, "triggers")
    assert triggers is not None  # noqa: S101
    return Compiled(
        triggers=triggers,
        support=compile_patterns(options, "support", required=False, ignore_case=False),
        later=compile_patterns(options, "later", required=False),
        before=as_int(options, "before", 0),
        after=as_int(options, "after", 1),
        links_support=as_bool(options, "links_support", default=True),
        exceptions=read_exceptions(options),
    )


def check(rule: Rule, doc: Document) -> Iterator[Match]:
    """Yield each unexcused trigger with no support in its window of sentences."""
    compiled = rule.compiled
    assert isinstance(compiled, Compiled)  # noqa: S101
    index = SentenceIndex(doc)
    links = _Links(doc) if compiled.links_support else None
    last_later = _last_start(doc, compiled.later)
    reported: set[Span] = set()
    supported: dict[Span, bool] = {}  # by window: triggers often share one
    for hit in matches_in_scope(compiled.triggers, doc, rule.scope):
        span = Span(hit.start(), hit.end())
        if last_later is not None and last_later < span.end:
            continue  # nothing the rule needs follows this trigger
        sentence = index.containing(span)
        if sentence is None or sentence in reported:
            continue
        if compiled.exceptions.excuse(doc, sentence, span):
            continue
        window = index.window(sentence, compiled.before, compiled.after)
        if window not in supported:
            supported[window] = _supported(doc, window, compiled, links)
        if not supported[window]:
            reported.add(sentence)  # one finding per sentence is enough
            yield Match(rule, span, doc.text[span.start : span.end])


def _last_start(doc: Document, later: TextPattern | None) -> int | None:
    """Where the last ``later`` match starts; -1 when there is none."""
    if later is None:
        return None
    last = -1
    for match in later.finditer(doc):
        last = match.start()
    return last


class _Links:
    """Link spans, asked "does any overlap this window?" in O(log n)."""

    def __init__(self, doc: Document) -> None:
        spans = sorted(b.span for b in doc.blocks_of(BlockKind.LINK) if b.href)
        self.starts = [s.start for s in spans]
        self.reach = list(itertools.accumulate((s.end for s in spans), max))

    def overlap(self, window: Span) -> bool:
        """True when some link shares a character with ``window``."""
        before_end = bisect.bisect_left(self.starts, window.end)
        return before_end > 0 and self.reach[before_end - 1] > window.start


def _supported(
    doc: Document, window: Span, compiled: Compiled, links: _Links | None
) -> bool:
    if links is not None and links.overlap(window):
        return True
    support = compiled.support
    return (
        support is not None
        and support.search(doc, window.start, window.end) is not None
    )
