"""Document type detection: the type an editor would give, with the cues shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from healthlint import doctype
from healthlint.config import Config
from healthlint.document import Format
from healthlint.engine import build_session, lint_source
from healthlint.parsers import parse

from .conftest import run_healthlint

RELEASE = """\
New scan spots early signs of knee wear

ASHBRIDGE, 4 March 2025 - Researchers at Ashbridge University today announced a
scan that shows cartilage loss years before pain starts.

"We hope this helps people keep moving," said Dr. Ola Brant, who led the work.

About Ashbridge University

Ashbridge University is a leading research university in the north of England.

Media contact: Sam Pike, press office, +44 100 000 000
"""

NEWS = """\
Town's clinics report fewer flu cases

Flu cases at clinics in Merrow fell this winter, officials said on Tuesday.

"We saw about a third fewer visits than last year," said Ana Ruiz, who runs the
county's health department. She said more people had the vaccine in October.

Dr. Ken Ito, a doctor who was not involved in the count, said one mild winter
proves little. The county will publish its full figures next month, a spokesman
said.
"""

CONSUMER = """\
# How to sleep better when you work nights

If you work nights, your body clock fights you every morning. Here's what helps.

## What can I do before bed?

Keep your bedroom dark and cool. Try earplugs if your street is loud. Avoid
coffee in the last six hours of your shift, and eat a light meal before you
sleep. You may want to keep the same sleep times on your days off too.
"""

CLINIC = """\
# Laser hair removal at Elm Street Clinic

Our clinic offers laser hair removal for every skin type. Our specialists have
treated thousands of clients.

Book a free consultation today: call us on 0100 000 000. Packages start at $99
per session, with financing available.
"""

PRODUCT = """\
# Calmleaf Night Gummies

Add to cart. 60 gummies per bottle, two servings a night. Free shipping on
orders over $30 and a 60-day money-back promise. In stock now.
"""

REFERENCE = """\
Osteoarthritis is a long-term condition in which the cartilage of a joint wears
down. It most often affects the knees, hips and hands. The joint can become stiff
and painful, and the bone beneath the cartilage can change shape over many
years. Exercise, weight loss and painkillers are the usual treatments, and some
people later need a joint replacement.
"""


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        (RELEASE, Format.TEXT, doctype.PRESS_RELEASE),
        (NEWS, Format.TEXT, doctype.NEWS),
        (CONSUMER, Format.MARKDOWN, doctype.CONSUMER),
        (CLINIC, Format.MARKDOWN, doctype.CLINIC_PAGE),
        (PRODUCT, Format.MARKDOWN, doctype.PRODUCT_PAGE),
        # Reference prose that neither reports nor advises is not news: it keeps
        # the default type and every default rule.
        (REFERENCE, Format.TEXT, doctype.DEFAULT),
    ],
)
def test_detects_the_type_an_editor_would_give(
    text: str, fmt: Format, expected: str
) -> None:
    detection = doctype.detect(parse("a", text, fmt))
    assert detection.type == expected
    if expected == doctype.DEFAULT:
        assert detection.evidence == ()
    else:
        assert detection.evidence, "a detected type names the cues that chose it"


def test_news_quoting_a_reader_is_still_news() -> None:
    quoted_you = NEWS + '\n"You just have to get the jab, you really do," she said.\n'
    assert doctype.detect(parse("a", quoted_you, Format.TEXT)).type == doctype.NEWS


def test_release_evidence_names_its_cues() -> None:
    evidence = doctype.detect(parse("a", RELEASE, Format.TEXT)).evidence
    assert "'Media contact'" in evidence
    assert "dateline" in evidence


def test_declared_type_wins_over_detection() -> None:
    text = "---\ntype: patient-education\n---\n\n" + NEWS
    report = lint_source("a.md", text, Format.MARKDOWN, build_session(Config()))
    assert (report.document_type, report.type_source) == (
        "patient-education",
        "front matter",
    )


def test_default_from_the_command_line_turns_detection_off() -> None:
    session = build_session(Config(document_type="default"))
    report = lint_source("a.txt", RELEASE, Format.TEXT, session)
    assert (report.document_type, report.type_source) == ("default", "command line")


def test_in_a_release_quotes_are_the_issuers_own_claims() -> None:
    claim = '"This scan is completely safe for everyone," said Dr. Brant.\n\n'
    release = RELEASE.replace("About Ashbridge", claim + "About Ashbridge")
    session = build_session(Config(select=("HL101",)))
    as_release = lint_source("a.txt", release, Format.TEXT, session)
    as_news = lint_source("b.txt", NEWS + "\n" + claim, Format.TEXT, session)
    assert [f.text for f in as_release.findings] == ["completely safe"]
    assert as_news.findings == ()


def test_json_and_config_show_report_the_detected_type(tmp_path: Path) -> None:
    article = tmp_path / "release.txt"
    article.write_text(RELEASE, encoding="utf-8")
    result = run_healthlint(
        tmp_path, "check", "--format", "json", "--no-cache", "release.txt"
    )
    entry = json.loads(result.stdout)["files"][0]["document_type"]
    assert entry["name"] == "press-release"
    assert entry["source"] == "detected"
    assert "'Media contact'" in entry["evidence"]
    shown = run_healthlint(tmp_path, "config", "--show", "release.txt").stdout
    assert "document-type: press-release (detected)" in shown
    assert "evidence: 'Media contact'" in shown
