"""Which rules run: select, extend-select and ignore by code, prefix, slug or pack.

As in flake8 and ruff, the most specific selector wins: ``--ignore HL1 --select
HL101`` keeps HL101. Unknown selectors are errors, with a suggestion, because a
typo in CI would otherwise silently turn a rule off.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from healthlint.model import Severity
from healthlint.rule import Rule, Status

ALL = "ALL"
_PREFIX = re.compile(r"^HL\d{0,3}$")


class SelectionError(ValueError):
    """A selector names no rule, code prefix or pack."""


def specificity(selector: str, rule: Rule) -> int:
    """How precisely ``selector`` names ``rule``; 0 when it does not name it."""
    if selector in rule.names:
        return 100
    if _PREFIX.match(selector) and rule.code.startswith(selector):
        return 1 + len(selector)
    if selector == rule.pack:
        return 1
    if selector == ALL:
        return 1
    return 0


def validate(selectors: Iterable[str], rules: Iterable[Rule]) -> None:
    """Raise SelectionError for a selector that matches nothing."""
    rules = tuple(rules)
    known = {name for r in rules for name in r.names} | {r.pack for r in rules} | {ALL}
    for selector in selectors:
        if selector in known or (
            _PREFIX.match(selector) and any(r.code.startswith(selector) for r in rules)
        ):
            continue
        close = difflib.get_close_matches(selector, sorted(known), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise SelectionError(f"unknown rule, prefix or pack '{selector}'{hint}")


def _best(selectors: Iterable[str], rule: Rule) -> int:
    return max((specificity(s, rule) for s in selectors), default=0)


def select_rules(
    rules: Iterable[Rule],
    select: Iterable[str] = (),
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    severity: Mapping[str, Severity] | None = None,
) -> tuple[Rule, ...]:
    """The rules to run, with severity overrides applied.

    With no ``select`` every stable rule runs; preview rules run only when named.
    Removed rules never run.
    """
    rules = tuple(rules)
    chosen_select = tuple(select) or (ALL,)
    selectors = (*chosen_select, *extend_select)
    validate((*selectors, *ignore, *(severity or {})), rules)
    out = []
    for rule in rules:
        if rule.status is Status.REMOVED:
            continue
        wanted = _best(selectors, rule)
        if rule.status is Status.PREVIEW and wanted < 100:
            continue
        if wanted and wanted > _best(ignore, rule):
            out.append(_with_severity(rule, severity or {}))
    return tuple(out)


def _with_severity(rule: Rule, overrides: Mapping[str, Severity]) -> Rule:
    ranked = sorted(
        ((specificity(sel, rule), level) for sel, level in overrides.items()),
        key=lambda pair: pair[0],
    )
    ranked = [pair for pair in ranked if pair[0]]
    return replace(rule, severity=ranked[-1][1]) if ranked else rule
