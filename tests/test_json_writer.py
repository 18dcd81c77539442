"""The JSON writer gives the bytes ``json.dumps(..., indent=2)`` gives."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from healthlint.config import Config
from healthlint.document import Format
from healthlint.engine import build_session, lint_source
from healthlint.formatters import json_format

REPO = Path(__file__).resolve().parent.parent
ODD = 'quote " back \\ tab \t nul \x00 bell \x07 é ’ \u2028 \u2029 \x85 \U0001f600'


def reference(value: object) -> str:
    return textwrap.indent(json.dumps(value, indent=2, ensure_ascii=False), "    ")


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": [], "b": {}, "c": [1, -2, 2.5, -0.0, 1e16, 1e-7, True, False, None]},
        {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")},
        {"text": 'plain é ’ \U0001f600 "q" \\ \t \x00 \x1f'},
        [[{"x": [{}]}]],
    ],
)
def test_encode_matches_json_dumps(value: object) -> None:
    assert "    " + json_format.encode(value, "    ") == reference(value)


def test_files_match_json_dumps_whatever_their_text() -> None:
    session = build_session(Config())
    texts = [
        p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").iterdir())
    ]
    texts.append(f"# Title {ODD}\n\nThis miracle cure {ODD} is 100% safe. {ODD}\n")
    findings = 0
    for index, text in enumerate(texts):
        report = lint_source(f"doc{index}.md", text, Format.MARKDOWN, session)
        findings += len(report.findings)
        expected = reference(json_format.file_dict(report))
        for first in (True, False):
            start = "\n" if first else ",\n"
            assert json_format.format_file(report, first) == start + expected
    assert findings > 0
