"""Which rules run: select, extend-select and ignore by code, prefix, slug or pack.

Layers are applied in order, each later one winning, as in ruff: ``select``
replaces the set, ``extend-select`` adds to it, ``ignore`` takes from it. Within
one layer the most specific selector wins, as in flake8, so ``ignore: [HL1]``
with ``extend-select: [HL101]`` keeps HL101. Preview rules run only when named
exactly, or named by code prefix or pack in ``extend-select``. Unknown
selectors are errors with a suggestion, because a typo in CI would otherwise
silently turn a rule off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from healthlint import regexsafety
from healthlint.config import ConfigError, Layer
from healthlint.kinds import KINDS, OptionError
from healthlint.lazyregex import lazy
from healthlint.model import Severity
from healthlint.rule import Rule, Status

ALL = "ALL"
PREVIEW = "PREVIEW"
EXACT = 100
_PREFIX = lazy(r"^HL\d{0,3}$")


class SelectionError(ValueError):
    """A selector names no rule, code prefix or pack."""


def specificity(selector: str, rule: Rule) -> int:
    """How precisely ``selector`` names ``rule``; 0 when it does not name it."""
    if selector in rule.names or selector.lower() in rule.names:
        return EXACT
    if selector == PREVIEW:
        # Naming every preview rule at once counts as naming each one exactly.
        return EXACT if rule.status is Status.PREVIEW else 0
    if _PREFIX.match(selector) and rule.code.startswith(selector):
        return 1 + len(selector)
    if selector in (rule.pack, ALL):
        return 1
    return 0


def validate(selectors: Iterable[str], rules: Sequence[Rule], origin: str = "") -> None:
    """Raise SelectionError for a selector that matches nothing."""
    known = {n for r in rules for n in r.names} | {r.pack for r in rules} | {ALL}
    for selector in selectors:
        if any(specificity(selector, r) for r in rules) or selector in (ALL, PREVIEW):
            continue
        import difflib  # noqa: PLC0415 (only to hint at a mistake)

        close = difflib.get_close_matches(selector, sorted(known), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        where = f"{origin}: " if origin and origin != "command line" else ""
        raise SelectionError(f"{where}unknown rule, prefix or pack '{selector}'{hint}")


def _best(selectors: Iterable[str], rule: Rule) -> int:
    return max((specificity(s, rule) for s in selectors), default=0)


def _allowed(rule: Rule, strength: int, named_in_extend: bool) -> bool:
    """Preview rules run when named exactly, or when extend-select names them.

    ``extend-select: [balance]`` or ``[HL15]`` asks for more than the default
    set, preview rules included; ``select: [ALL]`` (every default profile
    says it) and ``extend-select: [ALL]`` do not.
    """
    if rule.status is Status.REMOVED:
        return False
    return rule.status is not Status.PREVIEW or strength >= EXACT or named_in_extend


def _apply_layer(layer: Layer, rules: Sequence[Rule], active: set[str]) -> set[str]:
    after = set() if layer.select is not None else set(active)
    extending = [s for s in layer.extend_select if s != ALL]
    for rule in rules:
        chosen = _best(layer.select or (), rule)
        added = _best(layer.extend_select, rule)
        dropped = _best(layer.ignore, rule)
        wanted = max(chosen, added)
        named = _best(extending, rule) > dropped
        if wanted > dropped and _allowed(rule, wanted, named):
            after.add(rule.code)
        elif dropped > wanted:
            after.discard(rule.code)
    return after


def _severities(layers: Sequence[Layer], rule: Rule) -> Severity:
    level = rule.severity
    for layer in layers:
        ranked = [(specificity(s, rule), lvl) for s, lvl in layer.severity.items()]
        ranked = [pair for pair in ranked if pair[0]]
        if ranked:
            level = max(ranked, key=lambda pair: pair[0])[1]
    return level


def _options(layers: Sequence[Layer], rule: Rule) -> Rule:
    merged: dict[str, object] = {}
    origin = ""
    for layer in layers:
        for name, options in layer.rule_options.items():
            if specificity(name, rule) == EXACT:
                merged.update(options)
                origin = layer.origin
    if not merged:
        return rule
    return with_options(rule, merged, origin)


def with_options(rule: Rule, overrides: Mapping[str, object], origin: str) -> Rule:
    """The rule with some options replaced, compiled again by its kind."""
    kind = KINDS[rule.kind]
    unknown = sorted(set(overrides) - kind.keys)
    if unknown:
        import difflib  # noqa: PLC0415 (only to hint at a mistake)

        close = difflib.get_close_matches(unknown[0], sorted(kind.keys), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        problem = f"unknown option '{unknown[0]}' for rule {rule.code}{hint}"
        raise ConfigError(f"{origin}: 'rule-options': {problem}")
    unsafe = regexsafety.unsafe_option(overrides)
    if unsafe is not None:
        key, pattern, reason = unsafe
        problem = f"pattern {pattern!r} in '{key}' for rule {rule.code} can take "
        raise ConfigError(
            f"{origin}: 'rule-options': {problem}exponential time: {reason}"
        )
    options = {**rule.options, **overrides}
    try:
        compiled = kind.compile_options(options)
    except OptionError as exc:
        raise ConfigError(
            f"{origin}: 'rule-options': {exc} for rule {rule.code}"
        ) from None
    return replace(rule, options=options, compiled=compiled)


def resolve(rules: Sequence[Rule], layers: Sequence[Layer]) -> tuple[Rule, ...]:
    """The rules to run after every layer, with severities and options applied."""
    for layer in layers:
        names = (
            *(layer.select or ()),
            *layer.extend_select,
            *layer.ignore,
            *layer.severity,
            *layer.rule_options,
        )
        validate(names, rules, layer.origin)
    active: set[str] = set()
    for layer in layers:
        active = _apply_layer(layer, rules, active)
    chosen = [r for r in rules if r.code in active]
    return tuple(
        _options(layers, replace(r, severity=_severities(layers, r))) for r in chosen
    )
