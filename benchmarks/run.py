"""Throughput benchmark: healthlint against peer prose linters and a regex floor.

Run from the repository root::

    python benchmarks/run.py [--sizes 200,2000] [--repeats 5] \
        [--out benchmarks/RESULTS.md]

Why it exists: to know whether healthlint is fast enough for editors' pre-commit
hooks and CI on real article collections, compared with tools people already run and
with the lowest cost any regex-based linter can have. Everything it installs or
writes goes to ``benchmarks/_work`` (git-ignored) or a temporary directory outside the
repository; the corpus text never enters the repository. Standard library only.
See ``benchmarks/README.md`` for the columns and caveats.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_corpus import FileSet, build_sets, link_or_copy
from bench_measure import Plan, Summary, bench, log, rss_method
from bench_patterns import floor_patterns, rule_scans
from bench_report import Report, carry_over, render
from bench_startup import breakdown, prefilter_scan
from bench_tools import (
    BENCH_DIR,
    Tool,
    Unavailable,
    floor_tools,
    healthlint_tools,
    peer_tools,
    program_version,
)
from sections import cpu_model

REPO = BENCH_DIR.parent
WORK = BENCH_DIR / "_work"


def sizes_arg(text: str) -> list[int]:
    """Parse '200,2000' into [200, 2000]; every size must be a positive integer."""
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of integers: {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be positive integers")
    return sizes


def add_measurement_options(ap: argparse.ArgumentParser) -> None:
    """What to time and how often; defaults are the published benchmark's settings."""
    ap.add_argument(
        "--sizes",
        type=sizes_arg,
        default=[200, 2000],
        help="comma-separated numbers of files (default 200,2000)",
    )
    ap.add_argument("--repeats", type=int, default=5, help="timed runs per tool/size")
    ap.add_argument("--warmups", type=int, default=1, help="untimed runs first")
    ap.add_argument(
        "--one-file-runs",
        type=int,
        default=10,
        help="runs of `healthlint check ONEFILE` (default 10)",
    )
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per run")
    ap.add_argument(
        "--floor",
        choices=("per-rule", "combined", "per-pattern", "both", "all"),
        default="all",
        help="floor: each rule's scan as healthlint runs it, one combined regex, "
        "each pattern apart, both of the last two, or all three (default)",
    )
    ap.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="TOOL",
        help="leave out a tool by name, e.g. --skip alex (repeatable)",
    )


def add_location_options(ap: argparse.ArgumentParser) -> None:
    """Where inputs, tools and results are; defaults suit a checkout at /work/main."""
    ap.add_argument(
        "--out",
        type=Path,
        default=BENCH_DIR / "RESULTS.md",
        help="markdown file to write (default benchmarks/RESULTS.md)",
    )
    ap.add_argument(
        "--corpora",
        type=Path,
        default=REPO.parent / "shared" / "corpora",
        help="directory with the JSONL corpora and materialise.py",
    )
    ap.add_argument(
        "--healthlint", help="healthlint executable (default: `healthlint` on PATH)"
    )
    ap.add_argument(
        "--no-install",
        action="store_true",
        help="use only peers already installed in benchmarks/_work",
    )
    ap.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary directory of articles and outputs",
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line, checked for counts that would make no measurement."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_measurement_options(ap)
    add_location_options(ap)
    args = ap.parse_args(argv)
    if args.repeats < 1 or args.warmups < 0 or args.one_file_runs < 1:
        ap.error("--repeats and --one-file-runs must be >= 1, --warmups >= 0")
    return args


def machine_meta(args: argparse.Namespace, healthlint: str) -> dict[str, str]:
    """Where and how this run happened, for the results header."""
    nproc = program_version(["nproc"])
    return {
        "Date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "Command": f"`{Path(sys.executable).name} {shlex.join(sys.argv)}`",
        "Machine (`uname -m`)": platform.machine(),
        "`nproc`": nproc if nproc.isdigit() else str(os.cpu_count()),
        "CPU": cpu_model(),
        "Kernel": platform.release(),
        "Python (harness and floor)": platform.python_version(),
        "Node.js": program_version(["node", "--version"]),
        "healthlint": healthlint,
        "Peak RSS via": rss_method(),
        "Repeats": f"{args.repeats} timed runs per tool and size, after "
        f"{args.warmups} untimed warm-up run(s)",
    }


def discover(
    args: argparse.Namespace, notes: list[str]
) -> tuple[list[Tool], list[Tool], list[Unavailable]]:
    """healthlint's rows, the peers' rows, the one-file command and what is missing."""
    hl_rows, one_file, missing = healthlint_tools(args.healthlint, notes)
    log("checking peers (installing into benchmarks/_work if needed)...")
    peers, missing_peers = peer_tools(WORK, install=not args.no_install)
    tools = [*hl_rows, *peers]
    skipped = [
        t for t in tools if t.name in args.skip or t.name.split()[0] in args.skip
    ]
    missing += [Unavailable(t.name, "left out with --skip") for t in skipped]
    tools = [t for t in tools if t not in skipped]
    if not any(t.reference for t in tools):
        one_file = []
        notes.append(
            "healthlint was not timed, so the 'Time ÷ healthlint' column is n/a."
        )
    return tools, one_file, missing + missing_peers


