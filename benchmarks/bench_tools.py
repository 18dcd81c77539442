"""The commands the benchmark times: healthlint, the peer linters and the floor.

Why each is found or installed here rather than assumed: healthlint is being written
alongside this harness, so its flags are read from ``healthlint check --help`` instead
of hard-coded; the peers are installed at pinned versions into ``benchmarks/_work``
(git-ignored) so a rerun measures the same code, and a peer that cannot be installed
is reported as skipped rather than stopping the run.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DIR_SLOT = "{dir}"
FILES_SLOT = "{files}"
PROSELINT_SPEC = ("proselint", "0.16.0")
INSTALL_TIMEOUT = 900


@dataclass(frozen=True)
class Tool:
    """One command to time; ``{dir}`` and ``{files}`` stand for the inputs."""

    name: str
    argv: tuple[str, ...]
    version: str
    role: str  # "healthlint", "peer" or "floor"
    report_stream: str = "stdout"  # where findings go; empty there means failure
    reference: bool = False  # the row other tools' times are divided by

    def command(self, directory: Path, files: list[Path]) -> list[str]:
        """The argv for one run over ``directory`` (or its ``files``)."""
        argv: list[str] = []
        for arg in self.argv:
            if arg == DIR_SLOT:
                argv.append(str(directory))
            elif arg == FILES_SLOT:
                argv.extend(str(path) for path in files)
            else:
                argv.append(arg)
        return argv

    def shown(self) -> str:
        """The command as the report prints it, without machine-specific paths."""
        words = [Path(self.argv[0]).name]
        for arg in self.argv[1:]:
            path = Path(arg)
            if arg == DIR_SLOT:
                words.append("DIR")
            elif arg == FILES_SLOT:
                words.append("FILE...")
            elif path.is_absolute() and path.is_relative_to(BENCH_DIR.parent):
                words.append(str(path.relative_to(BENCH_DIR.parent)))
            elif path.is_absolute():
                words.append(path.name)
            else:
                words.append(arg)
        return " ".join(words)


@dataclass(frozen=True)
class Unavailable:
    """A tool that could not be timed, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class NpmPeer:
    """An npm linter: pinned packages, the bin it provides and its arguments."""

    name: str
    packages: tuple[tuple[str, str], ...]
    bin: str
    args: tuple[str, ...]
    report_stream: str = "stdout"


NPM_PEERS = (
    NpmPeer(
        "write-good", (("write-good", "1.0.8"),), "write-good", ("--parse", "{files}")
    ),
    NpmPeer("alex", (("alex", "11.0.1"),), "alex", ("{dir}",), report_stream="stderr"),
    NpmPeer(
        "textlint",
        (("textlint", "15.8.0"), ("textlint-rule-write-good", "2.0.0")),
        "textlint",
        ("--no-textlintrc", "--rule", "write-good", "--format", "json", "{dir}"),
    ),
)


def run_quiet(argv: list[str], timeout: float = 120) -> tuple[int | None, str]:
    """Run a helper command; return (exit code or None, combined output)."""
    try:
        proc = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, str(exc)
    return proc.returncode, proc.stdout + proc.stderr


