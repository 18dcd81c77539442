"""Hyperscan's literal scan gives exactly what the prefilter's regex scan gives.

Both scanners are built over the same requirements (the shipped rules' and a
small set made to be awkward: literals that are prefixes of others, in one
pattern and across patterns, overlapping, non-ASCII and astral ones) and run
on generated text that mixes the literals, case variants and non-ASCII
characters, and on the examples and fixtures. Skipped where Hyperscan is not
installed: the regex scan is then the only one.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint import cache, hyperscan_scan, prefilter, rulepack
from healthlint.prefilter import Requirement

from .conftest import FIXTURES

pytest.importorskip("hyperscan")

REPO = Path(__file__).resolve().parent.parent
AWKWARD = [
    Requirement((("cure", 0, 0),), 5),
    Requirement((("cures a", 0, 0), ("miracle", 2, None)), None),
    Requirement((("abc", 0, 0), ("abcd", 1, 3)), 9),  # one a prefix of the other
    Requirement((("aaa", 0, 2),), 6),  # overlaps itself in "aaaa"
    Requirement((("don’t e", 0, 0), ("it’s", 0, 1)), 12),  # non-ASCII literals
    Requirement((("\U0001d518ber", 0, 0), ("µg da", 1, 1)), 8),  # astral, micro
    Requirement((("ab", 0, 0),), 2),  # shorter than MIN_LITERAL: never reported
]
ODD = ["’", "–", "é", "ſ", "ı", "K", "µ", "Σ", "\U0001d518", "\ud800", "\n", " "]


def _shipped() -> list[Requirement]:
    rulepack.load_builtin_rules()
    return list(prefilter.REGISTRY.requirements)


def _scanners(
    requirements: list[Requirement],
) -> tuple[prefilter._Scanner, prefilter._Scanner]:
    fast = prefilter._Scanner(requirements, fast=True)
    assert fast.fast is not None
    return fast, prefilter._Scanner(requirements, fast=False)


@functools.cache
def _both() -> tuple[list[Requirement], prefilter._Scanner, prefilter._Scanner]:
    """Built on first use, under the tests' cache folder, not at collection."""
    requirements = _shipped() + AWKWARD
    return (requirements, *_scanners(requirements))


AWKWARD_WORDS = sorted({lit for r in AWKWARD for lit in r.literals})


def _folded(text: str) -> str:
    return prefilter.fold(text.lower())


def _pieces() -> st.SearchStrategy[str]:
    rulepack.load_builtin_rules()
    shipped = {lit for r in prefilter.REGISTRY.requirements for lit in r.literals}
    words = sorted(shipped.union(AWKWARD_WORDS))
    word = st.sampled_from(words)
    variant = st.tuples(word, st.sampled_from([str, str.upper, str.title]))
    return st.one_of(
        variant.map(lambda pair: pair[1](pair[0])),
        st.sampled_from(ODD),
        st.text(max_size=4),
        word.map(lambda w: w[: len(w) // 2 + 1]),
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(_pieces(), max_size=30).map("".join))
def test_hyperscan_finds_what_the_regex_finds(text: str) -> None:
    _requirements, fast, slow = _both()
    folded = _folded(text)
    assert fast.scan(folded) == slow.scan(folded)


def test_same_occurrences_on_examples_and_fixtures() -> None:
    paths = sorted((REPO / "examples").iterdir())
    paths += sorted(p for p in (FIXTURES / "articles").iterdir() if p.is_file())
    assert len(paths) > 5
    _requirements, fast, slow = _both()
    for path in paths:
        folded = _folded(path.read_text(encoding="utf-8", errors="surrogateescape"))
        assert fast.scan(folded) == slow.scan(folded), path.name


def test_awkward_literals_are_found() -> None:
    requirements, fast, slow = _both()
    folded = _folded("AAAA Don’t eat it’s 5 µg daily; \U0001d518ber ABCD cures all")
    found = fast.scan(folded)
    assert found == slow.scan(folded)
    base = len(requirements) - len(AWKWARD)
    assert [o[:2] for o in found[base + 3]] == [(0, 3), (1, 4)]  # aaa, twice
    assert [o[:2] for o in found[base + 2]] == [(37, 40), (37, 41)]  # abc, abcd
    assert [o[:2] for o in found[base + 5]] == [(22, 27), (32, 36)]  # µ, astral
    assert found[base + 6] == []


def test_a_failing_scan_falls_back_to_the_regex(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast, slow = _scanners(AWKWARD)
    assert fast.fast is not None
    monkeypatch.setattr(fast.fast, "find", lambda _text: None)
    folded = _folded("Miracle cures abcd")
    assert fast.scan(folded) == slow.scan(folded)
    assert fast.fast is None


def test_the_database_is_kept_in_the_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEALTHLINT_CACHE_HOME", str(tmp_path))
    literals = sorted({lit for r in AWKWARD for lit in r.literals if len(lit) > 2})
    monkeypatch.setattr(hyperscan_scan, "_saving", False)
    assert hyperscan_scan.build(literals) is not None
    assert not (tmp_path / "hyperscan").exists()  # a run without a cache
    monkeypatch.setattr(hyperscan_scan, "_saving", True)
    first = hyperscan_scan.build(literals)
    assert first is not None
    stored = list((tmp_path / "hyperscan").glob("*.db"))
    assert len(stored) == 1

    def no_compile(*_args: object) -> None:
        raise AssertionError("compiled although stored")

    monkeypatch.setattr(hyperscan_scan, "_compile", no_compile)
    again = hyperscan_scan.build(literals)
    assert again is not None
    assert again.find("abcd it’s") == first.find("abcd it’s")


def test_a_tampered_database_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEALTHLINT_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(hyperscan_scan, "_saving", True)
    literals = ["cure", "miracle"]
    assert hyperscan_scan.build(literals) is not None
    (path,) = (tmp_path / "hyperscan").glob("*.db")
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    compiled: list[int] = []
    real = hyperscan_scan._compile

    def counting(hs: object, lits: list[str]) -> object:
        compiled.append(1)
        return real(hs, lits)

    monkeypatch.setattr(hyperscan_scan, "_compile", counting)
    scan = hyperscan_scan.build(literals)
    assert scan is not None
    assert compiled == [1]
    assert [key >> scan.bits for key in scan.find("a miracle cure")] == [2, 10]


def test_only_the_newest_databases_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEALTHLINT_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(hyperscan_scan, "_saving", True)
    for index in range(cache.KEEP_NEWEST + 3):
        assert hyperscan_scan.build([f"word{index:03d}"]) is not None
    assert len(list((tmp_path / "hyperscan").glob("*.db"))) == cache.KEEP_NEWEST
