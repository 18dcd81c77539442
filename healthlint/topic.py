"""Tell whether an article is about a health intervention.

The balance and disclosure rules (harms, alternatives, cost, quantified benefit,
evidence quality, funding) ask what HealthNewsReview.org asked of stories about a
treatment, test, product or procedure. Asked of an article on an election, a
stock market or a lockdown that mentions a vaccine once, they only make noise.
An article is about an intervention when it names interventions often enough for
its length, in a health setting (patients, a disease, a clinic, a trial).
"""

from __future__ import annotations

import re

from healthlint import prefilter
from healthlint.document import Document
from healthlint.twins import Twinned

# The flags ``re.compile`` gives these (a str pattern is Unicode); each pattern
# compiles on first use, and the cached rules keep its twin's code (``Twinned``).
_FLAGS = re.IGNORECASE | re.UNICODE
# Words that name an intervention in the health sense.
_INTERVENTION = Twinned(
    r"\b(?:treatments?|therap(?:y|ies)|drugs?|medications?|medicines?"
    r"|surger(?:y|ies)|surgical|surgeons?|procedures?|vaccines?|vaccinations?"
    r"|supplements?|implants?|injections?|infusions?|transplants?|screening"
    r"|pills?|tablets?|capsules?|doses?|dosing|dosages?|regimens?|therapeutics?"
    r"|inhalers?|stents?|chemotherapy|radiotherapy|placebo|clinical trials?"
    r"|randomi[sz]ed|(?:blood|genetic|diagnostic|screening|home|new) tests?|scans?"
    r"|mammograms?|biopsy|biopsies|probiotics?|vitamins?|diets?|dietary"
    r"|acupuncture|physiotherapy|counsell?ing|psychotherapy|devices?|apps?"
    r"|exercises?|programmes?|programs?|operations?|laser|prescri(?:be|bed|ption)s?"
    r"|eye drops?|nasal sprays?|creams?|ointments?|gels?"
    # Public-health interventions HealthNewsReview.org reviewed as such.
    r"|physical activity|smoking cessation|(?:quit|stop)(?:ting|ping)? smoking"
    r"|(?:tobacco|anti-smoking|smoking|public health|health|vaccination"
    r"|immuni[sz]ation|screening) (?:\w+ ){0,2}campaigns?)\b",
    _FLAGS,
)
# Interventions no other field names: a text with two of them is about one.
_STRONG = Twinned(
    r"\b(?:treatments?|therap(?:y|ies)|drugs?|medications?|surger(?:y|ies)"
    r"|vaccines?|supplements?|injections?|infusions?|inhalers?|chemotherapy"
    r"|placebo|clinical trials?|eye drops?|nasal sprays?|probiotics?|vitamins?"
    r"|antibiotics?|statins?|aspirin|insulin|antidepressants?|painkillers?|steroids?)\b",
    _FLAGS,
)
# Words that place the text in a clinic, a lab or a body.
_HEALTH = Twinned(
    r"\b(?:patients?|clinical|clinics?|diseases?|disorders?|conditions?|symptoms?"
    r"|syndromes?|doctors?|physicians?|nurses?|hospitals?|cancers?|tumou?rs?"
    r"|diabetes|heart|blood|pain|infections?|chronic|diagnos(?:is|ed|e)|FDA"
    r"|side[- ]effects?|health|medical|attacks?|breathing|asthma|arthritis"
    r"|depression|anxiety|dementia|obesity|weight|sleep|inflammation|injur(?:y|ies)"
    r"|migraines?|fever|eyes?|memory|hernias?|skin|bones?|cholesterol|strokes?|flu"
    r"|allerg(?:y|ies)|fertility|pregnan(?:cy|t)|brain|lungs?|liver|kidneys?"
    r"|vision|eyesight|constipation|illness(?:es)?|mental|concussions?|bowel|stomach"
    r"|gut|digesti(?:on|ve)|fitness|wellbeing|well-being|longevity|mortality"
    r"|\w+(?:itis|osis|emia|aemia|oma|pathy))\b",
    _FLAGS,
)
# Research reporting, and what people eat, drink or do that a study can test.
_RESEARCH = Twinned(
    r"\b(?:stud(?:y|ies)|trials?|researchers|participants|volunteers|cohort"
    r"|published (?:in|online)|journal|findings|meta-analysis)\b",
    _FLAGS,
)
_EXPOSURE = Twinned(
    r"\b(?:eat(?:s|ing)?|drink(?:s|ing)?|foods?|fish|seafood|fruits?|vegetables?"
    r"|dairy|coffee|tea|alcohol|smoking|breast-?feeding|sleep(?:ing)?|walking"
    r"|running|golf|yoga|meditation|nutrition|fasting|test(?:s|ing)?|screen(?:s|ing)?"
    r"|score|algorithm|machine learning|care|midwi(?:fe|fery|ves))\b",
    _FLAGS,
)
MIN_STUDY_WORDS = 3
HEALTH_PER_THOUSAND = 15.0
MIN_INTERVENTIONS = 2  # mentions, at the least
PER_THOUSAND_WORDS = 5.0  # and this often for the article's length
_TWINS = (_INTERVENTION, _STRONG, _HEALTH, _RESEARCH, _EXPOSURE)
HEALTH_SHARE = 0.3  # health words per intervention word, at the least


