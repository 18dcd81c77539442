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
from functools import lru_cache
from pathlib import Path

from healthlint.document import Block, Document, Span
from healthlint.furniture import covers
from healthlint.kinds._common import furniture_of, in_scope, string_list
from healthlint.language import SENTENCE_BLOCKS
from healthlint.lazyregex import lazy
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
    CNBC MSNBC WSJ NYT AFP UPI ESPN HBO CBC ITV SKY NHK KFF
    BMC PLOS PNAS NEJM JACC JCO
    ET EST EDT GMT BST UTC
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
# Credentials written after a name, and US state, Canadian province and country
# codes: readers take them in without a definition.
CREDENTIALS = frozenset(
    """
    MD DO PA NP RN LPN CNM CRNA DNP PHARMD MPH MSC BSC MS MA BA PHD DPHIL DDS DMD
    OD DC ND LAC FACS FACP FACC FAAP FACOG FAAN FACEP FRCP FRCS FRCPC MRCP MRCGP
    FRACP FAHA FASN FIDSA FCCP CPT CSCS RD RDN LCSW LMFT LPC MFT PSYD EDD JD MBA
    FAAOS FACR FACG FAAD FASCO FACE FAAFP FRCOG FRCPath FRCPsych
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
PLACE_CODES = frozenset(
    """
    AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT
    NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR
    ON BC QC AB MB SK NS NB NL PE YT NT NU
    UAE USSR PRC ROK DPRK NZ SA
    """.split()  # noqa: SIM905 (a word list reads best as words)
)

# One greedy run of capitals and digits (how many capitals is checked after):
# "[A-Z0-9]*[A-Z][A-Z0-9]*" could split a run in as many ways as it is long,
# which made a long run of capitals quadratic.
_TOKEN = lazy(r"(?<![\w&])([A-Z][A-Z0-9]+)(?:s|['’]s)?(?![\w&])")
_MIN_CAPITALS, _MAX_CAPITALS, _MAX_LENGTH = 2, 6, 8
_DEFINED_AFTER = lazy(
    r"\s?[(\[]\s*[A-Za-z][^()\[\]]{2,}[)\]]"
    r"|\s(?:stands for|is short for|is an abbreviation (?:for|of)|means)\b"
    r"|,\s(?:short for|which stands for)\b"
)
_DEFINED_BEFORE = lazy(r"(?:\b(?:known as|called|abbreviated(?: to| as)?)|,\sor)\s$")
# A place name in capitals opening a dateline: "DALLAS, March 5 -", "LEEDS, 14 May".
_DATELINE = lazy(r",\s(?:[A-Z][a-z]+\.?\s\d|\d)|\s*(?:\(|--|—|–|-\s)")
# Part of a name or code rather than an abbreviation to spell out: a compound's
# code ("ABT-450"), a named trial or study ("the SPRINT trial").
_NAME_PART_AFTER = lazy(
    r"-?\d|\s+(?:trial|study|studies|cohort|registry|score|scale|index|protocol)\b"
)
# Words in capitals side by side are a name or emphasis ("CARROW VALE"), not
# acronyms; acronyms in a list have commas between them and are still checked.
_CAPITALS_BEFORE = lazy(r"(?<![\w&])[A-Z][A-Z'’-]+ $")
_CAPITALS_AFTER = lazy(r" [A-Z][A-Z'’-]+(?![\w&])")
_BRACKETED_CLOSE = frozenset("),;")
# "(SSRIs and SNRIs)", "(CDC, WHO)": a bracket of acronyms after the words.
_ACRONYM_BRACKET = lazy(
    r"\(\s*[A-Z][A-Za-z0-9]*(?:s|['’]s)?(?:\s*(?:,|;|/|and|or|&)\s*"
    r"[A-Z][A-Za-z0-9]*(?:s|['’]s)?)+\s*\)"
)
# A stock ticker: "(NASDAQ: CAPR)", "NYSE: ABC".
_TICKER_BEFORE = lazy(r"\b(?:NYSE|NASDAQ|Nasdaq|LSE|TSX|AMEX|OTC\w*)\s*:\s*$")


@dataclass(frozen=True)
class Compiled:
    """The acronyms this rule never flags."""

    allow: frozenset[str]


def compile_options(options: Mapping[str, object]) -> Compiled:
    """Validate ``allow``: acronyms to add to the built-in list."""
    extra = string_list(options, "allow", required=False)
    return Compiled(ALLOWED | CREDENTIALS | PLACE_CODES | frozenset(extra))


@lru_cache(maxsize=1)
def frequent_words() -> frozenset[str]:
    """Short tokens common in English (see ``data/frequent_words.txt``).

    In capitals such a token is an acronym readers know ("MRI", "CEO") or a word
    set in capitals for emphasis ("BANNED"); neither needs spelling out. Read
    as a file of the package folder, like the rule packs: importing
    ``importlib.resources`` would take longer than reading the list.
    """
    path = Path(__file__).resolve().parent.parent / "data" / "frequent_words.txt"
    text = path.read_text(encoding="utf-8")
    return frozenset(
        line for line in text.splitlines() if line and not line.startswith("#")
    )


def is_known(acronym: str) -> bool:
    """True when readers know the token: it is common in English."""
    return acronym.lower() in frequent_words()


def check(rule: Rule, doc: Document) -> Iterator[Match]:
    """Yield the first use of each acronym that is not defined at or before it."""
    compiled = rule.compiled
    assert isinstance(compiled, Compiled)  # noqa: S101
    flaggable = _flaggable_spans(doc, rule.scope)
    furniture = furniture_of(doc)
    settled: set[str] = set(compiled.allow)
    for block in doc.blocks_of(*SENTENCE_BLOCKS):
        for hit in _candidates(doc.text, block.span):
            acronym = hit.group(1)
            if acronym in settled or is_known(acronym):
                continue
            if is_defined(doc.text, hit):
                settled.add(acronym)
            elif _can_flag(block, flaggable) and not covers(furniture, block.span):
                settled.add(acronym)
                span = _written_span(hit)
                yield Match(rule, span, doc.text[span.start : span.end])


def _written_span(hit: re.Match[str]) -> Span:
    """The acronym as written, with a plural ending but not a possessive one."""
    end = hit.end()
    if hit.group(0).endswith(("'s", "’s")):
        end -= 2
    return Span(hit.start(1), end)


def _candidates(text: str, span: Span) -> Iterator[re.Match[str]]:
    """Acronym-shaped words in a block, minus capitals used for emphasis."""
    for hit in _TOKEN.finditer(text, span.start, span.end):
        if not _is_acronym(hit.group(1)) or _in_capitals_run(text, span, hit):
            continue
        if hit.start() == span.start and _DATELINE.match(text, hit.end()):
            continue
        if _NAME_PART_AFTER.match(text, hit.end()):
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
    start = hit.start(1)
    return (
        _DEFINED_AFTER.match(text, hit.end()) is not None
        or _in_acronym_bracket(text, hit)
        or _TICKER_BEFORE.search(text, max(0, start - 12), start) is not None
        or (
            text[start - 1 : start] in "(["
            and text[hit.end() : hit.end() + 1] in _BRACKETED_CLOSE
        )
        or _DEFINED_BEFORE.search(text[max(0, start - 20) : start]) is not None
        or spelled_out_before(text, hit.group(1), start)
    )


# Small words a name skips when it is shortened: "Department of Children and
# Family Services" is DCFS.
_SKIPPED = r"(?:(?:of|and|the|for|on|in|at|to|de|&)\s+)*"
_SPELLED_OUT_WINDOW = 2000


def spelled_out_before(text: str, acronym: str, start: int) -> bool:
    """True when the acronym's words, in capitals, appear shortly before it.

    A story that names "the Illinois Department of Children and Family
    Services" and later writes "DCFS" has told the reader what the letters mean.
    """
    letters = [c for c in acronym if c.isalpha()]
    if len(letters) < _MIN_CAPITALS:
        return False
    # Each letter starts a real word (a capital and lower case), so the acronym
    # itself, or a run of capitals, does not spell itself out.
    words = (r"\s+" + _SKIPPED).join(rf"{c}[a-z][\w’'-]*" for c in letters)
    pattern = rf"\b{words}\b"
    window = text[max(0, start - _SPELLED_OUT_WINDOW) : start]
    return re.search(pattern, window) is not None


def _in_acronym_bracket(text: str, hit: re.Match[str]) -> bool:
    """True when the acronym stands in a bracket of acronyms after their words."""
    opening = text.rfind("(", max(0, hit.start() - 60), hit.start())
    if opening < 0:
        return False
    bracket = _ACRONYM_BRACKET.match(text, opening)
    return bracket is not None and bracket.end() >= hit.end() and opening > 0
