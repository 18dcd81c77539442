"""Time tools on a file set: warm-up, interleaved repeats, and a verdict per run.

Why interleaved: running every tool once per round (rather than all repeats of one
tool, then the next) spreads slow drifts of the machine (thermal, page cache, other
load) over all tools instead of charging them to whichever ran last.

Why the verdict is lenient: linters exit non-zero when they find problems, so the
exit code alone says nothing. A run fails only when it did not finish (timeout,
signal), printed a crash (Python traceback, Node stack trace) or left its report
stream empty: over real articles every tool here reports something.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench_tools import BENCH_DIR, Tool

NAME_IN_OUTPUT = re.compile(r"[A-Za-z0-9._-]+\.(?:md|txt)\b")
NODE_STACK = re.compile(r"^\s+at \S.*:\d+:\d+\)?$", re.MULTILINE)
CRASH_MARKERS = (
    "Traceback (most recent call last)",
    "FATAL ERROR",
    "Segmentation fault",
    "UnhandledPromiseRejection",
)


@dataclass(frozen=True)
class RunResult:
    """The figures of one run of one tool."""

    wall: float
    cpu: float
    maxrss_kb: int
    returncode: int | None
    problem: str  # empty when the run counts as a success


@dataclass(frozen=True)
class Summary:
    """All runs of one tool on one file set, reduced to the reported figures."""

    tool: Tool
    runs: list[RunResult]
    files_named: int | None = None  # input files the last report mentions

    @property
    def ok(self) -> bool:
        """True when there are runs and none of them failed."""
        return bool(self.runs) and not any(run.problem for run in self.runs)

    @property
    def median(self) -> float | None:
        """Median wall time in seconds, or None when there is nothing to report."""
        return statistics.median(r.wall for r in self.runs) if self.ok else None

    def spread(self) -> tuple[float, float]:
        """Fastest and slowest wall time."""
        walls = [run.wall for run in self.runs]
        return min(walls), max(walls)

    def cpu(self) -> float:
        """Median user + system CPU seconds of the whole process tree."""
        return statistics.median(run.cpu for run in self.runs)

    def peak_mib(self) -> float:
        """Largest per-run peak RSS, in MiB."""
        return max(run.maxrss_kb for run in self.runs) / 1024

    def exit_codes(self) -> str:
        """The distinct exit codes seen, e.g. '1' or '0, 1'."""
        codes = sorted({str(run.returncode) for run in self.runs})
        return ", ".join(codes)

    def problem(self) -> str:
        """The first failure, if any run failed."""
        return next((run.problem for run in self.runs if run.problem), "")


def crash_in(stderr: str) -> str:
    """The crash signature found in a run's stderr, or ''."""
    for marker in CRASH_MARKERS:
        if marker in stderr:
            return marker
    return "Node.js stack trace" if NODE_STACK.search(stderr) else ""


def verdict(raw: dict[str, object], tool: Tool, out: Path, err: Path) -> str:
    """Why this run failed, or '' when it counts (see the module docstring)."""
    if raw["error"]:
        return str(raw["error"])
    code = raw["returncode"]
    if isinstance(code, int) and code < 0:
        return f"killed by signal {-code}"
    stderr = err.read_text(encoding="utf-8", errors="replace")
    crash = crash_in(stderr)
    if crash:
        return f"crashed (exit {code}, {crash}): {tail(stderr)}"
    report = out if tool.report_stream == "stdout" else err
    if report.stat().st_size == 0:
        return f"no output on {tool.report_stream} (exit {code}): {tail(stderr)}"
    return ""


def tail(text: str) -> str:
    """Last non-blank line of some output, for a one-line explanation."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:160] if lines else "(stderr empty)"


@functools.cache
def gnu_time() -> str | None:
    """Path of GNU time if this machine has it (see ``measure_one.py`` for why)."""
    path = shutil.which("time") or "/usr/bin/time"
    if not Path(path).exists():
        return None
    proc = subprocess.run(
        [path, "--version"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    return path if "GNU" in proc.stdout + proc.stderr else None


def rss_method() -> str:
    """How peak RSS is measured on this machine, for the results header."""
    if gnu_time():
        return "GNU time `%M` around each run (largest single process of the run)"
    return (
        "getrusage(RUSAGE_CHILDREN) in a fresh wrapper per run (largest single "
        "process; never below the wrapper's own ~12 MiB)"
    )


def output_paths(tool: Tool, workdir: Path) -> tuple[Path, Path, Path]:
    """Where a tool's stdout, stderr and run spec go (overwritten on each run)."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", tool.name).strip("-")
    return (
        workdir / f"{slug}.stdout",
        workdir / f"{slug}.stderr",
        workdir / f"{slug}.spec.json",
    )


