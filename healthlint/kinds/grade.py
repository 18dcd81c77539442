"""``grade``: the file's reading grade against the target for its document type.

The engine scores readability before running rules and passes the score in
``doc.meta["readability"]``, so this kind stays a pure function and the score is
computed once. The finding sits on the first heading, or the first sentence,
because it concerns the whole text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from healthlint.document import BlockKind, Document, Span
from healthlint.kinds._common import OptionError, as_int
from healthlint.model import Readability
from healthlint.rule import Match, Rule

KEYS = frozenset({"min_words", "margin"})
# Readability formulas were calibrated on samples of about 100 words; a grade
# computed on a few sentences says little, so short texts are not judged.
DEFAULT_MIN_WORDS = 100


@dataclass(frozen=True)
class Compiled:
    """How long a text must be to judge, and how far above target is too far."""

    min_words: int
    margin: float


def compile_options(options: Mapping[str, object]) -> Compiled:
    """The target itself comes from profiles and config (``targets``)."""
    margin = options.get("margin", 0)
    if not isinstance(margin, int | float) or isinstance(margin, bool) or margin < 0:
        raise OptionError("margin", "'margin' must be a number of grades >= 0")
    return Compiled(
        as_int(options, "min_words", DEFAULT_MIN_WORDS, minimum=1), float(margin)
    )


def check(rule: Rule, doc: Document) -> Iterator[Match]:
    """One match when the Flesch-Kincaid grade is above the target (and margin)."""
    score = doc.meta.get("readability")
    compiled = rule.compiled
    if not isinstance(score, Readability) or score.meets_target is not False:
        return
    if not isinstance(compiled, Compiled) or score.words < compiled.min_words:
        return
    grade, target = score.flesch_kincaid_grade, score.target_grade
    if grade is None or target is None or grade <= target + compiled.margin:
        return
    span = _anchor(doc)
    if span is None:
        return
    fields = {
        "value": f"{score.flesch_kincaid_grade}",
        "max": f"{score.target_grade:g}",
        "formula": "Flesch-Kincaid",
        "type": str(doc.meta.get("type", "default")),
    }
    yield Match(rule, span, doc.text[span.start : span.end], fields=fields)


def _anchor(doc: Document) -> Span | None:
    headings = doc.blocks_of(BlockKind.HEADING)
    if headings:
        return headings[0].span
    return doc.sentences[0] if doc.sentences else None
