"""Tell what kind of document an article is, from its own text.

Rules depend on the type: a press release's quotes are the issuer's own claims, a
news story gives no advice and needs no advice to see a clinician, a clinic page
sells. When neither front matter nor configuration names a type, the engine asks
:func:`detect`, which scores cues that editors recognise on sight (a dateline and
"Media contact" in a release; reported speech in news; "you" and instructions in
a consumer article; booking and prices on a clinic page; a basket and a price on
a product page; "this leaflet" in patient information) and keeps the cues it
used, so a user can see why a type was chosen.

Detection is deliberately cautious where a mistake costs most: a consumer article
taken for news would lose the clinician-advice rule, so news needs reported
speech and little advice to the reader; when no type stands out, the document
keeps the ``default`` type and every default rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from healthlint import prefilter
from healthlint.document import Block, Document
from healthlint.lazyregex import lazy
from healthlint.twins import Twinned

DEFAULT = "default"
PRESS_RELEASE = "press-release"
NEWS = "news"
CONSUMER = "consumer"
CLINIC_PAGE = "clinic-page"
PRODUCT_PAGE = "product-page"
PATIENT_EDUCATION = "patient-education"

# Every type a document may declare or be given. ``blog`` is a consumer article
# in a personal voice; the two share every setting.
KNOWN_TYPES = frozenset(
    {
        DEFAULT,
        CONSUMER,
        "blog",
        NEWS,
        PRESS_RELEASE,
        PATIENT_EDUCATION,
        CLINIC_PAGE,
        PRODUCT_PAGE,
    }
)
# Types whose quotations are the publisher's own claims: a release quotes its
# issuer's staff, a sales page quotes the testimonials it chose.
OWN_VOICE_TYPES = frozenset({PRESS_RELEASE, CLINIC_PAGE, PRODUCT_PAGE})


@dataclass(frozen=True)
class Cue:
    """A sign of a type: a pattern, its weight, and how an editor would name it."""

    kind: str
    name: str
    pattern: str  # matched with CUE_FLAGS, compiled on first use (see _TWINS)
    weight: float
    most: int = 1  # how many occurrences count


CUE_FLAGS = re.IGNORECASE | re.MULTILINE


def _cue(kind: str, name: str, pattern: str, weight: float, most: int = 1) -> Cue:
    """A cue matched whatever the case, except inside ``(?-i:...)`` groups."""
    return Cue(kind, name, pattern, weight, most)


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A dateline opening a paragraph: "CARROW VALE, 14 May 2024 -", "BOSTON (March 3,
# 2019) --", "LONDON, Jan. 5, 2020 /PRNewswire/ --".
_DATELINE = (
    r"^[A-Z][A-Za-z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z. ]{1,20})?[,(]\s*"
    rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s*\d{{4}})?\)?"
    r"\s*(?:/[^/\n]{2,40}/\s*)?(?:--|—|–|-)"
)

CUES = (
    # press releases
    _cue(PRESS_RELEASE, "dateline", f"(?-i:{_DATELINE})", 2.5),
    _cue(
        PRESS_RELEASE,
        "'Media contact'",
        r"\bmedia (?:contacts?|inquiries|relations)\b",
        3,
    ),
    _cue(PRESS_RELEASE, "'Contact:' line", r"^\s*contacts?\s*:", 2),
    _cue(PRESS_RELEASE, "'###' end mark", r"^\s*(?:#\s*){3}\s*$|^\s*-\s*30\s*-\s*$", 3),
    _cue(
        PRESS_RELEASE,
        "'About <organisation>' section",
        r"^\s*about (?:the )?(?-i:[A-Z])[\w&.,' -]{2,60}\s*$",
        2.5,
    ),
    _cue(
        PRESS_RELEASE,
        "wire service",
        r"/?\b(?:PRNewswire|Business ?Wire|GLOBE ?NEWSWIRE|Newswise|EurekAlert!?"
        r"|Accesswire|Marketwired)\b",
        3,
    ),
    _cue(
        PRESS_RELEASE,
        "'for immediate release'",
        r"\bfor immediate release\b|\bembargo(?:ed)?\b",
        3,
    ),
    _cue(
        PRESS_RELEASE,
        "'today announced'",
        r"\b(?:today|recently) announced\b|\bannounced today\b"
        r"|\bis (?:pleased|proud|excited) to announce\b",
        2,
    ),
    _cue(
        PRESS_RELEASE,
        "stock ticker",
        r"(?-i:\((?:NYSE|NASDAQ|Nasdaq|LSE|TSX|OTC\w*)\s*:\s*[A-Z.]{1,6}\))",
        2,
    ),
    _cue(
        PRESS_RELEASE,
        "forward-looking statements",
        r"\bforward[- ]looking statements?\b",
        2,
    ),
    _cue(
        PRESS_RELEASE,
        "place-name dateline",
        r"(?-i:^[A-Z][A-Z.'’ ]{2,30}(?:,\s*[A-Z][A-Za-z.]{1,15})?\s*(?:--|—|–|-)\s)",
        1.5,
    ),
    _cue(
        PRESS_RELEASE,
        "'SOURCE' line",
        r"^\s*(?-i:(?:SOURCE|Source:)\s+[A-Z])|^\s*related links\s*$",
        2,
    ),
    _cue(
        PRESS_RELEASE,
        "'for more information, visit'",
        r"\bfor more information(?: about [^.\n]{2,60})?,?"
        r" (?:visit|go to|see|contact)\b",
        1.5,
    ),
    _cue(
        PRESS_RELEASE,
        "organisation describes itself",
        r"\b(?:is|are) (?:the|a|an|one of the) (?:nation'?s |world'?s |country'?s )?"
        r"(?:primary|leading|largest|premier|global|world[- ]renowned"
        r"|internationally recognized|top-ranked|non-?profit)\b"
        r"|\b(?:was )?founded in (?:1[89]|20)\d\d\b",
        1,
        2,
    ),
    _cue(PRESS_RELEASE, "trademark signs", r"[®™]", 1),
    _cue(
        PRESS_RELEASE,
        "authors and funding listed",
        r"\b(?:co-?authors? (?:include|are|on the (?:study|paper)))\b"
        r"|\bother (?:co-?)?authors\b|^\s*(?:funding|journal reference|reference)\s*:",
        1,
    ),
    _cue(
        PRESS_RELEASE,
        "press contact details",
        r"\b(?:press|news) (?:office|release|contact)\b",
        1,
        2,
    ),
    # news stories
    _cue(
        NEWS,
        "reported speech",
        r"\b(?:said|says|told|according to|added|explained|noted|reported)\b",
        0.35,
        12,
    ),
    _cue(
        NEWS,
        "news agency",
        r"\((?:Reuters|AP|AFP|HealthDay(?: News)?|CNN|Bloomberg|UPI)\)"
        r"|\bReuters Health\b|\bHealthDay\b|\bAssociated Press\b",
        2.5,
    ),
    _cue(
        NEWS,
        "byline",
        r"^\s*by [A-Z][a-z]+(?: [A-Z]\.)?(?: [A-Z][\w'’-]+){1,3}\s*$",
        1.5,
    ),
    _cue(
        NEWS,
        "independent comment",
        r"\bwho (?:was|were) not (?:involved|part of)\b"
        r"|\bnot involved (?:in|with) the\b|\btold (?:the )?(?-i:[A-Z])",
        1.5,
    ),
    _cue(
        NEWS,
        "reporter's attribution",
        r"\b(?:a|the) (?:spokes(?:man|woman|person)|official|reporter|correspondent)\b",
        0.5,
        3,
    ),
    _cue(
        NEWS,
        "reports research",
        r"\b(?:researchers|scientists|investigators"
        r"|the (?:study|trial|findings|survey|report)|published (?:in|online|on))\b",
        0.4,
        8,
    ),
    _cue(
        NEWS,
        "news time and sources",
        r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday"
        r"|(?:last|this|next) (?:week|month|year)|earlier this|officials?"
        r"|announced|in a statement|percent|per cent|million|billion"
        r"|president|governor|mayor|senator|minister|(?:Gov|Sen|Rep)\.)\b",
        0.3,
        5,
    ),
    # consumer articles and blogs
    _cue(CONSUMER, "addresses the reader", r"\byou(?:r|'ll|’ll|'re|’re)?\b", 0.1, 20),
    _cue(
        CONSUMER,
        "advice to the reader",
        r"^\s*(?:try|avoid|make sure|ask|talk to|eat|drink|take|keep|choose|consider"
        r"|remember|don't|do not)\b",
        0.6,
        6,
    ),
    _cue(
        CONSUMER,
        "numbered list of reasons",
        r"^\s*(?:#+\s*)?\d{1,2}[.)]\s+[A-Z][^.\n]{2,80}$"
        r"|^\s*\d{1,2} (?:reasons|ways|tips|things|signs|benefits|myths|facts)\b",
        1,
        5,
    ),
    _cue(
        CONSUMER,
        "question heading",
        r"^\s*(?:what|how|why|when|is|are|can|should|does)\b[^.\n]{3,80}\?\s*$",
        0.8,
        4,
    ),
    _cue(
        CONSUMER,
        "blog framing",
        r"\bin this (?:article|post|guide)\b|\bhere(?:'s|’s| is| are) (?:what|how|why"
        r"|\w+ (?:reasons|ways|tips|things|signs|benefits))\b|\b(?:tips|takeaways?)\b"
        r"|^\s*(?:conclusion|the bottom line|final thoughts|faqs?"
        r"|frequently asked questions|key takeaways|summary)\s*:?\s*$",
        0.8,
        3,
    ),
    # clinic pages
    _cue(
        CLINIC_PAGE,
        "booking call to action",
        r"\b(?:book|schedule|request|reserve) (?:a |an |your )?(?:free )?"
        r"(?:appointment|consultation|session|visit|assessment)\b"
        r"|\bbook (?:now|online|today|by|before|early)\b",
        2,
        3,
    ),
    _cue(
        CLINIC_PAGE,
        "'our clinic'",
        r"\bour (?:clinic|practice|center|centre|team|specialists|doctors|providers"
        r"|staff|location|surgeons?|technicians?|nurses|therapists|lounge|spa)s?\b",
        1,
        4,
    ),
    _cue(
        CLINIC_PAGE,
        "contact the clinic",
        r"\b(?:call|contact|visit|email) us\b|\bopening hours\b|\bnew patients?\b",
        1,
        3,
    ),
    _cue(
        CLINIC_PAGE,
        "prices",
        r"[$£€]\s?\d|\bper session\b|\bpackages?\b|\bfinancing\b",
        0.7,
        3,
    ),
    # product pages
    _cue(
        PRODUCT_PAGE,
        "basket or checkout",
        r"\b(?:add to (?:cart|basket|bag)|buy (?:now|today)|order (?:now|today|here)"
        r"|checkout|in stock|out of stock)\b",
        2.5,
        3,
    ),
    _cue(
        PRODUCT_PAGE,
        "shipping and returns",
        r"\b(?:free shipping|ships (?:in|within)|money[- ]back|satisfaction guaranteed"
        r"|free returns|\d+-day returns?)\b",
        1,
        3,
    ),
    _cue(
        PRODUCT_PAGE,
        "product details",
        r"\b(?:per bottle|servings?|capsules|softgels|gummies|subscribe (?:and|&) save"
        r"|customer reviews|\d(?:\.\d)? out of 5 stars|free trial|app store"
        r"|google play|download (?:it |the app )?(?:now|today|free)"
        r"|premium plan)\b",
        1,
        3,
    ),
    # patient information
    _cue(
        PATIENT_EDUCATION,
        "patient leaflet framing",
        r"\b(?:this leaflet|patient information leaflet|information for patients)\b",
        2,
    ),
    _cue(
        PATIENT_EDUCATION,
        "leaflet sections",
        r"^\s*(?:what is|what are|how (?:do|should) I|when should I|who (?:should|can)"
        r"|what happens|what are the side effects)\b[^\n]{0,80}$",
        1,
        4,
    ),
    _cue(
        PATIENT_EDUCATION,
        "care team",
        r"\b(?:your|the) (?:doctor|nurse|pharmacist|care team|GP) (?:will|can|may)\b",
        0.7,
        3,
    ),
)

THRESHOLD = 3.0
# Each cue run as its lower-cased twin where that finds the same (see twins).
_TWINS = {cue: Twinned(cue.pattern, CUE_FLAGS, prefilter.CUES) for cue in CUES}
_YOU = next(cue for cue in CUES if cue.name == "addresses the reader")
# Text inside double quotation marks (straight or curly), within one block.
_QUOTED = lazy(r'"[^"\n]*"|“[^”\n]*”')
# Types told apart by cues of their own; news and consumer copy are told apart by
# voice: who the text talks to, and whether it reports what others said.
CUED_TYPES = (PRESS_RELEASE, CLINIC_PAGE, PRODUCT_PAGE, PATIENT_EDUCATION)
CONSUMER_YOU_PER_100 = 1.5  # "you" this often is advice to the reader
CONSUMER_ADVICE = 3  # sentences opening with an instruction
NEWS_REPORTED_SPEECH = 2  # "said", "according to" and the like
# Under this many words, attributions ("says") alone do not make a story, and
# prose with no cue at all keeps the default: a snippet is too short to tell.
NEWS_MIN_WORDS = 100


@dataclass(frozen=True)
class Detection:
    """A detected type and the cues that chose it (empty for the default)."""

    type: str
    evidence: tuple[str, ...]


def detect(doc: Document) -> Detection:
    """The type the text reads as, or ``default`` when no type stands out."""
    text = _lines_of(doc)
    lowered = text.lower()
    state: dict[str, Any] = {}  # the prefilter's scan of these lines
    plain = prefilter.plain(state, lowered)
    counts = {cue: _TWINS[cue].count(text, lowered, plain, state) for cue in CUES}
    # Who the text talks to is read outside quotations: an interviewee's "you"
    # does not make a news story advice. One pattern on that text: no scan.
    outside = _QUOTED.sub(" ", text)
    counts[_YOU] = _TWINS[_YOU].count(outside, outside.lower(), plain)
    kind = _choose(counts, _scores(counts), len(doc.text.split()))
    return Detection(kind, _evidence(kind, counts) if kind != DEFAULT else ())


def _choose(counts: dict[Cue, int], scores: dict[str, float], words: int) -> str:
    """The best-scoring plausible type; a release's own cues outrank the rest.

    Consumer wins ties with news, because taking advice for news would drop the
    advice rules.
    """
    named = {cue.name: count for cue, count in counts.items()}
    if scores[PRESS_RELEASE] >= THRESHOLD and scores[PRESS_RELEASE] > _newsroom(counts):
        return PRESS_RELEASE
    you_per_100 = 100 * named[_YOU.name] / max(1, words)
    candidates = [
        kind
        for kind in (CLINIC_PAGE, PRODUCT_PAGE, PATIENT_EDUCATION)
        if scores[kind] >= THRESHOLD
    ]
    if (
        you_per_100 >= CONSUMER_YOU_PER_100
        or named["advice to the reader"] >= CONSUMER_ADVICE
        or scores[CONSUMER] >= THRESHOLD
    ):
        candidates.append(CONSUMER)
    attributed = words >= NEWS_MIN_WORDS and (
        named["reported speech"] >= NEWS_REPORTED_SPEECH
        or named["reports research"] >= NEWS_REPORTED_SPEECH
    )
    if attributed or scores[NEWS] >= THRESHOLD:
        candidates.append(NEWS)
    if candidates:
        return max(candidates, key=lambda kind: (scores[kind], kind != NEWS))
    # Third-person prose that does not advise, with a trace of news about it (a
    # day, an official, a figure): a brief or a feature. Reference prose with no
    # such trace, or text too short to tell, keeps the default.
    if words >= NEWS_MIN_WORDS and scores[NEWS] > 0:
        return NEWS
    return DEFAULT


def _newsroom(counts: dict[Cue, int]) -> float:
    """The score of the cues only a newsroom leaves: agencies, bylines, reporters."""
    return sum(
        cue.weight * min(count, cue.most)
        for cue, count in counts.items()
        if cue.name in _NEWSROOM
    )


_NEWSROOM = frozenset({"news agency", "byline", "reporter's attribution"})


def _lines_of(doc: Document) -> str:
    """The prose with one block per line, so ``^`` anchors at block starts."""
    return "\n".join(doc.text[b.span.start : b.span.end] for b in _prose_blocks(doc))


def _prose_blocks(doc: Document) -> Iterable[Block]:
    from healthlint.language import SENTENCE_BLOCKS  # noqa: PLC0415 (cycle)

    return doc.blocks_of(*SENTENCE_BLOCKS)


def _scores(counts: dict[Cue, int]) -> dict[str, float]:
    scores = dict.fromkeys((*CUED_TYPES, NEWS, CONSUMER), 0.0)
    for cue, count in counts.items():
        scores[cue.kind] += cue.weight * min(count, cue.most)
    return scores


def _evidence(kind: str, counts: dict[Cue, int]) -> tuple[str, ...]:
    return tuple(
        f"{cue.name} (x{count})" if count > 1 else cue.name
        for cue, count in counts.items()
        if cue.kind == kind and count
    )
