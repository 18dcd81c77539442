"""The data an HTML report embeds: a summary per file and a view per article.

Why the article is cut into runs here and not in the page: a finding's position
is a line and a column counted in code points, while JavaScript strings count
UTF-16 units, so a page doing the arithmetic would misplace every highlight after
an emoji. Python cuts the source into runs of text, each saying which findings,
which hard sentence and whether markup covers it; the page only turns runs into
text nodes, so it never parses, indexes or injects the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from healthlint.formatters.json_format import readability_dict
from healthlint.lazyregex import lazy
from healthlint.model import FileReport, Finding, Readability, SectionScore, Severity

SEVERITIES = tuple(sorted(Severity, reverse=True))  # error, warning, info

# What is markup rather than prose, shown dimmed: in HTML every tag, comment and
# script or style element; in Markdown comments (directives) and front matter.
_HTML_MARKUP = lazy(
    r"<(script|style)\b.*?</\1\s*>|<!--.*?(?:-->|\Z)|<[^>]*>?", re.S | re.I
)
_MARKDOWN_MARKUP = lazy(r"\A---\r?\n.*?\n---[ \t]*(?:\r?\n|\Z)|<!--.*?(?:-->|\Z)", re.S)


@dataclass(frozen=True)
class Ranges:
    """Everything drawn over an article's source, as code-point offsets."""

    findings: Sequence[tuple[int, int]]
    hard: Sequence[tuple[int, int]] = ()
    markup: Sequence[tuple[int, int]] = ()
    sections: Sequence[int] = ()  # offsets where a hard section's heading starts


class LineStarts:
    """Source line and column (1-based, code points) to an offset, clamped."""

    def __init__(self, source: str) -> None:
        self.length = len(source)
        self.starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def offset(self, line: int, column: int) -> int:
        """The offset of a position; positions past the end land on the end."""
        if line > len(self.starts):
            return self.length
        start = self.starts[max(line, 1) - 1]
        line_end = self.starts[line] - 1 if line < len(self.starts) else self.length
        return min(start + max(column, 1) - 1, line_end + 1, self.length)


def finding_range(lines: LineStarts, finding: Finding) -> tuple[int, int]:
    """A finding's [start, end) in the source."""
    start = lines.offset(finding.line, finding.column)
    end = lines.offset(finding.end_line, finding.end_column)
    return start, max(start, end)


@dataclass
class _Sweep:
    """Ranges open at the current boundary while the source is walked."""

    findings: set[int] = field(default_factory=set)
    hard: set[int] = field(default_factory=set)
    markup: int = 0


def segments(source: str, ranges: Ranges) -> list[list[object]]:
    """The source cut into runs ``[text, findings, hard, markup, section]``.

    ``findings`` lists the indexes of the findings covering the run (0 for none),
    ``hard`` is 1 + the hard sentence's index (0 for none), ``markup`` is 1 for
    markup, ``section`` is 1 + the hard section's index for the empty run placed
    where its heading starts. Trailing zeros are dropped. Zero-width findings get
    an empty run of their own, so each finding has a place to be focused.
    """
    opens, closes, points = _events(ranges)
    bounds = sorted({0, len(source), *opens, *closes, *points})
    state, out = _Sweep(), []
    for here, after in zip(bounds, [*bounds[1:], None], strict=True):
        for kind, index in closes.get(here, ()):
            _toggle(state, kind, index, False)
        for kind, index in opens.get(here, ()):
            _toggle(state, kind, index, True)
        out += [_point(kind, index) for kind, index in points.get(here, ())]
        if after is not None and after > here:
            out.append(_run(source[here:after], state))
    return out


_Events = dict[int, list[tuple[str, int]]]


def _events(ranges: Ranges) -> tuple[_Events, _Events, _Events]:
    opens: _Events = {}
    closes: _Events = {}
    points: _Events = {}
    layers: Iterable[tuple[str, Sequence[tuple[int, int]]]] = (
        ("finding", ranges.findings),
        ("hard", ranges.hard),
        ("markup", ranges.markup),
    )
    for kind, spans in layers:
        for index, (start, end) in enumerate(spans):
            if end > start:
                opens.setdefault(start, []).append((kind, index))
                closes.setdefault(end, []).append((kind, index))
            elif kind == "finding":
                points.setdefault(start, []).append((kind, index))
    for index, start in enumerate(ranges.sections):
        points.setdefault(start, []).insert(0, ("section", index))
    return opens, closes, points


