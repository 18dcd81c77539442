"""The public Python API: lint a string or paths without the command line."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import replace

from healthlint.config import Config
from healthlint.discovery import discover, format_for
from healthlint.document import Format
from healthlint.engine import build_session, lint_source
from healthlint.model import FileReport, Report
from healthlint.runner import run


def lint_text(
    text: str,
    path: str = "<string>",
    fmt: Format | None = None,
    config: Config | None = None,
) -> FileReport:
    """Lint one article held in memory; the format follows ``path``'s suffix."""
    fmt = fmt or format_for(path, Format.MARKDOWN) or Format.MARKDOWN
    report = lint_source(path, text, fmt, build_session(config))
    return replace(report, source=text)


def lint_paths(paths: Iterable[str], config: Config | None = None) -> Report:
    """Lint files and directories as the ``check`` command does."""
    config = config or Config()
    items = discover(paths)
    return run(items, build_session(config), sys.stdin.buffer.read)
