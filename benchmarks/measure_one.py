"""Run one command once and report its wall time, exit code and peak memory as JSON.

Why a separate process: ``resource.getrusage(RUSAGE_CHILDREN)`` accumulates over every
child a process has ever waited for, so the harness starts a fresh copy of this script
for each measurement; its figures then belong to exactly one run of the tool, and the
wall clock starts after this wrapper's own start-up, so only the tool's time counts.

Why GNU time for memory when it is there: Linux records the memory of the process a
child was forked from as that child's peak RSS until it execs, so a child of this
wrapper never reports less than the wrapper's own ~12 MiB. ``/usr/bin/time -f %M`` is a
small C program, so the peak it reports is the tool's (the largest single process of
the run's tree). Without it the wrapper's ``ru_maxrss`` is used and the harness says so.

Usage: ``python measure_one.py SPEC.json``. The spec is a file, not an argument,
because a run over 2,000 files can pass more than the 128 KiB one argument may hold.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, BinaryIO

SIGNAL_LINE = "Command terminated by signal "


def run_with_deadline(
    argv: list[str], cwd: str, out: BinaryIO, err: BinaryIO, timeout: float
) -> tuple[int, bool]:
    """Run to completion, killing it after ``timeout`` s; return (exit code, timed out).

    ``subprocess.run(timeout=...)`` waits by polling with sleeps of up to 50 ms, which
    would round every time up to that grain; a timer thread that kills the child's
    whole session keeps the wait a blocking ``waitpid`` and leaves no workers behind.
    """
    proc = subprocess.Popen(
        argv, cwd=cwd, stdout=out, stderr=err, start_new_session=True
    )
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        os.killpg(proc.pid, signal.SIGKILL)

    timer = threading.Timer(timeout, expire)
    timer.start()
    try:
        returncode = proc.wait()
    finally:
        timer.cancel()
    return returncode, expired.is_set()


def read_time_file(path: Path, returncode: int) -> tuple[int | None, int]:
    """Peak RSS in KiB written by GNU time, and the exit code corrected for signals.

    GNU time exits 128 + N when its command died of signal N and writes a line
    saying so; report that as -N, as ``subprocess`` does for a direct child.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None, returncode
    for line in lines:
        if line.startswith(SIGNAL_LINE):
            returncode = -int(line[len(SIGNAL_LINE) :].strip())
    last = lines[-1].strip() if lines else ""
    return (int(last) if last.isdigit() else None), returncode


def measure(spec: dict[str, Any]) -> dict[str, Any]:
    """Run ``spec["argv"]`` with output sent to files; return the figures for it."""
    argv = list(spec["argv"])
    time_file = Path(spec["stdout"] + ".time")
    if spec.get("gnu_time"):
        argv = [spec["gnu_time"], "-f", "%M", "-o", str(time_file), *argv]
    error, returncode, rss_kb = "", None, None
    with (
        Path(spec["stdout"]).open("wb") as out,
        Path(spec["stderr"]).open("wb") as err,
    ):
        start = time.perf_counter()
        try:
            returncode, timed_out = run_with_deadline(
                argv, spec["cwd"], out, err, spec["timeout"]
            )
            error = f"timed out after {spec['timeout']} s" if timed_out else ""
        except OSError as exc:
            error = f"could not start: {exc}"
        wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if spec.get("gnu_time") and returncode is not None:
        rss_kb, returncode = read_time_file(time_file, returncode)
    return {
        "wall": wall,
        "returncode": returncode,
        "maxrss_kb": rss_kb if rss_kb is not None else usage.ru_maxrss,
        "cpu": usage.ru_utime + usage.ru_stime,
        "error": error,
    }


def main(argv: list[str]) -> int:
    """Read the spec named on the command line and print the result as one JSON line."""
    spec = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    print(json.dumps(measure(spec)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
