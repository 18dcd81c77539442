"""Collect healthlint's rule patterns and make them safe to join into one regex.

Why: the floor (``floor.py``) should scan with the same patterns healthlint's rules
use, so the gap between the two is the cost of everything around the matching. When
healthlint's rule pack cannot be imported (it is still being written, or installed in
another interpreter) a small fixed list stands in, and the results say so.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

# Used only when healthlint's rules cannot be loaded: generic health-article cues of
# the kinds the rule pack targets (absolute claims, numbers, evidence, costs, advice).
FALLBACK_PATTERNS = (
    r"\bcures?\b",
    r"\bmiracle\b",
    r"\bbreakthrough\b",
    r"\bguarantee[sd]?\b",
    r"\bproven?\b",
    r"\bdetox\w*",
    r"\d+(?:\.\d+)?\s?(?:%|percent)",
    r"\$\s?\d[\d,]*",
    r"\b(?:cost|price|insurance)s?\b",
    r"\b(?:mice|rats|in vitro)\b",
    r"\brandomi[sz]ed\b",
    r"\bplacebo\b",
    r"\bside[ -]effects?\b",
    r"\b(?:may|might|could)\s+(?:help|reduce|prevent|cause)\b",
    r"\btalk (?:to|with) your (?:doctor|physician)\b",
    r"\bfund(?:ed|ing)\b",
)

# Option keys whose values healthlint compiles as regexes (besides "*patterns"):
# the brief's "triggers" and "requires", and "support" / "disclosure", which the
# requires and links kinds compile too. "imperatives" and exception "phrases" are
# plain words, not regexes, so they stay out.
PATTERN_KEYS = ("triggers", "requires", "support", "disclosure")
# Matched case-sensitively by healthlint (the requires kind's "support"); so are all
# patterns of a rule whose options say case_sensitive: true. Everything else is
# matched with IGNORECASE, as healthlint.kinds._common.compile_patterns does.
CASE_SENSITIVE_KEYS = ("support",)
LEADING_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")
NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_]\w*>")
BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


def strings_in(value: object) -> Iterator[str]:
    """Yield the strings in a value that may be a string or a (nested) list of them."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        for item in value:
            yield from strings_in(item)


def is_pattern_key(key: object) -> bool:
    """Keys ending in 'patterns', plus the other regex-valued keys above."""
    return isinstance(key, str) and (key.endswith("patterns") or key in PATTERN_KEYS)


def rule_patterns(options: Mapping[str, object]) -> Iterator[tuple[str, bool]]:
    """(regex, ignore case) for every pattern in one rule's options."""
    rule_ignores_case = not options.get("case_sensitive", False)
    for key, value in options.items():
        if is_pattern_key(key):
            ignore_case = rule_ignores_case and key not in CASE_SENSITIVE_KEYS
            yield from ((pattern, ignore_case) for pattern in strings_in(value))


def load_rule_patterns(repo: Path) -> list[tuple[str, bool]]:
    """Import healthlint's built-in rules; return (regex, ignore case) for each pattern.

    The repository root is appended to ``sys.path`` so an uninstalled checkout works
    too; any failure propagates so the caller can fall back and say why.
    """
    if str(repo) not in sys.path:
        sys.path.append(str(repo))
    from healthlint.rulepack import load_builtin_rules  # noqa: PLC0415

    patterns: list[tuple[str, bool]] = []
    for rule in load_builtin_rules():
        patterns.extend(rule_patterns(dict(rule.options)))
    return patterns


def scoped(pattern: str, ignore_case: bool) -> str | None:
    """Rewrite a pattern so it can sit inside an alternation, or None if it cannot.

    Its case rule becomes a scoped group (``(?i:...)`` or ``(?:...)``), merged with
    any leading global flags such as ``(?s)``; named groups lose their names (two
    rules may use the same name); patterns with backreferences are dropped because
    joining renumbers groups.
    """
    if BACKREFERENCE.search(pattern):
        return None
    pattern = NAMED_GROUP.sub("(?:", pattern)
    flags = ""
    leading = LEADING_FLAGS.match(pattern)
    if leading:
        flags, pattern = leading.group(1), pattern[leading.end() :]
    if ignore_case and "i" not in flags:
        flags += "i"
    return f"(?{flags}:{pattern})"


def compiles(patterns: list[str]) -> bool:
    """True when the alternation of ``patterns`` is a valid Python regex."""
    try:
        re.compile("|".join(patterns))
    except re.error:
        return False
    return True


def combinable(patterns: Iterable[tuple[str, bool]]) -> tuple[list[str], int]:
    """The distinct patterns that join into one regex, and how many were dropped."""
    unique = list(dict.fromkeys(patterns))
    candidates = [s for s in (scoped(p, i) for p, i in unique) if s is not None]
    if compiles(candidates):
        return candidates, len(unique) - len(candidates)
    kept: list[str] = []
    for candidate in candidates:
        if compiles([*kept, candidate]):
            kept.append(candidate)
    return kept, len(unique) - len(kept)


def floor_patterns(repo: Path, notes: list[str]) -> tuple[list[str], str]:
    """The floor's regex parts and a one-line note of where they came from."""
    try:
        raw = load_rule_patterns(repo)
        source = "healthlint.rulepack.load_builtin_rules()"
    except Exception as exc:  # any import or load error means: use the stand-in list
        raw = [(pattern, True) for pattern in FALLBACK_PATTERNS]
        source = "fixed fallback list (healthlint.rulepack not importable)"
        notes.append(
            "The floor used a fixed fallback list of regexes, not healthlint's rule "
            f"patterns: importing healthlint.rulepack failed ({type(exc).__name__}: "
            f"{str(exc)[:120]})."
        )
    if not raw:
        raw = [(pattern, True) for pattern in FALLBACK_PATTERNS]
        source = "fixed fallback list (healthlint's rules had no patterns)"
        notes.append("healthlint's rules had no patterns; the floor used a fixed list.")
    kept, dropped = combinable(raw)
    if dropped:
        distinct = len(dict.fromkeys(raw))
        notes.append(
            f"The floor left out {dropped} of {distinct} distinct patterns that could "
            "not be joined into one Python regex (backreferences or invalid syntax)."
        )
    sensitive = sum(1 for _, ignore_case in dict.fromkeys(raw) if not ignore_case)
    return kept, f"{source}: {len(kept)} patterns ({sensitive} case-sensitive)"


def rule_scans(repo: Path) -> list[dict[str, object]]:
    """Each rule's joined pattern as healthlint scans it, for the per-rule floor.

    One entry per compiled pattern of every rule: its source and flags, and the
    lower-cased twin healthlint runs on lower-cased text where it has one. The
    floor then does exactly healthlint's scanning, and nothing else.
    """
    if str(repo) not in sys.path:
        sys.path.append(str(repo))
    from healthlint.kinds._common import TextPattern  # noqa: PLC0415
    from healthlint.rulepack import load_builtin_rules  # noqa: PLC0415

    scans: list[dict[str, object]] = []
    for rule in load_builtin_rules():
        compiled = getattr(rule.compiled, "__dict__", {})
        for value in compiled.values():
            if isinstance(value, TextPattern):
                folded = value.folded.pattern if value.folded is not None else None
                scans.append(
                    {"source": value.source, "flags": value.flags, "folded": folded}
                )
    return scans
