"""The ``healthlint`` command. Parses options, calls the engine, prints; no logic."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, TypeVar

import click

from healthlint import __version__, baseline, measured, runner
from healthlint.audit import DEFAULT_PARTITION_SIZE
from healthlint.cache import default_dir as default_cache_dir
from healthlint.config import DEFAULT_MAX_FILE_SIZE, Config, ConfigError
from healthlint.discovery import Input, discover
from healthlint.engine import (
    FixResult,
    Session,
    WriteRefused,
    build_session,
    fix_input,
    unexpected,
    write_fixed,
)
from healthlint.fixes import unified_diff
from healthlint.formatters import FORMATTERS
from healthlint.formatters.palette import Palette, colour_wanted
from healthlint.formatters.text import TextOptions
from healthlint.globs import absolute
from healthlint.lazyregex import lazy
from healthlint.model import ExitCode, FileReport, Finding, Severity
from healthlint.output import (
    OutputFile,
    Terminal,
    format_for_file,
    write_page,
    write_reports,
)
from healthlint.progress import Progress, wanted
from healthlint.readfile import InputError, read_text
from healthlint.rule import Rule
from healthlint.ruledocs import render_site, render_terminal
from healthlint.rulepack import (
    RulePackError,
    load_builtin_rules,
    load_packs,
    rules_by_name,
)
from healthlint.runner import default_jobs
from healthlint.selection import SelectionError
from healthlint.showconfig import describe
from healthlint.summary import Totals

_T = TypeVar("_T")
_SEVERITIES = [s.label for s in Severity]


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Accept ``--select HL1,HL2`` and ``--select HL1 --select HL2`` alike."""
    return tuple(
        part.strip() for value in values for part in value.split(",") if part.strip()
    )


def _fail(message: str) -> NoReturn:
    click.echo(f"healthlint: error: {message}", err=True)
    sys.exit(ExitCode.ERROR)


def _guarded(action: Callable[[], _T]) -> _T:
    """Run ``action``; a configuration error becomes one line per problem, exit 2."""
    try:
        return action()
    except RulePackError as exc:
        for line in exc.lines:
            click.echo(f"healthlint: error: {line}", err=True)
        sys.exit(ExitCode.ERROR)
    except (SelectionError, ConfigError, baseline.BaselineError) as exc:
        _fail(str(exc))


def exit_code(totals: Totals, exit_zero: bool = False) -> ExitCode:
    """2 if an input could not be read, 1 if a file's findings reach its fail-on.

    ``--exit-zero`` makes findings advisory; an unreadable input is still 2.
    """
    if totals.errors:
        return ExitCode.ERROR
    if totals.failing and not exit_zero:
        return ExitCode.FINDINGS
    return ExitCode.OK


def resolve_format(name: str, environ: Mapping[str, str]) -> str:
    """``auto`` means GitHub annotations under GitHub Actions, else text."""
    if name != "auto":
        return name
    return (
        "github"
        if environ.get("GITHUB_ACTIONS") == "true" and "github" in FORMATTERS
        else "text"
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="healthlint")
def cli() -> None:
    """A content-quality linter for consumer health articles."""


