"""The shipped rules, validated and analysed once per machine, read back fast.

Loading the shipped packs means parsing YAML, validating every rule, compiling
every pattern and working out each pattern's required literals: most of a
one-file run's start-up. The result depends only on the pack files, the
healthlint code and the Python version, so it is kept in the user's cache
folder (never in ``--cache-dir``, which may lie in a repository) as a pickle
and read back on later runs. Compiled regexes are not stored: patterns compile
when a document first needs them, from the compiled code kept alongside
(``precompiled``), as do healthlint's own module-level patterns; the
prefilter's scan sources are kept too, so its tries are not built again, with
the analysis of healthlint's own patterns (cues, topic words, furniture), and so
are the shipped profiles, parsed, so that a start reads no YAML at all.

A pickle runs code when it is read, so the file is trusted no more than the
results cache is: it carries an HMAC-SHA256 under the user's secret cache key
and is read only when that checks out, and a file or folder that is a symbolic
link is ignored. Reading never creates anything; the file is written only by a
run that may write a cache (not under ``--no-cache``).
"""

from __future__ import annotations

import copyreg
import io
import pickle
import re
import sys
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from healthlint import (
    __version__,
    config,
    doctype,
    lazyregex,
    precompiled,
    prefilter,
    topic,
)
from healthlint.cache import cache_home, digest, prune, read_signed, write_signed
from healthlint.kinds._common import text_patterns
from healthlint.readfile import read_text
from healthlint.rule import Rule

FORMAT = 4
MAX_BYTES = 16 * 1024 * 1024
_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def _code_stamp() -> str:
    """Size and time of every module: a checkout's edited code means a new key.

    Taken once per process (a run both reads and writes the cache): the code a
    process runs is the code it imported, whatever happens to the files later.
    """
    parts = []
    for path in sorted(_PACKAGE.rglob("*.py")):
        info = path.stat()
        parts.append(f"{path.relative_to(_PACKAGE)}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts)


def path_for(packs: list[Path]) -> Path:
    """The cache file for these pack files, as they are now."""
    key = digest(
        str(FORMAT),
        __version__,
        sys.version,
        _code_stamp(),
        *(p.name for p in packs),
        *(p.read_bytes() for p in packs),
    )
    return cache_home() / "rules" / f"{key[:40]}.pickle"


def load(target: Path) -> tuple[Rule, ...] | None:
    """The rules stored at ``target``, or None when absent or not authentic."""
    payload = read_signed(target, MAX_BYTES)
    if payload is None:
        return None
    try:
        loaded = pickle.loads(payload)  # noqa: S301 (signed)
        rules, codes, scans, analysed, profiles = loaded
    except Exception:  # a file from another build: load from YAML instead
        return None
    if not isinstance(rules, tuple) or not all(isinstance(r, Rule) for r in rules):
        return None
    if isinstance(codes, dict):
        precompiled.remember(codes)
    if isinstance(scans, dict):
        prefilter.remember_sources(scans)
    if isinstance(analysed, dict):
        prefilter.remember_analysis(analysed)
    if isinstance(profiles, dict):
        config.remember_parsed(profiles)
    return rules


def save(target: Path, rules: tuple[Rule, ...]) -> None:
    """Store the rules; a cache that cannot be written only costs time."""
    if target.exists():
        return
    try:
        payload = _dumps(rules)
    except Exception:  # something that will not pickle: load from YAML each run
        return
    write_signed(target, payload)
    prune(target, "*.pickle")


def _profiles() -> dict[str, object]:
    """The shipped profiles' YAML, each text with what it parses to."""
    parsed = {}
    for path in sorted(config.profiles_dir().glob("*.yaml")):
        text = read_text(path, config.MAX_CONFIG_BYTES, "config")
        parsed[text] = config.parse_yaml(text)
    return parsed


def _scans(rules: tuple[Rule, ...]) -> dict[tuple[str, ...], str]:
    """The prefilter's scan sources, by their literals.

    One for the rules' literals with those of the patterns deferred to the
    same registry (topic words, furniture), one for the document-type cues'.
    """
    rule_literals = {
        lit
        for rule in rules
        for p in text_patterns(rule.compiled)
        if p.pid is not None
        for lit in prefilter.REGISTRY.get(p.pid).literals
    }
    scans = {}
    for literals in (
        rule_literals | _deferred_literals(prefilter.REGISTRY),
        _deferred_literals(prefilter.CUES),
    ):
        if literals:
            scans[tuple(sorted(literals))] = prefilter.scan_source(literals)
    return scans


def _deferred_literals(registry: prefilter.Registry) -> set[str]:
    return {
        lit
        for requirement in registry.deferred().values()
        if requirement is not None
        for lit in requirement.literals
    }


def _analysed() -> dict[tuple[str, int], prefilter.Requirement | None]:
    """What healthlint's own patterns (cues, topic words, furniture) require."""
    return {**prefilter.REGISTRY.deferred(), **prefilter.CUES.deferred()}


def _codes(rules: tuple[Rule, ...]) -> dict[tuple[str, int], precompiled.Code]:
    """Compiled code of the patterns every lint runs.

    The rules' patterns, the prefilter's scan, the document-type and topic
    twins, and healthlint's own module-level patterns (``lazyregex``).
    """
    patterns = [p for rule in rules for p in text_patterns(rule.compiled)]
    sources = {p.run_source for p in patterns}
    sources.update((scan, re.DOTALL) for scan in _scans(rules).values())
    sources.update(lazyregex.defined())
    for twin in (*doctype._TWINS.values(), *topic._TWINS):
        key = twin.twin_key
        if key is not None:
            sources.add(key)
    codes = {}
    for source, flags in sources:
        code = precompiled.code_of(source, flags)
        if code is not None:
            codes[(source, flags)] = code
    return codes


def _dumps(rules: tuple[Rule, ...]) -> bytes:
    """Pickle the rules, their patterns' code, the scans, analyses and profiles.

    Read-only mappings go as dicts and come back read-only; compiled patterns
    go with their code, so that reading them back compiles nothing.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    table = copyreg.dispatch_table.copy()
    table[MappingProxyType] = _reduce_proxy
    table[re.Pattern] = _reduce_pattern
    pickler.dispatch_table = table
    pickler.dump((rules, _codes(rules), _scans(rules), _analysed(), _profiles()))
    return buffer.getvalue()


def _reduce_proxy(
    proxy: Mapping[object, object],
) -> tuple[Callable[..., object], tuple[object, ...]]:
    return (read_only, (dict(proxy),))


def _reduce_pattern(
    pattern: re.Pattern[str],
) -> tuple[Callable[..., object], tuple[object, ...]]:
    """A compiled pattern (a rule's exception phrases) goes with its code."""
    source, flags = pattern.pattern, pattern.flags
    return (precompiled.rebuild, (source, flags, precompiled.code_of(source, flags)))


def read_only(items: dict[object, object]) -> Mapping[object, object]:
    """A read-only view of ``items``: how a pickled mapping proxy comes back."""
    return MappingProxyType(items)
