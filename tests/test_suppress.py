"""Inline suppression, from a table: each form, in each format, and HL901/HL902."""

from __future__ import annotations

import pytest

from healthlint.config import Config
from healthlint.document import Format
from healthlint.engine import build_session, lint_source
from healthlint.parsers import parse

SESSION = build_session(
    Config(select=("HL101", "HL102", "HL301", "HL901", "HL902"), readability=False)
)

# (name, format, text, expected (line, code) pairs)
CASES = [
    ("next-line by code", "md",
     "<!-- healthlint-disable-next-line HL101 -->\nIt cures gout.\nIt cures gout.\n",
     [(3, "HL101")]),
    ("next-line by slug with reason", "md",
     "<!-- healthlint-disable-next-line unsupported-absolute-claim -- quoting -->\nIt cures gout.\n",
     []),
    ("next-line by prefix", "md",
     "<!-- healthlint-disable-next-line HL1 -->\nA miracle that cures gout.\n", []),
    ("next-line by pack", "md",
     "<!-- healthlint-disable-next-line claims -->\nA miracle that cures gout.\n", []),
    ("next-line names another rule", "md",
     "<!-- healthlint-disable-next-line HL102 -->\nIt cures gout.\n",
     [(1, "HL901"), (2, "HL101")]),
    ("next-line with two rules", "md",
     "<!-- healthlint-disable-next-line HL101, HL102 -->\nA miracle that cures gout.\n", []),
    ("same line", "md", "It cures gout. <!-- healthlint-disable-line HL101 -->\n", []),
    ("block", "md",
     "<!-- healthlint-disable HL101 -->\nIt cures gout.\n\nIt cures gout.\n<!-- healthlint-enable -->\nIt cures gout.\n",
     [(6, "HL101")]),
    ("block closed by naming it", "md",
     "<!-- healthlint-disable HL101 -->\nIt cures gout.\n<!-- healthlint-enable HL101 -->\nIt cures gout.\n",
     [(4, "HL101")]),
    ("block never closed runs to the end", "md",
     "It cures gout.\n\n<!-- healthlint-disable -->\nIt cures gout.\n\nA miracle.\n", [(1, "HL101")]),
    ("file", "md",
     "It cures gout.\n\n<!-- healthlint-disable-file HL101 -->\n\nIt cures gout.\n", []),
    ("file for every rule", "md",
     "<!-- healthlint-disable-file -->\nA miracle that cures.\n", []),
    ("html next-line", "html",
     "<!-- healthlint-disable-next-line HL101 -->\n<p>It cures gout.</p>\n", []),
    ("html link", "html",
     '<p><a href="https://x.example/buy?ref=1">Buy now</a> <!-- healthlint-disable-line promotional-link --></p>',
     []),
    ("text file line", "txt",
     "healthlint-disable-next-line HL101 -- quoting the advert\nIt cures gout.\n", []),
    ("text file ignores html comment form mid-line", "txt",
     "It cures gout. healthlint-disable-line HL101\n", [(1, "HL101")]),
    ("unused", "md", "<!-- healthlint-disable-next-line HL101 -->\nRest well.\n", [(1, "HL901")]),
    ("malformed name", "md", "<!-- healthlint-disable-nextline HL101 -->\nIt cures gout.\n",
     [(1, "HL902"), (2, "HL101")]),
    ("unknown rule", "md", "<!-- healthlint-disable-next-line HL1O1 -->\nIt cures gout.\n",
     [(1, "HL902"), (2, "HL101")]),
    ("enable without disable", "md", "It cures gout.\n<!-- healthlint-enable -->\n",
     [(1, "HL101"), (2, "HL902")]),
    ("directive in a code block is inert", "md",
     "```\n<!-- healthlint-disable-file -->\n```\n\nIt cures gout.\n", [(5, "HL101")]),
]  # fmt: skip

FORMATS = {"md": Format.MARKDOWN, "html": Format.HTML, "txt": Format.TEXT}


@pytest.mark.parametrize(
    ("name", "fmt", "text", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_suppression(
    name: str, fmt: str, text: str, expected: list[tuple[int, str]]
) -> None:
    report = lint_source(f"case.{fmt}", text, FORMATS[fmt], SESSION)
    assert [(f.line, f.code) for f in report.findings] == expected, name


def test_directive_finding_points_at_the_comment() -> None:
    text = "Intro.\n\n  <!-- healthlint-disable-next-line HL101 -->\nRest well.\n"
    (finding,) = lint_source("a.md", text, Format.MARKDOWN, SESSION).findings
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (
        3,
        3,
        3,
        46,
    )
    assert finding.text == "<!-- healthlint-disable-next-line HL101 -->"


def test_text_directive_lines_are_not_prose() -> None:
    text = "The advert was loud.\n  healthlint-disable-next-line HL101 -- quoting\nIt cures gout, it said.\n"
    report = lint_source("a.txt", text, Format.TEXT, build_session(Config()))
    assert report.findings == ()  # neither HL101 nor the code read as an acronym
    doc = parse("a.txt", text, Format.TEXT)
    # the directive line ends the paragraph, as a blank line would
    assert doc.text == "The advert was loud.\n\nIt cures gout, it said."
    assert [doc.source_slice(s) for s in doc.sentences] == [
        "The advert was loud.",
        "It cures gout, it said.",
    ]


def test_meta_rules_can_be_ignored() -> None:
    quiet = build_session(Config(select=("HL101",), readability=False))
    text = "<!-- healthlint-disable-next-line HL101 -->\nRest well.\n<!-- healthlint-bogus -->\n"
    assert lint_source("a.md", text, Format.MARKDOWN, quiet).findings == ()


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("   healthlint-disable-next-line HL999\nRest well.\n", (1, 4, 1, 38)),
        ("healthlint-disable-next-line HL999  \r\nRest well.\r\n", (1, 1, 1, 35)),
        ("\thealthlint-disable-next-line HL999\t\nRest well.\n", (1, 2, 1, 36)),
    ],
)
def test_plain_text_directives_are_spanned_from_their_first_letter(
    text: str, span: tuple[int, int, int, int]
) -> None:
    (finding,) = lint_source("a.txt", text, Format.TEXT, SESSION).findings
    assert finding.code == "HL902"
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == span
    assert finding.text == "healthlint-disable-next-line HL999"


def test_a_plain_text_directive_is_not_prose() -> None:
    """Its rule code is not an acronym, and it does not join the next sentence."""
    acronyms = build_session(Config(select=("HL503",), readability=False))
    text = "healthlint-disable-next-line HL101\nIt cures nothing. NMDA (a receptor).\n"
    assert lint_source("a.txt", text, Format.TEXT, acronyms).findings == ()


def test_a_comment_ends_at_the_first_close() -> None:
    """The directive-looking text inside another comment is not a directive."""
    text = "<!-- a note <!-- healthlint-disable HL101 -->\nIt cures gout.\n"
    report = lint_source("a.md", text, Format.MARKDOWN, SESSION)
    assert [(f.line, f.code) for f in report.findings] == [(2, "HL101")]


def test_many_directives_each_marked_used_or_unused() -> None:
    lines = ["<!-- healthlint-disable-next-line HL101 -->", "It cures gout."] * 300
    lines += ["<!-- healthlint-disable-next-line HL101 -->", "Rest well."]
    report = lint_source("a.md", "\n".join(lines) + "\n", Format.MARKDOWN, SESSION)
    assert [(f.line, f.code) for f in report.findings] == [(601, "HL901")]