def _config_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by the commands that resolve a configuration."""
    options = [
        click.option(
            "--select",
            multiple=True,
            help="Rules to run: codes, prefixes (HL1), slugs or packs.",
        ),
        click.option(
            "--extend-select",
            multiple=True,
            help="Rules to run in addition to the selection.",
        ),
        click.option(
            "--ignore",
            multiple=True,
            help="Rules not to run: codes, prefixes, slugs or packs.",
        ),
        click.option(
            "--document-type",
            help="Document type for files whose front matter names none.",
        ),
        click.option(
            "--profile", help="Built-in profile to start from (default, strict, ...)."
        ),
        click.option(
            "--config",
            "config_file",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Use this config file instead of searching.",
        ),
        click.option("--isolated", is_flag=True, help="Ignore config files."),
        click.option(
            "--rules",
            "rule_packs",
            multiple=True,
            type=click.Path(path_type=Path),
            help="Extra YAML rule pack (file or directory).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _run_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options of the commands that lint a set of files: size limit, workers, cache."""
    options = [
        click.option(
            "--max-file-size",
            type=click.IntRange(min=1),
            default=DEFAULT_MAX_FILE_SIZE,
            show_default=True,
            help="Largest file to read, in bytes.",
        ),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=1),
            default=default_jobs,
            show_default="number of cores",
            help=(
                "Lint files in this many processes; output is identical for any number."
            ),
        ),
        click.option(
            "--no-cache", is_flag=True, help="Lint every file again; read no cache."
        ),
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False, path_type=Path),
            help="Where results of unchanged files are kept between runs "
            "[default: results/ in the user's healthlint cache folder].",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def config_from_options(options: Mapping[str, Any]) -> Config:
    """Turn command options into a Config (the command-line layer)."""
    fail_on = options.get("fail_on")
    return Config(
        select=_split(options["select"]),
        extend_select=_split(options["extend_select"]),
        ignore=_split(options["ignore"]),
        fail_on=Severity.parse(fail_on) if fail_on else None,
        document_type=options["document_type"],
        rule_packs=tuple(options["rule_packs"]),
        max_file_size=options.get("max_file_size", DEFAULT_MAX_FILE_SIZE),
        readability=not options.get("no_readability", False),
        profile=options["profile"],
        config_file=options["config_file"],
        discover=not options["isolated"],
        cache_dir=_cache_dir(options),
    )


def _cache_dir(options: Mapping[str, Any]) -> Path | None:
    """None for no cache (--no-cache, or commands that never cache)."""
    if options.get("no_cache", True):
        return None
    chosen = options.get("cache_dir")
    if not isinstance(chosen, Path):
        return default_cache_dir()
    if chosen.is_symlink():
        # Entries are never read or written through a link (another user's
        # folder could stand behind it); say so instead of caching nothing quietly.
        click.echo(
            f"healthlint: warning: {chosen}: --cache-dir is a symbolic link; "
            "results are not cached",
            err=True,
        )
        return None
    return chosen


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["auto", *sorted(FORMATTERS)]),
    default="text",
    show_default=True,
    help="Output format; auto picks github under GitHub Actions.",
)
@click.option(
    "--output",
    "output_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report here; the terminal gets the text report. A .sarif, "
    ".xml, .html or .json file that cannot hold --format gets the format its "
    "suffix names.",
)
@click.option(
    "--output-format",
    "file_format",
    type=click.Choice(sorted(FORMATTERS)),
    help="Format of the --output file; the terminal then gets --format "
    "[default: the file gets --format and the terminal the text report].",
)
@click.option(
    "--fail-on",
    type=click.Choice(_SEVERITIES),
    help="Lowest severity that makes the exit code 1 [default: error].",
)
@click.option(
    "--stdin-filename", help="Name (and so format) to use for input read from '-'."
)
@click.option("--no-readability", is_flag=True, help="Skip readability scores.")
@click.option(
    "--statistics",
    is_flag=True,
    help="Print a count per rule and per severity instead of each finding.",
)
@click.option(
    "--show-source",
    is_flag=True,
    help="Print each finding's source line with carets under its span.",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when findings reach --fail-on (unreadable input still exits 2).",
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Print findings only: no scores, no totals, no progress bar.",
)
@_run_options
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report only findings this baseline does not already record.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record today's findings in this file and exit 0.",
)
@_config_options
def check(
    paths: tuple[str, ...],
    output_format: str,
    output_file: Path | None,
    file_format: str | None,
    stdin_filename: str | None,
    **options: object,
) -> None:
    """Lint articles: files, directories (.md .txt .html and kin) or - for stdin."""
    config = config_from_options(options)
    known = _guarded(lambda: _read_baseline(options))
    session = _guarded(lambda: build_session(config))
    chosen = resolve_format(output_format, os.environ)
    view = _text_options(options, chosen, output_file)
    items = _guarded(lambda: _kept(paths, session, stdin_filename))
    jobs = int(str(options["jobs"]))
    stdin = _stdin_reader(config.max_file_size)
    reports = _guarded(lambda: runner.iter_reports(items, session, stdin, jobs))
    if isinstance(options["write_baseline"], Path):
        _write_baseline(reports, options["write_baseline"])
    if known is not None:
        base = absolute(Path(str(options["baseline_file"]))).parent
        reports = baseline.without_known(reports, known, base)
    emit: Callable[[str], object] = _echo if view.palette.enabled else _echo_plain
    if wanted(len(items), sys.stderr, view.quiet):
        progress = Progress(len(items), sys.stderr)
        reports, emit = progress.track(reports), progress.before(emit)
    terminal = Terminal(emit, view)
    try:
        output = (
            OutputFile(output_file, file_format or format_for_file(output_file, chosen))
            if output_file
            else None
        )
        totals = write_reports(reports, chosen, terminal, session.rules, output)
    except BrokenPipeError:
        raise  # the reader of stdout went away (``| head``): click ends quietly
    except OSError as exc:
        _fail(f"cannot write {output_file}: {exc.strerror or exc}")
    sys.exit(exit_code(totals, bool(options["exit_zero"])))


