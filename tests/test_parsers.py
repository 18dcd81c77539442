"""Parsers: what counts as prose, and exact source positions for every span."""

from __future__ import annotations

import pytest

from healthlint import lint_text
from healthlint.config import Config
from healthlint.document import BlockKind, Document, Format, Span
from healthlint.parsers import parse

from .conftest import source_at


def find(doc: Document, needle: str) -> Span:
    start = doc.text.index(needle)
    return Span(start, start + len(needle))


def located(doc: Document, needle: str) -> tuple[int, int, int, int]:
    span = find(doc, needle)
    start, end = doc.position(span.start), doc.end_position(span.end)
    return start.line, start.column, end.line, end.column


MARKDOWN = (
    "---\ntitle: Knees\ntype: consumer\n---\n"
    "# Knee pain &amp; you\n\n"
    "It *really* cures pain, see [the guide](https://x.example/a?b=1).\n"
    "Next line\twith a tab. Dr. Lee gave 7.5 mg. Ça va très bien.\n\n"
    "> A quoted line.\n\n"
    "- first item\n- second item\n\n"
    "```\nthis cures nothing\n```\n\n"
    "Inline `cures` code and <!-- cures --> comment.\n"
)


def test_markdown_prose_excludes_code_comments_front_matter() -> None:
    doc = parse("a.md", MARKDOWN, Format.MARKDOWN)
    assert "title" not in doc.text
    assert "this cures nothing" not in doc.text
    assert doc.text.count("cures") == 1
    assert "comment" in doc.text
    assert doc.meta == {"title": "Knees", "type": "consumer"}


def test_markdown_blocks() -> None:
    doc = parse("a.md", MARKDOWN, Format.MARKDOWN)
    kinds = [b.kind for b in doc.blocks]
    assert kinds.count(BlockKind.HEADING) == 1
    assert kinds.count(BlockKind.LIST_ITEM) == 2
    assert kinds.count(BlockKind.QUOTE) == 1
    assert kinds.count(BlockKind.CODE) == 1
    (link,) = doc.blocks_of(BlockKind.LINK)
    assert link.href == "https://x.example/a?b=1"
    assert doc.text[link.span.start : link.span.end] == "the guide"
    (heading,) = doc.blocks_of(BlockKind.HEADING)
    assert heading.level == 1


@pytest.mark.parametrize(
    ("needle", "line", "source"),
    [
        ("Knee pain & you", 5, "Knee pain &amp; you"),  # entity keeps its width
        ("really cures", 7, "really* cures"),  # emphasis inside the span
        ("cures", 7, "cures"),
        ("the guide", 7, "the guide"),
        ("with a tab", 8, "with a tab"),
        ("Ça va très bien.", 8, "Ça va très bien."),  # columns count characters
        ("A quoted line.", 10, "A quoted line."),
        ("second item", 13, "second item"),
    ],
)
def test_markdown_positions(needle: str, line: int, source: str) -> None:
    doc = parse("a.md", MARKDOWN, Format.MARKDOWN)
    where = located(doc, needle)
    assert where[0] == line
    assert source_at(MARKDOWN, *where) == source


def test_markdown_exact_columns() -> None:
    doc = parse("a.md", MARKDOWN, Format.MARKDOWN)
    assert located(doc, "cures") == (7, 13, 7, 18)
    assert located(doc, "Ça va") == (8, 44, 8, 49)


def test_crlf_and_bom_free_source_positions() -> None:
    source = "First line.\r\nIt cures all.\r\n\r\nThird para.\r\n"
    doc = parse("a.md", source, Format.MARKDOWN)
    assert located(doc, "cures") == (2, 4, 2, 9)
    assert located(doc, "Third para.") == (4, 1, 4, 12)


def test_sentences_do_not_break_on_abbreviations_and_decimals() -> None:
    doc = parse("a.md", MARKDOWN, Format.MARKDOWN)
    sentences = [doc.text[s.start : s.end] for s in doc.sentences]
    assert "Dr. Lee gave 7.5 mg." in sentences
    text = "The U.S. agency, e.g. the FDA, said no. Take 2.5 mg daily."
    doc = parse("b.txt", text, Format.TEXT)
    assert [doc.text[s.start : s.end] for s in doc.sentences] == [
        "The U.S. agency, e.g. the FDA, said no.",
        "Take 2.5 mg daily.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Most people don't. The rest do.", ["Most people don't.", "The rest do."]),
        (
            "It may slow Alzheimer's. Researchers are unsure.",
            ["It may slow Alzheimer's.", "Researchers are unsure."],
        ),
        (
            "Cases rose in the U.S. The study counted them.",
            ["Cases rose in the U.S.", "The study counted them."],
        ),
        ("Take it at 8 a.m. Then rest.", ["Take it at 8 a.m.", "Then rest."]),
        ("Take vitamin D. It helps.", ["Take vitamin D.", "It helps."]),
        # Initials, titles and example markers still never end a sentence.
        ("J. A. Smith wrote it.", ["J. A. Smith wrote it."]),
        ("Ask Dr. The pharmacist agreed.", ["Ask Dr. The pharmacist agreed."]),
        ("See e.g. The Lancet for more.", ["See e.g. The Lancet for more."]),
        ("The U.S. Army tested it.", ["The U.S. Army tested it."]),
    ],
)
def test_sentence_boundaries_after_contractions_and_abbreviations(
    text: str, expected: list[str]
) -> None:
    doc = parse("s.txt", text, Format.TEXT)
    assert [doc.text[s.start : s.end] for s in doc.sentences] == expected


