"""Totals over a run, gathered one file at a time so output can stream.

A content lead wants the totals of a whole folder (findings by severity, the
median grade, how many files meet their target) without the run holding every
file's report in memory: the totals keep counts and one grade per file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from healthlint.model import FileReport, Severity
from healthlint.readability import median


@dataclass
class Totals:
    """Running totals; ``add`` each file report as it is produced."""

    files: int = 0
    findings: int = 0
    files_with_findings: int = 0
    errors: int = 0
    failing: int = 0
    by_severity: Counter[Severity] = field(default_factory=Counter)
    # (code, slug, severity): a rule whose severity a config changes counts apart.
    by_rule: Counter[tuple[str, str, Severity]] = field(default_factory=Counter)
    grades: list[float] = field(default_factory=list)
    with_target: int = 0
    meeting_target: int = 0

    @classmethod
    def of(cls, files: Iterable[FileReport]) -> Totals:
        """Totals of a finished set of file reports."""
        totals = cls()
        for file in files:
            totals.add(file)
        return totals

    def add(self, file: FileReport) -> None:
        """Count one file report."""
        self.files += 1
        self.findings += len(file.findings)
        self.files_with_findings += bool(file.findings)
        self.errors += file.error is not None
        self.failing += file.fails
        self.by_severity.update(f.severity for f in file.findings)
        self.by_rule.update((f.code, f.rule, f.severity) for f in file.findings)
        score = file.readability
        if score is not None and score.flesch_kincaid_grade is not None:
            self.grades.append(score.flesch_kincaid_grade)
        if score is not None and score.meets_target is not None:
            self.with_target += 1
            self.meeting_target += score.meets_target

    @property
    def median_grade(self) -> float | None:
        """Median Flesch-Kincaid grade of the scored files."""
        return round(median(self.grades), 1) if self.grades else None

    @property
    def share_meeting_target(self) -> float | None:
        """Share of files with a target that meet it; None when none has one."""
        if not self.with_target:
            return None
        return round(self.meeting_target / self.with_target, 3)