def _text_options(
    options: Mapping[str, object], chosen: str, output_file: Path | None
) -> TextOptions:
    """How the terminal's text is dressed; colour only for a person's terminal."""
    if options["statistics"] and chosen != "text" and output_file is None:
        _fail(
            f"--statistics prints a text table; to get --format {chosen} as well, "
            "write it to a file with --output FILE"
        )
    colour = colour_wanted(os.environ, sys.stdout.isatty())
    return TextOptions(
        quiet=bool(options["quiet"]),
        show_source=bool(options["show_source"]),
        statistics=bool(options["statistics"]),
        palette=Palette(enabled=colour),
    )


def _kept(
    paths: tuple[str, ...], session: Session, stdin_filename: str | None
) -> list[Input]:
    """The inputs to lint, known up front so a progress bar knows its length."""
    items = discover(paths, stdin_filename=stdin_filename)
    return [item for item in items if not session.excluded(item)]


def _stdin_reader(max_size: int) -> Callable[[], bytes]:
    """Standard input, read no further than one byte past the size limit."""
    return lambda: sys.stdin.buffer.read(max_size + 1)


def _echo(text: str) -> None:
    click.echo(text, nl=False, color=True)


def _echo_plain(text: str) -> None:
    click.echo(text, nl=False)


def _read_baseline(options: Mapping[str, object]) -> Counter[baseline.Key] | None:
    path = options["baseline_file"]
    return baseline.load(path) if isinstance(path, Path) else None


def _write_baseline(reports: Iterable[FileReport], path: Path) -> NoReturn:
    """Record the findings and stop: a baseline run is not a check."""
    findings: list[Finding] = []
    errors = 0
    for report in reports:
        findings.extend(report.findings)
        errors += report.error is not None
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True)
        path.write_text(baseline.dump(findings, absolute(path).parent), "utf-8")
    except OSError as exc:
        _fail(f"cannot write baseline {path}: {exc.strerror or exc}")
    count = len(findings)
    noun = "finding" if count == 1 else "findings"
    click.echo(f"healthlint: recorded {count} {noun} in {path}", err=True)
    sys.exit(ExitCode.ERROR if errors else ExitCode.OK)


@cli.command("report")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("healthlint-report.html"),
    show_default=True,
    help="The HTML page to write (replaced if it exists).",
)
@click.option(
    "--quiet", "-q", is_flag=True, help="Print only errors: no progress bar, no total."
)
@_run_options
@_config_options
def report(paths: tuple[str, ...], out: Path, quiet: bool, **options: object) -> None:
    """Write one self-contained HTML page: overview, charts, articles highlighted."""
    config = config_from_options(options)
    session = _guarded(lambda: build_session(config))
    items = _guarded(lambda: _kept(paths, session, None))
    _refuse_to_overwrite_an_input(out, items)
    jobs = int(str(options["jobs"]))
    stdin = _stdin_reader(config.max_file_size)
    reports = runner.iter_reports(items, session, stdin, jobs)
    warn: Callable[[str], object] = _echo_error
    if wanted(len(items), sys.stderr, quiet):
        progress = Progress(len(items), sys.stderr)
        reports, warn = progress.track(reports), progress.before(warn)
    try:
        totals = write_page(_announce_errors(reports, warn), out, session.rules)
    except OSError as exc:
        _fail(f"{out}: cannot write the report: {exc.strerror or exc}")
    if not quiet:
        noun = "file" if totals.files == 1 else "files"
        click.echo(
            f"healthlint: wrote {out} ({totals.files} {noun}, "
            f"{totals.findings} findings)",
            err=True,
        )
    sys.exit(ExitCode.ERROR if totals.errors else ExitCode.OK)


