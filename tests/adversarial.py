"""Inputs shaped to make a linter slow: one function per shape, sized in bytes.

Each shape once took healthlint quadratic or exponential time, in a parser, a
rule's pattern, the suppression step or readability, or was found by fuzzing
as a candidate. ``test_adversarial.py`` lints each at two sizes under a
generous time limit; ``benchmarks/adversarial.py`` times them at several
sizes to show the growth is linear.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from healthlint.config import Config
from healthlint.document import Format
from healthlint.engine import build_session, lint_source
from healthlint.formatters import json_format
from healthlint.model import Report

Shape = Callable[[int], str]


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


SHAPES: dict[str, tuple[str, Shape]] = {
    # rules' patterns
    "HL202 claim repeated": ("txt", lambda n: _repeat("This cures cancer. ", n)),
    "HL202 claim, no full stop": ("txt", lambda n: _repeat("it cures cancer ", n)),
    "HL201 et al. hyphen chain": (
        "txt",
        lambda n: _repeat("A-", n, "Studies show ", "x."),
    ),
    "HL201 apostrophe chain": (
        "txt",
        lambda n: _repeat("A'", n, "Studies show ", "x."),
    ),
    "HL201 triggers in one sentence": ("txt", lambda n: _repeat("studies show ", n)),
    "acronym capitals run": ("txt", lambda n: _repeat("A", n, "", "x")),
    "acronym capitals and digits": ("txt", lambda n: _repeat("A1", n, "", "x")),
    "sentence-end dots": ("txt", lambda n: _repeat(".", n, "word", "x")),
    "sentence-end marks and quotes": ("txt", lambda n: _repeat("?'", n, "word", "x")),
    # parsers
    "text blank line of spaces": ("txt", lambda n: _repeat(" ", n, "x\n", "\n")),
    "text list markers": ("txt", lambda n: _repeat("- ", n)),
    "text directive line of spaces": (
        "txt",
        lambda n: _repeat(" ", n, "healthlint-disable x", "y\n"),
    ),
    "unclosed suppression comments": (
        "md",
        lambda n: _repeat("<!-- healthlint-disable ", n),
    ),
    "HTML unclosed list items": ("html", lambda n: _repeat("<li>x", n, "<ul>")),
    "HTML unclosed divs": ("html", lambda n: _repeat("<div>a ", n)),
    "HTML unclosed links": ("html", lambda n: _repeat("<a href='/x'>a ", n)),
    "HTML unclosed comment": ("html", lambda n: _repeat("x", n, "<p>x</p><!--")),
    "HTML many <!": ("html", lambda n: _repeat("<!", n)),
    "HTML many </": ("html", lambda n: _repeat("</", n)),
    "HTML many <a": ("html", lambda n: _repeat("<a ", n)),
    "HTML entities": ("html", lambda n: _repeat("&amp;", n, "<p>", "</p>")),
    "Markdown nested lists": ("md", lambda n: _repeat("- ", n, "", "x\n")),
    "Markdown nested quotes": ("md", lambda n: _repeat("> ", n, "", "x\n")),
    "Markdown open brackets": ("md", lambda n: _repeat("[", n)),
    "Markdown image then brackets": ("md", lambda n: _repeat("]", n, "![a](b) ")),
    "Markdown open links": ("md", lambda n: _repeat("[a](", n)),
    "Markdown emphasis": ("md", lambda n: _repeat("*a", n)),
    "Markdown backticks": ("md", lambda n: _repeat("`a", n)),
    "Markdown lone CRs": ("md", lambda n: _repeat("a cures b\r", n)),
    # suppression and readability
    "20,000 directives": (
        "md",
        lambda n: (
            _repeat("<!-- healthlint-disable HL101 -->\n", n // 2)
            + _repeat("This cures cancer.\n", n // 2)
        ),
    ),
    "many headings": ("md", lambda n: _repeat("# H\n\nA short line here.\n\n", n)),
    "one long word": ("txt", lambda n: _repeat("a", n)),
    "one long sentence": ("txt", lambda n: _repeat("word ", n)),
}


def lint_once(name: str, size: int) -> float:
    """Seconds to lint one shape at one size with every rule, and format it."""
    suffix, make = SHAPES[name]
    fmt = {"txt": Format.TEXT, "md": Format.MARKDOWN, "html": Format.HTML}[suffix]
    session = build_session(Config(select=("ALL",), extend_select=("PREVIEW",)))
    lint_source("warm.md", "A warm-up. It cures nothing.\n", Format.MARKDOWN, session)
    source = make(size)
    start = time.perf_counter()
    report = lint_source(f"x.{suffix}", source, fmt, session)
    json_format.format_report(Report((report,), "x", session.rules))
    return time.perf_counter() - start


if __name__ == "__main__":  # python tests/adversarial.py NAME SIZE
    print(f"{lint_once(sys.argv[1], int(sys.argv[2])):.3f}")
