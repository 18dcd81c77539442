"""Readability scores of a document's prose against a health-literacy target.

Sentences and words come from the parsed document, not from textstat's own
splitter, so "Dr.", "e.g." and "7.5 mg" do not end sentences and headings, code
and URLs do not count; each list item is a sentence. Syllables are counted by
textstat's rule (see healthlint.syllables) and Dale-Chall's familiar words are
textstat's list. The formulas are the published ones, written out here so each
can be checked by hand. The target is judged on the Flesch-Kincaid grade, the
formula most health-literacy guidance quotes; the others are reported beside it.
"""

from __future__ import annotations

import bisect
import importlib.util
import itertools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from healthlint.document import BlockKind, Document, Span
from healthlint.lazyregex import lazy
from healthlint.model import HardSentence, Readability, SectionScore
from healthlint.syllables import count as syllable_count

_WORD = lazy(r"[A-Za-z0-9]+(?:[’'.-][A-Za-z0-9]+)*")
_URL = lazy(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_INFLECTIONS = ("ies", "es", "s", "ed", "d", "ing", "er", "est", "ly")
_FOG_SUFFIXES = ("es", "ed", "ing")
# A reference list is looked up, not read: its entries are not prose.
_REFERENCES = lazy(
    r"(?:sources?|references?|bibliography|further reading|citations?|works cited)\W*$",
    re.IGNORECASE,
)

# SMOG was calibrated on 30-sentence samples; on fewer it is not defined.
SMOG_MIN_SENTENCES = 30
HARDEST_SHOWN = 3
# A grade computed on a few words is noise; shorter sentences are never "hardest".
HARDEST_MIN_WORDS = 6
LONG_WORD_SYLLABLES = 3

# Grade targets by document type. NIH asks for patient materials below 8th grade;
# news and press releases are reported against no target (their median is 11-15).
DEFAULT_TARGETS: Mapping[str, float | None] = {
    "default": 9.0,
    "consumer": 9.0,
    "blog": 9.0,
    "clinic-page": 9.0,
    "product-page": 9.0,
    "patient-education": 8.0,
    "news": None,
    "press-release": None,
}

# Dale-Chall raw scores to the grade levels of Chall and Dale's table (mid-points).
_DALE_CHALL_GRADES = (
    (5.0, 4.0),
    (6.0, 5.5),
    (7.0, 7.5),
    (8.0, 9.5),
    (9.0, 11.5),
    (10.0, 14.0),
)


@dataclass(frozen=True)
class Counts:
    """The raw counts every formula is built from."""

    words: int
    sentences: int
    syllables: int
    polysyllables: int
    letters: int = 0
    complex_words: int = 0
    unfamiliar_words: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            *(
                a + b
                for a, b in zip(
                    self.__dict__.values(), other.__dict__.values(), strict=True
                )
            )
        )


EMPTY = Counts(0, 0, 0, 0)