def _refuse_to_overwrite_an_input(out: Path, items: Iterable[Input]) -> None:
    target = out.resolve()
    for item in items:
        if item.path is not None and item.path.resolve() == target:
            _fail(f"{out}: is one of the articles being linted; choose another --out")


def _announce_errors(
    reports: Iterable[FileReport], warn: Callable[[str], object]
) -> Iterator[FileReport]:
    """Pass reports on; say on stderr which inputs could not be read."""
    for report in reports:
        if report.error is not None:
            warn(f"{report.path}: error: {report.error}\n")
        yield report


def _echo_error(text: str) -> None:
    click.echo(text, nl=False, err=True)


@cli.command("audit")
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("healthlint-audit"),
    show_default=True,
    help="Folder for the tables, summary.json and overview.html; a re-run resumes.",
)
@click.option(
    "--table",
    type=click.Choice(["parquet", "csv"]),
    default="parquet",
    show_default=True,
    help="Format of the per-article table (Parquet needs the 'audit' extra).",
)
@click.option("--findings", is_flag=True, help="Also write one row per finding.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=default_jobs,
    show_default="number of cores",
    help="Worker processes (with --dask local: the cluster's workers).",
)
@click.option(
    "--dask",
    metavar="ADDRESS",
    help="Run on dask.distributed: a scheduler (tcp://host:8786) or 'local'.",
)
@click.option(
    "--partition-size",
    type=click.IntRange(min=1),
    default=DEFAULT_PARTITION_SIZE,
    show_default=True,
    help="Articles per partition: the unit of work, of output files and of resuming.",
)
@click.option("--fresh", is_flag=True, help="Discard the folder's earlier results.")
@click.option(
    "--input-type",
    type=click.Choice(["auto", "dir", "jsonl", "csv", "parquet", "wxr"]),
    default="auto",
    show_default=True,
    help="What SOURCE is; auto: a folder, or by suffix (.jsonl .csv .parquet .xml).",
)
@click.option(
    "--column",
    multiple=True,
    metavar="KEY=FIELD",
    help="Field holding id, text, format, url, date, type, title, category or author.",
)
@click.option(
    "--text-format",
    type=click.Choice(["auto", "markdown", "html", "text"]),
    default="auto",
    show_default=True,
    help="Format of records whose format field is empty; auto: HTML or Markdown.",
)
@click.option(
    "--post-type",
    multiple=True,
    default=("post", "page"),
    show_default=True,
    help="WordPress: post types to audit.",
)
@click.option(
    "--status",
    multiple=True,
    help="WordPress: statuses to audit [default: all but trash and auto-draft].",
)
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_FILE_SIZE,
    show_default=True,
    help="Largest article to lint, in bytes; larger ones are error rows.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress line and no summary.")
@_config_options
def audit(source: Path, out: Path, quiet: bool, **options: object) -> None:
    """Audit an archive (folder, JSONL, CSV, Parquet, WordPress export) into tables."""
    from healthlint.audit import command  # noqa: PLC0415 (the audit's own modules)

    try:
        settings = command.settings_from_options(source, out, options)
        progress = command.new_progress(sys.stderr, quiet)
        config = config_from_options(options)
        outcome = _guarded(
            lambda: command.guarded(lambda: command.run(settings, config, progress))
        )
    except command.AuditProblem as exc:
        _fail(str(exc))
    if not quiet:
        click.echo("\n".join(command.closing_lines(outcome, out)))
    sys.exit(ExitCode.ERROR if outcome.summary.overall.unreadable else ExitCode.OK)


