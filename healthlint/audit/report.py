"""What an audit says when it ends: the terminal summary, summary.json, overview.html.

All three are drawn from the merged :class:`ArchiveSummary` alone, so they cost
the same for a hundred articles or a million, and they are the same whichever
way the partitions were linted. Nothing here depends on time: run details
(duration, speed) are added by the command, not written into the files.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from healthlint import __version__
from healthlint.audit.summary import KEEP, SEVERITY_LABELS, ArchiveSummary, Group
from healthlint.formatters.html_archive import (
    ArchiveView,
    RankedArticle,
    SliceTable,
    archive_page,
)
from healthlint.formatters.html_charts import GradeGroup
from healthlint.model import Severity
from healthlint.rule import Rule
from healthlint.summary import Totals

# Dimension, its key in summary.json, and its heading.
SLICES = (
    ("type", "types", "By document type"),
    ("year", "years", "By year"),
    ("category", "categories", "By category"),
    ("kind", "kinds", "By kind of post"),
    ("status", "statuses", "By status"),
)
TERMINAL_ROWS = 12
WORST_ON_PAGE = 25


def rule_rows(
    summary: ArchiveSummary, rules: Mapping[str, Rule]
) -> list[dict[str, Any]]:
    """Rules with findings, most findings first: code, slug, severity, counts."""
    rows = [
        {
            "code": code,
            "slug": rules[code].slug if code in rules else code,
            "severity": rules[code].severity.label if code in rules else "warning",
            "findings": count,
            "articles": summary.rule_articles[code],
        }
        for code, count in summary.rule_findings.items()
        if count
    ]
    return sorted(rows, key=lambda r: (-r["findings"], r["code"]))


def group_json(group: Group) -> dict[str, Any]:
    """One slice of the archive as summary.json shows it."""
    return {
        "articles": group.articles,
        "unreadable": group.unreadable,
        "words": group.words,
        "findings": group.findings,
        "by_severity": {label: group.by_severity[label] for label in SEVERITY_LABELS},
        "articles_with_errors": group.with_errors,
        "median_grade": group.median_grade,
        "target_grade": group.target,
        "with_target": group.with_target,
        "meeting_target": group.meeting_target,
    }


def summary_document(
    summary: ArchiveSummary, rules: Mapping[str, Rule], source: str
) -> dict[str, Any]:
    """summary.json: totals, per rule, per slice, the worst and the unreadable."""
    document: dict[str, Any] = {
        "healthlint": __version__,
        "input": source,
        **group_json(summary.overall),
        "rules": rule_rows(summary, rules),
    }
    for dimension, key, _ in SLICES:
        groups = summary.slices.get(dimension, {})
        document[key] = {name: group_json(groups[name]) for name in _ordered(groups)}
    document["worst"] = [_worst_json(entry) for entry in summary.worst]
    document["unreadable_records"] = [
        {"record": record, "id": name, "error": error}
        for record, name, error in summary.unreadable
    ]
    return document


def _ordered(groups: Mapping[str, Group]) -> list[str]:
    """Years in order; other slices largest first."""
    if all(name.isdigit() for name in groups):
        return sorted(groups, key=int)
    return sorted(groups, key=lambda name: (-groups[name].articles, name))


def _worst_json(entry: tuple[Any, ...]) -> dict[str, Any]:
    errors, warnings, info, record, name, title, where = entry
    return {
        "record": record,
        "id": name,
        "title": title,
        "location": where,
        "errors": -errors,
        "warnings": -warnings,
        "info": -info,
    }


def summary_json(
    summary: ArchiveSummary, rules: Mapping[str, Rule], source: str
) -> str:
    """summary.json's text."""
    document = summary_document(summary, rules, source)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def totals(summary: ArchiveSummary, rules: Mapping[str, Rule]) -> Totals:
    """The report's Totals, from the merged counts, for the overview's cards."""
    overall = summary.overall
    by_rule: Counter[tuple[str, str, Severity]] = Counter()
    for row in rule_rows(summary, rules):
        by_rule[(row["code"], row["slug"], Severity.parse(row["severity"]))] = row[
            "findings"
        ]
    return Totals(
        files=overall.articles,
        findings=overall.findings,
        files_with_findings=0,
        errors=overall.unreadable,
        by_severity=Counter(
            {Severity.parse(k): v for k, v in overall.by_severity.items()}
        ),
        by_rule=by_rule,
        with_target=overall.with_target,
        meeting_target=overall.meeting_target,
    )