def syllables(word: str) -> int:
    """Syllables in one word, by textstat's rule (see healthlint.syllables)."""
    if not any(ch.isalpha() for ch in word):
        return max(1, len(word) // 3) if word.isdigit() else 1
    return syllable_count(word.lower())


@lru_cache(maxsize=1)
def familiar_words() -> frozenset[str]:
    """The Dale-Chall list of words familiar to fourth graders, as textstat ships it.

    Read from textstat's package data without importing textstat, whose import
    alone costs more than linting an article.
    """
    spec = importlib.util.find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("textstat is not installed; reinstall healthlint")
    folder = Path(next(iter(spec.submodule_search_locations)))
    text = (folder / "resources" / "en" / "easy_words.txt").read_text(encoding="utf-8")
    return frozenset(text.split())


def is_familiar(word: str, first: bool) -> bool:
    """Dale-Chall: listed words, their regular inflections, numbers, names."""
    lower = word.lower()
    if lower.isdigit() or (word[0].isupper() and not first):
        return True
    easy = familiar_words()
    if lower in easy:
        return True
    stems = (
        lower[: -len(end)]
        for end in _INFLECTIONS
        if lower.endswith(end) and len(lower) > len(end) + 2
    )
    return any(
        stem in easy or stem + "e" in easy or stem + "y" in easy for stem in stems
    )


def is_complex(word: str, first: bool, count: int) -> bool:
    """Gunning: three or more syllables, not a name, compound, or -es/-ed/-ing form."""
    if count < LONG_WORD_SYLLABLES or "-" in word or (word[0].isupper() and not first):
        return False
    return not (
        word.lower().endswith(_FOG_SUFFIXES) and count - 1 < LONG_WORD_SYLLABLES
    )


def words_of(text: str) -> list[str]:
    """Word tokens of prose, URLs left out."""
    return _WORD.findall(_URL.sub(" ", text))


@lru_cache(maxsize=131072)
def token_facts(token: str, first: bool) -> tuple[int, int, int, int, int]:
    """(syllables, polysyllable, letters, complex, unfamiliar) for one token.

    Cached because prose repeats its words: this is the inner loop of scoring.
    """
    n = syllables(token)
    return (
        n,
        int(n >= LONG_WORD_SYLLABLES),
        sum(ch.isalnum() for ch in token),
        int(is_complex(token, first, n)),
        int(not is_familiar(token, first)),
    )


def count_sentence(text: str) -> Counts:
    """Counts for one sentence; a sentence with no words counts as nothing."""
    tokens = words_of(text)
    if not tokens:
        return EMPTY
    facts = [token_facts(token, index == 0) for index, token in enumerate(tokens)]
    total, poly, letters, complex_words, unfamiliar = (
        sum(column) for column in zip(*facts, strict=True)
    )
    return Counts(len(tokens), 1, total, poly, letters, complex_words, unfamiliar)


def count(texts: Iterable[str]) -> Counts:
    """Counts over many sentences."""
    return sum((count_sentence(t) for t in texts), EMPTY)


def flesch_kincaid_grade(c: Counts) -> float:
    """Kincaid et al. (1975): 0.39 ASL + 11.8 ASW - 15.59."""
    return 0.39 * c.words / c.sentences + 11.8 * c.syllables / c.words - 15.59


def flesch_reading_ease(c: Counts) -> float:
    """Flesch (1948): 206.835 - 1.015 ASL - 84.6 ASW."""
    return 206.835 - 1.015 * c.words / c.sentences - 84.6 * c.syllables / c.words


def smog_index(c: Counts) -> float:
    """McLaughlin (1969): 1.0430 sqrt(polysyllables x 30 / sentences) + 3.1291."""
    return 1.0430 * math.sqrt(c.polysyllables * 30 / c.sentences) + 3.1291


def gunning_fog(c: Counts) -> float:
    """Gunning (1952): 0.4 (ASL + 100 x complex words / words)."""
    return 0.4 * (c.words / c.sentences + 100 * c.complex_words / c.words)


def coleman_liau_index(c: Counts) -> float:
    """Coleman and Liau (1975): 0.0588 L - 0.296 S - 15.8, per 100 words."""
    letters_per_100 = 100 * c.letters / c.words
    sentences_per_100 = 100 * c.sentences / c.words
    return 0.0588 * letters_per_100 - 0.296 * sentences_per_100 - 15.8


def dale_chall_score(c: Counts) -> float:
    """Dale and Chall (1948): 0.1579 PDW + 0.0496 ASL, + 3.6365 above 5% unfamiliar."""
    unfamiliar = 100 * c.unfamiliar_words / c.words
    raw = 0.1579 * unfamiliar + 0.0496 * c.words / c.sentences
    return raw + 3.6365 if unfamiliar > 5 else raw


def dale_chall_grade(raw: float) -> float:
    """The grade level Chall and Dale's table gives a raw score (band mid-points)."""
    for upper, grade in _DALE_CHALL_GRADES:
        if raw < upper:
            return grade
    return 16.0


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def median(values: list[float]) -> float:
    """``statistics.median``, step for step, without importing ``statistics``.

    That module brings ``fractions`` and ``decimal``: more time at a one-file
    run's first score than the median of six grades is worth.
    """
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def score(doc: Document, target: float | None) -> Readability:
    """Scores for a document, with the target and whether the grade meets it."""
    spans = prose_sentences(doc)
    per_sentence = [count_sentence(doc.text[s.start : s.end]) for s in spans]
    counts = sum(per_sentence, EMPTY)
    if not counts.words:
        return Readability(0, 0, None, None, None, target, None, ("no prose to score",))
    grade = round(flesch_kincaid_grade(counts), 1)
    smog = smog_index(counts) if counts.sentences >= SMOG_MIN_SENTENCES else None
    notes = (
        ()
        if smog is not None
        else (
            f"SMOG needs {SMOG_MIN_SENTENCES} sentences; this has {counts.sentences}",
        )
    )
    fog, liau, dale = (
        gunning_fog(counts),
        coleman_liau_index(counts),
        dale_chall_score(counts),
    )
    grades = [
        grade,
        fog,
        liau,
        dale_chall_grade(dale),
        *([smog] if smog is not None else []),
    ]
    return Readability(
        words=counts.words,
        sentences=counts.sentences,
        flesch_kincaid_grade=grade,
        smog_index=_rounded(smog),
        flesch_reading_ease=round(flesch_reading_ease(counts), 1),
        target_grade=target,
        meets_target=None if target is None else grade <= target,
        notes=notes,
        gunning_fog=_rounded(fog),
        coleman_liau_index=_rounded(liau),
        dale_chall_score=_rounded(dale),
        consensus_grade=_rounded(median(grades)),
        sections=section_scores(doc, spans, per_sentence),
        hardest_sentences=hardest(doc, spans, per_sentence, target),
    )


def prose_sentences(doc: Document) -> tuple[Span, ...]:
    """Sentences that count for readability: not headings, not reference lists."""
    skipped = [b.span for b in doc.blocks_of(BlockKind.HEADING)]
    skipped += [
        Span(start, end)
        for title, _, start, end in _stretches(doc)
        if _REFERENCES.match(title)
    ]
    # Sorted by start, with the furthest end reached so far: whether a sentence
    # lies inside a skipped stretch is one bisection, not a test of each.
    skipped.sort()
    starts = [k.start for k in skipped]
    reach = list(itertools.accumulate((k.end for k in skipped), max))

    def inside(sentence: Span) -> bool:
        index = bisect.bisect_right(starts, sentence.start) - 1
        return index >= 0 and reach[index] >= sentence.end

    return tuple(s for s in doc.sentences if not inside(s))


def _stretches(doc: Document) -> list[tuple[str, Span | None, int, int]]:
    """(title, heading span, start, end) for the text before and after each heading."""
    headings = doc.blocks_of(BlockKind.HEADING)
    bounds = [h.span.start for h in headings] + [len(doc.text)]
    out: list[tuple[str, Span | None, int, int]] = [
        ("(before the first heading)", None, 0, bounds[0])
    ]
    for heading, end in zip(headings, bounds[1:], strict=True):
        title = doc.text[heading.span.start : heading.span.end]
        out.append((title, heading.span, heading.span.end, end))
    return out


def section_scores(
    doc: Document, spans: tuple[Span, ...], counts: list[Counts]
) -> tuple[SectionScore, ...]:
    """Flesch-Kincaid grade of each stretch between headings (the intro included)."""
    if not doc.blocks_of(BlockKind.HEADING):
        return ()
    out = []
    starts = [s.start for s in spans]  # sentences are in document order
    for title, heading, start, end in _stretches(doc):
        first = bisect.bisect_left(starts, start)
        last = bisect.bisect_left(starts, end)
        chosen = list(zip(spans[first:last], counts[first:last], strict=True))
        inside = sum((c for _, c in chosen), EMPTY)
        if inside.words:
            anchor = heading.start if heading else chosen[0][0].start
            grade = round(flesch_kincaid_grade(inside), 1)
            line = doc.position(anchor).line
            out.append(SectionScore(title, line, inside.words, inside.sentences, grade))
    return tuple(out)


def hardest(
    doc: Document, spans: tuple[Span, ...], counts: list[Counts], target: float | None
) -> tuple[HardSentence, ...]:
    """The sentences of highest grade (length and long words) above the target."""
    ranked = sorted(
        (
            (flesch_kincaid_grade(c), s, c)
            for s, c in zip(spans, counts, strict=True)
            if c.words >= HARDEST_MIN_WORDS
        ),
        key=lambda item: (-item[0], item[1].start),
    )
    floor = target if target is not None else float("-inf")
    out = []
    for grade, span, c in ranked[:HARDEST_SHOWN]:
        if grade <= floor:
            break
        start, end = doc.position(span.start), doc.end_position(span.end)
        out.append(
            HardSentence(
                start.line,
                start.column,
                end.line,
                end.column,
                c.words,
                c.polysyllables,
                round(grade, 1),
                doc.text[span.start : span.end],
            )
        )
    return tuple(out)