def add_floors(scratch: Path, mode: str, notes: list[str]) -> tuple[list[Tool], str]:
    """Write the floor's patterns to the scratch directory and return its commands."""
    patterns, source = floor_patterns(REPO, notes)
    patterns_file = scratch / "floor-patterns.json"
    patterns_file.write_text(json.dumps(patterns), encoding="utf-8")
    rules_file = scratch / "floor-rules.json"
    rules_file.write_text(json.dumps(rule_scans(REPO)), encoding="utf-8")
    # The first mode is the one ratios are taken against.
    modes = {
        "both": ["combined", "per-pattern"],
        "all": ["per-rule", "combined", "per-pattern"],
    }.get(mode, [mode])
    return floor_tools(
        patterns_file, platform.python_version(), modes, rules_file
    ), source


def one_file_run(
    args: argparse.Namespace,
    one_file: list[Tool],
    floor: Tool,
    file_set: FileSet,
    scratch: Path,
) -> tuple[list[Summary], int]:
    """Time ``healthlint check ONEFILE`` (and the floor on that file) many times."""
    directory = scratch / "one-file"
    directory.mkdir()
    target = directory / file_set.files[0].name
    link_or_copy(file_set.files[0], target)
    plan = Plan(args.one_file_runs, args.warmups, args.timeout, scratch / "out-one")
    log(f"timing one file ({target.name}), {args.one_file_runs} runs...")
    return bench([*one_file, floor], directory, [target], plan), target.stat().st_size


def one_file_breakdown(
    args: argparse.Namespace, one_file: list[Tool], scratch: Path
) -> str:
    """The phases of a one-file run, timed inside healthlint's interpreter."""
    target = next((scratch / "one-file").iterdir())
    log("timing the phases of a one-file run...")
    return breakdown(one_file[0].argv[0], target, args.one_file_runs, scratch)


def prime_user_cache(tool: Tool, file_set: FileSet, notes: list[str]) -> None:
    """Run ``healthlint check`` once, untimed, as any earlier use would have.

    A run that may write a cache keeps the compiled rules, the syllable
    tables and the prefilter's Hyperscan database (with the ``fast`` extra) in
    the user's cache folder; every timed run (``--no-cache``
    included) then starts as it does on a machine where healthlint has run
    before. Results are not reused: the timed set runs use ``--no-cache``.
    """
    argv = tool.command(file_set.directory, file_set.files[:1])
    done = subprocess.run(argv, capture_output=True, check=False)
    notes.append(
        "Before timing, `healthlint check ONEFILE` ran once (untimed, exit "
        f"{done.returncode}) so the user cache holds the compiled rules and "
        "tables, as after any earlier use; the timed runs use --no-cache."
    )


def run_all(args: argparse.Namespace, scratch: Path, notes: list[str]) -> Report:
    """Discover tools, build the file sets, time everything and collect the report."""
    tools, one_file, unavailable = discover(args, notes)
    hl_version = (
        tools[0].version if tools and tools[0].role == "healthlint" else "unavailable"
    )
    floors, floor_source = add_floors(scratch, args.floor, notes)
    meta = machine_meta(args, hl_version)
    meta["Floor patterns"] = floor_source
    if one_file:
        meta["Prefilter scan"] = prefilter_scan(one_file[0].argv[0])
    log(f"materialising articles into {scratch}...")
    sets = build_sets(args.corpora, scratch, args.sizes, notes)
    report = Report(meta, [*tools, *floors], unavailable, sets, {}, notes=notes)
    if one_file:
        prime_user_cache(one_file[0], sets[0], notes)
    for file_set in sets:
        log(f"timing {len(file_set.files)} files...")
        plan = Plan(
            args.repeats, args.warmups, args.timeout, scratch / f"out-{file_set.size}"
        )
        report.results[file_set.size] = bench(
            report.tools, file_set.directory, file_set.files, plan
        )
    if one_file:
        report.one_file, report.one_file_bytes = one_file_run(
            args, one_file, floors[0], sets[0], scratch
        )
        report.one_file_runs = args.one_file_runs
        report.startup = one_file_breakdown(args, one_file, scratch)
    return report


def allow_bytecode_cache(notes: list[str]) -> None:
    """Unset PYTHONDONTWRITEBYTECODE for the tools, so Python start-up is typical.

    With it set, an editable install of healthlint recompiles every module on every
    run, a cost no user of a built wheel pays; the warm-up run writes the .pyc files.
    """
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        notes.append(
            "PYTHONDONTWRITEBYTECODE was set in the environment; it was unset for "
            "the tools so Python ones run from cached bytecode, as installed."
        )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, write the results file and print the same text."""
    args = parse_args(argv)
    notes: list[str] = []
    allow_bytecode_cache(notes)
    # Turn `kill` into SystemExit so the finally below still removes the articles.
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    scratch = Path(tempfile.mkdtemp(prefix="healthlint-bench-"))
    try:
        report = run_all(args, scratch, notes)
    finally:
        if args.keep:
            log(f"kept the scratch directory {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    text = carry_over(render(report), args.out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
