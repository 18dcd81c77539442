"""Headless Chromium (Debian's package) driven by Playwright, for the HTML report.

Playwright's own browser download is never used: the tests launch the system
``/usr/bin/chromium``. axe-core comes from npm into the git-ignored
``tests/.node``. Locally, a machine without them skips the browser tests with a
message saying what to install; under CI (``CI`` set) a missing piece fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_VERSION = "4.14.1"
NODE_DIR = Path(__file__).resolve().parent / ".node"
AXE_SCRIPT = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTS = Path(__file__).resolve().parent / "artefacts"


def unavailable(reason: str) -> None:
    """Skip locally; fail in CI, where .ci/run installs everything."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must install it: see .ci/run)")
    pytest.skip(reason)


def launch() -> Iterator[object]:
    """A running browser for a module of tests."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed: pip install -e '.[test]'")
    if not CHROMIUM.exists():
        unavailable("Debian's chromium is not installed: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def axe_source() -> str:
    """axe-core's script, installed from npm on first use."""
    if not AXE_SCRIPT.exists():
        npm = shutil.which("npm")
        if npm is None:
            unavailable("npm is not installed, so axe-core cannot be fetched")
        NODE_DIR.mkdir(exist_ok=True)
        subprocess.run(
            [npm, "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund",
             "--no-save", "--loglevel=error", f"axe-core@{AXE_VERSION}"],
            check=True, capture_output=True,
        )  # fmt: skip
    return AXE_SCRIPT.read_text(encoding="utf-8")
