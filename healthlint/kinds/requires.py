"""``requires``: a trigger needs support close by.

"Studies show" needs a citation in the same sentence or the next; a statistic
needs a source. Support is a pattern (a DOI, ``[1]``, "(Smith 2021)", "according
to the CDC") or a link that lies in the window.
"""

from __future__ import annotations

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
    {"triggers", "support", "before", "after", "links_support", "exceptions"}
)


@dataclass(frozen=True)
class Compiled:
    """Trigger and support patterns with the sentence window around a trigger."""

    triggers: TextPattern
    support: TextPattern | None
    before: int
    after: int
    links_support: bool
    exceptions: Exceptions


def compile_options(options: Mapping[str, object]) -> Compiled:
    """Validate and compile a requires rule's options.

    Support patterns are case-sensitive (an author-year citation needs its
    capital); write ``(?i:...)`` where case should not matter.
    """
    triggers = compile_patterns(options, "triggers")
    assert triggers is not None  # noqa: S101
    return Compiled(
        triggers=triggers,
        support=compile_patterns(options, "support", required=False, ignore_case=False),
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
    links = [b.span for b in doc.blocks_of(BlockKind.LINK) if b.href]
    reported: set[Span] = set()
    for hit in matches_in_scope(compiled.triggers, doc, rule.scope):
        span = Span(hit.start(), hit.end())
        sentence = index.containing(span)
        if sentence is None or sentence in reported:
            continue
        if compiled.exceptions.excuse(doc, sentence, span):
            continue
        window = index.window(sentence, compiled.before, compiled.after)
        if not _supported(doc, window, compiled, links):
            reported.add(sentence)  # one finding per sentence is enough
            yield Match(rule, span, doc.text[span.start : span.end])


def _supported(
    doc: Document, window: Span, compiled: Compiled, links: list[Span]
) -> bool:
    if compiled.links_support and any(window.overlaps(link) for link in links):
        return True
    support = compiled.support
    return (
        support is not None
        and support.search(doc, window.start, window.end) is not None
    )
