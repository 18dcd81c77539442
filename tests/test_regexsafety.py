"""Patterns that can backtrack exponentially are refused when their pack loads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from healthlint import regexsafety
from healthlint.rulepack import builtin_rules_dir

from .conftest import HOUSE_PACK, run_healthlint

UNSAFE = [
    r"(a+)+$", r"(\w+\s?)*$", r"(a*)*", r"(x+x+)+y", r"(?:x*y?)+", r"(a|aa)*b",
    r"(\w|\w\d)+$", r"(.*a){12}", r"(?:\w+|-)+$",
]  # fmt: skip
SAFE = [
    r"\bcures?\b", r"(?:\w+,\s*)+", r"(?: [\w'’-]+){0,3}? (?:cancer|pain)\b",
    r"\[\d+(?:\s?[,–-]\s?\d+)*\]", r"(?:mg|ml)+", r"(?:\s|-)+", r"cures.*cancer",
    r"(?:a|b)+", r"((ab)*c)*", r"(?:(?!x).)+", r"(ab?)*$", r"(\w|\d)+",
    r"\b(?:(?:very|so)\s*)+cures?",
]  # fmt: skip


@pytest.mark.parametrize("pattern", UNSAFE)
def test_unsafe_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(regexsafety.UnsafePatternError):
        regexsafety.check(pattern, ignore_case=True)


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_pass(pattern: str) -> None:
    regexsafety.check(pattern, ignore_case=True)


def test_every_shipped_pattern_passes() -> None:
    """The shipped packs are trusted at load time because this test checks them."""
    for path in sorted(builtin_rules_dir().glob("*.yaml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            options = {k: v for k, v in rule.items() if k not in {"docs", "message"}}
            assert regexsafety.unsafe_option(options) is None, rule["code"]


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(\w+\s?)*$"])
def test_a_user_pack_with_an_exponential_pattern_is_refused_at_load(
    tmp_path: Path, pattern: str
) -> None:
    """The repro: one short line stalled the run past any timeout."""
    (tmp_path / "house.yaml").write_text(
        HOUSE_PACK.format(patterns=f"['{pattern}']"), "utf-8"
    )
    (tmp_path / "a.md").write_text("a" * 40 + "!\n" + "word " * 30 + "!\n", "utf-8")
    done = run_healthlint(
        tmp_path, "check", "--isolated", "--rules", "house.yaml", "a.md"
    )
    assert done.returncode == 2
    assert done.stderr.startswith(
        f"healthlint: error: house.yaml:13: pattern {pattern!r} in 'patterns' of "
        "rule HL701 can take exponential time: a quantifier inside a quantified "
        "group"
    )


def test_a_config_override_with_an_exponential_pattern_is_refused(
    tmp_path: Path,
) -> None:
    (tmp_path / ".healthlint.yaml").write_text(
        "rule-options:\n  HL101: {patterns: ['(a+)+$']}\n", encoding="utf-8"
    )
    (tmp_path / "a.md").write_text("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n", "utf-8")
    done = run_healthlint(tmp_path, "check", "a.md")
    assert done.returncode == 2
    assert (
        "'rule-options': pattern '(a+)+$' in 'patterns' for rule HL101" in done.stderr
    )


def test_the_refused_shapes_really_are_slow() -> None:
    """Why the check exists: 24 characters already take a measurable time."""
    assert re.search(r"(a+)+$", "a" * 18 + "!") is None  # ~0.1 s; 30 would be hours
