"""The archive's totals, built per partition in the workers and merged in order.

Each partition's rows are summarised where they were linted; the main process
merges the partial summaries. Merging is exact and independent of the order the
partitions finish in: counts add up, grades are kept as a tally to the
hundredth (so a median needs no list of a million grades), and the worst
articles and the unreadable ones are the first ``KEEP`` by a total order. A
partial summary is also written beside its partition's file, so a resumed run
merges the finished partitions without reading their tables again.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from healthlint.audit.table import CATEGORY_SEPARATOR, Row

KEEP = 100  # worst articles and unreadable records kept for the overview
SEVERITY_LABELS = ("error", "warning", "info")
# Dimensions an archive can be cut by, each read from one column of its rows.
DIMENSIONS = ("type", "year", "category", "kind", "status")
_HUNDREDTHS = 100


@dataclass
class Group:
    """Totals of one slice of the archive (all of it, one type, one year...)."""

    articles: int = 0
    unreadable: int = 0
    words: int = 0
    findings: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    with_errors: int = 0  # articles with at least one error-level finding
    grades: Counter[int] = field(default_factory=Counter)  # hundredths of a grade
    with_target: int = 0
    meeting_target: int = 0
    targets: Counter[float] = field(default_factory=Counter)

    def add(self, row: Row) -> None:
        """Count one article's row."""
        self.articles += 1
        self.unreadable += row["error"] is not None
        self.words += _int(row["words"])
        self.findings += _int(row["findings"])
        for label in SEVERITY_LABELS:
            self.by_severity[label] += _int(row[f"findings_{label}"])
        self.with_errors += _int(row["findings_error"]) > 0
        grade = row["grade"]
        if isinstance(grade, int | float):
            self.grades[round(grade * _HUNDREDTHS)] += 1
        if row["meets_target"] is not None:
            self.with_target += 1
            self.meeting_target += bool(row["meets_target"])
            target = row["target_grade"]
            if isinstance(target, int | float):
                self.targets[float(target)] += 1

    def merge(self, other: Group) -> None:
        """Add another slice's totals to these."""
        self.articles += other.articles
        self.unreadable += other.unreadable
        self.words += other.words
        self.findings += other.findings
        self.by_severity.update(other.by_severity)
        self.with_errors += other.with_errors
        self.grades.update(other.grades)
        self.with_target += other.with_target
        self.meeting_target += other.meeting_target
        self.targets.update(other.targets)

    @property
    def graded(self) -> int:
        """How many articles have a grade."""
        return sum(self.grades.values())

    @property
    def median_grade(self) -> float | None:
        """The median Flesch-Kincaid grade, to the hundredth."""
        count = self.graded
        if not count:
            return None
        low = self._nth_grade((count - 1) // 2)
        high = self._nth_grade(count // 2)
        return round((low + high) / 2, 2)

    def _nth_grade(self, n: int) -> float:
        seen = 0
        for hundredths in sorted(self.grades):
            seen += self.grades[hundredths]
            if seen > n:
                return hundredths / _HUNDREDTHS
        raise IndexError(n)  # pragma: no cover (n < count by construction)

    def expanded_grades(self) -> list[float]:
        """Every grade (to the hundredth), in order, for a histogram of this slice."""
        return [
            hundredths / _HUNDREDTHS
            for hundredths in sorted(self.grades)
            for _ in range(self.grades[hundredths])
        ]

    @property
    def target(self) -> float | None:
        """The readability target most of the slice's articles have."""
        if not self.targets:
            return None
        return max(self.targets.items(), key=lambda item: (item[1], -item[0]))[0]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form that :meth:`from_json` reads back exactly."""
        return {
            "articles": self.articles,
            "unreadable": self.unreadable,
            "words": self.words,
            "findings": self.findings,
            "by_severity": dict(sorted(self.by_severity.items())),
            "with_errors": self.with_errors,
            "grades": {str(k): v for k, v in sorted(self.grades.items())},
            "with_target": self.with_target,
            "meeting_target": self.meeting_target,
            "targets": {repr(k): v for k, v in sorted(self.targets.items())},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Group:
        """Read back what :meth:`to_json` wrote."""
        return cls(
            articles=data["articles"],
            unreadable=data["unreadable"],
            words=data["words"],
            findings=data["findings"],
            by_severity=Counter(data["by_severity"]),
            with_errors=data["with_errors"],
            grades=Counter({int(k): v for k, v in data["grades"].items()}),
            with_target=data["with_target"],
            meeting_target=data["meeting_target"],
            targets=Counter({float(k): v for k, v in data["targets"].items()}),
        )


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


@dataclass
class ArchiveSummary:
    """Totals of a whole audit: overall, per rule, per slice, worst and unreadable."""

    codes: tuple[str, ...] = ()
    overall: Group = field(default_factory=Group)
    rule_findings: Counter[str] = field(default_factory=Counter)
    rule_articles: Counter[str] = field(default_factory=Counter)
    slices: dict[str, dict[str, Group]] = field(default_factory=dict)
    # (-errors, -warnings, -info, record) first, then what the overview shows.
    worst: list[tuple[Any, ...]] = field(default_factory=list)
    unreadable: list[tuple[int, str, str]] = field(default_factory=list)
    partitions: int = 0

    @classmethod
    def of(cls, rows: Iterable[Row], codes: tuple[str, ...]) -> ArchiveSummary:
        """The summary of one partition's rows."""
        summary = cls(codes, partitions=1)
        for row in rows:
            summary.add(row)
        summary.worst = heapq.nsmallest(KEEP, summary.worst)
        summary.unreadable = sorted(summary.unreadable)[:KEEP]
        return summary

    def add(self, row: Row) -> None:
        """Count one article's row everywhere it belongs."""
        self.overall.add(row)
        for code in self.codes:
            count = _int(row[code])
            self.rule_findings[code] += count
            self.rule_articles[code] += count > 0
        for dimension in DIMENSIONS:
            for key in _keys(row, dimension):
                self.slices.setdefault(dimension, {}).setdefault(key, Group()).add(row)
        if row["error"] is not None:
            self.unreadable.append(
                (_int(row["record"]), str(row["id"]), str(row["error"]))
            )
        elif _int(row["findings"]):
            self.worst.append(_worst_entry(row))

    def merge(self, other: ArchiveSummary) -> None:
        """Add another partition's summary to this one."""
        self.codes = self.codes or other.codes
        self.overall.merge(other.overall)
        self.rule_findings.update(other.rule_findings)
        self.rule_articles.update(other.rule_articles)
        for dimension, groups in other.slices.items():
            mine = self.slices.setdefault(dimension, {})
            for key, group in groups.items():
                mine.setdefault(key, Group()).merge(group)
        self.worst = heapq.nsmallest(KEEP, [*self.worst, *other.worst])
        self.unreadable = sorted([*self.unreadable, *other.unreadable])[:KEEP]
        self.partitions += other.partitions

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form that :meth:`from_json` reads back exactly."""
        return {
            "codes": list(self.codes),
            "partitions": self.partitions,
            "overall": self.overall.to_json(),
            "rule_findings": dict(sorted(self.rule_findings.items())),
            "rule_articles": dict(sorted(self.rule_articles.items())),
            "slices": {
                dimension: {key: g.to_json() for key, g in sorted(groups.items())}
                for dimension, groups in sorted(self.slices.items())
            },
            "worst": [list(entry) for entry in self.worst],
            "unreadable": [list(entry) for entry in self.unreadable],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ArchiveSummary:
        """Read back what :meth:`to_json` wrote (a finished partition's summary)."""
        return cls(
            codes=tuple(data["codes"]),
            overall=Group.from_json(data["overall"]),
            rule_findings=Counter(data["rule_findings"]),
            rule_articles=Counter(data["rule_articles"]),
            slices={
                dimension: {key: Group.from_json(g) for key, g in groups.items()}
                for dimension, groups in data["slices"].items()
            },
            worst=[tuple(entry) for entry in data["worst"]],
            unreadable=[(int(r), str(i), str(e)) for r, i, e in data["unreadable"]],
            partitions=data["partitions"],
        )


def _keys(row: Row, dimension: str) -> list[str]:
    """The slices of ``dimension`` a row belongs to: one, none, or its categories."""
    if dimension == "category":
        value = row["categories"]
        return str(value).split(CATEGORY_SEPARATOR) if value else []
    value = row[dimension]
    return [] if value is None else [str(value)]


def _worst_entry(row: Row) -> tuple[Any, ...]:
    """The sort key of an article among the worst, then what the overview shows."""
    counts = [_int(row[f"findings_{label}"]) for label in SEVERITY_LABELS]
    where = row["url"] or row["path"]
    return (
        *(-n for n in counts),
        _int(row["record"]),
        str(row["id"]),
        row["title"],
        where,
    )
