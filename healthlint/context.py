"""Whether a matched phrase is the writer's claim, read from its sentence.

A word that promises certainty ("cures", "no side effects", "safe") is a claim
only when the text asserts it. These tests recognise the common ways it is not:
the word is part of a name ("Komen for the Cure"), the sentence reports someone
else's dubious claim ("he claimed the brew could cure it"), it reports what was
observed in a study ("no side effects were reported in the trial"), or it states
a goal rather than a result ("the race to find a cure", "working to cure").
Rules switch each test on by name under ``exceptions``.
"""

from __future__ import annotations

import re

from healthlint.document import Span
from healthlint.lazyregex import lazy

_WORD = lazy(r"[A-Za-z][A-Za-z’'-]*")
_TITLE_CASE_SHARE = 0.6  # a sentence with this share of capitalised words is a title
_TITLE_MIN_WORDS = 3


def is_name(text: str, sentence: Span, span: Span) -> bool:
    """True when the match is capitalised inside a name, not a claim.

    A capital that opens the sentence, or any capital in a title-case headline,
    says nothing; a capital mid-sentence ("Guaranteed Rate Field", "P-Cure",
    "Komen for the Cure") marks a name.
    """
    word = text[span.start : span.end]
    if not word[:1].isupper():
        return False
    if _in_organisation_name(text, sentence, span):
        return True
    if _opens_sentence(text, sentence, span):
        return False
    return not _is_title_case(text[sentence.start : sentence.end])


# A run of capitalised words (with "of", "on", "for", "and", "the" between them)
# that names an organisation or a programme.
_CAPITALISED_RUN = lazy(
    r"(?:[A-Z][\w’'&.-]*(?:\s+(?:of|on|for|and|the|&)\s+|\s+)?)+[A-Z][\w’'&.-]*"
)
_ORGANISATION_WORD = lazy(
    r"\b(?:Institutes?|Administration|Anonymous|Association|Center|Centre|Council"
    r"|Department|Foundation|Network|Office|Program|Programme|Services?|Society"
    r"|Agency|Alliance|Coalition|Commission|Committee|Hospital|University|College"
    r"|School|Clinic|Trust|Fund|Project|Initiative|Campaign|Task Force|Act)\b"
)


def _in_organisation_name(text: str, sentence: Span, span: Span) -> bool:
    """True when the match sits in a capitalised name ending in "Institute" etc."""
    for run in _CAPITALISED_RUN.finditer(text, sentence.start, sentence.end):
        if run.start() <= span.start and span.end <= run.end():
            return _ORGANISATION_WORD.search(run.group(0)) is not None
    return False


def _opens_sentence(text: str, sentence: Span, span: Span) -> bool:
    before = text[sentence.start : span.start]
    return not _WORD.search(before)


def _is_title_case(sentence: str) -> bool:
    words: list[str] = [w for w in _WORD.findall(sentence) if len(w) > 3]
    if len(words) < _TITLE_MIN_WORDS:
        return True
    capitals = sum(w[0].isupper() for w in words)
    return capitals / len(words) >= _TITLE_CASE_SHARE


# Words that present what follows as someone's doubtful claim, not a fact.
_DISPUTED = lazy(
    r"\b(?:claim(?:s|ed|ing)?|alleg(?:e|es|ed|edly|ing)|purport(?:s|ed|edly)?"
    r"|tout(?:s|ed|ing)?|peddl(?:e|es|ed|ing)|hyp(?:e|ed|ing)|so-called|bogus|fake"
    r"|false(?:ly)?|unproven|unsubstantiated|misleading|myths?|debunk(?:s|ed|ing)?"
    r"|hoax(?:es)?|scams?|snake oil|quack(?:s|ery)?|conspiracy|supposed(?:ly)?"
    r"|promot(?:e|es|ed|ing)|market(?:s|ed|ing) as|criticized|criticised"
    r"|warn(?:s|ed|ing)? (?:against|about|that)|beware|dubious|baseless)\b",
    re.IGNORECASE,
)


def is_disputed(text: str, sentence: Span, span: Span) -> bool:
    """True when the sentence frames the match as a doubtful claim it reports."""
    return _DISPUTED.search(text, sentence.start, span.start) is not None


# A sentence that reports what a study observed, in the past, or with the people
# it was observed in: a result, not a promise.
_OBSERVED = lazy(
    r"\b(?:were|was|have been|has been)\s+(?:\w+\s+)?(?:observed|reported|seen|found"
    r"|noted|recorded|detected|identified)\b"
    r"|\b(?:had|experienced|developed|reported|showed|suffered)\s+(?:\w+\s+)?no\b"
    r"|\bthe (?:study|trial|researchers|authors|team|review|investigators)"
    r"(?: \w+)? (?:found|reported|said|noted|observed|showed)\b"
    r"|\b(?:participants|volunteers|subjects)\b|\bpatients (?:in|on|who|taking)\b"
    r"|\b(?:a group of |of )?\d[\d,]* (?:children|patients|people|adults|women|men"
    r"|participants|mice|rats|animals)\b"
    r"|\bin (?:mice|rats|animals|monkeys|pigs|dogs|cells|cell cultures|the lab)\b"
    r"|\b(?:placebo|control|treatment|comparison) (?:group|arm)\b"
    r"|\b(?:half|a third|a quarter|two[- ]thirds|\d+ ?(?:%|percent|per cent)"
    r"|\d+ (?:of|in|out of) \d+) of (?:the )?(?:patients|people|cases|participants"
    r"|children|adults|women|men|those)\b",
    re.IGNORECASE,
)


def is_observed(text: str, sentence: Span, span: Span) -> bool:
    """True when the sentence reports a study's observation, not a general claim."""
    del span  # the whole sentence decides
    return _OBSERVED.search(text, sentence.start, sentence.end) is not None


# "to cure", "help cure", "the race to find a cure", "a chance at curing": aims,
# not results. Words before "to" that turn the aim back into a claim: "proven to
# cure".
_AIM = lazy(
    r"(?:\b(?P<lead>\w+)\s+to|\bhelp(?:s|ed|ing)?(?:\s+to)?|\bin order to"
    r"|\b(?:find|finding|found|search(?:ing)? for|seek(?:ing)?|look(?:ing)? for"
    r"|hunt(?:ing)? for|quest for|race for|hope (?:for|of)|dream of"
    r"|chance (?:at|of))(?:\s+(?:a|an|the))?(?:\s+\w+)?)\s+$",
    re.IGNORECASE,
)
_CLAIM_BEFORE_TO = frozenset(
    """
    proven shown guaranteed able certain sure designed formulated known going
    found demonstrated
    """.split()  # noqa: SIM905 (a word list reads best as words)
)


def is_aspiration(text: str, sentence: Span, span: Span) -> bool:
    """True when the match states a goal ("working to cure") rather than a result."""
    before = text[max(sentence.start, span.start - 40) : span.start]
    aim = _AIM.search(before)
    if aim is None:
        return False
    lead = (aim.group("lead") or "").lower()
    return lead not in _CLAIM_BEFORE_TO
