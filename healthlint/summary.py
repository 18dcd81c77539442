"""Readability across a run: what a content lead wants from a folder of articles."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from healthlint.model import Report


@dataclass(frozen=True)
class ReadabilitySummary:
    """Median grade and how many files with a target meet it."""

    scored: int
    median_grade: float | None
    with_target: int
    meeting_target: int

    @property
    def share_meeting_target(self) -> float | None:
        """Share of files with a target that meet it; None when none has one."""
        if not self.with_target:
            return None
        return round(self.meeting_target / self.with_target, 3)


def summarise(report: Report) -> ReadabilitySummary:
    """Summarise the readability of every scored file in a report."""
    scores = [f.readability for f in report.files if f.readability is not None]
    grades = [
        s.flesch_kincaid_grade for s in scores if s.flesch_kincaid_grade is not None
    ]
    judged = [s for s in scores if s.meets_target is not None]
    return ReadabilitySummary(
        scored=len(grades),
        median_grade=round(statistics.median(grades), 1) if grades else None,
        with_target=len(judged),
        meeting_target=sum(1 for s in judged if s.meets_target),
    )
