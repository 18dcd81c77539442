"""Sentence splitting and the context tests that rule kinds share.

Kinds ask the same questions of a match: is it negated, hedged, inside a quotation,
part of a question? Answering them here keeps every rule consistent and lets the
answers be tested once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from healthlint.document import Block, BlockKind, Span
from healthlint.lazyregex import lazy

# Abbreviations that end in a full stop without ending the sentence. Lower-case,
# without the final dot; single letters cover initials ("J. Smith") and "U.S.".
# Units (mg, ml) are not here: they take no full stop, so "7.5 mg." ends a sentence.
ABBREVIATIONS = frozenset(
    """
    dr mr mrs ms prof st sr jr vs etc eg e.g ie i.e al fig figs no nos approx inc
    ltd co corp dept univ est vol pp ed eds ca cf jan feb mar apr jun jul aug sep
    sept oct nov dec mt ft gen rev hon ref refs ph.d phd m.d b.a m.s
    """.split()  # noqa: SIM905 (a word list reads best as words)
)

# The look-behind lets a match start only at the first mark of a run: starting
# at each mark of "word....x" made the split quadratic in the run's length.
_SENTENCE_END = lazy(r"(?<![.!?])[.!?]+[\"'”’)\]]*(?=\s)")
_NEXT_STARTS_SENTENCE = lazy(r"\s+[\"'“‘(\[]*(\w+)")
# Apostrophes belong to the word, so "don't." and "Alzheimer's." end sentences
# instead of reading as the initial "t." or "s.".
_LAST_WORD = lazy(r"([A-Za-z][A-Za-z.'’]*)\.*$")
_INITIALISM = lazy(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")

SENTENCE_BLOCKS = (
    BlockKind.HEADING,
    BlockKind.PARAGRAPH,
    BlockKind.LIST_ITEM,
    BlockKind.QUOTE,
    BlockKind.TABLE_CELL,
)


def split_sentences(text: str, blocks: Iterable[Block]) -> tuple[Span, ...]:
    """Split each prose block into sentences; sentences never cross blocks.

    Headings, list items and table cells end a sentence even with no full stop,
    because a reader takes them as units.
    """
    spans: list[Span] = []
    for block in blocks:
        if block.kind in SENTENCE_BLOCKS:
            spans.extend(_split_block(text, block.span))
    spans.sort()
    return tuple(spans)


def _split_block(text: str, span: Span) -> list[Span]:
    chunk = text[span.start : span.end]
    out: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(chunk):
        end = match.end()
        if _is_boundary(chunk, match.start(), end):
            out.extend(_trimmed(chunk, start, end, span.start))
            start = end
    out.extend(_trimmed(chunk, start, len(chunk), span.start))
    return out


# Abbreviations that stand before a number ("No. 5", "Fig. 2") and are otherwise
# ordinary words that can end a sentence ("the answer was no.").
_BEFORE_NUMBERS = frozenset({"no", "nos", "fig", "figs", "vol", "pp", "ref", "refs"})
_LONGEST_ABBREVIATION = 12
# Abbreviations that never end a sentence: titles before a name, and markers that
# introduce an example or a comparison ("e.g. The Times").
_NEVER_FINAL = frozenset({"dr", "mr", "mrs", "ms", "prof", "gen", "rev", "hon", "st"})
_NEVER_FINAL |= frozenset({"e.g", "eg", "i.e", "ie", "vs", "cf"})
# Words that open sentences and seldom follow an abbreviation inside one: after
# "U.S." or "8 a.m." they mark a new sentence ("...in the U.S. The study...").
SENTENCE_OPENERS = frozenset(
    """
    the this that these those it its he she they we i you there then but however
    after before when while if although though many most some all our their his
    her what why how who yet still meanwhile also in on at for a an as so
    """.split()  # noqa: SIM905 (a word list reads best as words)
)


def _is_boundary(chunk: str, stop: int, end: int) -> bool:
    following = _NEXT_STARTS_SENTENCE.match(chunk, end)
    if following is None:
        return False
    next_word = following.group(1)
    first = next_word[0]
    if not (first.isupper() or first.isdigit()):
        return False
    return chunk[stop] != "." or _full_stop_ends(chunk, stop, next_word)


def _full_stop_ends(chunk: str, stop: int, next_word: str) -> bool:
    """Whether the full stop at ``stop`` ends a sentence or an abbreviation."""
    # Only the last word matters; look a short way back, not from the block start.
    word = _LAST_WORD.search(chunk, max(0, stop - _LONGEST_ABBREVIATION), stop + 1)
    if word is None:
        return True
    token = word.group(1).lower().rstrip(".")
    if token in _BEFORE_NUMBERS:
        return not next_word[0].isdigit()
    if token in ABBREVIATIONS or len(token) == 1 or _INITIALISM.match(token):
        return _opens_sentence_after(token, next_word)
    return True


def _opens_sentence_after(abbreviation: str, next_word: str) -> bool:
    """True when the word after an abbreviation starts a new sentence.

    An initial followed by another single letter is a name ("J. A. Smith").
    """
    if abbreviation in _NEVER_FINAL or (len(abbreviation) == 1 and len(next_word) == 1):
        return False
    return next_word.lower() in SENTENCE_OPENERS


def _trimmed(chunk: str, start: int, end: int, base: int) -> list[Span]:
    piece = chunk[start:end]
    stripped = piece.strip()
    if not stripped:
        return []
    lead = len(piece) - len(piece.lstrip())
    return [Span(base + start + lead, base + start + lead + len(stripped))]


# --- context tests ---------------------------------------------------------

NEGATION_CUES = frozenset(
    """
    no not never none nothing neither nor without cannot cant can't won't wont isn't
    isnt aren't arent doesn't doesnt don't dont didn't didnt hasn't hasnt haven't
    havent wasn't wasnt weren't werent shouldn't wouldn't couldn't lack lacks
    lacking unproven unlikely myth nobody
    """.split()  # noqa: SIM905 (a word list reads best as words)
)

# Phrases that deny what follows for the rest of the clause, however far away:
# "there is no good evidence that turmeric cures arthritis".
_CLAUSE_NEGATORS = lazy(
    r"\b(?:no\s+(?:\w+\s+){0,2}(?:evidence|proof|data|studies|study|trials?)"
    r"|not\s+(?:been\s+)?(?:proven|shown|established|demonstrated)"
    r"|not\s+(?:\w+\s+)?(?:proof|evidence)|^\W*(?:none|nobody|neither|no\s+one)"
    r"|(?:there\s+is|there's)\s+no|myth\s+that|false\s+that|untrue\s+that"
    r"|(?:do|does|did|can|will)\s+not|(?:don|doesn|didn|won|can)[’']t)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = lazy(r"[;:,—–(]|\s-\s|\b(?:but|however|although|yet)\b", re.I)
_WORD = lazy(r"[A-Za-z]+(?:[’'][A-Za-z]+)?")

# Words that signal the writer is not asserting certainty.
HEDGE_CUES = frozenset(
    """
    may might could can possibly probably perhaps likely unlikely suggest suggests
    suggested appear appears appeared seem seems seemed some sometimes often
    potential potentially preliminary early-stage
    """.split()  # noqa: SIM905 (a word list reads best as words)
)

NEGATION_WINDOW = 4  # words before a match that can still negate it


# How far from a match the context tests read. A clause, a negation or an
# open quotation is never this far away in prose; reading further would make
# every test on a run-on "sentence" of a whole file cost the whole file.
CONTEXT_CHARS = 400


def clause_before(text: str, sentence: Span, start: int) -> str:
    """Text from the start of the match's clause up to the match."""
    prefix = text[max(sentence.start, start - CONTEXT_CHARS) : start]
    breaks = list(_CLAUSE_BREAK.finditer(prefix))
    return prefix[breaks[-1].end() :] if breaks else prefix


