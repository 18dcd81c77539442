"""Inline SVG charts for the HTML report's overview, drawn once in Python.

Static SVG needs no script to appear, so the overview paints at once even when
the page embeds thousands of articles. Every chart is an ``img`` for assistive
technology, labelled with the same figures it draws, and each bar also carries
its number as text, so nothing is told by colour alone.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from healthlint.model import Severity

SEVERITY_FILL = {
    Severity.ERROR: "#b3261e",
    Severity.WARNING: "#8a5300",
    Severity.INFO: "#0b57d0",
}
_INK = "#1f1f1f"
_GRID = "#c4c7c5"
_MEETS = "#146c2e"
_ABOVE = "#8a5300"
_ABOVE_CLASS = ' class="above"'


@dataclass(frozen=True)
class RuleCount:
    """One bar of the rules chart."""

    code: str
    slug: str
    severity: Severity
    count: int


def rule_bars(rows: Sequence[RuleCount], chart_id: str = "chart-rules") -> str:
    """Horizontal bars, one per rule, most findings first."""
    if not rows:
        return '<p class="empty">No findings.</p>'
    label_width, bar_width, row_height = 300, 360, 24
    height = row_height * len(rows) + 8
    top = max(row.count for row in rows)
    summary = "; ".join(f"{r.code} {r.slug}: {r.count}" for r in rows)
    parts = [
        f'<svg class="chart" id="{chart_id}" role="img" '
        f'viewBox="0 0 {label_width + bar_width + 70} {height}" '
        f'aria-label="Findings by rule: {escape(summary)}">'
    ]
    for index, row in enumerate(rows):
        y = 4 + index * row_height
        length = max(2.0, bar_width * row.count / top)
        fill = SEVERITY_FILL[row.severity]
        parts.append(
            f"<g><title>{escape(row.code)} {escape(row.slug)} "
            f"({row.severity.label}): {row.count}</title>"
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" '
            f'fill="{_INK}">{escape(row.code)} {escape(_clip(row.slug, 30))}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="16" '
            f'fill="{fill}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 16}" '
            f'fill="{_INK}">{row.count}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True)
class GradeGroup:
    """The Flesch-Kincaid grades of one document type's files, and its target."""

    doc_type: str
    grades: Sequence[float]
    target: float | None


MAX_BIN = 20  # grades of 20 and above share the last bar


def grade_histogram(group: GradeGroup, chart_id: str) -> str:
    """Files per whole grade, with the type's target drawn as a dashed line."""
    bins = [0] * (MAX_BIN + 1)
    for grade in group.grades:
        bins[min(MAX_BIN, max(0, int(grade)))] += 1
    width, height, base, step = 560, 140, 120, 25
    top = max(bins) or 1
    parts = [
        f'<svg class="chart" id="{chart_id}" role="img" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(describe(group))}">'
    ]
    for grade, count in enumerate(bins):
        x = 20 + grade * step
        bar = 100 * count / top
        above = group.target is not None and grade + 1 > group.target
        fill = _ABOVE if above else _MEETS
        label = f"{grade}+" if grade == MAX_BIN else str(grade)
        parts.append(
            f"<g><title>grade {label}: {count} file{'' if count == 1 else 's'}</title>"
            f'<rect x="{x}" y="{base - bar:.1f}" width="{step - 4}" '
            f'height="{bar:.1f}" fill="{fill}"'
            f"{_ABOVE_CLASS if above else ''}/>"
            f'<text x="{x + (step - 4) / 2}" y="{base + 14}" text-anchor="middle" '
            f'fill="{_INK}" font-size="10">{label}</text></g>'
        )
    parts.append(_target_line(group.target, step))
    parts.append(
        f'<line x1="18" x2="{20 + (MAX_BIN + 1) * step}" y1="{base}" y2="{base}" '
        f'stroke="{_GRID}"/></svg>'
    )
    return "".join(parts)


def _target_line(target: float | None, step: int) -> str:
    if target is None:
        return ""
    x = 20 + target * step - 2
    return (
        f'<line x1="{x:.1f}" x2="{x:.1f}" y1="8" y2="124" stroke="{_INK}" '
        'stroke-width="2" stroke-dasharray="5 3"/>'
        f'<text x="{x + 4:.1f}" y="14" fill="{_INK}" font-size="11">'
        f"target {target:g}</text>"
    )


def describe(group: GradeGroup) -> str:
    """The chart in words: how many files, their median, how many meet target."""
    count = len(group.grades)
    text = f"{group.doc_type}: {count} file{'' if count == 1 else 's'}"
    if not count:
        return text
    text += f", median Flesch-Kincaid grade {statistics.median(group.grades):.1f}"
    if group.target is None:
        return text + ", no target"
    meeting = sum(grade <= group.target for grade in group.grades)
    return text + f", {meeting} of {count} at or below the target of {group.target:g}"
