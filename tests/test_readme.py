"""The README shows real output and the real rule table, and its commands are CI's."""

from __future__ import annotations

import re
import subprocess
from contextlib import chdir

from click.testing import CliRunner

from healthlint.cli import cli
from healthlint.rulepack import load_builtin_rules

from .conftest import ROOT

README = ROOT / "README.md"
BLOCK = "<!-- begin: {name} -->\n{body}<!-- end: {name} -->"


def examples_output() -> str:
    runner = CliRunner()
    with chdir(ROOT):
        result = runner.invoke(cli, ["check", "--isolated", "examples/"])
    return f"```text\n$ healthlint check examples/\n{result.stdout}```\n"


def statistics_output() -> str:
    runner = CliRunner()
    with chdir(ROOT):
        result = runner.invoke(
            cli, ["check", "--isolated", "--statistics", "examples/"]
        )
    return f"```text\n$ healthlint check --statistics examples/\n{result.stdout}```\n"


def rule_table() -> str:
    lines = ["| code | slug | severity | flags |", "|---|---|---|---|"]
    for rule in load_builtin_rules():
        first = rule.docs.what.split(". ")[0].split(": ")[0].rstrip(".")
        summary = first.removeprefix("Flags ").replace("|", "\\|")
        lines.append(
            f"| {rule.code} | `{rule.slug}` | {rule.severity.label} | {summary}. |"
        )
    return "\n".join(lines) + "\n"


def check_block(name: str, body: str, update: bool) -> None:
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(
        re.escape(f"<!-- begin: {name} -->\n")
        + r".*?"
        + re.escape(f"<!-- end: {name} -->"),
        re.S,
    )
    wanted = BLOCK.format(name=name, body=body)
    assert pattern.search(text), f"README has no {name} block"
    if update:
        README.write_text(pattern.sub(lambda _: wanted, text), encoding="utf-8")
        return
    assert pattern.search(text).group(0) == wanted, (
        f"README {name} is stale: run pytest --update-golden"
    )  # type: ignore[union-attr]


def test_readme_shows_real_example_output(update_golden: bool) -> None:
    check_block("examples-output", examples_output(), update_golden)


def test_readme_shows_real_statistics(update_golden: bool) -> None:
    check_block("statistics-output", statistics_output(), update_golden)


def test_readme_rule_table_is_current(update_golden: bool) -> None:
    check_block("rule-table", rule_table(), update_golden)


def test_ci_runs_the_readme_test_command() -> None:
    readme = README.read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    test_command = next(c for c in commands if "pytest" in c and "[test]" in c)
    pytest_part = test_command.split("&& ", 3)[-1]
    assert pytest_part in ci
    assert 'pip install --quiet -e ".[test]"' in ci
    install = next(c for c in commands if "healthlint check examples/" in c)
    assert "pip install ." in install


def test_ci_script_is_valid_bash() -> None:
    subprocess.run(["bash", "-n", str(ROOT / ".ci" / "run")], check=True)
