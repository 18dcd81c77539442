"""Where a one-file ``healthlint check`` spends its time, phase by phase.

Why: the single-file row says how long a run takes, not why. This runs, in
healthlint's own interpreter, a script that times the phases of a one-file
``check`` (imports, loading the rules, linting, writing JSON, linting the file
again with everything loaded) and reads
``python -X importtime`` for the heaviest imports; medians over the runs.
Standard library only, like the rest of the harness.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
from pathlib import Path

PHASES = """
import json, sys, time
t0 = time.perf_counter()
import healthlint.cli
from healthlint.config import Config
from healthlint.discovery import discover
from healthlint.engine import build_session, lint_input
from healthlint.formatters import json_format
t1 = time.perf_counter()
session = build_session(Config(discover=True))
t2 = time.perf_counter()
report = lint_input(next(iter(discover([sys.argv[1]]))), session, lambda: b"")
t3 = time.perf_counter()
json_format.format_file(report, True)
t4 = time.perf_counter()
lint_input(next(iter(discover([sys.argv[1]]))), session, lambda: b"")
t5 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "rules and config": t2 - t1,
                  "lint (parser, tables, patterns, the file)": t3 - t2,
                  "JSON": t4 - t3, "the same file again (all loaded)": t5 - t4}))
"""
_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)")


def healthlint_python(exe: str) -> str | None:
    """The interpreter of a ``healthlint`` console script, from its first line."""
    try:
        first = Path(exe).read_text(encoding="utf-8", errors="replace").split("\n")[0]
    except OSError:
        return None
    return first[2:].strip() if first.startswith("#!") else None


_SCAN_PROBE = """
import importlib.metadata as m
from healthlint import hyperscan_scan as h, prefilter as p
if not p.enabled:
    print("off (HEALTHLINT_PREFILTER)")
elif p.use_hyperscan and h.available():
    print(f"Hyperscan {m.version('hyperscan')} (the fast extra)")
else:
    print("Python regex" + ("" if p.use_hyperscan else " (HEALTHLINT_PREFILTER)"))
"""


def prefilter_scan(exe: str) -> str:
    """Which literal scan healthlint's prefilter runs on: Hyperscan or a regex.

    Asked of healthlint's own interpreter, with this run's environment, since
    the ``fast`` extra may be installed there and not here.
    """
    python = healthlint_python(exe)
    if python is None:
        return "unknown (the interpreter of `healthlint` was not found)"
    done = subprocess.run(
        [python, "-c", _SCAN_PROBE],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    answer = done.stdout.strip()
    return answer if done.returncode == 0 and answer else "unknown (older healthlint)"


def _phases(python: str, script: Path, target: Path) -> dict[str, float]:
    out = subprocess.run(
        [python, str(script), str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    return {k: float(v) for k, v in json.loads(out.stdout).items()}


def _interpreter(python: str) -> float:
    """Seconds for the bare interpreter to start and stop (``-c pass``)."""
    script = "import time, subprocess, sys; t = time.perf_counter(); "
    script += "subprocess.run([sys.executable, '-c', 'pass']); "
    script += "print(time.perf_counter() - t)"
    out = subprocess.run(
        [python, "-c", script], capture_output=True, text=True, check=True
    )
    return float(out.stdout)


def _imports(python: str) -> list[tuple[str, float]]:
    """Import time (each module's own, summed by top-level package)."""
    done = subprocess.run(
        [python, "-X", "importtime", "-c", "import healthlint.cli"],
        capture_output=True,
        text=True,
        check=True,
    )
    by_package: dict[str, float] = {}
    for line in done.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            package = match.group(2).split(".")[0]
            by_package[package] = (
                by_package.get(package, 0.0) + int(match.group(1)) / 1e6
            )
    return list(by_package.items())


def breakdown(exe: str, target: Path, runs: int, scratch: Path) -> str:
    """The markdown section: phase medians and the heaviest imports."""
    python = healthlint_python(exe)
    if python is None:
        return "Not measured: the interpreter of `healthlint` was not found."
    script = scratch / "phases.py"
    script.write_text(PHASES, encoding="utf-8")
    try:
        samples = [_phases(python, script, target) for _ in range(runs)]
        start = statistics.median(_interpreter(python) for _ in range(runs))
        imports = _imports(python)
    except (subprocess.CalledProcessError, ValueError, OSError) as exc:
        return f"Not measured: {exc}"
    rows = [
        f"Medians of {runs} runs, in-process timers, the cached rules and tables "
        "in place (as after any earlier run that may write a cache).\n",
        "| Phase | Median ms |",
        "|---|---:|",
        f"| Python start and exit (`-c pass`) | {1000 * start:.1f} |",
    ]
    rows += [
        f"| {name} | {1000 * statistics.median(s[name] for s in samples):.1f} |"
        for name in samples[0]
    ]
    heaviest = sorted(imports, key=lambda item: -item[1])[:10]
    rows += [
        "\nHeaviest imports (`python -X importtime -c 'import healthlint.cli'`, "
        "one run; each module's own time, summed by top-level package):\n",
        "| Package | ms |",
        "|---|---:|",
        *(f"| {name} | {1000 * seconds:.1f} |" for name, seconds in heaviest),
    ]
    return "\n".join(rows)