def about_intervention(doc: Document) -> bool:
    """True when the article discusses a treatment, test, product or procedure.

    Either it names interventions often enough for its length, or it reports a
    health study of something people do or use (a food, a habit, a test): the
    kind of story HealthNewsReview.org reviewed.
    """
    return _intervention(_Counts(doc))


def _count(pattern: Twinned, doc: Document) -> int:
    """``len(pattern.findall(doc.text))``, through the pattern's twin if it may.

    The words' literals are scanned for with the rules' (``prefilter.hits``):
    one scan of the document serves both.
    """
    folded = doc.folded
    plain = folded is not None and prefilter.plain(doc.__dict__, folded)
    return pattern.count(doc.text, folded, plain, doc.__dict__)


class _Counts:
    """A document's length and word-list counts, each worked out once.

    The two topics ask for the same counts (health words three times over).
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.words = max(1, len(doc.text.split()))
        self._found: dict[Twinned, int] = {}

    def __call__(self, pattern: Twinned) -> int:
        found = self._found.get(pattern)
        if found is None:
            found = self._found[pattern] = _count(pattern, self.doc)
        return found


def _intervention(count: _Counts) -> bool:
    return _names_interventions(count) or _reports_health_study(count)


def _names_interventions(count: _Counts) -> bool:
    mentions = count(_INTERVENTION)
    if (
        mentions < MIN_INTERVENTIONS
        or 1000 * mentions / count.words < PER_THOUSAND_WORDS
    ):
        return False
    return count(_STRONG) >= MIN_INTERVENTIONS or (
        count(_HEALTH) >= HEALTH_SHARE * mentions
    )


def _reports_health_study(count: _Counts) -> bool:
    exposures = count(_EXPOSURE) + count(_INTERVENTION)
    return (
        count(_RESEARCH) >= MIN_STUDY_WORDS
        and exposures >= 1
        and 1000 * count(_HEALTH) / count.words >= HEALTH_PER_THOUSAND
    )


HEALTH_ARTICLE_PER_THOUSAND = 8.0
MIN_WORDS_TO_JUDGE = 150


def about_health(doc: Document) -> bool:
    """True when the article is about health at all.

    It is when it discusses an intervention, or uses health words often enough
    for its length; an election story that mentions a hospital once does not.
    """
    count = _Counts(doc)
    return _health(count) or _intervention(count)


def _health(count: _Counts) -> bool:
    """Health words often enough for the length (or too short to tell)."""
    if count.words < MIN_WORDS_TO_JUDGE:
        return True  # too short to tell: assume the text is about what it says
    return 1000 * count(_HEALTH) / count.words >= HEALTH_ARTICLE_PER_THOUSAND


def topics_of(doc: Document) -> frozenset[str]:
    """The topics rules can ask about, worked out once per document."""
    count = _Counts(doc)
    intervention = _intervention(count)
    found = {"intervention"} if intervention else set()
    if intervention or _health(count):
        found.add("health")
    return frozenset(found)
