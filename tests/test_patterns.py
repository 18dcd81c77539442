"""Folded matching: lower-cased patterns on lower-cased text find exactly what
case-insensitive matching finds, for every shipped rule."""

from __future__ import annotations

import re

import pytest

from healthlint.document import Format
from healthlint.kinds._common import TextPattern, compile_patterns
from healthlint.parsers import parse
from healthlint.rulepack import load_builtin_rules
from healthlint.twins import fold_pattern

from .conftest import EXAMPLES


@pytest.mark.parametrize(
    ("pattern", "folded"),
    [
        (r"\bCures?\b", r"\bcures?\b"),
        (r"\W+[A-Z]\S", r"\W+[a-z]\S"),
        (r"(?P<t1>Ab)(?P=t1)", r"(?P<t1>ab)(?P=t1)"),
        (r"(?:NO|Not) (?:\w+ )?Side", r"(?:no|not) (?:\w+ )?side"),
    ],
)
def test_fold_pattern_keeps_escapes_and_group_syntax(pattern: str, folded: str) -> None:
    assert fold_pattern(pattern) == folded


def test_patterns_with_case_flags_are_not_folded() -> None:
    compiled = compile_patterns({"p": [r"visit (?-i:[A-Z]\w+) Clinic"]}, "p")
    assert compiled is not None
    assert compiled.folded is None


def all_patterns() -> list[tuple[str, TextPattern]]:
    found = []
    for rule in load_builtin_rules():
        for name, value in (
            vars(rule.compiled).items() if hasattr(rule.compiled, "__dict__") else ()
        ):
            if isinstance(value, TextPattern) and value.folded is not None:
                found.append((f"{rule.code}.{name}", value))
    return found


DOCS = [
    parse(
        p.name,
        p.read_text(encoding="utf-8"),
        Format.MARKDOWN
        if p.suffix == ".md"
        else Format.HTML
        if p.suffix == ".html"
        else Format.TEXT,
    )
    for p in sorted(EXAMPLES.iterdir())
]
DOCS.append(
    parse(
        "mixed.md",
        "CURES, Cures and cures. NO SIDE EFFECTS. Studies SHOW it. Ça CURES.",
        Format.MARKDOWN,
    )
)


@pytest.mark.parametrize(
    ("name", "pattern"), all_patterns(), ids=[n for n, _ in all_patterns()]
)
def test_folded_and_exact_find_the_same_spans(name: str, pattern: TextPattern) -> None:
    for doc in DOCS:
        assert doc.folded is not None
        exact = [m.span() for m in pattern.exact.finditer(doc.text)]
        folded = [m.span() for m in pattern.finditer(doc)]
        assert folded == exact, (name, doc.path)


def test_text_whose_lower_case_changes_length_uses_exact_matching() -> None:
    doc = parse("a.md", "İstanbul clinic CURES colds.", Format.MARKDOWN)
    assert doc.folded is None
    pattern = compile_patterns({"p": [r"\bcures\b"]}, "p")
    assert pattern is not None
    assert [doc.text[m.start() : m.end()] for m in pattern.finditer(doc)] == ["CURES"]
    assert re.compile(r"\bcures\b", re.I).search(doc.text) is not None