def last_line(text: str) -> str:
    """The last non-blank line of some output, shortened for a report."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:200] if lines else "(no output)"


def find_program(explicit: str | None, name: str) -> str | None:
    """Absolute path of ``explicit`` (a name or path) or of ``name`` on PATH."""
    found = shutil.which(explicit or name)
    return str(Path(found).absolute()) if found else None


def has_flag(help_text: str, flag: str) -> bool:
    """True when ``--help`` output mentions the flag as a whole word."""
    return re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", help_text) is not None


def healthlint_version(exe: str) -> str:
    """First line of ``healthlint --version``, or 'unknown'."""
    code, out = run_quiet([exe, "--version"])
    return out.strip().splitlines()[0] if code == 0 and out.strip() else "unknown"


def healthlint_base(help_text: str, exe: str, notes: list[str]) -> list[str]:
    """``healthlint check`` plus the wanted flags that this build supports."""
    base = [exe, "check"]
    if has_flag(help_text, "--format"):
        base += ["--format", "json"]
    else:
        notes.append(
            "healthlint check has no --format: it ran with its default output."
        )
    if has_flag(help_text, "--no-cache"):
        base.append("--no-cache")
    else:
        notes.append("healthlint check has no --no-cache: it ran without that flag.")
    return base


def one_file_tools(exe: str, help_text: str, version: str) -> list[Tool]:
    """``healthlint check ONEFILE`` as asked for, and with ``--no-cache`` if supported.

    The plain command uses healthlint's cache, so after the warm-up it times a cache
    hit; the ``--no-cache`` row times linting the file afresh.
    """
    plain = Tool(
        "healthlint check ONEFILE", (exe, "check", FILES_SLOT), version, "healthlint"
    )
    if not has_flag(help_text, "--no-cache"):
        return [plain]
    argv = (exe, "check", "--no-cache", FILES_SLOT)
    return [
        plain,
        Tool("healthlint check --no-cache ONEFILE", argv, version, "healthlint"),
    ]


def healthlint_tools(
    explicit: str | None, notes: list[str]
) -> tuple[list[Tool], list[Tool], list[Unavailable]]:
    """The healthlint rows (jobs 1 and 2 when supported) and the one-file commands."""
    exe = find_program(explicit, "healthlint")
    if exe is None:
        return [], [], [Unavailable("healthlint", "`healthlint` is not on PATH")]
    code, help_text = run_quiet([exe, "check", "--help"])
    if code != 0:
        reason = (
            f"`healthlint check --help` failed (exit {code}): {last_line(help_text)}"
        )
        return [], [], [Unavailable("healthlint", reason)]
    version = healthlint_version(exe)
    base = healthlint_base(help_text, exe, notes)
    one_file = one_file_tools(exe, help_text, version)
    if not has_flag(help_text, "--jobs"):
        notes.append(
            "healthlint check has no --jobs: one healthlint row, no jobs-2 row."
        )
        row = Tool(
            "healthlint", (*base, DIR_SLOT), version, "healthlint", reference=True
        )
        return [row], one_file, []
    # The default rules, and every rule (``--select ALL``), on one and two cores.
    selections = [("", ())]
    if has_flag(help_text, "--select"):
        selections.append((" (every rule)", ("--select", "ALL")))
    rows = [
        Tool(
            f"healthlint --jobs {jobs}{label}",
            (*base, *select, "--jobs", str(jobs), DIR_SLOT),
            version,
            "healthlint",
            reference=jobs == 1 and not select,
        )
        for label, select in selections
        for jobs in (1, 2)
    ]
    return rows, one_file, []


def installed_pip_version(python: Path, package: str) -> str | None:
    """Version of ``package`` in the venv of ``python``, or None."""
    if not python.exists():
        return None
    code, out = run_quiet(
        [
            str(python),
            "-c",
            f"import importlib.metadata as m; print(m.version({package!r}))",
        ]
    )
    return out.strip() if code == 0 else None


def ensure_proselint(venv: Path, install: bool) -> Tool | Unavailable:
    """proselint from PyPI in its own venv, apart from healthlint's dependencies."""
    package, pinned = PROSELINT_SPEC
    python = venv / "bin" / "python"
    if installed_pip_version(python, package) != pinned:
        if not install:
            return Unavailable("proselint", "not installed and --no-install given")
        if not python.exists():
            code, out = run_quiet(
                [sys.executable, "-m", "venv", str(venv)], INSTALL_TIMEOUT
            )
            if code != 0:
                return Unavailable(
                    "proselint", f"venv creation failed: {last_line(out)}"
                )
        code, out = run_quiet(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                f"{package}=={pinned}",
            ],
            INSTALL_TIMEOUT,
        )
        if code != 0:
            return Unavailable(
                "proselint", f"pip install failed (exit {code}): {last_line(out)}"
            )
    exe = venv / "bin" / "proselint"
    if not exe.exists():
        return Unavailable("proselint", f"installed, but {exe} is missing")
    argv = (str(exe), "check", "--output-format", "json", DIR_SLOT)
    return Tool("proselint", argv, f"proselint {pinned}", "peer")


