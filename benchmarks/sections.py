"""What every benchmark writes into RESULTS.md: its own marked section, and the machine.

Several benchmarks share ``benchmarks/RESULTS.md``; each owns the part between its
``<!-- begin: NAME -->`` and ``<!-- end: NAME -->`` markers and replaces only that,
so running one never wipes another's figures. Each section says what it was
measured on, in the same words, so figures from different runs can be compared.
"""

from __future__ import annotations

import datetime
import os
import platform
import re
from collections.abc import Sequence
from pathlib import Path


def markers(name: str) -> tuple[str, str]:
    """The begin and end markers of the section called ``name``."""
    return f"<!-- begin: {name} -->", f"<!-- end: {name} -->"


def write_section(path: Path, name: str, section: str) -> None:
    """Replace the section ``name`` of ``path`` with ``section``, or add it at the end.

    ``section`` must start and end with the section's own markers.
    """
    begin, end = markers(name)
    if not (section.startswith(begin) and section.rstrip("\n").endswith(end)):
        raise ValueError(f"section {name!r} must be wrapped in its markers")
    section = section.rstrip("\n") + "\n"
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end) + r"\n?", re.S)
    if pattern.search(current):
        updated = pattern.sub(lambda _: section, current)
    else:
        updated = current.rstrip("\n") + ("\n\n" if current else "") + section
    path.write_text(updated, encoding="utf-8")


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, when there is one."""
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return platform.processor() or "unknown"
    names = [
        line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")
    ]
    return names[0] if names else "unknown"


def machine_lines(script: str, argv: Sequence[str], load: Sequence[float]) -> list[str]:
    """Date, command, machine, Python and the load average read at the start.

    The load average says how much other work shared the machine, which is what
    makes two runs' figures comparable or not.
    """
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    shown = " ".join(["python", script, *argv])
    averages = ", ".join(f"{value:.2f}" for value in load)
    return [
        f"- Date: {now}",
        f"- Command: `{shown}`",
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores, {cpu_model()}",
        f"- Python: {platform.python_version()}",
        f"- Load average when it started (other work on the machine): {averages}",
    ]
