"""``acronym``: an abbreviation is spelled out where the reader first meets it.

An acronym is a word of 2 to 8 characters, all capitals or digits, with 2 to 6
capitals ("NMDA", "PTSD", "A1C"); a plural or possessive ending is allowed
("NSAIDs"). It counts as defined where it appears as "Full Words (ACR)",
"ACR (full words)", "Full words, or ACR", "known as ACR" or "ACR stands for...".

Only the first use of each acronym is looked at: it is flagged unless it is
defined there or was defined earlier. Headings are read for definitions but, with
``scope: paragraph``, never flagged, because a title often uses the acronym that
the first paragraph spells out. Acronyms everyone knows (``ALLOWED``) and those
in the rule's ``allow`` list are skipped, as are words in capitals that stand
next to another word in capitals: a name or emphasis ("CARROW VALE", "CALL YOUR
DOCTOR"), not an acronym; so is a place name opening a dateline ("DALLAS, May 5").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from healthlint.document import Block, Document, Span
from healthlint.kinds._common import in_scope, string_list
from healthlint.language import SENTENCE_BLOCKS
from healthlint.rule import Match, Rule, Scope

KEYS = frozenset({"allow"})

# Known to general readers in the UK and US (including news outlets, journals and
# universities that go by their letters), or not abbreviations at all: roman
# numerals, credentials, and words written in capitals for emphasis or in a
# dateline ("MONDAY, 3 May (Reuters)").
ALLOWED = frozenset(
    """
    US USA UK EU UN NHS CDC FDA WHO NIH DNA RNA HIV AIDS COVID SARS GP TV OK
    AM PM AD BC CEO ID IQ UV PDF FAQ URL AI IVF ER MD RN MBBS
    II III IV VI VII VIII IX XI XII XX
    NOT NO NEVER ALWAYS DO DONT ONLY ALL AND OR THE YOU YOUR MUST CALL NOW NEW
    FREE NOTE STOP WARNING IMPORTANT CAUTION DANGER URGENT TIP IF IT IS BE ENDS END
    MORE SOURCE UPDATE UPDATED BREAKING EXCLUSIVE CONTACT MEDIA EDITORS
    MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY
    JANUARY FEBRUARY MARCH APRIL MAY JUNE JULY AUGUST SEPTEMBER OCTOBER NOVEMBER
    DECEMBER
    BBC CNN CBS NBC ABC NPR PBS AP JAMA BMJ NEJM MIT NYU UCLA NASA
    GPS COVID19 H1N1 DC NY NYC LA LLC PLC INC LTD DOI MPH MBA PHD INFO
    ET EST EDT GMT BST UTC
    """.split()  # noqa: SIM905 (a word list reads best as words)
)

# One greedy run of capitals and digits (how many capitals is checked after):
# "[A-Z0-9]*[A-Z][A-Z0-9]*" could split a run in as many ways as it is long,
# which made a long run of capitals quadratic.
_TOKEN = re.compile(r"(?<![\w&])([A-Z][A-Z0-9]+)(?:s|['’]s)?(?![\w&])")
_MIN_CAPITALS, _MAX_CAPITALS, _MAX_LENGTH = 2, 6, 8
_DEFINED_AFTER = re.compile(
    r"\s?\(\s*[A-Za-z][^()]{2,}\)"
    r"|\s(?:stands for|is short for|is an abbreviation (?:for|of)|means)\b"
    r"|,\s(?:short for|which stands for)\b"
)
_DEFINED_BEFORE = re.compile(
    r"(?:\b(?:known as|called|abbreviated(?: to| as)?)|,\sor)\s$"
)
# A place name in capitals opening a dateline: "DALLAS, March 5 -", "LEEDS, 14 May".
_DATELINE = re.compile(r",\s(?:[A-Z][a-z]+\.?\s\d|\d)")
# Words in capitals side by side are a name or emphasis ("CARROW VALE"), not
# acronyms; acronyms in a list have commas between them and are still checked.
_CAPITALS_BEFORE = re.compile(r"(?<![\w&])[A-Z][A-Z'’-]+ $")
_CAPITALS_AFTER = re.compile(r" [A-Z][A-Z'’-]+(?![\w&])")
_BRACKETED_CLOSE = frozenset("),;")


@dataclass(frozen=True)
class Compiled:
    """The acronyms this rule never flags."""

    allow: frozenset[str]


def compile_options(options: Mapping[str, object]) -> Compiled:
    """Validate ``allow``: acronyms to add to the built-in list."""
    extra = string_list(options, "allow", required=False)
    return Compiled(ALLOWED | frozenset(extra))


def check(rule: Rule, doc: Document) -> Iterator[Match]:
    """Yield the first use of each acronym that is not defined at or before it."""
    compiled = rule.compiled
    assert isinstance(compiled, Compiled)  # noqa: S101
    flaggable = _flaggable_spans(doc, rule.scope)
    settled: set[str] = set(compiled.allow)
    for block in doc.blocks_of(*SENTENCE_BLOCKS):
        for hit in _candidates(doc.text, block.span):
            acronym = hit.group(1)
            if acronym in settled:
                continue
            if is_defined(doc.text, hit):
                settled.add(acronym)
            elif _can_flag(block, flaggable):
                settled.add(acronym)
                # The span is the word as written: "SSRIs", not "SSRI" inside it.
                yield Match(rule, Span(hit.start(), hit.end()), hit.group(0))


def _candidates(text: str, span: Span) -> Iterator[re.Match[str]]:
    """Acronym-shaped words in a block, minus capitals used for emphasis."""
    for hit in _TOKEN.finditer(text, span.start, span.end):
        if not _is_acronym(hit.group(1)) or _in_capitals_run(text, span, hit):
            continue
        if hit.start() == span.start and _DATELINE.match(text, hit.end()):
            continue
        yield hit


def _in_capitals_run(text: str, span: Span, hit: re.Match[str]) -> bool:
    """True when the word stands next to another word in capitals."""
    before = text[max(span.start, hit.start() - 30) : hit.start()]
    return bool(
        _CAPITALS_BEFORE.search(before) or _CAPITALS_AFTER.match(text, hit.end())
    )


def _flaggable_spans(doc: Document, scope: Scope) -> frozenset[Span] | None:
    """Blocks the rule may flag; None when every block may be flagged."""
    if scope in (Scope.SENTENCE, Scope.DOCUMENT):
        return None
    return frozenset(in_scope(doc, scope))


def _can_flag(block: Block, flaggable: frozenset[Span] | None) -> bool:
    return flaggable is None or block.span in flaggable


def _is_acronym(token: str) -> bool:
    capitals = sum(c.isupper() for c in token)
    return _MIN_CAPITALS <= capitals <= _MAX_CAPITALS and len(token) <= _MAX_LENGTH


def is_defined(text: str, hit: re.Match[str]) -> bool:
    """True when the words around this use of the acronym spell it out."""
    if _DEFINED_AFTER.match(text, hit.end()):
        return True
    start = hit.start(1)
    if text[start - 1 : start] == "(" and text[hit.end() : hit.end() + 1] in (
        _BRACKETED_CLOSE
    ):
        return True
    return _DEFINED_BEFORE.search(text[max(0, start - 20) : start]) is not None
