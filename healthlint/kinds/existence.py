"""``existence``: a pattern appears where the writer asserts it.

Hits that are negated, quoted, asked as a question, hedged or part of an allowed
phrase are dropped, each only where the rule asks for it. ``types`` limits a rule
to documents of those types (a testimonial sells on a clinic page, not in news).
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
    string_list,
)
from healthlint.rule import Match, Rule, Scope

KEYS = frozenset({"patterns", "exceptions", "case_sensitive", "types"})


@dataclass(frozen=True)
class Compiled:
    """The rule's joined pattern and its exception tests."""

    pattern: TextPattern
    exceptions: Exceptions
    types: frozenset[str] = frozenset()


def compile_options(options: Mapping[str, object]) -> Compiled:
    """Validate and compile an existence rule's options."""
    ignore_case = not as_bool(options, "case_sensitive", default=False)
    pattern = compile_patterns(options, "patterns", ignore_case=ignore_case)
    assert pattern is not None  # noqa: S101 (required=True guarantees it)
    types = frozenset(string_list(options, "types", required=False))
    return Compiled(pattern, read_exceptions(options), types)


def check(rule: Rule, doc: Document) -> Iterator[Match]:
    """Yield each hit of the rule's patterns that is not excused by its context."""
    compiled = rule.compiled
    assert isinstance(compiled, Compiled)  # noqa: S101
    if compiled.types and doc.meta.get("type", "default") not in compiled.types:
        return
    index = SentenceIndex(doc)
    for hit in matches_in_scope(compiled.pattern, doc, rule.scope):
        span = Span(hit.start(), hit.end())
        sentence = _sentence_of(index, span, rule.scope)
        if sentence is None or compiled.exceptions.excuse(doc, sentence, span):
            continue
        yield Match(rule, span, doc.text[span.start : span.end])


def _sentence_of(index: SentenceIndex, span: Span, scope: Scope) -> Span | None:
    """The sentence a hit is read in.

    A sentence-scoped hit must lie inside one sentence; a paragraph-scoped one
    (a quoted testimonial of several sentences) is read in the sentence where it
    starts.
    """
    if scope is Scope.PARAGRAPH:
        return index.starting(span)
    return index.containing(span)