HTML = (
    "<!DOCTYPE html>\n<html><head><title>Clinic &amp; Co</title>\n"
    '<meta name="author" content="A. Writer">\n'
    "<style>p { content: 'cures'; }</style>\n"
    "<script>var x = 'guaranteed cure';</script></head>\n"
    "<body><h2>Safe   &amp;\n   sound</h2>\n"
    "<p>It is <strong>completely</strong> safe&nbsp;&#8212; "
    '<a href="https://shop.example/?ref=1" rel="sponsored">buy&nbsp;now</a>.</p>\n'
    "<!-- miracle --><pre><code>cures()</code></pre>\n"
    "<ul><li>One</li><li>Two &lt;3</li></ul></body></html>\n"
)


def test_html_prose_and_meta() -> None:
    doc = parse("a.html", HTML, Format.HTML)
    assert "cure" not in doc.text
    assert "miracle" not in doc.text
    assert doc.meta["title"] == "Clinic & Co"
    assert doc.meta["author"] == "A. Writer"
    (link,) = doc.blocks_of(BlockKind.LINK)
    assert link.attrs["rel"] == "sponsored"
    assert doc.text[link.span.start : link.span.end] == "buy now"


@pytest.mark.parametrize(
    ("needle", "source"),
    [
        ("Safe & sound", "Safe   &amp;\n   sound"),  # entity and spaces mapped
        ("completely safe", "completely</strong> safe"),
        (
            "— buy now",
            '&#8212; <a href="https://shop.example/?ref=1" rel="sponsored">buy&nbsp;now',
        ),
        ("Two <3", "Two &lt;3"),
    ],
)
def test_html_positions(needle: str, source: str) -> None:
    doc = parse("a.html", HTML, Format.HTML)
    assert source_at(HTML, *located(doc, needle)) == source


def test_plain_text_items_and_positions() -> None:
    source = "Heading line\n\n- take one\n- take\n  two\n1. numbered item\n"
    doc = parse("a.txt", source, Format.TEXT)
    items = [
        doc.text[b.span.start : b.span.end] for b in doc.blocks_of(BlockKind.LIST_ITEM)
    ]
    assert items == ["take one", "take two", "numbered item"]
    assert located(doc, "take two") == (4, 3, 5, 6)
    assert source_at(source, 4, 3, 5, 6) == "take\n  two"


def test_broken_front_matter_is_a_warning_and_prose_survives() -> None:
    doc = parse("a.md", "---\ntitle: [oops\n---\nIt cures.\n", Format.MARKDOWN)
    assert doc.warnings
    assert doc.warnings[0].startswith("line ")
    assert "invalid front matter" in doc.warnings[0]
    assert doc.text == "It cures."


def test_markdown_raw_html_block_text_is_prose() -> None:
    source = 'Intro.\n\n<div class="note">\nIt <em>cures</em> &amp; heals.\n</div>\n\n<!-- guaranteed -->\n'
    doc = parse("a.md", source, Format.MARKDOWN)
    assert "cures & heals." in doc.text
    assert "guaranteed" not in doc.text
    assert source_at(source, *located(doc, "cures & heals")) == "cures</em> &amp; heals"


@pytest.mark.parametrize(
    "source",
    [
        "- - - - - - - - - - This supplement cures arthritis.\n",
        "> " * 20 + "This supplement cures arthritis.\n",
        "> " * 120 + "This supplement cures arthritis.\n",
        "- " * 120 + "This supplement cures arthritis.\n",
    ],
)
def test_markdown_nested_past_the_parser_limit_is_still_read(source: str) -> None:
    report = lint_text(source, "deep.md", config=Config(select=("HL101",)))
    assert [f.text for f in report.findings] == ["cures"]
    finding = report.findings[0]
    line = source.split("\n", maxsplit=1)[0]
    assert line[finding.column - 1 : finding.end_column - 1] == "cures"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Intro line.\rThis supplement cures arthritis.\n", (1, 29, 1, 34)),
        ("![pic](x.png) It cures acne] and more.\n", (1, 18, 1, 23)),
        ("Text.\r\rIt cures gout.\r", (1, 11, 1, 16)),
    ],
)
def test_markdown_spans_after_lone_crs_and_images(
    source: str, expected: tuple[int, int, int, int]
) -> None:
    report = lint_text(source, "a.md", config=Config(select=("HL101",)))
    (finding,) = report.findings
    at = (finding.line, finding.column, finding.end_line, finding.end_column)
    assert at == expected
    assert source_at(source, *at) == "cures"
