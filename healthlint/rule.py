"""Rules as data: what a YAML entry becomes once it has been validated."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from healthlint.document import Span
from healthlint.model import Severity


class Status(enum.StrEnum):
    """Life cycle of a rule; codes are never reused, so removed rules stay listed."""

    STABLE = "stable"
    PREVIEW = "preview"
    DEPRECATED = "deprecated"
    REMOVED = "removed"


class Scope(enum.StrEnum):
    """Where in a document a rule looks."""

    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LINK = "link"
    DOCUMENT = "document"


@dataclass(frozen=True)
class RuleDocs:
    """The sections every rule documents, in the order they are printed."""

    what: str
    why: str
    example: str
    use_instead: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """One validated rule. ``compiled`` holds what its kind prepared at load time."""

    code: str
    slug: str
    pack: str
    kind: str
    severity: Severity
    status: Status
    since: str
    message: str
    scope: Scope
    options: Mapping[str, object]
    docs: RuleDocs
    aliases: tuple[str, ...] = ()
    suggestion: str | None = None
    origin: str = ""
    compiled: object = field(default=None, repr=False, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a user may select this rule by (code, slug, aliases)."""
        return (self.code, self.slug, *self.aliases)


@dataclass(frozen=True, slots=True)
class Match:
    """A rule's hit: a span of prose plus values for the message template."""

    rule: Rule
    span: Span
    text: str
    fields: Mapping[str, str] = field(default_factory=dict)
    suggestion: str | None = None
    fix: str | None = None  # replacement for the matched text, safe to apply unread
