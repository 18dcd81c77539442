"""The language server's pure parts, in process: positions, settings, links, worker."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.lsp.docslinks import rule_page
from healthlint.lsp.jobs import Job, Outcome, pack, unpack
from healthlint.lsp.positions import UTF8, UTF16, UTF32, Lines
from healthlint.lsp.settings import Settings, read_settings
from healthlint.lsp.worker import BufferLinter

from .conftest import ROOT

SOURCE = "# Café 🌙\n🌙🌙 It cures colds.\nlast"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [(UTF16, (1, 8)), (UTF8, (1, 12)), (UTF32, (1, 6))],
)
def test_columns_after_non_bmp_characters(
    encoding: str, expected: tuple[int, int]
) -> None:
    # "cures" starts at character 7 of line 2, after two emoji and a space.
    lines = Lines(SOURCE, encoding)
    assert lines.to_client(2, 7) == expected
    assert lines.to_client(1, 1) == (0, 0)


def test_text_between_positions_spans_lines() -> None:
    lines = Lines(SOURCE)
    assert lines.text((2, 7), (2, 12)) == "cures"
    assert lines.text((1, 3), (3, 3)) == "Café 🌙\n🌙🌙 It cures colds.\nla"
    assert lines.line(9) == ""


def test_settings_flat_nested_and_wrong() -> None:
    base = Settings()
    flat, problems = read_settings({"readability": "hover"}, base, "init")
    assert (flat.readability, problems) == ("hover", [])
    nested, _ = read_settings({"healthlint": {"debounceMs": 0}}, base, "settings")
    assert nested.debounce_ms == 0
    same, problems = read_settings(
        {"debounceMs": True, "docsUrl": "https://x.example/", "colour": 1}, base, "init"
    )
    assert same == base
    assert problems == [
        "init: 'debounceMs' must be milliseconds from 0 to 5000, not True",
        "init: 'docsUrl' must be a URL template containing {code}, "
        "not 'https://x.example/'",
        "init: unknown setting 'colour'",
    ]
    assert read_settings(None, base, "init") == (base, [])
    assert read_settings(["x"], base, "init")[1] == [
        "init: expected an object of settings, not ['x']"
    ]
    cleared, _ = read_settings({"docsUrl": ""}, base, "init")
    assert cleared.docs_url is None


def test_rule_pages_only_for_rule_codes() -> None:
    assert rule_page("HL101") == (ROOT / "docs" / "rules" / "HL101.md").as_uri()
    assert rule_page("HL999") is None  # no such page
    assert rule_page("../../etc/passwd") is None
    assert rule_page("HL101", "https://x.example/{code}.html") == (
        "https://x.example/HL101.html"
    )


def test_frames_round_trip() -> None:
    job = Job("file:///a.md", 3, "/a.md", "/a.md", "It cures.", "markdown")
    assert unpack(pack(job)[4:]) == job


def test_worker_refuses_documents_over_the_size_limit(tmp_path: Path) -> None:
    text = "It cures colds. " * 350_000  # 5.6 MB
    path = tmp_path / "big.md"
    outcome = BufferLinter().run(
        Job(path.as_uri(), 1, str(path), str(path), text, "markdown")
    )
    assert outcome.problem == "document is 5.6 MB, over the 5.2 MB limit"
    assert outcome.report is None


def test_a_bad_buffer_is_a_problem_not_a_crash() -> None:
    linter = BufferLinter()
    broken = linter.run(Job("untitled:1", 1, "untitled:1", None, "x", "rtf"))
    assert broken.problem == "internal error while linting: 'rtf' is not a valid Format"
    fine = linter.run(
        Job("untitled:1", 2, "untitled:1", None, "It cures colds.", "text")
    )
    assert isinstance(fine, Outcome)
    assert [f.code for f in fine.report.findings if f.code == "HL101"] == ["HL101"]
