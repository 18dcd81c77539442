"""Turn command-line paths into inputs: files, directories walked, stdin.

Problems a user can fix (a missing path, a directory with nothing to lint) become
inputs carrying an error, so the engine reports them beside the files that were
linted instead of stopping the run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from healthlint.document import Format
from healthlint.globs import IgnoreFiles, absolute
from healthlint.lazyregex import lazy
from healthlint.readfile import InputError, read_text

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


def shown(path: str) -> str:
    """A path as it can be printed: undecodable bytes in a name become U+FFFD.

    A file name that is not UTF-8 reaches Python with surrogate escapes, which
    no UTF-8 output (JSON, SARIF, a terminal) can hold.
    """
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@dataclass(frozen=True)
class Input:
    """One thing to lint: ``display`` is the path as the user wrote it."""

    display: str
    path: Path | None
    format: Format
    error: str | None = None


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
            yield Input(shown(name), None, format_for(name, Format.TEXT) or Format.TEXT)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(raw, path)
        elif path.exists() or path.is_symlink():
            yield Input(shown(raw), path, format_for(raw, Format.TEXT) or Format.TEXT)
        else:
            yield Input(
                shown(raw), None, Format.TEXT, error="no such file or directory"
            )


# Files a folder walk meets that are never articles, whatever their suffix says.
_NOT_ARTICLES = lazy(
    r"(?:licen[cs]e|copying|notice|authors|contributors|code_of_conduct"
    r"|third[-_]party[-_]notices)(?:[-_.][\w.-]*)?\.(?:txt|md|markdown)"
    r"|(?:requirements|constraints)(?:[-_.][\w.-]*)?\.txt"
    r"|(?:robots|humans|security|cmakelists|llms)\.txt",
    re.IGNORECASE,
)
# A .gitignore is a few kilobytes; anything larger is not read.
_MAX_GITIGNORE = 1024 * 1024


def is_article_name(name: str) -> bool:
    """False for names such as requirements.txt, LICENSE.md or robots.txt."""
    return format_for(name) is not None and not _NOT_ARTICLES.fullmatch(name)


def _walk(raw: str, root: Path) -> Iterator[Input]:
    """Lintable files under ``root`` in sorted order, as git would list them.

    Hidden folders, tool folders and whatever the .gitignore files in force
    exclude (those of the repository above ``root`` too) are skipped, as are
    files that are never articles. Named files are always linted.
    """
    found = False
    ignores = {root: _outer_ignores(root).entering(root, _gitignore(root))}
    for directory, subdirs, files in os.walk(root):
        here = Path(directory)
        rules = ignores.pop(here, IgnoreFiles())
        subdirs[:] = sorted(
            d
            for d in subdirs
            if d not in _SKIP_DIRS
            and not d.startswith(".")
            and not rules.ignored(here / d, folder=True)
        )
        for name in subdirs:
            ignores[here / name] = rules.entering(here / name, _gitignore(here / name))
        for name in sorted(files):
            path = here / name
            if not is_article_name(name) or rules.ignored(path):
                continue
            found = True
            yield Input(
                _display(raw, root, path), path, format_for(name) or Format.TEXT
            )
    if not found:
        suffixes = ", ".join(SUFFIXES)
        yield Input(
            shown(raw),
            None,
            Format.TEXT,
            error=f"directory has no files to lint ({suffixes})",
        )


def _display(raw: str, root: Path, path: Path) -> str:
    relative = path.relative_to(root)
    return shown(str(Path(raw) / relative) if raw != "." else str(relative))


def _gitignore(folder: Path) -> str | None:
    try:
        return read_text(folder / ".gitignore", _MAX_GITIGNORE, ".gitignore")
    except InputError:
        return None


def _outer_ignores(root: Path) -> IgnoreFiles:
    """The .gitignore files between the repository's top and ``root``."""
    start = absolute(root)
    top = next((p for p in (start, *start.parents) if (p / ".git").exists()), None)
    if top is None or top == start:
        return IgnoreFiles()
    rules = IgnoreFiles()
    for folder in reversed(start.relative_to(top).parents):
        rules = rules.entering(top / folder, _gitignore(top / folder))
    return rules
