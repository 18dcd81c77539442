"""benchmarks/precision.py and the shipping policy: the committed figures are current.

The page and the shipped figures are rendered again from the committed snapshot
and labels and must match what is committed; the project's own articles are
linted again (they live in the repository) and must give the snapshot's verdicts;
no built-in profile may run a stable rule above the severity its labels earned.
With ``../shared/corpora`` present, a slow test lints the sampled corpus records
again and checks that every labelled finding is still made.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

from healthlint import measured
from healthlint.measured import ALL, CONSUMER, REPORTING, Figure
from healthlint.model import Severity

from .conftest import ROOT, load_benchmark, run_healthlint

CORPORA = ROOT.parent / "shared" / "corpora"


precision = load_benchmark("precision")
populations = sys.modules["populations"]


@pytest.fixture(scope="module")
def snapshot() -> dict[str, object]:
    return precision.load_snapshot()


@pytest.fixture(scope="module")
def labels() -> dict[str, object]:
    return precision.read_labels()


def test_committed_page_is_current(snapshot, labels) -> None:
    baseline = precision.load_snapshot(precision.BASELINE)
    page = precision.render_page(snapshot, labels, precision.read_faults(), baseline)
    committed = precision.PAGE.read_text(encoding="utf-8")
    assert page == committed, "docs/precision.md is stale: run benchmarks/precision.py"


def test_shipped_figures_are_current(snapshot, labels) -> None:
    table = populations.measured_json(
        precision._split(snapshot, labels), precision.rules_by_code()
    )
    shipped = json.loads(precision.MEASURED.read_text(encoding="utf-8"))
    assert table == shipped, "rules/measured/precision.json is stale"


def test_every_sampled_finding_is_labelled(snapshot, labels) -> None:
    sample = precision._sample(snapshot)
    missing = [k for keys in sample.values() for k in keys if k not in labels]
    assert missing == []


def test_no_profile_ships_a_rule_above_its_measured_bar(snapshot, labels) -> None:
    split = precision._split(snapshot, labels)
    assert populations.violations(split, precision.rules_by_code()) == []


def test_violations_are_found_when_a_rule_outruns_its_labels(snapshot) -> None:
    """The check above can fail: a rule judged mostly wrong is reported."""
    rules = precision.rules_by_code()
    stable = next(c for c, r in rules.items() if r.status.value == "stable")
    wrong = {stable: {CONSUMER: {"corpus": Figure(1, 0, 9)}}}
    problems = populations.violations(wrong, {stable: rules[stable]})
    expected = f"{stable} ships at {rules[stable].severity.label} on consumer"
    if rules[stable].severity > Severity.INFO:
        assert any(p.startswith(expected) for p in problems)
    else:
        assert problems == []


def test_own_articles_give_the_snapshots_verdicts(snapshot) -> None:
    """The project's articles are in the repository, so their part is re-taken."""
    articles = precision.own_articles()
    jobs = [
        (config, a.key, a.path.name, a.source)
        for config in precision.CONFIGS
        for a in articles
    ]
    results = precision.lint_many(jobs, workers=1)
    assert precision._own_findings(articles, results) == snapshot["own_findings"]
    assert precision._own_snapshot(articles, results) == snapshot["own_articles"]
    types = {a.key: results["all", a.key].doc_type for a in articles}
    assert types == snapshot["own_types"]


@pytest.mark.slow
@pytest.mark.skipif(not CORPORA.is_dir(), reason="needs ../shared/corpora")
def test_labelled_corpus_findings_are_still_made(snapshot, labels) -> None:
    """Labels follow the rules: every sampled finding must still be found."""
    sample = precision._sample(snapshot)
    wanted = {"/".join(k.split("/")[:2]) for keys in sample.values() for k in keys}
    records = [r for r in precision.corpus.articles(CORPORA) if r.key in wanted]
    results = precision.lint_many(precision.record_jobs(records, "all"), workers=2)
    rules = precision.rules_by_code()
    made = {
        precision.finding_key(r.key, hit, rules[hit.code].scope)
        for r in records
        for hit in results["all", r.key].hits
        if hit.code in rules
    }
    gone = sorted(k for keys in sample.values() for k in keys if k not in made)
    assert gone == [], "rules changed: run benchmarks/precision.py and label"
    types = {r.key: results["all", r.key].doc_type for r in records}
    assert {k: snapshot["types"][k] for k in types} == types


# --- the policy on made-up figures -------------------------------------------


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        (Figure(19, 0, 1), Severity.ERROR),
        (Figure(9, 0, 1), Severity.ERROR),
        (Figure(17, 2, 1), Severity.WARNING),
        (Figure(8, 0, 2), Severity.WARNING),
        (Figure(7, 2, 1), Severity.INFO),
        (Figure(4, 0, 0), Severity.INFO),  # too few labels anywhere
    ],
)
def test_allowed_severity_follows_the_bars(figure: Figure, expected: Severity) -> None:
    figures = {CONSUMER: figure, ALL: figure}
    assert measured.allowed_severity(figures, CONSUMER) is expected


def test_a_population_with_few_labels_borrows_from_all() -> None:
    figures = {REPORTING: Figure(2, 0, 0), ALL: Figure(45, 2, 3)}
    assert measured.deciding_figure(figures, REPORTING) == (ALL, figures[ALL])
    assert measured.allowed_severity(figures, REPORTING) is Severity.ERROR


def test_few_labels_that_are_all_wrong_are_not_outvoted() -> None:
    figures = {REPORTING: Figure(0, 2, 2), ALL: Figure(47, 2, 3)}
    assert measured.allowed_severity(figures, REPORTING) is Severity.INFO


def test_wilson_interval_is_honest_at_the_edges() -> None:
    low, high = measured.wilson(0, 4)
    assert low == 0.0
    assert 0.45 < high < 0.55
    low, high = measured.wilson(10, 10)
    assert high == 1.0
    assert 0.65 < low < 0.75
    assert all(math.isnan(v) for v in measured.wilson(0, 0))


def test_shipped_figures_are_read_for_every_labelled_rule() -> None:
    shipped = json.loads(precision.MEASURED.read_text(encoding="utf-8"))["rules"]
    loaded = measured.load()
    assert set(loaded) == set(shipped)
    for code, populations_ in shipped.items():
        assert loaded[code][ALL].n == populations_[ALL]["n"]


def test_document_types_fall_into_populations() -> None:
    assert measured.population_of("news") == REPORTING
    assert measured.population_of("press-release") == REPORTING
    for doc_type in ("consumer", "blog", "clinic-page", "product-page", "default"):
        assert measured.population_of(doc_type) == CONSUMER


def test_rules_listing_shows_measured_precision(tmp_path: Path) -> None:
    result = run_healthlint(tmp_path, "rules")
    assert result.returncode == 0
    header, *rows = result.stdout.splitlines()
    assert "precision, consumer" in header
    row = next(r for r in rows if r.startswith("HL101"))
    figure = measured.load()["HL101"][CONSUMER]
    assert f"{figure.precision:.2f} of {figure.n}" in row


def test_rule_page_shows_precision_and_severity_by_type(tmp_path: Path) -> None:
    result = run_healthlint(tmp_path, "rule", "HL101")
    assert result.returncode == 0
    assert "Measured precision" in result.stdout
    assert "info in news, press-release" in result.stdout
