"""Every rule against its fixture: cases that must fire and cases that must not.

A fixture is ``tests/fixtures/rules/<CODE>.yaml`` with a list of cases. Each case is
linted as its own document with only that rule selected, and ``expect`` lists the
exact text of every expected finding (so the span is checked, not just the line).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from healthlint.config import Config
from healthlint.document import Format
from healthlint.engine import build_session, lint_source
from healthlint.rulepack import load_builtin_rules

from .conftest import FIXTURES

RULE_FIXTURES = FIXTURES / "rules"
FORMATS = {"md": Format.MARKDOWN, "txt": Format.TEXT, "html": Format.HTML}
MIN_CASES = 4
RULES = [r for r in load_builtin_rules() if r.status.value != "removed"]


def load_cases(code: str) -> list[dict[str, object]]:
    data = yaml.safe_load((RULE_FIXTURES / f"{code}.yaml").read_text(encoding="utf-8"))
    assert data["rule"] == code
    cases = data["cases"]
    assert isinstance(cases, list)
    return cases


def all_cases() -> list[tuple[str, int, dict[str, object]]]:
    out = []
    for rule in RULES:
        path = RULE_FIXTURES / f"{rule.code}.yaml"
        if path.exists():
            out.extend(
                (rule.code, i, case) for i, case in enumerate(load_cases(rule.code))
            )
    return out


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_has_enough_cases(rule: object) -> None:
    code = rule.code
    path = RULE_FIXTURES / f"{code}.yaml"
    assert path.exists(), f"{code} has no fixture file"
    cases = load_cases(code)
    firing = [c for c in cases if c.get("expect")]
    silent = [c for c in cases if not c.get("expect")]
    assert len(firing) >= MIN_CASES, f"{code}: only {len(firing)} must-fire cases"
    assert len(silent) >= MIN_CASES, f"{code}: only {len(silent)} must-not cases"
    assert all(c.get("why") for c in silent), (
        f"{code}: say why each must-not case is silent"
    )


@pytest.mark.parametrize(
    ("code", "index", "case"),
    all_cases(),
    ids=[f"{c}-{i}-{k.get('name', '')}" for c, i, k in all_cases()],
)
def test_fixture_case(code: str, index: int, case: dict[str, object]) -> None:
    session = build_session(Config(select=(code,), readability=False))
    fmt = FORMATS[str(case.get("format", "md"))]
    text = str(case["text"])
    report = lint_source(f"case{index}.{case.get('format', 'md')}", text, fmt, session)
    found = [f.text for f in report.findings]
    assert found == list(case.get("expect") or []), case.get("name")
    for finding in report.findings:
        assert finding.code == code


def test_no_fixture_without_a_rule() -> None:
    codes = {r.code for r in RULES}
    orphans = sorted(
        p.stem for p in Path(RULE_FIXTURES).glob("*.yaml") if p.stem not in codes
    )
    assert orphans == []
