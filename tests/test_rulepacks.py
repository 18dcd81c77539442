"""The rule data itself: well formed, unique, documented, and its examples behave."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from healthlint.config import Config
from healthlint.document import Format
from healthlint.engine import build_session, lint_source
from healthlint.rulepack import (
    RulePackError,
    builtin_rules_dir,
    load_builtin_rules,
    load_pack,
    load_packs,
)

RULES = load_builtin_rules()


def test_builtin_packs_load() -> None:
    assert len(RULES) >= 6
    assert {r.slug for r in RULES} >= {
        "unsupported-absolute-claim",
        "missing-citation",
        "promotional-link",
        "missing-clinician-advice",
    }


def test_codes_and_slugs_are_unique_and_well_formed() -> None:
    names = [name for r in RULES for name in r.names]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert re.fullmatch(r"HL\d{3}", rule.code)
        assert re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", rule.slug)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_docs_are_complete(rule: object) -> None:
    docs = rule.docs
    for section in ("what", "why", "example", "use_instead"):
        assert len(getattr(docs, section).split()) >= 3, section
    assert docs.references
    message = rule.message
    assert message.rstrip().endswith((".", "?")), "messages are full sentences"


def _lint_alone(code: str, text: str) -> list[str]:
    session = build_session(Config(select=(code,), readability=False))
    return [
        f.code for f in lint_source("doc.md", text, Format.MARKDOWN, session).findings
    ]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_docs_example_fires_and_use_instead_does_not(rule: object) -> None:
    code = rule.code
    docs = rule.docs
    assert code in _lint_alone(code, docs.example), "the example must trigger the rule"
    assert code not in _lint_alone(code, docs.use_instead), "use_instead must not"


def test_pack_files_are_sorted_by_code() -> None:
    for path in builtin_rules_dir().glob("*.yaml"):
        codes = [r.code for r in load_pack(path)]
        assert codes == sorted(codes), path.name


GOOD_RULE = """\
pack: custom
title: Custom
prefix: HL7
rules:
  - code: HL701
    slug: custom-rule
    status: stable
    since: "0.1.0"
    kind: existence
    severity: warning
    scope: sentence
    message: "'{match}' is not allowed."
    patterns: ['\\bwidget\\b']
    docs:
      what: Flags widgets in prose.
      why: Widgets confuse readers.
      example: Buy a widget.
      use_instead: Buy a gadget.
      references: ["House style"]
"""

BROKEN = [
    (
        "    patterns:",
        "    patern:",
        r":13: unknown key 'patern' in rule HL701 \(did you mean 'patterns'\?\)",
    ),
    ("['\\bwidget\\b']", "['(unclosed']", r":13: bad regex '\(unclosed' in 'patterns'"),
    (
        "code: HL701",
        "code: HL101",
        r":5: code 'HL101' is outside the pack prefix 'HL7'",
    ),
    ("code: HL701", "code: H701", r":5: code 'H701' must be HL and three digits"),
    ("kind: existence", "kind: existance", r":9: unknown kind 'existance' \(choose "),
    (
        "severity: warning",
        "severity: fatal",
        r":10: unknown severity 'fatal' \(choose info, warning, error\) in rule HL701",
    ),
    (
        '      references: ["House style"]\n',
        "",
        r":14: 'references' in the docs of rule HL701 must be a non-empty list",
    ),
    (
        "slug: custom-rule",
        "slug: Custom_Rule",
        r":6: slug 'Custom_Rule' in rule HL701 must be kebab-case",
    ),
    ("title: Custom\n", "", r":1: missing required key 'title' in the pack"),
    ("scope: sentence", "scope: [x", r":\d+: invalid YAML"),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), BROKEN, ids=[b[2][:30] for b in BROKEN]
)
def test_broken_pack_gives_one_line_error(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in GOOD_RULE
    path = tmp_path / "custom.yaml"
    path.write_text(GOOD_RULE.replace(old, new), encoding="utf-8")
    with pytest.raises(RulePackError) as info:
        load_pack(path)
    first = info.value.lines[0]
    assert "\n" not in first
    assert first.startswith(str(path))
    assert re.search(expected, first), first


def test_good_custom_pack_loads(tmp_path: Path) -> None:
    path = tmp_path / "custom.yaml"
    path.write_text(GOOD_RULE, encoding="utf-8")
    (rule,) = load_pack(path)
    assert (rule.code, rule.slug, rule.pack) == ("HL701", "custom-rule", "custom")


def test_duplicate_codes_across_packs(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(GOOD_RULE, encoding="utf-8")
    with pytest.raises(RulePackError, match="duplicate code or slug 'HL701'"):
        load_packs(sorted(tmp_path.glob("*.yaml")))