def is_negated(text: str, sentence: Span, span: Span) -> bool:
    """True when a negation governs the match.

    A cue among the few words before the match ("no cure", "does not cure") or a
    clause-wide denial ("no evidence that it cures") counts; a negation inside the
    match itself does not, because some claims are made with one ("no side
    effects").
    """
    clause = clause_before(text, sentence, span.start)
    words = [w.lower() for w in _WORD.findall(clause)][-NEGATION_WINDOW:]
    if any(w.replace("’", "'") in NEGATION_CUES for w in words):
        return True
    return _CLAUSE_NEGATORS.search(clause) is not None


def is_hedged(
    text: str, sentence: Span, span: Span, cues: frozenset[str] = HEDGE_CUES
) -> bool:
    """True when a hedge word stands in the match's clause before it."""
    clause = clause_before(text, sentence, span.start)
    return any(w.lower() in cues for w in _WORD.findall(clause))


_OPEN_QUOTES = "“‘«"
_CLOSE_QUOTES = "”’»"


def is_quoted(text: str, sentence: Span, span: Span) -> bool:
    """True when the match lies inside quotation marks within its sentence."""
    before = text[max(sentence.start, span.start - CONTEXT_CHARS) : span.start]
    if before.count('"') % 2 == 1:
        return True
    last_open = max(before.rfind(q) for q in _OPEN_QUOTES[:1] + _OPEN_QUOTES[2:])
    last_close = max(before.rfind(q) for q in _CLOSE_QUOTES[:1] + _CLOSE_QUOTES[2:])
    return last_open > last_close