def npm_version(prefix: Path, package: str) -> str | None:
    """Version of an npm package installed under ``prefix``, or None."""
    manifest = prefix / "node_modules" / package / "package.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def npm_install(prefix: Path, specs: list[str]) -> str:
    """Install npm packages under ``prefix``; return '' or why it failed."""
    if shutil.which("npm") is None:
        return "npm is not on PATH"
    prefix.mkdir(parents=True, exist_ok=True)
    argv = [
        "npm",
        "install",
        "--prefix",
        str(prefix),
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        *specs,
    ]
    code, out = run_quiet(argv, INSTALL_TIMEOUT)
    return "" if code == 0 else f"npm install failed (exit {code}): {last_line(out)}"


def ensure_npm_peer(peer: NpmPeer, prefix: Path, install: bool) -> Tool | Unavailable:
    """One npm linter at its pinned versions, installed on first use."""
    missing = [
        f"{name}@{want}"
        for name, want in peer.packages
        if npm_version(prefix, name) != want
    ]
    if missing and not install:
        return Unavailable(peer.name, "not installed and --no-install given")
    if missing:
        error = npm_install(prefix, missing)
        if error:
            return Unavailable(peer.name, error)
    exe = prefix / "node_modules" / ".bin" / peer.bin
    if not exe.exists():
        return Unavailable(peer.name, f"installed, but {exe} is missing")
    version = ", ".join(
        f"{name} {npm_version(prefix, name)}" for name, _ in peer.packages
    )
    return Tool(peer.name, (str(exe), *peer.args), version, "peer", peer.report_stream)


def peer_tools(work: Path, install: bool) -> tuple[list[Tool], list[Unavailable]]:
    """Every peer that is (or can be made) available, and those that are not."""
    found: list[Tool | Unavailable] = [ensure_proselint(work / "peers-venv", install)]
    found += [ensure_npm_peer(peer, work / "npm", install) for peer in NPM_PEERS]
    tools = [item for item in found if isinstance(item, Tool)]
    missing = [item for item in found if isinstance(item, Unavailable)]
    return tools, missing


FLOOR_MODES = {
    "per-rule": "floor (rule scans)",
    "combined": "floor (one regex)",
    "per-pattern": "floor (per pattern)",
}


def floor_tools(
    patterns_file: Path,
    python_version: str,
    modes: list[str],
    rules_file: Path | None = None,
) -> list[Tool]:
    """The floor commands: this interpreter running ``floor.py`` over the directory.

    The first mode is the one ratios are taken against (role "floor").
    """
    tools: list[Tool] = []
    for index, mode in enumerate(modes):
        flags = {"per-pattern": ("--per-pattern",), "per-rule": ("--per-rule",)}.get(
            mode, ()
        )
        source = rules_file if mode == "per-rule" and rules_file else patterns_file
        script = str(BENCH_DIR / "floor.py")
        argv = (sys.executable, script, str(source), DIR_SLOT, *flags)
        role = "floor" if index == 0 else "floor-variant"
        tools.append(Tool(FLOOR_MODES[mode], argv, f"Python {python_version}", role))
    return tools


def program_version(argv: list[str]) -> str:
    """First line a program prints for its version flag, or 'not found'."""
    if shutil.which(argv[0]) is None:
        return "not found"
    code, out = run_quiet(argv)
    return out.strip().splitlines()[0] if code == 0 and out.strip() else "unknown"
