"""Cue and topic-word counts through the prefilter equal whole-text ``findall``.

Document-type cues and topic words are counted only near their literals
(``Twinned.count`` with a scan state). The count must be what ``findall`` on
the whole text gives, on every literal scan: Hyperscan where installed, the
pure-Python regex, and with the prefilter off; over the examples, the article
fixtures and generated text that mixes cue words, cases and specially folded
characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from re import _parser  # type: ignore[attr-defined]

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint import doctype, hyperscan_scan, prefilter, topic
from healthlint.twins import Twinned

from .conftest import FIXTURES

REPO = Path(__file__).resolve().parent.parent
TWINS = [*doctype._TWINS.values(), *topic._TWINS]
PATHS = ("hyperscan", prefilter.REGEX, "off")
# Pieces of cue and topic text, with cases, line starts and odd characters.
VOCABULARY = [
    *(" said ", " told The ", "according to ", " you ", "you’re ", "YOUR "),
    *("Media Contact", "\nContact: ", "\n###\n", "\n- 30 -\n", "About the Foo Inc"),
    *("BOSTON, May 3, 2024 -- ", "LONDON - ", "(NYSE: ABC)", "PRNewswire", "™"),
    *("for immediate release", "today announced", "forward-looking statements"),
    *("\nby Jane Doe\n", "\n1. Eat More Fish\n", "\nWhat is asthma?\n", "tips"),
    *("book a free consultation", "our clinic", "$50", "£ 9", "per session"),
    *("add to cart", "free shipping", "capsules", "this leaflet", "your GP can"),
    *("treatment", "drugs", "vaccines", "patients", "arthritis", "woman", "study"),
    *("researchers", "coffee", "published in", "the study", "Reuters", "(AP)"),
    *("ſ", "ı", "K", "İ", "µ", "Σ", "ς", "’", "–", "\u00a0", " ", "\n", ".", ","),
]


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(REPO.glob("examples/*"))]
    texts += [
        p.read_text(encoding="utf-8")
        for p in sorted((FIXTURES / "articles").iterdir())
        if p.suffix in (".md", ".html", ".txt")
    ]
    return texts


@pytest.fixture(params=PATHS)
def scan_path(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each literal scan in turn: new scanners, built for that path."""
    path = str(request.param)
    if path == "hyperscan" and not hyperscan_scan.available():
        pytest.skip("Hyperscan is not installed")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(prefilter, "enabled", path != "off")
        patch.setattr(prefilter, "use_hyperscan", path == "hyperscan")
        for registry in (prefilter.REGISTRY, prefilter.CUES):
            patch.setattr(registry, "_scanner", None)
        yield path
    for registry in (prefilter.REGISTRY, prefilter.CUES):
        registry._scanner = None  # built again for the path the process runs


def _check(text: str) -> None:
    """Every cue and topic word counts through the prefilter what findall does."""
    lowered = text.lower()
    state: dict[str, object] = {}
    plain = prefilter.plain(state, lowered)
    for twin in TWINS:
        expected = len(twin.pattern.findall(text))
        found = twin.count(text, lowered, plain, state)
        assert found == expected, (twin.source, text)


def test_examples_and_fixtures(scan_path: str) -> None:
    """The shipped examples and article fixtures, whole and as prose lines."""
    for text in _texts():
        _check(text)
        _check(text.upper())


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=40).map("".join))
def test_generated_text(scan_path: str, text: str) -> None:
    """Cue words in every order, case and company of odd characters."""
    _check(text)
    _check(text.title())


def test_the_prefilter_is_used() -> None:
    """Most cues and every topic word have literals, so most counts use hits."""
    registered = [twin.registry.get(twin.pid).offsets for twin in TWINS]
    assert sum(bool(offsets) for offsets in registered) >= len(TWINS) * 3 // 4


@pytest.mark.parametrize("twin", TWINS, ids=lambda twin: str(twin.source)[:30])
def test_no_counted_pattern_matches_empty(twin: Twinned) -> None:
    """``Hits.finditer`` assumes every match holds a literal, so none is empty."""
    requirement = twin.registry.get(twin.pid)
    if requirement.offsets:
        least = _parser.parse(*twin.run_key()).getwidth()[0]
        assert least >= prefilter.MIN_LITERAL
        assert twin.pattern.fullmatch("") is None


def test_counts_without_a_scan_state_scan_the_whole_text() -> None:
    """No state (another text, or none kept): plain ``findall``."""
    twin = Twinned(r"\bmiracle cures?\b", re.IGNORECASE, prefilter.Registry("_t"))
    text = "A Miracle cure. miracle CURES!"
    assert twin.count(text, text.lower(), True) == 2
    assert twin.count(text, text.lower(), True, {}) == 2
