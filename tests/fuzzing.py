"""The whole pipeline under generated input: parse, rules, spans, formatters, fix.

Shared by ``test_fuzz.py`` (a few hundred documents on every test run) and
``fuzz_pipeline.py`` (millions, for contributors; see the README). Documents
are built from the pieces that have broken linters before: Markdown and HTML
syntax opened and never closed, nesting past parser limits, entities, marked
sections, comments and directives, front matter with hostile YAML, every kind
of line end, control and non-ASCII characters, rule trigger words, and long
runs of one character. ``check_pipeline`` runs one document through
everything and raises AssertionError when an invariant does not hold.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import PurePosixPath

from hypothesis import strategies as st

from healthlint import __version__
from healthlint.config import Config
from healthlint.document import Format
from healthlint.engine import Session, build_session, lint_source
from healthlint.fixes import apply_fixes
from healthlint.formatters import FORMATTERS
from healthlint.model import FileReport, Report

FRAGMENTS = [
    # Markdown
    "# ", "## ", "- ", "* ", "1. ", "> ", "```", "~~~", "    ", "`", "*", "_", "**",
    "[", "]", "(", ")", "![", "](", "<", ">", "|", "---", "\\", "[1]", "[x]: /u",
    "<https://a.example/b?utm_source=x>", "[link](https://shop.example/book?ref=1)",
    "![img](x.png)", "- - - - - - - - - - - ", "> > > > > > > > > > > ",
    # HTML
    "<p>", "</p>", "<li>", "<ul>", "<div>", "</div>", "<a href='/buy?aff=1'>", "</a>",
    "<nav>", "</nav>", "<footer>", "<main>", "<article>", "<header>", "<aside>",
    "<script>", "</script>", "<style>", "<pre>", "<code>", "<br>", "<br/>", "<h1>",
    "<![", "<![CDATA[", "]]>", "<!", "<!-->", "<!--", "-->", "<?x ?>", "</", "<a",
    "<title>", "<meta name='author' content='A'>", "&amp;", "&#233;", "&#x1F600;",
    "&nbsp;", "&bogus;", "&#99999999;", "&", "&#",
    # directives
    "<!-- healthlint-disable HL101 -->", "<!-- healthlint-enable -->",
    "<!-- healthlint-disable-next-line -->", "<!-- healthlint-disable-file HL5 -->",
    "<!-- healthlint-bogus -->", "healthlint-disable-line HL999",
    "healthlint-disable-next-line unsupported-absolute-claim",
    # rule triggers
    "This cures cancer. ", "Studies show ", "et al. (2020)", "A-B-C-D", "NMDA ",
    "SSRIs ", "committed suicide ", "halves the risk ", "in mice ", "Take 400 mg ",
    "talk to your doctor ", "breakthrough ", "100% safe ", "Dr. Smith ", "e.g. ",
    "U.S. ", "7.5 mg. ", "?", "!", "...", "'", '"', "“", "”", "’", "(", "—",
    # white space and odd characters
    " ", "  ", "\t", "\n", "\n\n", "\r", "\r\n", "\u00a0", "\u2028", "\u200b",
    "\x0b", "\x0c", "\x1b", "\ufeff", "é", "ß", "İ", "ﬁ", "日本語", "😀", "\u0301",
    "\u202e", "x",
]  # fmt: skip
FRONT_MATTER = [
    "title: T", "type: news", "type: patient-educaton", "type: ../../etc/x",
    "type: [a]", "date: 2024-02-30", "n: " + "9" * 200, "a: &a [1,2]\nb: *a",
    "x: [[[[[[[[[[]]]]]]]]]]", "author: {", "- list", "", "type: " + "y" * 300,
]  # fmt: skip
LONG_RUNS = ["A", ".", " ", "-", "'", "<li>", "[", "*", "> ", "- ", "\n", "a"]


@st.composite
def documents(draw: st.DrawFn) -> tuple[Format, str]:
    """A document of any format, with or without front matter and long runs."""
    fmt = draw(st.sampled_from(list(Format)))
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(FRAGMENTS),
                st.text(max_size=12),
                st.builds(
                    lambda unit, n: unit * n,
                    st.sampled_from(LONG_RUNS),
                    st.integers(20, 400),
                ),
            ),
            max_size=60,
        )
    )
    body = "".join(parts)
    if draw(st.integers(0, 4)) == 0:
        matter = draw(st.sampled_from(FRONT_MATTER))
        body = f"---\n{matter}\n---\n{body}"
    return fmt, body


def fuzz_session() -> Session:
    """Every rule, preview ones included, with readability: the most code paths."""
    return build_session(Config(select=("ALL",), extend_select=("PREVIEW",)))


_SUFFIX = {Format.TEXT: "txt", Format.MARKDOWN: "md", Format.HTML: "html"}


def check_pipeline(fmt: Format, source: str, session: Session) -> None:
    """Lint, format and fix one document; AssertionError when an invariant breaks."""
    path = f"doc.{_SUFFIX[fmt]}"
    report = lint_source(path, source, fmt, session)
    _check_positions(source, report)
    _check_formatters(report, session)
    after, applied = apply_fixes(source, report.findings)
    assert applied <= sum(f.fix is not None for f in report.findings)
    if applied:
        lint_source(path, after, fmt, session)  # the fixed text lints too


def _check_positions(source: str, report: FileReport) -> None:
    lines = source.split("\n")
    for f in report.findings:
        assert 1 <= f.line <= f.end_line <= len(lines), f
        assert f.column >= 1, f
        assert f.end_column >= 1, f
        if f.line == f.end_line:
            assert f.column <= f.end_column <= len(lines[f.line - 1]) + 2, f
        assert "\n" not in f.message, f.message
        assert "\r" not in f.message, f.message
    if report.error is not None:
        assert "\n" not in report.error, report.error


def _check_formatters(report: FileReport, session: Session) -> None:
    # The rules that found something: SARIF describes each rule it is given,
    # the same 34 descriptions for every input, which would triple the cost.
    codes = {f.code for f in report.findings}
    rules = tuple(r for r in session.rules if r.code in codes)
    whole = Report((report,), __version__, rules)
    for name, formatter in FORMATTERS.items():
        text = formatter(whole)
        text.encode("utf-8")  # every output can be written
        if name in {"json", "sarif", "gitlab"}:
            json.loads(text)
        elif name == "junit":
            ET.fromstring(text.split("\n", 1)[1])  # noqa: S314 (our own output)
        elif name in {"text", "github"}:
            starts = (
                PurePosixPath(report.path).name,
                "Found",
                "  ",
                "Readability",
                "::",
            )
            for line in text.split("\n"):
                assert not line or line.startswith(starts), line
