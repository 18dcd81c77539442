"""The ``healthlint`` command. Parses options, calls the engine, prints; no logic."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from healthlint import __version__
from healthlint.config import DEFAULT_MAX_FILE_SIZE, Config
from healthlint.discovery import discover
from healthlint.engine import Session, build_session, lint_inputs
from healthlint.formatters import FORMATTERS
from healthlint.model import ExitCode, Report, Severity
from healthlint.ruledocs import render_terminal
from healthlint.rulepack import (
    RulePackError,
    load_builtin_rules,
    load_packs,
    rules_by_name,
)
from healthlint.selection import SelectionError

_SEVERITIES = [s.label for s in Severity]


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Accept ``--select HL1,HL2`` and ``--select HL1 --select HL2`` alike."""
    return tuple(
        part.strip() for value in values for part in value.split(",") if part.strip()
    )


def _fail(message: str) -> None:
    click.echo(f"healthlint: error: {message}", err=True)
    sys.exit(ExitCode.ERROR)


def _session(config: Config) -> Session:
    try:
        return build_session(config)
    except RulePackError as exc:
        for line in exc.lines:
            click.echo(f"healthlint: error: {line}", err=True)
        sys.exit(ExitCode.ERROR)
    except SelectionError as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits


def exit_code(report: Report, fail_on: Severity) -> ExitCode:
    """2 if an input could not be read, 1 if findings reach ``fail_on``, else 0."""
    if report.errors:
        return ExitCode.ERROR
    if any(f.severity >= fail_on for f in report.findings):
        return ExitCode.FINDINGS
    return ExitCode.OK


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="healthlint")
def cli() -> None:
    """A content-quality linter for consumer health articles."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATTERS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--select",
    multiple=True,
    help="Rules to run: codes, prefixes (HL1), slugs or packs; comma-separated.",
)
@click.option(
    "--extend-select", multiple=True, help="Rules to run in addition to the selection."
)
@click.option(
    "--ignore", multiple=True, help="Rules not to run: codes, prefixes, slugs or packs."
)
@click.option(
    "--fail-on",
    type=click.Choice(_SEVERITIES),
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option(
    "--document-type",
    help="Document type for files whose front matter names none.",
)
@click.option(
    "--stdin-filename", help="Name (and so format) to use for input read from '-'."
)
@click.option(
    "--rules",
    "rule_packs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra YAML rule pack (file or directory).",
)
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_FILE_SIZE,
    show_default=True,
    help="Largest file to read, in bytes.",
)
@click.option("--no-readability", is_flag=True, help="Skip readability scores.")
def check(
    paths: tuple[str, ...],
    output_format: str,
    stdin_filename: str | None,
    **options: object,
) -> None:
    """Lint articles: files, directories (.md .txt .html and kin) or - for stdin."""
    config = config_from_options(options)
    session = _session(config)
    items = discover(paths, stdin_filename=stdin_filename, exclude=config.exclude)
    report = lint_inputs(items, session, sys.stdin.buffer.read)
    click.echo(FORMATTERS[output_format](report), nl=False)
    sys.exit(exit_code(report, config.fail_on))


def config_from_options(options: Mapping[str, Any]) -> Config:
    """Turn the ``check`` command's options into a Config."""
    return Config(
        select=_split(options["select"]),
        extend_select=_split(options["extend_select"]),
        ignore=_split(options["ignore"]),
        fail_on=Severity.parse(options["fail_on"]),
        document_type=options["document_type"],
        rule_packs=tuple(options["rule_packs"]),
        max_file_size=options["max_file_size"],
        readability=not options["no_readability"],
    )


@cli.command("rules")
@click.option(
    "--rules",
    "rule_packs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra YAML rule pack to include.",
)
def list_rules(rule_packs: tuple[Path, ...]) -> None:
    """List every rule: code, slug, severity, status and pack."""
    session = _session(Config(rule_packs=rule_packs, select=("ALL",)))
    rules = load_builtin_rules() if not rule_packs else session.rules
    width = max(len(r.slug) for r in rules)
    for rule in rules:
        level, status = rule.severity.label, rule.status.value
        click.echo(
            f"{rule.code}  {rule.slug:<{width}}  {level:<7}  {status:<10}  {rule.pack}"
        )


@cli.command("rule")
@click.argument("name")
@click.option(
    "--rules",
    "rule_packs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra YAML rule pack to search.",
)
def show_rule(name: str, rule_packs: tuple[Path, ...]) -> None:
    """Print the documentation of one rule, by code or slug."""
    try:
        rules = load_builtin_rules() + (load_packs(rule_packs) if rule_packs else ())
    except RulePackError as exc:
        _fail(exc.lines[0])
        return
    rule = rules_by_name(rules).get(name) or rules_by_name(rules).get(name.upper())
    if rule is None:
        _fail(f"no rule named '{name}' (see 'healthlint rules')")
        return
    click.echo(render_terminal(rule), nl=False)


def main() -> None:
    """Console-script entry point."""
    cli()