def _toggle(state: _Sweep, kind: str, index: int, on: bool) -> None:
    if kind == "markup":
        state.markup += 1 if on else -1
        return
    group = state.findings if kind == "finding" else state.hard
    if on:
        group.add(index)
    else:
        group.discard(index)


def _point(kind: str, index: int) -> list[object]:
    if kind == "section":
        return ["", 0, 0, 0, index + 1]
    return ["", [index]]


def _run(text: str, state: _Sweep) -> list[object]:
    run: list[object] = [
        text,
        sorted(state.findings) or 0,
        min(state.hard) + 1 if state.hard else 0,
        1 if state.markup else 0,
    ]
    while len(run) > 1 and run[-1] == 0:
        run.pop()
    return run


def markup_ranges(source: str, fmt: str) -> list[tuple[int, int]]:
    """Stretches of the source that are markup, to be shown dimmed."""
    pattern = {"html": _HTML_MARKUP, "markdown": _MARKDOWN_MARKUP}.get(fmt)
    if pattern is None:
        return []
    return [(m.start(), m.end()) for m in pattern.finditer(source)]


def article_ranges(report: FileReport, source: str) -> Ranges:
    """Findings, hard sentences, hard sections and markup of one article."""
    lines = LineStarts(source)
    score = report.readability
    hard: list[tuple[int, int]] = []
    sections: list[int] = []
    if score is not None:
        hard = [
            (lines.offset(h.line, h.column), lines.offset(h.end_line, h.end_column))
            for h in score.hardest_sentences
        ]
        sections = [lines.offset(s.line, 1) for s in hard_sections(score)]
    return Ranges(
        findings=[finding_range(lines, f) for f in report.findings],
        hard=hard,
        markup=markup_ranges(source, report.format),
        sections=sections,
    )


def hard_sections(score: Readability) -> list[SectionScore]:
    """Sections whose grade is above the file's target, in document order."""
    target = score.target_grade
    if target is None:
        return []
    return [s for s in score.sections if s.grade > target]


class Suggestions:
    """One copy of each suggestion text; findings point at it by number."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._index: dict[str, int] = {}

    def ref(self, text: str | None) -> int | None:
        """The number of ``text`` in the table, adding it the first time."""
        if text is None:
            return None
        if text not in self._index:
            self._index[text] = len(self.texts)
            self.texts.append(text)
        return self._index[text]


# A finding travels as a row of these fields (the page zips them back into
# objects): with tens of thousands of findings, repeating the keys would add
# megabytes to a page.
FINDING_FIELDS = (
    "code",
    "severity",
    "line",
    "column",
    "end_line",
    "end_column",
    "message",
    "suggestion",
)


def finding_data(finding: Finding, suggestions: Suggestions) -> list[object]:
    """What the page shows of a finding; the rule's slug is in the rules table."""
    return [
        finding.code,
        finding.severity.label,
        finding.line,
        finding.column,
        finding.end_line,
        finding.end_column,
        finding.message,
        suggestions.ref(finding.suggestion),
    ]


def readability_data(score: Readability | None) -> dict[str, object] | None:
    """The JSON report's scores, less the hardest sentences' text (in the source)."""
    data = readability_dict(score)
    if data is not None:
        data["hardest_sentences"] = [
            {key: value for key, value in sentence.items() if key != "text"}
            for sentence in data["hardest_sentences"]  # type: ignore[attr-defined]
        ]
    return data


def article_data(report: FileReport, suggestions: Suggestions) -> dict[str, object]:
    """Everything the article view of one file needs, parsed only when opened."""
    source = report.source
    hard_list: list[int] = []
    if report.readability is not None:
        sections = report.readability.sections
        hard_list = [sections.index(s) for s in hard_sections(report.readability)]
    return {
        "findings": [finding_data(f, suggestions) for f in report.findings],
        "readability": readability_data(report.readability),
        "hard_sections": hard_list,
        "segments": None
        if source is None
        else segments(source, article_ranges(report, source)),
    }


def counts(report: FileReport) -> list[int]:
    """Findings of one file per severity, most severe first."""
    found = [f.severity for f in report.findings]
    return [found.count(severity) for severity in SEVERITIES]


def file_summary(report: FileReport) -> dict[str, object]:
    """One row of the files table."""
    score = report.readability
    return {
        "path": report.path,
        "format": report.format,
        "type": report.document_type,
        "error": report.error,
        "notices": list(report.notices),
        "grade": None if score is None else score.flesch_kincaid_grade,
        "target": None if score is None else score.target_grade,
        "meets": None if score is None else score.meets_target,
        "words": None if score is None else score.words,
        "counts": counts(report),
        "has_source": report.source is not None,
    }
