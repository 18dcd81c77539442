"""Module-level patterns compiled on first use behave as compiled ones."""

from __future__ import annotations

import copy
import pickle
import re

import pytest

from healthlint import lazyregex
from healthlint.lazyregex import lazy


@pytest.fixture(autouse=True)
def _forget_test_patterns() -> object:
    """Patterns made here stay out of the registry the rest of the run warms."""
    before = list(lazyregex._DEFINED)
    yield
    lazyregex._DEFINED[:] = before


def test_a_lazy_pattern_compiles_nothing_until_used() -> None:
    pattern = lazy(r"(?P<word>\w+)(", re.IGNORECASE)  # invalid, but never used
    assert "search" not in vars(pattern)
    with pytest.raises(re.error):
        pattern.search("text")


def test_a_lazy_pattern_answers_as_the_compiled_one() -> None:
    source, flags = r"\b(?P<word>ab+c)\b", re.IGNORECASE
    stand_in, real = lazy(source, flags), re.compile(source, flags)
    text = "x ABBC abc abbbc-y"
    assert [m.span() for m in stand_in.finditer(text)] == [
        m.span() for m in real.finditer(text)
    ]
    assert stand_in.sub("-", text) == real.sub("-", text)
    assert stand_in.findall(text) == real.findall(text)
    assert stand_in.match(text, 2) is not None
    assert (stand_in.pattern, stand_in.flags) == (real.pattern, real.flags)
    assert (stand_in.groups, stand_in.groupindex) == (real.groups, real.groupindex)


def test_probing_for_copy_or_pickle_support_does_not_compile() -> None:
    pattern = lazy(r"a+")
    assert not hasattr(pattern, "__getnewargs_ex__")
    assert "search" not in vars(pattern)
    assert copy.copy(pattern).search("caab").group() == "aa"
    copied = pickle.loads(pickle.dumps(pattern))  # noqa: S301 (made here)
    assert copied.search("caab").group() == "aa"