@cli.command("fix")
@click.argument("paths", nargs=-1, required=True)
@click.option("--diff", is_flag=True, help="Print a unified diff; change no file.")
@_config_options
def fix(paths: tuple[str, ...], diff: bool, **options: object) -> None:
    """Apply the replacements marked safe (such as 'committed suicide').

    Each file is read, fixed and written before the next is read, so the time
    in which an edit made meanwhile could be lost is as short as it can be;
    a file that changed after it was read is left alone all the same.
    """
    config = replace(config_from_options(options), readability=False)
    session = _guarded(lambda: build_session(config))
    items = _guarded(lambda: [i for i in discover(paths) if not session.excluded(i)])
    failed = changed = False
    for item in items:
        result = fix_input(item, session)
        failed |= not _report_fix(result, item.path, diff)
        changed |= result.applied > 0
    if failed:
        sys.exit(ExitCode.ERROR)
    sys.exit(ExitCode.FINDINGS if diff and changed else ExitCode.OK)


def _report_fix(result: FixResult, path: Path | None, diff: bool) -> bool:
    """Print (or write) one file's fixes; False when the file could not be done."""
    if result.error is not None:
        click.echo(f"{result.path}: error: {result.error}", err=True)
        return False
    if diff:
        click.echo(unified_diff(result.path, result.before, result.after), nl=False)
    elif result.applied and path is not None:
        try:
            write_fixed(path, result)
        except WriteRefused as exc:
            click.echo(f"{result.path}: error: not fixed: {exc}", err=True)
            return False
        noun = "fix" if result.applied == 1 else "fixes"
        click.echo(f"{result.path}: applied {result.applied} {noun}")
    return True


@cli.command("config")
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=".")
@click.option(
    "--show", is_flag=True, required=True, help="Print the effective configuration."
)
@_config_options
def show_config(path: Path, show: bool, **options: object) -> None:
    """Print the configuration that applies to PATH: layers, rules, targets."""
    config = config_from_options(options)
    text = _guarded(lambda: describe(build_session(config), path))
    click.echo(text, nl=False)


@cli.command("docs")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("docs/rules"),
    show_default=True,
    help="Folder to write one Markdown page per rule and an index into.",
)
def write_docs(out: Path) -> None:
    """Write the rule documentation pages (stale pages of retired codes are removed).

    Only pages healthlint wrote are replaced or removed: a folder that holds
    other Markdown (``--out .`` in a repository) keeps every file of its own.
    """
    pages = render_site(load_builtin_rules())
    out.mkdir(parents=True, exist_ok=True)
    foreign = sorted(n for n in pages if (out / n).exists() and not _ours(out / n))
    if foreign:
        _fail(
            f"{out / foreign[0]} exists and was not written by 'healthlint docs'; "
            "nothing was written (choose another --out)"
        )
    stale = {p.name for p in out.glob("HL[0-9][0-9][0-9].md") if _ours(p)}
    for name in sorted(stale - set(pages)):
        (out / name).unlink()
    for name, text in pages.items():
        (out / name).write_text(text, encoding="utf-8")
    click.echo(f"healthlint: wrote {len(pages)} pages to {out}")


_RULE_PAGE = lazy(r"# HL\d{3} [a-z0-9-]+\n")
_INDEX_MARK = "Generated by `healthlint docs`; do not edit."


def _ours(page: Path) -> bool:
    """True for a page 'healthlint docs' wrote: a rule page or the index."""
    try:
        head = read_text(page, 64 * 1024, "page")[:4096]
    except InputError:
        return False
    return bool(_RULE_PAGE.match(head)) or _INDEX_MARK in head


