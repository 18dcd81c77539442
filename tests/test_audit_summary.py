"""Partial summaries merge to the same totals in any order, and read back exactly."""

from __future__ import annotations

import json
import random
import statistics

from healthlint.audit.summary import KEEP, ArchiveSummary, Group
from healthlint.audit.table import Row

CODES = ("HL101", "HL201")


def row(record: int, grade: float | None, errors: int = 0, **extra: object) -> Row:
    base: Row = {
        "record": record, "id": f"r{record}", "url": None, "path": f"p{record}.md",
        "title": None, "type": "news" if record % 2 else "blog", "year": 2020 + record % 3,
        "categories": "Sleep; Diet" if record % 5 == 0 else None, "kind": None,
        "status": None, "words": 100, "grade": grade, "target_grade": 9.0,
        "meets_target": None if grade is None else grade <= 9.0,
        "findings": errors + 1, "findings_error": errors, "findings_warning": 1,
        "findings_info": 0, "HL101": errors, "HL201": 1, "error": None,
    }  # fmt: skip
    return {**base, **extra}


def rows(count: int) -> list[Row]:
    return [
        row(n, round(4 + (n * 37 % 100) / 10, 2), errors=n % 4) for n in range(count)
    ]


def test_merging_in_any_order_gives_one_summary() -> None:
    data = rows(300)
    parts = [ArchiveSummary.of(data[i : i + 25], CODES) for i in range(0, 300, 25)]
    whole = ArchiveSummary.of(data, CODES)
    for seed in range(3):
        shuffled = parts[:]
        random.Random(seed).shuffle(shuffled)  # noqa: S311 (an order, not a secret)
        merged = ArchiveSummary()
        for part in shuffled:
            merged.merge(part)
        assert merged.to_json() == {**whole.to_json(), "partitions": 12}


def test_totals_slices_and_the_worst_first() -> None:
    summary = ArchiveSummary.of(rows(200), CODES)
    assert summary.overall.articles == 200
    assert summary.rule_findings["HL201"] == 200
    assert summary.rule_articles["HL101"] == 150
    assert set(summary.slices["year"]) == {"2020", "2021", "2022"}
    assert summary.slices["category"]["Sleep"].articles == 40
    assert summary.slices["category"]["Diet"].articles == 40
    assert len(summary.worst) == KEEP
    assert [entry[0] for entry in summary.worst[:50]] == [-3] * 50  # 3 errors first
    assert summary.worst[0][3] == 3  # ties go by record number


def test_median_from_the_tally_equals_the_median_of_the_grades() -> None:
    data = rows(101)
    group = Group()
    for item in data:
        group.add(item)
    grades = [float(str(item["grade"])) for item in data]
    assert group.median_grade == round(statistics.median(grades), 2)
    assert group.expanded_grades() == sorted(grades)
    even = Group()
    for item in data[:10]:
        even.add(item)
    assert even.median_grade == round(statistics.median(grades[:10]), 2)


def test_unreadable_rows_are_listed_not_ranked() -> None:
    bad = row(5, None, error="line 6: not JSON")
    summary = ArchiveSummary.of([row(1, 7.0, errors=2), bad], CODES)
    assert summary.unreadable == [(5, "r5", "line 6: not JSON")]
    assert [entry[3] for entry in summary.worst] == [1]
    assert summary.overall.unreadable == 1
    assert summary.overall.graded == 1


def test_a_summary_reads_back_from_json_exactly() -> None:
    summary = ArchiveSummary.of(rows(40), CODES)
    text = json.dumps(summary.to_json())
    assert ArchiveSummary.from_json(json.loads(text)).to_json() == summary.to_json()
