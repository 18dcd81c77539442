"""Turn command-line paths into inputs: files, directories walked, stdin.

Problems a user can fix (a missing path, a directory with nothing to lint) become
inputs carrying an error, so the engine reports them beside the files that were
linted instead of stopping the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from healthlint.document import Format

SUFFIXES: dict[str, Format] = {
    ".txt": Format.TEXT,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".html": Format.HTML,
    ".htm": Format.HTML,
}
_SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox"}
)
STDIN = "-"


@dataclass(frozen=True)
class Input:
    """One thing to lint: ``display`` is the path as the user wrote it."""

    display: str
    path: Path | None
    format: Format
    error: str | None = None


def absolute(path: Path | str) -> Path:
    """The absolute, normalised path, symlinks left as they are.

    Unlike ``Path.resolve()`` this never raises on a symlink loop, and a file is
    placed where it was named (a linked article belongs to the folder holding
    the link, and is governed by that folder's config).
    """
    return Path(os.path.abspath(path))  # noqa: PTH100 (see the docstring)


def format_for(name: str, default: Format | None = None) -> Format | None:
    """The format a file name implies, or ``default`` for unknown suffixes."""
    return SUFFIXES.get(Path(name).suffix.lower(), default)


def discover(
    paths: Iterable[str], stdin_filename: str | None = None
) -> Iterator[Input]:
    """Expand paths in the order given; directories are walked in sorted order."""
    for raw in paths:
        if raw == STDIN:
            name = stdin_filename or "-"
            yield Input(name, None, format_for(name, Format.TEXT) or Format.TEXT)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(raw, path)
        elif path.exists() or path.is_symlink():
            yield Input(raw, path, format_for(raw, Format.TEXT) or Format.TEXT)
        else:
            yield Input(raw, None, Format.TEXT, error="no such file or directory")


def _walk(raw: str, root: Path) -> Iterator[Input]:
    found = False
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(
            d for d in subdirs if d not in _SKIP_DIRS and not d.startswith(".")
        )
        for name in sorted(files):
            fmt = format_for(name)
            if fmt is None:
                continue
            path = Path(directory) / name
            found = True
            display = (
                str(Path(raw) / path.relative_to(root))
                if raw != "."
                else str(path.relative_to(root))
            )
            yield Input(display, path, fmt)
    if not found:
        suffixes = ", ".join(SUFFIXES)
        yield Input(
            raw, None, Format.TEXT, error=f"directory has no files to lint ({suffixes})"
        )
