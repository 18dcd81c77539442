"""``meta``: rules about healthlint's own directives (HL9xx).

Their findings come from the suppression step, which sees every other finding;
the kind exists so that these rules are data like the rest: selectable,
configurable and documented. Its ``check`` finds nothing in prose.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from healthlint.document import Document
from healthlint.rule import Match, Rule

KEYS: frozenset[str] = frozenset()


def compile_options(options: Mapping[str, object]) -> None:
    """Meta rules take no options."""
    del options


def check(rule: Rule, doc: Document) -> Iterator[Match]:
    """Nothing to find in prose; see healthlint.suppress."""
    del rule, doc
    return iter(())
