"""``metadata``: an article names its author, date, reviewer or sources.

Any one of these satisfies the rule:

- ``keys``: a front-matter (or HTML ``<meta>``) key with a non-empty value;
- ``patterns``: a visible pattern anywhere in the prose ("By Jane Doe",
  "Medically reviewed by", "Last updated 3 May 2024");
- ``headings``: a pattern found in a heading's text ("References").

``types`` limits the rule to some document types, read from ``doc.meta["type"]``
(the engine always sets it to the resolved type). A finding needs a span, so a
missing item is reported once, on the first heading (where a byline or date
usually goes) or, in an article with no heading, on its first sentence.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from healthlint.document import BlockKind, Document, Span
from healthlint.kinds._common import (
    OptionError,
    TextPattern,
    compile_patterns,
    string_list,
)
from healthlint.rule import Match, Rule

KEYS = frozenset({"keys", "patterns", "headings", "types"})


@dataclass(frozen=True)
class Compiled:
    """The ways an article can show the item, and the types that need it."""

    keys: tuple[str, ...]
    patterns: TextPattern | None
    headings: TextPattern | None
    types: frozenset[str]


def compile_options(options: Mapping[str, object]) -> Compiled:
    """Validate the options; at least one of keys, patterns or headings is needed."""
    compiled = Compiled(
        keys=string_list(options, "keys", required=False),
        patterns=compile_patterns(options, "patterns", required=False),
        headings=compile_patterns(options, "headings", required=False),
        types=frozenset(
            t.lower() for t in string_list(options, "types", required=False)
        ),
    )
    if not (compiled.keys or compiled.patterns or compiled.headings):
        raise OptionError("keys", "give at least one of 'keys', 'patterns', 'headings'")
    return compiled


def check(rule: Rule, doc: Document) -> Iterator[Match]:
    """Yield one match, on the first heading or sentence, when the item is missing."""
    compiled = rule.compiled
    assert isinstance(compiled, Compiled)  # noqa: S101
    doc_type = str(doc.meta.get("type") or "default")
    if compiled.types and doc_type not in compiled.types:
        return
    if present(compiled, doc):
        return
    span = anchor(doc)
    if span is not None:
        text = doc.text[span.start : span.end]
        yield Match(rule, span, text, fields={"type": doc_type})


def present(compiled: Compiled, doc: Document) -> bool:
    """True when front matter, the prose or a heading shows the item."""
    if any(_filled(doc.meta.get(key)) for key in compiled.keys):
        return True
    if compiled.patterns is not None and compiled.patterns.search(doc):
        return True
    if compiled.headings is None:
        return False
    # Searched as separate strings, so '^' and '$' anchor to the heading itself.
    return any(
        compiled.headings.search_text(doc.text[h.span.start : h.span.end])
        for h in doc.blocks_of(BlockKind.HEADING)
    )


def _filled(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | dict | tuple):
        return bool(value)
    return True  # a date or number read from YAML front matter


def anchor(doc: Document) -> Span | None:
    """Where to report something the whole article lacks."""
    headings = doc.blocks_of(BlockKind.HEADING)
    if headings:
        return headings[0].span
    return doc.sentences[0] if doc.sentences else None