def files_named(tool: Tool, workdir: Path, files: list[Path]) -> int | None:
    """How many input files the tool's last report names: a check that it read them.

    Counts file names, not findings, so a tool that lists only files with problems
    (write-good) shows fewer; the floor prints only totals, so it gets None.
    """
    if tool.role.startswith("floor"):
        return None
    out, err, _ = output_paths(tool, workdir)
    report = out if tool.report_stream == "stdout" else err
    try:
        text = report.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    named = set(NAME_IN_OUTPUT.findall(text))
    return len(named & {path.name for path in files})


def run_once(tool: Tool, argv: list[str], cwd: Path, timeout: float) -> RunResult:
    """Time one run in a fresh ``measure_one.py`` so its peak RSS is its own."""
    out, err, spec = output_paths(tool, cwd)
    spec.write_text(
        json.dumps(
            {
                "argv": argv,
                "cwd": str(cwd),
                "stdout": str(out),
                "stderr": str(err),
                "timeout": timeout,
                "gnu_time": gnu_time(),
            }
        ),
        encoding="utf-8",
    )
    wrapper = [sys.executable, str(BENCH_DIR / "measure_one.py"), str(spec)]
    proc = subprocess.run(
        wrapper, capture_output=True, text=True, encoding="utf-8", check=True
    )
    raw = json.loads(proc.stdout)
    return RunResult(
        wall=float(raw["wall"]),
        cpu=float(raw["cpu"]),
        maxrss_kb=int(raw["maxrss_kb"]),
        returncode=raw["returncode"],
        problem=verdict(raw, tool, out, err),
    )


@dataclass(frozen=True)
class Plan:
    """How to run a size: repeats, warm-ups, per-run limit, and where to work."""

    repeats: int
    warmups: int
    timeout: float
    workdir: Path


def log(message: str) -> None:
    """Progress goes to stderr so stdout carries only the results table."""
    print(message, file=sys.stderr, flush=True)


def warm_up(
    tools: list[Tool], argvs: dict[str, list[str]], plan: Plan
) -> dict[str, RunResult]:
    """Run each tool untimed (page cache, .pyc files); return the runs that failed.

    A tool that fails here keeps that one failed run as its result, so the report
    says why it has no figures, and it is not run again on this set.
    """
    failed: dict[str, RunResult] = {}
    for tool in tools:
        for _ in range(plan.warmups):
            result = run_once(tool, argvs[tool.name], plan.workdir, plan.timeout)
            if result.problem:
                log(f"  {tool.name}: warm-up failed: {result.problem}")
                failed[tool.name] = result
                break
    return failed


def bench(
    tools: list[Tool], directory: Path, files: list[Path], plan: Plan
) -> list[Summary]:
    """Time every tool ``plan.repeats`` times on the same files, interleaved."""
    plan.workdir.mkdir(parents=True, exist_ok=True)
    argvs = {tool.name: tool.command(directory, files) for tool in tools}
    failed = warm_up(tools, argvs, plan)
    runs = {
        tool.name: [failed[tool.name]] if tool.name in failed else [] for tool in tools
    }
    active = [tool for tool in tools if tool.name not in failed]
    for repeat in range(1, plan.repeats + 1):
        for tool in active:
            result = run_once(tool, argvs[tool.name], plan.workdir, plan.timeout)
            runs[tool.name].append(result)
            status = f"FAILED: {result.problem}" if result.problem else "ok"
            log(
                f"  [{len(files)} files] {tool.name} run {repeat}/{plan.repeats}: "
                f"{result.wall:.2f} s, exit {result.returncode}, {status}"
            )
    return [
        Summary(tool, runs[tool.name], files_named(tool, plan.workdir, files))
        for tool in tools
    ]
