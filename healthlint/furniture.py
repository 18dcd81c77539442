"""Find the page furniture: text that ships with an article but is not its prose.

A press release ends with an "About" section, media contacts and legal small
print; a news page carries newsletter boxes, photo credits and "follow us"; a
supplement page repeats the regulator's disclaimer ("not intended to diagnose,
treat, cure or prevent any disease"). None of it is the writer's claim, advice or
sales pitch, and an editor does not ask for it to be rewritten. Rules therefore
do not *fire* in furniture; but what furniture says still counts as support (a
crisis line in a footer is still a crisis line), so requirements and citations
look everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial

from healthlint import prefilter
from healthlint.document import Block, Document, Span
from healthlint.lazyregex import lazy

# A block that opens the closing sections of a release: everything from it on is
# furniture. Only in press releases, where an "About <organisation>" heading is
# boilerplate; in a consumer article "About ketamine" is a section of the article.
_RELEASE_TAIL = lazy(
    r"^(?:about (?:the )?[A-Z][^.!?\n]{1,80}|important safety information"
    r"|(?:media|press) contacts?:?|contacts?:|forward[- ]looking statements?"
    r"|safe harbou?r statement|notes? (?:to|for) editors:?)\s*$",
    re.IGNORECASE,
)
# "About X" closes a release only when X is an organisation. "About the study",
# "About <the drug>" or "About <the disease>" is the issuer describing what the
# release is about: the reviewers read it as part of the release, and so do rules.
_ABOUT = lazy(r"^about\s+(?P<name>.+?)\s*:?\s*$", re.IGNORECASE | re.DOTALL)
_ORGANISATION_NAME = lazy(
    r"\b(?:universit(?:y|ies)|college|school|institutes?|institutions?|hospitals?"
    r"|clinics?|cent(?:er|re)s?|health ?(?:system|care)|healthcare|society"
    r"|associations?"
    r"|academy|foundation|journals?|publishers?|press|council|board|commission"
    r"|bureau|trust|network|alliance|congress|conference|inc|llc|ltd|plc|corp"
    r"|corporation|compan(?:y|ies)|pharmaceuticals?|therapeutics|bio\w*|labs?"
    r"|laborator(?:y|ies)|group|agency|department|ministry|nhs|organi[sz]ations?"
    r"|holdings|partners(?:hip)?s?|wellcome|elsevier|wiley)\b",
    re.IGNORECASE,
)
# What "About X" is when X is the study itself.
_STUDY_NAME = lazy(
    r"^(?:the\s+)?(?:(?:phase\s+\S+|clinical|pivotal|new)\s+)*"
    r"(?:stud(?:y|ies)|trials?|research|results|findings)\b",
    re.IGNORECASE,
)
# A section that opens by describing an organisation: "a global healthcare
# company", "a nonprofit organization", "is committed to", "Inc. (Nasdaq: X)".
_DESCRIBES_ORGANISATION = lazy(
    r"\b(?:compan(?:y|ies)|organi[sz]ations?|institutions?|universit(?:y|ies)"
    r"|non-?profit|not-for-profit|charity|charities|publishers?|provider|leader"
    r"|manufacturer|developer|firm|agency|foundation|association|society|network"
    r"|health system|medical cent(?:er|re)|academic|founded|established|headquartered"
    r"|employs|employees|subsidiary|journal|trade group|our mission|we are"
    r"|(?:is|are) (?:committed|dedicated) to"
    r"|(?:nasdaq|nyse|aex|lse|tsx|otc\w*)\s*:)\b"
    r"|(?-i:\b(?:Inc|LLC|Ltd|PLC|plc|Corp|GmbH|N\.V|S\.A|AG)\b)",
    re.IGNORECASE,
)
# A section that opens by describing the study ("STAR was a retrospective analysis").
_DESCRIBES_STUDY = lazy(
    r"\b(?:is|was|are|were) (?:an? |the )(?:[\w-]+,? ){0,6}"
    r"(?:stud(?:y|ies)|trials?|analys[ie]s)\b",
    re.IGNORECASE,
)
_TRADEMARK = lazy("[\u00ae\u2122]")  # ® ™: a product's name
_DESCRIPTION_WORDS = 40
# "###" or "-30-": the end of a release's body, in any document.
_END_MARK = lazy(r"^\s*(?:#\s*){3}\s*$|^\s*-\s*30\s*-\s*$")
# Legal and regulatory small print: furniture at any length.
_SMALL_PRINT_SOURCE = (
    r"\bnot (?:been )?(?:evaluated|approved) by the"
    r" (?:Food and Drug Administration|FDA)"
    r"|\bnot intended to diagnose, treat, cure,? or prevent\b"
    r"|\bforward[- ]looking statements?\b|\bsafe harbou?r\b"
    r"|\ball rights reserved\b"
)
_SMALL_PRINT = lazy(_SMALL_PRINT_SOURCE, re.IGNORECASE)
# Page chrome: short blocks that sell the publication or credit a picture.
_CHROME_SOURCE = (
    r"^\s*(?:media|press) (?:contacts?|inquiries)\b|^\s*contacts?\s*:"
    r"|^\s*copyright"
    r"|^\s*(?:photo|image|credit|caption|source)s?\s*(?:credit)?\s*:"
    r"|\benlarge this image\b|\btoggle caption\b|^\s*advertisement\s*$"
    r"|\b(?:sign up|subscribe) (?:for|to) (?:our|the) [\w ]{0,30}newsletters?\b"
    r"|\bfollow us on\b|\bshare (?:this|on) (?:article|story|facebook|twitter)\b"
    r"|\bcontact us at\b|\bsend us (?:a )?(?:tip|news tip)\b"
    r"|^\s*(?:read more|related(?: articles| stories| links)?|see also)\s*:"
    r"|\byou agree to receive\b|\bunsubscribe\b|\bsign up now\b|\bview sample\b"
    r"|\bplease check to proceed\b|\bprivacy policy\b|\bterms of (?:use|service)\b"
)
_CHROME = lazy(_CHROME_SOURCE, re.IGNORECASE)
# A block opening with the copyright sign: the one piece of chrome with no
# literal the prefilter can look for, so it is matched on its own.
_COPYRIGHT_SIGN = lazy(r"\s*©")
# The two searches run on almost every block go through the prefilter: a block
# that holds none of a pattern's literals is not searched for it.
_SMALL_PRINT_ID = prefilter.REGISTRY.defer(lambda: (_SMALL_PRINT_SOURCE, re.IGNORECASE))
_CHROME_ID = prefilter.REGISTRY.defer(lambda: (_CHROME_SOURCE, re.IGNORECASE))
# Page chrome is short; a long paragraph that mentions a newsletter is prose.
_MAX_CHROME_WORDS = 60
_MAX_TAIL_HEADING_WORDS = 12
# A release's closing sections come after its body. Many releases open with the
# media contact block; taken for the tail, it would make the whole release
# furniture, so a tail opens only after this much prose.
_MIN_BODY_WORDS = 20


def find(doc: Document, doc_type: str) -> tuple[Span, ...]:
    """The spans of the document that are furniture, in order."""
    return tuple(_spans(doc, doc_type))


def _spans(doc: Document, doc_type: str) -> Iterator[Span]:
    from healthlint.language import SENTENCE_BLOCKS  # noqa: PLC0415 (cycle)

    body_words = 0
    blocks = list(doc.blocks_of(*SENTENCE_BLOCKS))
    for index, block in enumerate(blocks):
        text = doc.text[block.span.start : block.span.end]
        ends_body = _END_MARK.match(text) or (
            doc_type == "press-release"
            and _opens_release_tail(text, partial(_text_of, doc, blocks, index + 1))
        )
        if ends_body and body_words >= _MIN_BODY_WORDS:
            yield Span(block.span.start, len(doc.text))
            return
        if _is_furniture(text, doc, block.span):
            yield block.span
        elif not ends_body:
            body_words += len(text.split())


def _text_of(doc: Document, blocks: list[Block], index: int) -> str:
    """The text of ``blocks[index]``, or "" past the last block."""
    if index >= len(blocks):
        return ""
    span = blocks[index].span
    return doc.text[span.start : span.end]


def _opens_release_tail(text: str, after: Callable[[], str]) -> bool:
    """True for a release's closing heading; ``after()`` is the block that follows.

    The next block is read only for an "About" heading, the one case it decides.
    """
    heading = text.strip()
    if len(text.split()) > _MAX_TAIL_HEADING_WORDS or not _RELEASE_TAIL.match(heading):
        return False
    about = _ABOUT.match(heading)
    return about is None or _names_organisation(about["name"], after())


def _names_organisation(name: str, after: str) -> bool:
    """True when "About <name>" introduces an organisation, not the study or drug.

    The name may say so ("University", "Inc", "Society"); else the section
    opens by describing an organisation ("is a global healthcare company"), not
    a product ("Flublok®") or a study ("was a randomized trial"). A heading with
    nothing after it is taken for the boilerplate it usually is.
    """
    if _STUDY_NAME.match(name):
        return False
    if _ORGANISATION_NAME.search(name) or not after.strip():
        return True
    opening = " ".join(after.split()[:_DESCRIPTION_WORDS])
    if _TRADEMARK.search(name) or _DESCRIBES_STUDY.search(opening):
        return False
    return bool(_DESCRIBES_ORGANISATION.search(opening))


def _is_furniture(text: str, doc: Document, span: Span) -> bool:
    """True for small print, or for short page chrome; ``text`` is the span's."""
    if _may_hold(doc, span, _SMALL_PRINT_ID) and _SMALL_PRINT.search(text):
        return True
    if len(text.split()) > _MAX_CHROME_WORDS:
        return False
    return bool(
        _COPYRIGHT_SIGN.match(text)
        or (_may_hold(doc, span, _CHROME_ID) and _CHROME.search(text))
    )


def _may_hold(doc: Document, span: Span, pid: int) -> bool:
    """False when none of the pattern's literals lies in the span: no match can.

    A match in the span's text holds one of its literals (``prefilter``), and
    where that text holds it so does the document's, inside the span.
    """
    hits = prefilter.hits(doc.__dict__, doc.folded, pid)
    return hits is None or hits.within(span.start, span.end)


def covers(furniture: tuple[Span, ...], span: Span) -> bool:
    """True when ``span`` lies inside furniture."""
    return any(area.contains(span) for area in furniture)