def is_question(text: str, sentence: Span) -> bool:
    """True when the sentence asks rather than asserts."""
    end = sentence.end
    while end > sentence.start and text[end - 1] in "\"'”’) ":
        end -= 1
    return end > sentence.start and text[end - 1] == "?"


@lru_cache(maxsize=256)
def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for a rule's fixed exception phrases."""
    if not phrases:
        return None
    joined = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"\b(?:{joined})\b", re.IGNORECASE)


_LEADING_WORD = lazy(r"[\"'“‘(]*([A-Za-z]+)\b(?:\s+([A-Za-z]+))?")
# A verb-like first word followed by one of these is a noun: "Rest is important".
_NOT_AFTER_IMPERATIVE = frozenset(
    """
    is are was were be been can could may might will would should must has have
    had does did helps matters means seems works
    """.split()  # noqa: SIM905 (a word list reads best as words)
)


def leading_imperative(text: str, sentence: Span, verbs: frozenset[str]) -> Span | None:
    """The span of the sentence's first word when it is one of ``verbs``.

    "Take one tablet" and "Apply the cream" open with the verb: that is how
    instructions addressed to the reader look in English.
    """
    match = _LEADING_WORD.match(text, sentence.start, sentence.end)
    if match is None or match.group(1).lower() not in verbs:
        return None
    if (match.group(2) or "").lower() in _NOT_AFTER_IMPERATIVE:
        return None
    return Span(match.start(1), match.end(1))


_QUOTE_OPEN = "\"“‘'"
_QUOTE_CLOSE = "\"”’'"


def is_mention(text: str, span: Span) -> bool:
    """True when the match is the whole content of its quotation marks.

    Writing *about* a word ('avoid words such as "miracle"') mentions it; a quoted
    sentence that uses the word ('"It is a miracle," she said') does not.
    """
    if span.start == 0 or text[span.start - 1] not in _QUOTE_OPEN:
        return False
    after = text[span.end : span.end + 2]
    return bool(after) and (
        after[0] in _QUOTE_CLOSE
        or (after[0] in ",.;:!?" and after[1:2] in _QUOTE_CLOSE)
    )
