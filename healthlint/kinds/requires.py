"""``requires``: a trigger needs support close by, or anywhere it can be tied to.

"Studies show" needs a citation in the same sentence or the next; a statistic
needs a source. Support is a pattern (a DOI, ``[1]``, "(Smith 2021)", "according
to the CDC") or a link that lies in the window.

Some triggers point at one particular piece of work ("the study found", "the
researchers said"): in a news story the study is named once, often paragraphs
away, and every later "the researchers" refers to it. These ``tied_triggers`` are
supported by a source anywhere in the article.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from healthlint.document import Block, BlockKind, Document, Span
from healthlint.kinds._common import (
    Exceptions,
    SentenceIndex,
    TextPattern,
    as_bool,
    as_int,
    compile_patterns,
    matches_in_scope,
    read_exceptions,
    string_list,
)
from healthlint.rule import Match, Rule

KEYS = frozenset(
    {
        "triggers",
        "tied_triggers",
        "support",
        "before",
        "after",
        "links_support",
        "unsupporting_links",
        "source_hosts",
        "context",
        "context_before",
        "document_support",
        "exceptions",
        "later",
    }
)


@dataclass(frozen=True)
class Compiled:
    """Trigger and support patterns with the sentence window around a trigger."""

    triggers: TextPattern
    tied: TextPattern | None
    support: TextPattern | None
    before: int
    after: int
    links_support: bool
    exceptions: Exceptions
    unsupporting_links: TextPattern | None = None
    source_hosts: tuple[str, ...] = ()
    context: TextPattern | None = None
    context_before: int = 0
    document_support: TextPattern | None = None
    later: TextPattern | None = None


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
        tied=compile_patterns(options, "tied_triggers", required=False),
        support=compile_patterns(options, "support", required=False, ignore_case=False),
        before=as_int(options, "before", 0),
        after=as_int(options, "after", 1),
        links_support=as_bool(options, "links_support", default=True),
        unsupporting_links=compile_patterns(
            options, "unsupporting_links", required=False
        ),
        exceptions=read_exceptions(options),
        context=compile_patterns(options, "context", required=False),
        context_before=as_int(options, "context_before", 0),
        document_support=compile_patterns(
            options, "document_support", required=False, ignore_case=False
        ),
        later=compile_patterns(options, "later", required=False),
        source_hosts=tuple(
            h.lower().lstrip(".")
            for h in string_list(options, "source_hosts", required=False)
        ),
    )


def check(rule: Rule, doc: Document) -> Iterator[Match]:
    """Yield each unexcused trigger with no support where it needs one."""
    compiled = rule.compiled
    assert isinstance(compiled, Compiled)  # noqa: S101
    index = SentenceIndex(doc)
    # Support the whole article gives every trigger: a reference list, or the
    # randomised design of the trial a story reports.
    if compiled.document_support and compiled.document_support.search(doc):
        return
    links = _Spans(_link_spans(doc, compiled)) if compiled.links_support else None
    last_later = _last_start(doc, compiled.later)
    sourced = compiled.tied is not None and _sourced_anywhere(doc, compiled)
    reported: set[Span] = set()
    supported: dict[Span, bool] = {}  # by window: triggers often share one
    for hit, tied in _hits(rule, doc, compiled):
        span = Span(hit.start(), hit.end())
        if last_later is not None and last_later < span.end:
            continue  # nothing the rule needs follows this trigger
        sentence = index.containing(span)
        if sentence is None or sentence in reported:
            continue
        if compiled.exceptions.excuse(doc, sentence, span):
            continue
        if not _in_context(doc, index, sentence, compiled):
            continue
        if tied and sourced:
            continue
        window = index.window(sentence, compiled.before, compiled.after)
        if window not in supported:
            supported[window] = _supported(doc, window, compiled, links)
        if supported[window]:
            continue
        reported.add(sentence)  # one finding per sentence is enough
        yield Match(rule, span, doc.text[span.start : span.end])


def _hits(
    rule: Rule, doc: Document, compiled: Compiled
) -> Iterator[tuple[re.Match[str], bool]]:
    """Triggers in document order, each marked True when it is a tied trigger.

    A trigger inside a tied one ("research suggests" in "new research suggests")
    is the same reference, so the tied reading wins.
    """
    tied = (
        list(matches_in_scope(compiled.tied, doc, rule.scope))
        if compiled.tied is not None
        else []
    )
    tied_spans = _Spans([Span(t.start(), t.end()) for t in tied])
    hits = [(h, True) for h in tied]
    hits += [
        (h, False)
        for h in matches_in_scope(compiled.triggers, doc, rule.scope)
        if not tied_spans.overlap(Span(h.start(), h.end()))
    ]
    return iter(sorted(hits, key=lambda pair: pair[0].start()))


def _last_start(doc: Document, later: TextPattern | None) -> int | None:
    """Where the last ``later`` match starts; -1 when there is none."""
    if later is None:
        return None
    last = -1
    for match in later.finditer(doc):
        last = match.start()
    return last


def _link_spans(doc: Document, compiled: Compiled) -> list[Span]:
    """Links that may stand as a source: any, but a shop's or a booking page's.

    ``unsupporting_links`` are matched against a link's address and its words;
    "Source: our shop" is not where a claim can be checked.
    """
    unsupporting = compiled.unsupporting_links
    return [
        link.span
        for link in doc.blocks_of(BlockKind.LINK)
        if link.href
        and (unsupporting is None or not _sells(doc, link, link.href, unsupporting))
    ]


def _sells(doc: Document, link: Block, href: str, patterns: TextPattern) -> bool:
    """True when the link's address or its words match ``unsupporting_links``."""
    words = doc.text[link.span.start : link.span.end]
    return bool(patterns.search_text(href) or patterns.search_text(words))


