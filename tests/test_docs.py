"""The committed rule docs are exactly what ``healthlint docs`` renders today."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from healthlint.cli import cli
from healthlint.ruledocs import render_site
from healthlint.rulepack import load_builtin_rules

from .conftest import ROOT, run_healthlint

DOCS = ROOT / "docs" / "rules"


def test_committed_pages_match_a_fresh_render() -> None:
    pages = render_site(load_builtin_rules())
    committed = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    assert set(committed) == set(pages), "run: healthlint docs --out docs/rules"
    stale = sorted(name for name, text in pages.items() if committed[name] != text)
    assert stale == [], "run: healthlint docs --out docs/rules"


def test_docs_command_writes_pages_and_removes_retired_ones(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "HL999.md").write_text("# HL999 retired-rule\n\nOld.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["docs", "--out", str(out)])
    assert result.exit_code == 0
    names = {p.name for p in out.iterdir()}
    assert "HL999.md" not in names
    assert {"index.md", "HL101.md", "HL401.md"} <= names
    index = (out / "index.md").read_text(encoding="utf-8")
    assert (
        "| [HL101](HL101.md) | unsupported-absolute-claim | warning | stable |" in index
    )
    page = (out / "HL101.md").read_text(encoding="utf-8")
    for heading in (
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## References",
    ):
        assert heading in page


def test_changelog_names_every_rule() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    missing = [
        r.code
        for r in load_builtin_rules()
        if f"- {r.code} `{r.slug}`" not in changelog
    ]
    assert missing == [], "add a CHANGELOG line for each new rule"


def test_docs_never_touch_files_they_did_not_write(tmp_path: Path) -> None:
    """The repro: ``healthlint docs --out .`` deleted README.md and CHANGELOG.md."""
    mine = {"README.md": "# My project\n", "CHANGELOG.md": "# Changes\n"}
    for name, text in mine.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "HL998.md").write_text("My notes on HL998.\n", encoding="utf-8")
    done = run_healthlint(tmp_path, "docs", "--out", ".")
    assert done.returncode == 0, done.stderr
    for name, text in mine.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text
    assert (tmp_path / "HL998.md").exists()
    assert (tmp_path / "HL101.md").exists()


def test_docs_refuse_to_overwrite_a_page_of_someone_else(tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("# My index\n", encoding="utf-8")
    done = run_healthlint(tmp_path, "docs", "--out", ".")
    assert done.returncode == 2
    assert "index.md exists and was not written by 'healthlint docs'" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.md"]
