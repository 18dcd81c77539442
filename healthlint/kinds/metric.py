"""``metric``: a measured value against a threshold that depends on the reader.

``measure`` names what is counted; ``max`` is either one number or a mapping from
document type to a number, with ``default`` for the types not listed and ``null``
for a type that is not checked. The type comes from ``doc.meta["type"]``, which
the engine always sets to the resolved document type.

- ``sentence_words``: one match per sentence (in the rule's scope) longer than
  the limit; the span is the sentence.
- ``list_items``: one match on the first item of each list longer than the
  limit. Parsers emit list items as separate blocks, so items that follow one
  another with only white space between them count as one list (nested items
  count towards their parent list).

Message fields: ``{value}`` (what was measured) and ``{max}`` (the limit).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from healthlint.document import Block, BlockKind, Document, Span
from healthlint.furniture import covers
from healthlint.kinds._common import OptionError, as_int, furniture_of, in_scope
from healthlint.lazyregex import lazy
from healthlint.rule import Match, Rule, Scope

KEYS = frozenset({"measure", "max", "margin"})

_WORD = lazy(r"[^\W_]+(?:[’'.-][^\W_]+)*")


@dataclass(frozen=True)
class Compiled:
    """What to measure and the limit for each document type."""

    measure: str
    limits: Mapping[str, int | None]
    margin: int = 0

    def limit_for(self, doc: Document) -> int | None:
        """The limit for the document's type; None when the type is not checked."""
        doc_type = str(doc.meta.get("type") or "default")
        return self.limits.get(doc_type, self.limits["default"])


def compile_options(options: Mapping[str, object]) -> Compiled:
    """Validate ``measure`` and ``max``."""
    measure = options.get("measure")
    if measure not in MEASURES:
        choices = ", ".join(sorted(MEASURES))
        raise OptionError("measure", f"'measure' must be one of: {choices}")
    return Compiled(
        str(measure),
        MappingProxyType(_limits(options.get("max"))),
        as_int(options, "margin", 0),
    )


def _limits(raw: object) -> dict[str, int | None]:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return {"default": _limit(raw, "default")}
    if not isinstance(raw, Mapping) or not raw:
        raise OptionError("max", "'max' must be a number or a mapping of type: number")
    limits = {str(t).lower(): _limit(value, str(t)) for t, value in raw.items()}
    if "default" not in limits:
        raise OptionError("max", "'max' needs a 'default' (null to check no others)")
    return limits


def _limit(value: object, doc_type: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    raise OptionError(
        "max", f"'max' for '{doc_type}' must be a whole number >= 1 or null"
    )


def check(rule: Rule, doc: Document) -> Iterator[Match]:
    """Yield a match for each measured unit over the limit for this document."""
    compiled = rule.compiled
    assert isinstance(compiled, Compiled)  # noqa: S101
    limit = compiled.limit_for(doc)
    if limit is None:
        return
    furniture = furniture_of(doc)
    for span, value in MEASURES[compiled.measure](doc, rule.scope):
        if value > limit + compiled.margin and not covers(furniture, span):
            fields = {"value": str(value), "max": str(limit)}
            yield Match(rule, span, doc.text[span.start : span.end], fields=fields)


def sentence_words(doc: Document, scope: Scope) -> Iterator[tuple[Span, int]]:
    """Each sentence in scope with its number of words."""
    starts = [s.start for s in doc.sentences]
    for area in in_scope(doc, scope):
        first = bisect.bisect_left(starts, area.start)
        last = bisect.bisect_left(starts, area.end)
        for sentence in doc.sentences[first:last]:
            words = _WORD.findall(doc.text, sentence.start, sentence.end)
            yield sentence, len(words)


def list_items(doc: Document, scope: Scope) -> Iterator[tuple[Span, int]]:
    """Each list (a run of adjacent items) as its first item and its length."""
    del scope  # a list is a list wherever it stands
    for run in lists(doc):
        yield run[0].span, len(run)


def lists(doc: Document) -> Iterator[list[Block]]:
    """Runs of list items with nothing but white space between them."""
    run: list[Block] = []
    for block in doc.blocks:
        if block.kind is BlockKind.LINK:
            continue  # links are inline, inside the item that holds them
        if block.kind is BlockKind.LIST_ITEM and run and _adjacent(doc, run[-1], block):
            run.append(block)
            continue
        if run:
            yield run
        run = [block] if block.kind is BlockKind.LIST_ITEM else []
    if run:
        yield run


def _adjacent(doc: Document, before: Block, after: Block) -> bool:
    return not doc.text[before.span.end : after.span.start].strip()


MEASURES: Mapping[str, Callable[[Document, Scope], Iterator[tuple[Span, int]]]] = {
    "sentence_words": sentence_words,
    "list_items": list_items,
}
