"""``--statistics``: how many findings each rule and each severity produced.

On a real archive one rule can make most of the findings; a table sorted by count
says so at a glance, as ruff's ``--statistics`` does for code.
"""

from __future__ import annotations

from healthlint.formatters.palette import Palette
from healthlint.summary import Totals


def statistics_lines(totals: Totals, palette: Palette) -> list[str]:
    """Rows per rule (count, code, slug, severity), then per severity; most first."""
    if not totals.findings:
        return []
    rules = sorted(totals.by_rule.items(), key=lambda item: (-item[1], item[0]))
    severities = sorted(
        totals.by_severity.items(), key=lambda item: (-item[1], -item[0])
    )
    count_width = len(str(max(totals.by_rule.values())))
    slug_width = max(len(slug) for _, slug, _ in totals.by_rule)
    lines = [
        f"{count:>{count_width}}  {palette.code(code)}  {slug:<{slug_width}}  "
        f"{palette.severity(severity.label, severity)}"
        for (code, slug, severity), count in rules
    ]
    total_width = len(str(totals.findings))
    lines.append("")
    lines += [
        f"{count:>{total_width}}  {palette.severity(severity.label, severity)}"
        for severity, count in severities
    ]
    lines.append(f"{totals.findings:>{total_width}}  total")
    return lines
