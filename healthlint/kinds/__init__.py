"""Rule kinds: each a small module that knows how to check one shape of rule.

A kind offers ``KEYS`` (the YAML keys it adds), ``compile_options`` (validate and
prepare once, at load time) and ``check`` (a pure function from a rule and a
document to matches). Kinds know nothing of files or output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from healthlint.document import Document
from healthlint.kinds import (
    acronym,
    document,
    existence,
    grade,
    links,
    meta,
    metadata,
    metric,
    requires,
    substitution,
)
from healthlint.kinds._common import OptionError
from healthlint.rule import Match, Rule


@dataclass(frozen=True)
class Kind:
    """A kind's three parts, gathered for the registry."""

    name: str
    keys: frozenset[str]
    compile_options: Callable[[Mapping[str, object]], object]
    check: Callable[[Rule, Document], Iterator[Match]]


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("existence", existence.KEYS, existence.compile_options, existence.check),
        Kind("requires", requires.KEYS, requires.compile_options, requires.check),
        Kind("document", document.KEYS, document.compile_options, document.check),
        Kind("links", links.KEYS, links.compile_options, links.check),
        Kind(
            "substitution",
            substitution.KEYS,
            substitution.compile_options,
            substitution.check,
        ),
        Kind("metadata", metadata.KEYS, metadata.compile_options, metadata.check),
        Kind("metric", metric.KEYS, metric.compile_options, metric.check),
        Kind("acronym", acronym.KEYS, acronym.compile_options, acronym.check),
        Kind("meta", meta.KEYS, meta.compile_options, meta.check),
        Kind("grade", grade.KEYS, grade.compile_options, grade.check),
    )
}

__all__ = ["KINDS", "Kind", "OptionError"]
