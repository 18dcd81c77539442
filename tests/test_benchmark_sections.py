"""RESULTS.md is shared: a benchmark replaces its own section and leaves the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import load_benchmark

sections = load_benchmark("sections", "healthlint_bench_sections")


def wrapped(name: str, body: str) -> str:
    begin, end = sections.markers(name)
    return f"{begin}\n{body}\n{end}\n"


def test_a_section_is_replaced_and_the_others_kept(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(
        "# Benchmarks\n\n"
        + wrapped("speed", "old speed")
        + "\n"
        + wrapped("audit", "audit"),
        encoding="utf-8",
    )
    sections.write_section(results, "speed", wrapped("speed", "new speed"))
    text = results.read_text(encoding="utf-8")
    assert "new speed" in text
    assert "old speed" not in text
    assert text.startswith("# Benchmarks\n\n")
    assert text.endswith(wrapped("audit", "audit"))


def test_a_new_section_goes_at_the_end(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(wrapped("audit", "audit"), encoding="utf-8")
    sections.write_section(results, "lsp", wrapped("lsp", "latency"))
    assert results.read_text(encoding="utf-8") == wrapped(
        "audit", "audit"
    ) + "\n" + wrapped("lsp", "latency")


def test_a_section_without_its_markers_is_refused(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(wrapped("audit", "audit"), encoding="utf-8")
    with pytest.raises(ValueError, match="markers"):
        sections.write_section(results, "audit", "no markers here\n")
    assert results.read_text(encoding="utf-8") == wrapped("audit", "audit")


def test_the_machine_lines_name_the_command_and_the_load() -> None:
    lines = sections.machine_lines("benchmarks/x.py", ["--fast"], (1.0, 2.5, 3.25))
    assert lines[1] == "- Command: `python benchmarks/x.py --fast`"
    assert lines[-1].endswith(": 1.00, 2.50, 3.25")
    assert [line.split(":")[0] for line in lines] == [
        "- Date", "- Command", "- Machine", "- Python",
        "- Load average when it started (other work on the machine)",
    ]  # fmt: skip