def overview_html(
    summary: ArchiveSummary, rules: Mapping[str, Rule], source: str
) -> str:
    """overview.html: the report's overview for the whole archive."""
    types = summary.slices.get("type", {})
    grades = tuple(
        GradeGroup(name, types[name].expanded_grades(), types[name].target)
        for name in sorted(types)
        if types[name].graded
    )
    view = ArchiveView(
        name=source,
        version=__version__,
        totals=totals(summary, rules),
        grades=grades,
        worst=tuple(_ranked(entry) for entry in summary.worst[:WORST_ON_PAGE]),
        slices=tuple(_slice_table(summary, d, h) for d, _, h in SLICES[:3]),
        unreadable=tuple((name, error) for _, name, error in summary.unreadable),
    )
    return archive_page(view)


def _ranked(entry: tuple[Any, ...]) -> RankedArticle:
    errors, warnings, info, _, name, title, where = entry
    return RankedArticle(title or name, where, (-errors, -warnings, -info))


def _slice_table(summary: ArchiveSummary, dimension: str, heading: str) -> SliceTable:
    groups = summary.slices.get(dimension, {})
    rows = tuple(
        (
            name,
            f"{g.articles:,}",
            f"{g.findings:,}",
            _share(g.with_errors, g.articles),
            _grade(g.median_grade),
            _share(g.meeting_target, g.with_target),
        )
        for name in _ordered(groups)[: KEEP if dimension != "year" else None]
        for g in (groups[name],)
    )
    return SliceTable(heading, dimension, rows)


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def _grade(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def terminal_lines(summary: ArchiveSummary, rules: Mapping[str, Rule]) -> list[str]:
    """A few short tables for the terminal; summary.json has every row."""
    overall = summary.overall
    counts = ", ".join(
        f"{overall.by_severity[label]:,} {label}" for label in SEVERITY_LABELS
    )
    lines = [
        f"articles: {overall.articles:,} ({overall.unreadable:,} could not be read "
        f"completely), {overall.words:,} words",
        f"findings: {overall.findings:,} ({counts}); "
        f"{_share(overall.with_errors, overall.articles)} of articles have an error",
        f"readability: median grade {_grade(overall.median_grade)}; "
        f"{_share(overall.meeting_target, overall.with_target)} meet their target",
    ]
    lines += _rule_table(summary, rules)
    for dimension, _, heading in SLICES:
        lines += _slice_lines(summary, dimension, heading)
    lines += _worst_lines(summary)
    lines += _unreadable_lines(summary)
    return lines


def _unreadable_lines(summary: ArchiveSummary) -> list[str]:
    """The first few records that could not be read, each with the reason."""
    if not summary.unreadable:
        return []
    out = ["", "could not be read completely:"]
    out += [f"  {name}: {error}" for _, name, error in summary.unreadable[:10]]
    return out + _more(len(summary.unreadable), "records", shown=10)


def _rule_table(summary: ArchiveSummary, rules: Mapping[str, Rule]) -> list[str]:
    rows = rule_rows(summary, rules)
    if not rows:
        return []
    width = max(len(r["slug"]) for r in rows)
    out = [
        "",
        f"{'rule':<6} {'':<{width}} {'severity':<8} {'findings':>9} {'articles':>9}",
    ]
    out += [
        f"{r['code']:<6} {r['slug']:<{width}} {r['severity']:<8} "
        f"{r['findings']:>9,} {r['articles']:>9,}"
        for r in rows[:TERMINAL_ROWS]
    ]
    return out + _more(len(rows), "rules")


def _slice_lines(summary: ArchiveSummary, dimension: str, heading: str) -> list[str]:
    table = _slice_table(summary, dimension, heading)
    if not table.rows or (dimension != "type" and len(table.rows) < 2):
        return []  # one year or one status says nothing about the archive
    width = max(len(dimension), *(len(row[0]) for row in table.rows))
    head = ["articles", "findings", "w/ error", "median", "on target"]
    out = ["", f"{dimension:<{width}} " + " ".join(f"{h:>9}" for h in head)]
    out += [
        f"{row[0]:<{width}} " + " ".join(f"{cell:>9}" for cell in row[1:])
        for row in table.rows[:TERMINAL_ROWS]
    ]
    return out + _more(len(table.rows), dimension)


def _worst_lines(summary: ArchiveSummary) -> list[str]:
    if not summary.worst:
        return []
    out = ["", "articles to fix first:"]
    for rank, entry in enumerate(summary.worst[:10], start=1):
        article = _ranked(entry)
        errors, warnings, info = article.counts
        where = f"  {article.location}" if article.location else ""
        out.append(
            f"{rank:>3}. {article.label}{where}  "
            f"({errors} error, {warnings} warning, {info} info)"
        )
    return out


def _more(count: int, noun: str, shown: int = TERMINAL_ROWS) -> list[str]:
    if count <= shown:
        return []
    return [f"   ... {count - shown} more {noun} in summary.json"]
