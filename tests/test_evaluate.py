"""benchmarks/evaluate.py: its metrics on hand-made lists, and a tiny end-to-end run.

The end-to-end run uses a synthetic corpus written here, never the shared corpora.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest

from .conftest import load_benchmark

ev = load_benchmark("evaluate", "healthlint_evaluate")

# --- metrics on hand-made lists ----------------------------------------------

PRED = [True, True, True, False, False, False, True, False]
GOLD = [True, True, False, False, False, True, True, False]
# tp = 3 (0, 1, 6), fp = 1 (2), fn = 1 (5), tn = 3 (3, 4, 7)


def test_confusion_counts() -> None:
    scores = ev.confusion(PRED, GOLD)
    assert (scores.tp, scores.fp, scores.tn, scores.fn) == (3, 1, 3, 1)
    assert scores.n == 8


def test_precision_recall_balanced_accuracy() -> None:
    assert ev.precision(PRED, GOLD) == pytest.approx(3 / 4)
    assert ev.recall(PRED, GOLD) == pytest.approx(3 / 4)
    assert ev.balanced_accuracy(PRED, GOLD) == pytest.approx((3 / 4 + 3 / 4) / 2)


def test_balanced_accuracy_is_not_fooled_by_imbalance() -> None:
    gold = [True] * 9 + [False]
    always = [True] * 10
    assert ev.balanced_accuracy(always, gold) == pytest.approx(0.5)
    assert ev.precision(always, gold) == pytest.approx(0.9)
    assert ev.recall(always, gold) == pytest.approx(1.0)


def test_asymmetric_rates() -> None:
    gold = [True, True, True, True, False, False]
    pred = [True, False, False, False, False, True]
    # recall 1/4, specificity 1/2
    assert ev.balanced_accuracy(pred, gold) == pytest.approx((0.25 + 0.5) / 2)
    assert ev.precision(pred, gold) == pytest.approx(0.5)


def test_undefined_rates_are_nan_not_errors() -> None:
    assert math.isnan(ev.precision([False, False], [True, False]))
    assert math.isnan(ev.recall([True, False], [False, False]))
    # one class only: balanced accuracy falls back to that class's rate
    assert ev.balanced_accuracy([True, False], [False, False]) == pytest.approx(0.5)
    assert math.isnan(ev.balanced_accuracy([], []))


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="length"):
        ev.confusion([True], [True, False])


def test_split_is_deterministic_and_balanced() -> None:
    ids = [f"news_reviews_{i:05d}" for i in range(400)]
    halves = [ev.half(i) for i in ids]
    assert halves == [ev.half(i) for i in ids]
    assert set(halves) == {ev.DEV, ev.HELD_OUT}
    assert 150 < halves.count(ev.DEV) < 250
    assert all(ev.in_split(i, ev.FULL) for i in ids)


def test_formatting_of_missing_values() -> None:
    assert ev.fmt(math.nan) == "n/a"
    assert ev.fmt(0.666) == "0.67"
    assert ev.pct(0.5) == "50%"
    assert ev.verdict(0.8, 0.79) == "yes"
    assert ev.verdict(0.7, 0.79) == "**no**"


# --- a tiny synthetic corpus, end to end --------------------------------------

GOOD = (
    "Researchers tested a new knee injection in a randomised trial of 200 adults. "
    "The treatment eased pain in 42 of 100 patients, compared with 30 of 100 on "
    "placebo. Side effects included swelling in 1 in 10 people. A course costs "
    "about $300 and most insurance plans cover it. It was compared with standard "
    "care, and the study was funded by a national research agency. "
) * 3
BAD = (
    "Researchers say a new knee injection cures arthritis pain. The treatment "
    "helps people walk again and improves their lives. The injection is a "
    "breakthrough that works better, the team said. Patients loved the therapy. "
) * 3
CRITERIA = (
    "costs",
    "benefits",
    "harms",
    "evidence",
    "disease_mongering",
    "funding_coi",
    "alternatives",
    "availability",
    "novelty",
    "sensational_language",
)


def _release(record_id: str, good: bool) -> dict[str, object]:
    text = GOOD if good else BAD
    verdict = "satisfactory" if good else "not_satisfactory"
    criteria = dict.fromkeys(CRITERIA, verdict)
    return {
        "id": record_id,
        "text": text,
        "words": len(text.split()),
        "criteria": criteria,
    }


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")


@pytest.fixture
def corpora(tmp_path: Path) -> Path:
    releases = [_release(f"rel-{i}", good=i % 2 == 0) for i in range(8)]
    releases.append({**_release("rel-short", True), "text": "Too short.", "words": 2})
    _write(tmp_path / "healthrelease.jsonl", releases)
    _write(
        tmp_path / "healthstory.jsonl",
        [
            {"id": f"story-{i}", "text": GOOD if i else BAD, "words": 200}
            for i in range(3)
        ],
    )
    recovery = [
        {
            "id": "a-1",
            "publisher": "Outlet A",
            "reliability": 1,
            "text": GOOD,
            "words": 200,
        },
        {
            "id": "a-2",
            "publisher": "Outlet A",
            "reliability": 1,
            "text": BAD,
            "words": 200,
        },
        {
            "id": "b-1",
            "publisher": "Outlet B",
            "reliability": 1,
            "text": GOOD,
            "words": 200,
        },
        {
            "id": "c-1",
            "publisher": "Outlet C",
            "reliability": 0,
            "text": BAD,
            "words": 200,
        },
        {
            "id": "d-1",
            "publisher": "Drudge Report",
            "reliability": 0,
            "text": BAD,
            "words": 200,
        },
    ]
    _write(tmp_path / "recovery.jsonl", recovery)
    sentences = [
        {
            "id": "s-1",
            "source": "eureka",
            "sentence": "Coffee prevents liver cancer.",
            "label": 3,
        },
        {
            "id": "s-2",
            "source": "eureka",
            "sentence": "Coffee may lower liver cancer risk.",
            "label": 2,
        },
        {
            "id": "s-3",
            "source": "pubmed",
            "sentence": "Walking is linked to better sleep.",
            "label": 1,
        },
        {
            "id": "s-4",
            "source": "pubmed",
            "sentence": "Exercise improves mood in older adults.",
            "label": 3,
        },
    ]
    _write(tmp_path / "claim_strength.jsonl", sentences)
    return tmp_path


def test_evaluate_end_to_end(corpora: Path) -> None:
    results = ev.evaluate(corpora, jobs=1)
    assert results.counts["releases"] == 8  # the short one is dropped
    assert results.counts["recovery"] == 4  # Drudge Report is dropped
    by_rule = {(r.target.criterion, r.rule): r for r in results.criteria}
    costs = by_rule["costs", "missing-cost"].scores[ev.FULL]
    assert costs.n == 8
    assert costs.balanced_accuracy == pytest.approx(1.0)
    harms = by_rule["harms", "missing-harms"].scores[ev.FULL]
    assert harms.balanced_accuracy == pytest.approx(1.0)
    claims = results.claims["eureka", ev.FULL]
    assert (claims.tp, claims.fp) == (1, 0)
    assert results.claims["pubmed", ev.FULL].tp == 1
    rates = results.rates["missing-cost"]
    # Outlet A: 1 of 2, Outlet B: 0 of 1 -> macro 0.25; Outlet C: 1 of 1
    assert rates.reliable == pytest.approx(0.25)
    assert rates.unreliable == pytest.approx(1.0)
    assert rates.stories == pytest.approx(1 / 3)


def test_render_names_command_version_and_sections(corpora: Path) -> None:
    results = ev.evaluate(corpora, jobs=1)
    command = "python benchmarks/evaluate.py --corpora x --out y"
    page = ev.render(results, command, dt.date(2024, 5, 1))
    assert f"`{command}`" in page
    assert "2024-05-01" in page
    assert "healthlint " in page
    for heading in ("## A.", "## B.", "## C.", "## Where a rule falls short"):
        assert heading in page
    assert "`missing-cost`" in page
    assert "held-out" in page
    # every built-in rule gets a firing-rate row
    assert all(f"`{rule.slug}`" in page for rule in ev.all_rules())


def test_main_writes_the_page(corpora: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "evaluation.md"
    code = ev.main(["--corpora", str(corpora), "--out", str(out), "--jobs", "1"])
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "--corpora" in text
    assert text.startswith("# Evaluation against expert labels")


def test_main_refuses_a_missing_corpus(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        ev.main(
            ["--corpora", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o.md")]
        )
