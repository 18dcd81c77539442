"""Readability scores of a document's prose against a health-literacy target.

Sentences and words come from the parsed document, not from textstat's own
splitter, so "Dr.", "e.g." and "7.5 mg" do not end sentences and headings, code
and URLs do not count. Syllables are counted by textstat's rule (the CMU
pronouncing dictionary, falling back to hyphenation; see healthlint.syllables);
the formulas are the published ones, written out here so each can be checked by hand.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from healthlint.document import BlockKind, Document, Span
from healthlint.model import Readability
from healthlint.syllables import count as syllable_count

_WORD = re.compile(r"[A-Za-z0-9]+(?:[’'.-][A-Za-z0-9]+)*")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)

# SMOG was calibrated on 30-sentence samples; on fewer it is not defined.
SMOG_MIN_SENTENCES = 30

# Grade targets by document type. NIH asks for patient materials below 8th grade;
# news and press releases are reported against no target (their median is 11-15).
DEFAULT_TARGETS: Mapping[str, float | None] = {
    "default": 9.0,
    "consumer": 9.0,
    "blog": 9.0,
    "patient-education": 8.0,
    "news": None,
    "press-release": None,
}


@dataclass(frozen=True)
class Counts:
    """The raw counts every formula is built from."""

    words: int
    sentences: int
    syllables: int
    polysyllables: int


def syllables(word: str) -> int:
    """Syllables in one word, by textstat's rule (see healthlint.syllables)."""
    if not any(ch.isalpha() for ch in word):
        return max(1, len(word) // 3) if word.isdigit() else 1
    return syllable_count(word.lower())


def prose_sentences(doc: Document) -> tuple[Span, ...]:
    """Sentences that count for readability: not headings."""
    headings = [b.span for b in doc.blocks_of(BlockKind.HEADING)]
    return tuple(s for s in doc.sentences if not any(h.contains(s) for h in headings))


def words_of(text: str) -> list[str]:
    """Word tokens of prose, URLs left out."""
    return _WORD.findall(_URL.sub(" ", text))


def count(texts: Iterable[str]) -> Counts:
    """Count words, sentences, syllables and polysyllables over sentence texts."""
    words = sentences = total = poly = 0
    for text in texts:
        tokens = words_of(text)
        if not tokens:
            continue
        sentences += 1
        words += len(tokens)
        for token in tokens:
            n = syllables(token.lower())
            total += n
            poly += n >= 3
    return Counts(words, sentences, total, poly)


def flesch_kincaid_grade(c: Counts) -> float:
    """Kincaid et al. (1975): 0.39 ASL + 11.8 ASW - 15.59."""
    return 0.39 * c.words / c.sentences + 11.8 * c.syllables / c.words - 15.59


def flesch_reading_ease(c: Counts) -> float:
    """Flesch (1948): 206.835 - 1.015 ASL - 84.6 ASW."""
    return 206.835 - 1.015 * c.words / c.sentences - 84.6 * c.syllables / c.words


def smog_index(c: Counts) -> float:
    """McLaughlin (1969): 1.0430 sqrt(polysyllables x 30 / sentences) + 3.1291."""
    return 1.0430 * math.sqrt(c.polysyllables * 30 / c.sentences) + 3.1291


def score(doc: Document, target: float | None) -> Readability:
    """Scores for a document, with the target and whether the grade meets it."""
    counts = count(doc.text[s.start : s.end] for s in prose_sentences(doc))
    if not counts.words:
        return Readability(0, 0, None, None, None, target, None, ("no prose to score",))
    grade = round(flesch_kincaid_grade(counts), 1)
    notes: list[str] = []
    smog: float | None = None
    if counts.sentences >= SMOG_MIN_SENTENCES:
        smog = round(smog_index(counts), 1)
    else:
        notes.append(
            f"SMOG needs {SMOG_MIN_SENTENCES} sentences; this has {counts.sentences}"
        )
    return Readability(
        words=counts.words,
        sentences=counts.sentences,
        flesch_kincaid_grade=grade,
        smog_index=smog,
        flesch_reading_ease=round(flesch_reading_ease(counts), 1),
        target_grade=target,
        meets_target=None if target is None else grade <= target,
        notes=tuple(notes),
    )
