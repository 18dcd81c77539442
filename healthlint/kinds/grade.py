"""``grade``: the file's reading grade against the target for its document type.

The engine scores readability before running rules and passes the score in
``doc.meta["readability"]``, so this kind stays a pure function and the score is
computed once. The finding sits on the first heading, or the first sentence,
because it concerns the whole text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from healthlint.document import BlockKind, Document, Span
from healthlint.kinds._common import as_int
from healthlint.model import Readability
from healthlint.rule import Match, Rule

KEYS = frozenset({"min_words"})
# Readability formulas were calibrated on samples of about 100 words; a grade
# computed on a few sentences says little, so short texts are not judged.
DEFAULT_MIN_WORDS = 100


def compile_options(options: Mapping[str, object]) -> int:
    """The target itself comes from profiles and config (``targets``)."""
    return as_int(options, "min_words", DEFAULT_MIN_WORDS, minimum=1)


def check(rule: Rule, doc: Document) -> Iterator[Match]:
    """One match when the Flesch-Kincaid grade is above the target."""
    score = doc.meta.get("readability")
    if not isinstance(score, Readability) or score.meets_target is not False:
        return
    if not isinstance(rule.compiled, int) or score.words < rule.compiled:
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