@cli.command("rules")
@click.option(
    "--rules",
    "rule_packs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra YAML rule pack to include.",
)
def list_rules(rule_packs: tuple[Path, ...]) -> None:
    """List every rule: code, slug, severity, status, pack and measured precision.

    Precision is the share of the rule's findings an editor judged right, on
    consumer copy and on news and press releases (see docs/precision.md).
    """
    rules = _guarded(lambda: _all_rules(rule_packs))
    width = max(len(r.slug) for r in rules)
    packs = max(len(r.pack) for r in rules)
    click.echo(
        f"{'code':<6}  {'rule':<{width}}  {'severity':<8}  {'status':<10}  "
        f"{'pack':<{packs}}  {'precision, consumer':<19}  precision, reporting"
    )
    for rule in rules:
        level, status = rule.severity.label, rule.status.value
        consumer = measured.summary(rule.code, measured.CONSUMER)
        reporting = measured.summary(rule.code, measured.REPORTING)
        click.echo(
            f"{rule.code:<6}  {rule.slug:<{width}}  {level:<8}  {status:<10}  "
            f"{rule.pack:<{packs}}  {consumer:<19}  {reporting}"
        )


def _all_rules(packs: tuple[Path, ...]) -> tuple[Rule, ...]:
    extra = load_packs(packs) if packs else ()
    return tuple(sorted(load_builtin_rules() + extra, key=lambda r: r.code))


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
    rules = _guarded(lambda: _all_rules(rule_packs))
    names = rules_by_name(rules)
    rule = names.get(name) or names.get(name.upper()) or names.get(name.lower())
    if rule is None:
        _fail(f"no rule named '{name}' (see 'healthlint rules')")
    shipped = measured.shipped_severities(rules)[rule.code]
    click.echo(render_terminal(rule, shipped), nl=False)


@cli.command("lsp")
@click.option("--stdio", is_flag=True, help="Talk over stdin and stdout (the default).")
def language_server(stdio: bool) -> None:
    """Run the language server for editors (needs the 'lsp' extra)."""
    try:
        from healthlint.lsp.server import serve  # noqa: PLC0415 (pygls only here)
    except ModuleNotFoundError as exc:
        missing = (exc.name or "").partition(".")[0]
        if missing not in {"pygls", "lsprotocol"}:
            raise
        _fail(
            f"the language server needs the 'lsp' extra (no module '{missing}'): "
            "pip install 'healthlint[lsp]'"
        )
    serve()


class Interrupted(BaseException):
    """Ctrl-C, raised past click (which would exit 1, the code for findings)."""


def _on_interrupt(signum: int, frame: FrameType | None) -> None:
    # A second Ctrl-C ends the process at once, whatever it is waiting for.
    signal.signal(signal.SIGINT, _exit_at_once)
    raise Interrupted


def _exit_at_once(signum: int, frame: FrameType | None) -> None:
    os._exit(ExitCode.INTERRUPTED)


def _stop_workers() -> bool:
    """Stop worker processes, if this run started any (``--jobs N``): True if so."""
    workers = sys.modules.get("healthlint.workers")
    if workers is None:
        return False
    workers.stop_all()
    return True


def _exit_interrupted(had_workers: bool) -> NoReturn:
    """Exit 130. After worker processes, without waiting on their threads.

    A worker stopped half way through sending a result leaves the executor's
    reading thread waiting for the rest for ever, and the interpreter's exit
    joins that thread; so, the output written and flushed, the process ends
    at once, as a second Ctrl-C would end it.
    """
    if not had_workers:
        sys.exit(ExitCode.INTERRUPTED)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(ExitCode.INTERRUPTED)


def main() -> None:
    """Console-script entry point: exit codes 0, 1, 2 and 130 mean what they say.

    Anything unexpected outside a file's own lint (where it becomes that file's
    error) is one line and exit 2, never a traceback read by CI as findings;
    set HEALTHLINT_DEBUG=1 to see the traceback.
    """
    signal.signal(signal.SIGINT, _on_interrupt)
    try:
        cli()
    except Interrupted:
        had_workers = _stop_workers()
        click.echo("healthlint: interrupted", err=True)
        _exit_interrupted(had_workers)
    except Exception as exc:
        if os.environ.get("HEALTHLINT_DEBUG"):
            raise
        _fail(unexpected(exc).replace("could not lint this file", "stopped"))
