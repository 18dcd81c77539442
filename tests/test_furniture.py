"""Page furniture: no rule fires there, but what it says still counts as support."""

from __future__ import annotations

from healthlint import furniture
from healthlint.config import Config
from healthlint.document import Format
from healthlint.engine import build_session, lint_source
from healthlint.parsers import parse

RELEASE = """\
DUNMORE, 2 June 2025 - Dunmore Hospital today announced a trial of a new
inhaler for children with asthma. "Families asked us for simpler devices," said
Dr. Rae Quill.

About Dunmore Hospital

Dunmore Hospital's own inhaler cures asthma in children, its founders say.

Media contact: Lee Hart, press office
"""

SUPPLEMENT = """\
# Calmleaf gummies

Each gummy holds 2 mg of melatonin. Take one gummy an hour before bed.

These statements have not been evaluated by the Food and Drug Administration.
This product is not intended to diagnose, treat, cure, or prevent any disease.
"""


def findings(text: str, fmt: Format, *codes: str) -> list[str]:
    session = build_session(Config(select=codes))
    return [f.text for f in lint_source("a", text, fmt, session).findings]


def test_a_release_tail_is_furniture_only_in_a_release() -> None:
    doc = parse("a.txt", RELEASE, Format.TEXT)
    spans = furniture.find(doc, "press-release")
    assert doc.text[spans[0].start :].startswith("About Dunmore Hospital")
    assert furniture.find(doc, "consumer") != spans


def test_a_release_that_opens_with_its_media_contact_is_still_read() -> None:
    contact_first = "MEDIA CONTACT:\n\nLee Hart, 555-0100\n\n" + RELEASE.replace(
        "\nMedia contact: Lee Hart, press office\n", ""
    )
    doc = parse("a.txt", contact_first, Format.TEXT)
    spans = furniture.find(doc, "press-release")
    assert doc.text[spans[-1].start :].startswith("About Dunmore Hospital")
    assert findings(contact_first, Format.TEXT, "HL101") == []
    opened = contact_first.replace("About Dunmore Hospital\n\n", "")
    assert findings(opened, Format.TEXT, "HL101") == ["cures"]


def test_no_claim_is_read_into_a_mission_statement() -> None:
    assert findings(RELEASE, Format.TEXT, "HL101") == []
    body = RELEASE.replace("About Dunmore Hospital\n\n", "")
    assert findings(body, Format.TEXT, "HL101") == ["cures"]


def test_the_supplement_disclaimer_is_not_a_cure_claim() -> None:
    assert findings(SUPPLEMENT, Format.MARKDOWN, "HL101") == []


def test_about_a_treatment_in_a_consumer_article_is_still_the_article() -> None:
    text = (
        "# About ketamine\n\nIf you are thinking about ketamine, you should know "
        "that it cures depression in everyone, the clinic says you will love it.\n"
    )
    assert findings(text, Format.MARKDOWN, "HL101") == ["cures"]


def test_a_newsletter_box_sells_nothing() -> None:
    text = (
        "Officials said on Monday that flu cases fell this winter.\n\n"
        "Sign up for our daily newsletter and call us with your news tips.\n"
    )
    assert findings(text, Format.TEXT, "HL302") == []


def test_a_crisis_line_in_the_footer_still_counts() -> None:
    text = (
        "Officials said on Monday that a student died by suicide last week, and "
        "the school has opened its counselling room.\n\n"
        "Copyright 2025 Dunmore Post. If you are struggling, call or text 988.\n"
    )
    assert findings(text, Format.TEXT, "HL602") == []


def release_with_section(heading: str, opening: str) -> str:
    """The release with one more section before its "About Dunmore Hospital"."""
    return RELEASE.replace(
        "About Dunmore Hospital",
        f"{heading}\n\n{opening} It cures asthma.\n\nAbout Dunmore Hospital",
    )


def test_about_the_study_or_the_product_is_still_the_release() -> None:
    # The issuer describing its study, drug or the disease makes claims an
    # editor reads; only "About <organisation>" is boilerplate.
    for heading, opening in [
        ("About the Study", "The trial enrolled 300 children at four hospitals."),
        ("About the Phase 2 Trial", "The study was a randomised trial."),
        ("About Breathwell\u00ae", "Breathwell is an inhaler for children."),
        ("About BRIGHT-1", "BRIGHT-1 was a randomized, open-label trial."),
        ("About Asthma", "Asthma is a long-term condition of the airways."),
    ]:
        text = release_with_section(heading, opening)
        assert findings(text, Format.TEXT, "HL101") == ["cures"], heading


def test_about_an_organisation_closes_the_release() -> None:
    for heading, opening in [
        ("About Kestrel Ltd", "Kestrel makes inhalers."),
        ("About Kestrel", "Kestrel is a global healthcare company."),
        ("About Kestrel", "Kestrel, Inc. (Nasdaq: KST) makes inhalers."),
        ("About Kestrel", "Kestrel is committed to better breathing."),
        ("About Dunmore University", "Dunmore was founded in 1890."),
    ]:
        text = release_with_section(heading, opening)
        assert findings(text, Format.TEXT, "HL101") == [], (heading, opening)
