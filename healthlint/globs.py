"""Paths and path patterns, with gitignore's rules, relative to their own folder.

``exclude`` and ``per-file-ignores`` in a config file, and every ``.gitignore``
a folder walk meets, use the same rules, the ones people already know: a
pattern without a slash matches a name at any depth (``*.md``), one with a
slash is anchored to the folder of the file that wrote it (``drafts/**``,
``archive/**/*.md``), a trailing slash matches folders, and ``!`` re-includes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec


class PatternError(ValueError):
    """A pattern that can never match, or cannot be read; one line for the user."""


def absolute(path: Path | str) -> Path:
    """The absolute, normalised path, symlinks left as they are.

    Unlike ``Path.resolve()`` this never raises on a symlink loop, and a file is
    placed where it was named (a linked article belongs to the folder holding
    the link, and is governed by that folder's config).
    """
    return Path(os.path.abspath(path))  # noqa: PTH100 (see the docstring)


@lru_cache(maxsize=512)
def compile_patterns(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    """One matcher for a list of gitignore-style patterns."""
    return _spec(patterns)


def _spec(lines: Iterable[str]) -> pathspec.GitIgnoreSpec:
    """A gitignore matcher; pathspec is imported here, on first use."""
    import pathspec  # noqa: PLC0415

    return pathspec.GitIgnoreSpec.from_lines(lines)


def check_patterns(patterns: Iterable[str]) -> None:
    """Raise PatternError for a pattern that is empty or that gitignore rejects."""
    for pattern in patterns:
        if not pattern.strip() or pattern.strip().startswith("#"):
            raise PatternError("an empty pattern matches nothing")
        try:
            compile_patterns((pattern,))
        except ValueError as exc:
            raise PatternError(f"bad pattern {pattern!r}: {exc}") from None


def relative_posix(path: Path | str, base: Path) -> str:
    """``path`` relative to ``base`` with forward slashes; as given when outside."""
    try:
        return absolute(path).relative_to(absolute(base)).as_posix()
    except ValueError:
        return PurePath(path).as_posix().removeprefix("./")


def matches(path: Path | str, base: Path, patterns: tuple[str, ...]) -> bool:
    """True when the patterns, written in folder ``base``, match ``path``."""
    if not patterns:
        return False
    return bool(compile_patterns(patterns).match_file(relative_posix(path, base)))


class IgnoreFiles:
    """The ``.gitignore`` files in force in one folder of a walk, outermost first.

    A deeper file overrides a shallower one, as in git: the last file with a
    pattern that speaks about a path decides.
    """

    def __init__(
        self, specs: tuple[tuple[Path, pathspec.GitIgnoreSpec], ...] = ()
    ) -> None:
        self.specs = specs

    def ignored(self, path: Path, folder: bool = False) -> bool:
        """True when git would ignore ``path``."""
        verdict = False
        for base, spec in self.specs:
            relative = relative_posix(path, base)
            if relative.startswith("../"):
                continue
            result = spec.check_file(relative + ("/" if folder else ""))
            if result.include is not None:
                verdict = result.include
        return verdict

    def entering(self, folder: Path, text: str | None) -> IgnoreFiles:
        """The files in force inside ``folder``, given its own .gitignore text."""
        if not text:
            return self
        spec = _spec(text.splitlines())
        return IgnoreFiles((*self.specs, (folder, spec)))
