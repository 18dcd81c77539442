"""The JSON writer gives the bytes ``json.dumps(..., indent=2)`` gives."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from healthlint.config import Config
from healthlint.document import Format
from healthlint.engine import build_session, lint_source
from healthlint.formatters import json_format

from .conftest import healthlint_command, subprocess_env

REPO = Path(__file__).resolve().parent.parent
ODD = 'quote " back \\ tab \t nul \x00 bell \x07 é ’ \u2028 \u2029 \x85 \U0001f600'


def reference(value: object) -> str:
    """json.dumps, each line indented; lines end at "\\n" only, never inside a
    string at U+2028, U+2029 or NEL (which textwrap.indent would break at)."""
    dumped = json.dumps(value, indent=2, ensure_ascii=False)
    return "\n".join("    " + line for line in dumped.split("\n"))


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
            written = json_format.format_file(report, first)
            assert written == start + expected
            values = json.loads(json.dumps(json_format.file_dict(report)))
            assert json.loads(written.removeprefix(",")) == values
    assert findings > 0


def test_a_line_separator_in_a_file_name_survives_the_report(tmp_path: Path) -> None:
    """U+2028 is a line end to str.splitlines, but inside a JSON string it is text."""
    name = "a\u2028b\x85c.md"
    (tmp_path / name).write_text("This cures cancer.\n", encoding="utf-8")
    run = subprocess.run(
        [*healthlint_command(), "check", "--isolated", "--no-cache",
         "--format", "json", name],
        cwd=tmp_path, capture_output=True, text=True, encoding="utf-8",
        env=subprocess_env(), check=False,
    )  # fmt: skip
    assert json.loads(run.stdout)["files"][0]["path"] == name
