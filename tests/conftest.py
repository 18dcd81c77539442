"""Shared fixtures: the repository root, the shipped rules, a runner for the CLI."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite golden files from output"
    )


@pytest.fixture(autouse=True, scope="session")
def _private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Runs in tests, subprocesses included, never touch the user's own cache."""
    os.environ["HEALTHLINT_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def healthlint_command() -> list[str]:
    """The installed console script, run as a real subprocess."""
    script = Path(sys.executable).with_name("healthlint")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "healthlint"]


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    for name in ("FORCE_COLOR", "NO_COLOR"):  # tests that want colour set them
        env.pop(name, None)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_healthlint(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real executable in ``cwd``, as a user's shell would run it."""
    return subprocess.run(
        [*healthlint_command(), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**subprocess_env(), **(env or {})},
        check=False,
    )


def source_at(
    source: str, line: int, column: int, end_line: int, end_column: int
) -> str:
    """The source text between two 1-based positions (end column exclusive)."""
    lines = source.split("\n")
    if line == end_line:
        return lines[line - 1][column - 1 : end_column - 1]
    parts = [lines[line - 1][column - 1 :], *lines[line : end_line - 1]]
    return "\n".join([*parts, lines[end_line - 1][: end_column - 1]])


def load_benchmark(stem: str, module_name: str | None = None) -> ModuleType:
    """A script of ``benchmarks/`` (not a package) imported as a module.

    It is registered in ``sys.modules`` under ``module_name`` (its stem by
    default) before it runs, since dataclasses look their module up by name.
    """
    path = ROOT / "benchmarks" / f"{stem}.py"
    spec = importlib.util.spec_from_file_location(module_name or stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# A one-rule pack of the user's own, for tests of what a pack may hold; fill in
# ``patterns`` as a YAML list.
HOUSE_PACK = """\
pack: house
title: House rules
prefix: HL7
rules:
  - code: HL701
    slug: house-rule
    status: stable
    since: "1.0"
    kind: existence
    severity: error
    scope: sentence
    message: "'{{match}}' is not our style."
    patterns: {patterns}
    docs: {{what: w, why: w, example: a, use_instead: c, references: [r]}}
"""