class _Spans:
    """Spans, asked "does any overlap this one?" in O(log n), not O(n)."""

    def __init__(self, spans: Sequence[Span]) -> None:
        ordered = sorted(spans)
        self.starts = [s.start for s in ordered]
        self.reach = list(itertools.accumulate((s.end for s in ordered), max))

    def overlap(self, span: Span) -> bool:
        """True when some span shares a character with ``span``."""
        before_end = bisect.bisect_left(self.starts, span.end)
        return before_end > 0 and self.reach[before_end - 1] > span.start


def _in_context(
    doc: Document, index: SentenceIndex, sentence: Span, compiled: Compiled
) -> bool:
    """True without a ``context``, or when the sentence or its neighbours have it.

    A causal verb is an overclaim only where research is reported; a headline's
    claim is reported by the sentence after it, and the headline and lead of an
    article that reports research anywhere state its findings; "so it can
    protect your brain too" generalises the mouse result of the sentence before.
    """
    if compiled.context is None:
        return True
    after = 1 if _is_heading(doc, sentence) else 0
    near = index.window(sentence, compiled.context_before, after)
    if compiled.context.search(doc, near.start, near.end) is not None:
        return True
    # The headline and lead state what the article's research found.
    return (
        _in_lead(index, sentence) and compiled.context.search(doc, near.end) is not None
    )


LEAD_SENTENCES = 2


def _in_lead(index: SentenceIndex, sentence: Span) -> bool:
    """True for the first sentences of the document: its headline and lead."""
    return sentence in index.sentences[:LEAD_SENTENCES]


def _is_heading(doc: Document, sentence: Span) -> bool:
    return any(
        block.span.contains(sentence) for block in doc.blocks_of(BlockKind.HEADING)
    )


def _sourced_anywhere(doc: Document, compiled: Compiled) -> bool:
    """A checkable source anywhere: a support pattern, or a link to a source host.

    Any link does not do here: a link to a clinic's booking page sits in the same
    article as "the researchers found" without being the study.
    """
    support = compiled.support
    if support is not None and support.search(doc) is not None:
        return True
    return any(
        _host_matches(block.href or "", compiled.source_hosts)
        for block in doc.blocks_of(BlockKind.LINK)
    )


def _host_matches(href: str, hosts: tuple[str, ...]) -> bool:
    host = (urlsplit(href).hostname or "").lower()
    return bool(host) and any(host == h or host.endswith("." + h) for h in hosts)


def _supported(
    doc: Document, window: Span, compiled: Compiled, links: _Spans | None
) -> bool:
    if links is not None and links.overlap(window):
        return True
    support = compiled.support
    return (
        support is not None
        and support.search(doc, window.start, window.end) is not None
    )
