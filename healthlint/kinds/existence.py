"""``existence``: a pattern appears where the writer asserts it.

Hits that are negated, quoted, asked as a question, hedged or part of an allowed
phrase are dropped, each only where the rule asks for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from healthlint.document import Document, Span
from healthlint.kinds._common import (
    Exceptions,
    SentenceIndex,
    TextPattern,
    as_bool,
    compile_patterns,
    matches_in_scope,
    read_exceptions,
)
from healthlint.rule import Match, Rule

KEYS = frozenset({"patterns", "exceptions", "case_sensitive"})


@dataclass(frozen=True)
class Compiled:
    """The rule's joined pattern and its exception tests."""

    pattern: TextPattern
    exceptions: Exceptions


def compile_options(options: Mapping[str, object]) -> Compiled:
    """Validate and compile an existence rule's options."""
    ignore_case = not as_bool(options, "case_sensitive", default=False)
    pattern = compile_patterns(options, "patterns", ignore_case=ignore_case)
    assert pattern is not None  # noqa: S101 (required=True guarantees it)
    return Compiled(pattern, read_exceptions(options))


def check(rule: Rule, doc: Document) -> Iterator[Match]:
    """Yield each hit of the rule's patterns that is not excused by its context."""
    compiled = rule.compiled
    assert isinstance(compiled, Compiled)  # noqa: S101
    index = SentenceIndex(doc)
    for hit in matches_in_scope(compiled.pattern, doc, rule.scope):
        span = Span(hit.start(), hit.end())
        sentence = index.containing(span)
        if sentence is None or compiled.exceptions.excuse(doc, sentence, span):
            continue
        yield Match(rule, span, doc.text[span.start : span.end])
