"""Property: every finding's line:column..end_line:end_column is the matched text.

Documents are generated with the things that break naive offset maps: entities,
emphasis and links inside sentences, inline code, comments, CRLF line ends, tabs,
runs of spaces, a byte-order mark and non-ASCII words. Claim words are placed in
prose (and, as decoys, in code); each one in prose must be found, exactly where it
stands in the source.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint.config import Config
from healthlint.discovery import format_for
from healthlint.engine import build_session, lint_source
from healthlint.readfile import decode

from .conftest import source_at

CLAIMS = ["risk-free", "completely safe", "100% natural", "miracle cure"]
WORDS = [
    "sleep",
    "knees",
    "café",
    "naïve",
    "Übung",
    "日本",
    "water",
    "rest",
    "walk",
    "x²",
]
SESSION = build_session(Config(select=("HL101",), readability=False))


@dataclass
class Piece:
    source: str
    claims: int = 0  # claim words this piece puts into prose


def plain(word: str) -> Piece:
    return Piece(word, int(word in CLAIMS))


MARKDOWN_WRAPS = [
    lambda w: Piece(f"*{w}*", int(w in CLAIMS)),
    lambda w: Piece(f"**{w}**", int(w in CLAIMS)),
    lambda w: Piece(f"[{w}](https://x.example/{len(w)})", int(w in CLAIMS)),
    lambda w: Piece(f"`{w}`"),
    lambda w: Piece("&amp;"),
    lambda w: Piece("&eacute;t&eacute;"),
    lambda w: Piece("\\*"),
    # After a word, so the comment is inline; a line that starts with one opens a
    # raw HTML block (tested in test_parsers.py).
    lambda w: Piece(f"{w} <!-- cures -->", int(w in CLAIMS)),
]
HTML_WRAPS = [
    lambda w: Piece(f"<em>{w}</em>", int(w in CLAIMS)),
    lambda w: Piece(f"<a href='https://x.example/'>{w}</a>", int(w in CLAIMS)),
    lambda w: Piece(f"<code>{w}</code>"),
    lambda w: Piece("&amp;"),
    lambda w: Piece("&#233;t&eacute;"),
    lambda w: Piece("<!-- guaranteed -->"),
    lambda w: Piece("<script>var a = 'cures';</script>"),
]

word = st.sampled_from(CLAIMS + WORDS)
gap = st.sampled_from([" ", "  ", "\t", " \t "])


@st.composite
def piece(draw: st.DrawFn, suffix: str) -> Piece:
    chosen = draw(word)
    wraps = {"md": MARKDOWN_WRAPS, "html": HTML_WRAPS}.get(suffix, [])
    if wraps and draw(st.booleans()):
        return draw(st.sampled_from(wraps))(chosen)
    return plain(chosen)


@st.composite
def document(draw: st.DrawFn) -> tuple[str, str, int]:
    suffix = draw(st.sampled_from(["md", "html", "txt"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    paragraphs: list[str] = []
    total = 0
    for _ in range(draw(st.integers(1, 4))):
        pieces = draw(st.lists(piece(suffix), min_size=1, max_size=10))
        total += sum(p.claims for p in pieces)
        joints = [draw(gap) if draw(st.integers(0, 4)) else newline for _ in pieces]
        body = "".join(p.source + j for p, j in zip(pieces, joints, strict=False))
        body = newline.join(line.strip(" \t") for line in body.split(newline))
        paragraphs.append(_wrap_paragraph(body.strip(" \t\r\n") + ".", suffix))
    source = (newline * 2).join(paragraphs) + newline
    bom = "\ufeff" if draw(st.booleans()) else ""
    return suffix, bom + source, total


def _wrap_paragraph(body: str, suffix: str) -> str:
    return f"<p>{body}</p>" if suffix == "html" else body


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document())
def test_every_finding_points_at_its_text(case: tuple[str, str, int]) -> None:
    suffix, raw, claims_in_prose = case
    source = decode(raw.encode("utf-8"))  # drops the BOM as the engine does
    fmt = format_for(f"a.{suffix}")
    assert fmt is not None
    report = lint_source(f"a.{suffix}", source, fmt, SESSION)
    for finding in report.findings:
        at = (finding.line, finding.column, finding.end_line, finding.end_column)
        assert source_at(source, *at) == finding.text, (at, finding.text)
    assert len(report.findings) == claims_in_prose
