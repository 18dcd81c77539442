"""Each rule's precision in each population of documents, and what it may ship at.

A rule is judged where it runs. Its hand-labelled findings are split by the
population of the document they came from (``healthlint.measured``: news stories
and press releases on one side, consumer-facing copy on the other), counting
three sources of verdicts: the corpus sample labelled by hand, and the findings on
the articles written for the project, judged by their sidecars (right when they
cover a listed fault; those articles have no MARGINAL). The decision per
population is ``healthlint.measured.allowed_severity``; the page shows it beside
the severity the shipped profiles give, and ``tests/test_precision.py`` fails
when a profile ships a rule above what it earned.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

from healthlint.measured import (
    ALL,
    BARS,
    MIN_LABELS,
    POPULATIONS,
    Figure,
    allowed_severity,
    deciding_figure,
    population_of,
    shipped_by_population,
    shipped_severities,
)
from healthlint.rule import Rule, Status
from healthlint.rulepack import load_builtin_rules

CORPUS = "corpus"
OWN_DEV = "own, dev"
OWN_VALIDATION = "own, validation"
SOURCES = (CORPUS, OWN_DEV, OWN_VALIDATION)
_OWN_SOURCE = {"dev": OWN_DEV, "validation": OWN_VALIDATION}

# code -> population -> source -> verdict counts
Split = dict[str, dict[str, dict[str, Figure]]]


def split_labels(
    sample: Mapping[str, Sequence[str]],
    labels: Mapping[str, str],
    snapshot: Mapping[str, object],
) -> Split:
    """Every verdict on a rule's findings, by population and source."""
    counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    types = _mapping(snapshot, "types")
    for code, keys in sample.items():
        for key in keys:
            value = labels.get(key)
            if value is None:
                continue
            record = "/".join(key.split("/")[:2])
            population = population_of(str(types.get(record, "")))
            counts[code, population, CORPUS][("TP", "MARGINAL", "FP").index(value)] += 1
    own_types = _mapping(snapshot, "own_types")
    for article, rows in _mapping(snapshot, "own_findings").items():
        assert isinstance(rows, list)  # noqa: S101
        population = population_of(str(own_types.get(article, "")))
        source = _OWN_SOURCE[article.split("/", 1)[0]]
        for code, right in rows:
            counts[str(code), population, source][0 if right else 2] += 1
    out: Split = defaultdict(lambda: defaultdict(dict))
    for (code, population, source), (tp, marginal, fp) in counts.items():
        out[code][population][source] = Figure(tp, marginal, fp)
    return out


def _mapping(snapshot: Mapping[str, object], key: str) -> Mapping[str, object]:
    value = snapshot.get(key) or {}
    assert isinstance(value, dict)  # noqa: S101
    return value


def total(figures: Mapping[str, Figure] | Sequence[Figure]) -> Figure:
    """Verdicts added up."""
    items = figures.values() if isinstance(figures, Mapping) else figures
    return Figure(
        sum(f.tp for f in items),
        sum(f.marginal for f in items),
        sum(f.fp for f in items),
    )


def per_population(split: Mapping[str, Mapping[str, Figure]]) -> dict[str, Figure]:
    """A rule's figure in each population and over all of them."""
    out = {population: total(split.get(population, {})) for population in POPULATIONS}
    out[ALL] = total(list(out.values()))
    return out


def measured_json(split: Split, rules: Mapping[str, Rule]) -> dict[str, object]:
    """``rules/measured/precision.json``: what ``healthlint`` reads at run time."""
    table = {}
    for code in sorted(rules):
        figures = per_population(split.get(code, {}))
        if figures[ALL].n:
            table[code] = {name: fig.as_dict() for name, fig in figures.items()}
    return {
        "about": "Hand-judged findings per rule and population; written by "
        "benchmarks/precision.py, see docs/precision.md.",
        "bars": {severity.label: bar for severity, bar in BARS},
        "min_labels": MIN_LABELS,
        "rules": table,
    }


def violations(split: Split, rules: Mapping[str, Rule]) -> list[str]:
    """Stable rules a shipped profile runs above the severity they earned."""
    shipped = shipped_severities(load_builtin_rules())
    out = []
    for code, rule in sorted(rules.items()):
        if rule.status is not Status.STABLE:
            continue
        figures = per_population(split.get(code, {}))
        for population, severity in shipped_by_population(shipped[code]).items():
            earned = allowed_severity(figures, population)
            if severity > earned:
                out.append(
                    f"{code} ships at {severity.label} on {population} documents "
                    f"but earned {earned.label}"
                )
    return out


def shipping_section(split: Split, rules: Mapping[str, Rule]) -> str:
    """The page's table: figures per population and the severity each earns."""
    shipped = shipped_severities(load_builtin_rules())
    rows = [
        "## Shipping decision per population",
        "",
        "A rule is judged where it runs. Each row counts the verdicts on the "
        "rule's findings in one population of documents (by the document type "
        "healthlint gives them): "
        + "; ".join(f"*{name}*: {about}" for name, about in POPULATIONS.items())
        + ". Verdicts come from the corpus sample above and from the findings on "
        "the project's own articles, judged by their annotations (right when "
        "they cover a listed fault; development articles were tuned on, "
        "validation articles never were). A stable rule earns error at a "
        "precision of 0.90, warning at 0.80, else info; a population with fewer "
        f"than {MIN_LABELS} verdicts borrows the rule's verdicts from all "
        "populations. *Ships at* is the highest severity the built-in profiles "
        "give the rule among the population's types; preview rules are off "
        "unless selected.",
        "",
        "| code | rule | status | population | corpus TP/M/FP | own, dev right/n "
        "| own, validation right/n | precision (95% interval) | decided by | "
        "earns | ships at | within bar |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for code, rule in sorted(rules.items()):
        by_population = per_population(split.get(code, {}))
        ships = shipped_by_population(shipped[code])
        for population in POPULATIONS:
            rows.append(
                _shipping_row(
                    rule,
                    population,
                    split.get(code, {}).get(population, {}),
                    by_population,
                    ships,
                )
            )
    return "\n".join(rows) + "\n"


def _shipping_row(
    rule: Rule,
    population: str,
    sources: Mapping[str, Figure],
    by_population: Mapping[str, Figure],
    ships: Mapping[str, object],
) -> str:
    empty = Figure(0, 0, 0)
    corpus_fig = sources.get(CORPUS, empty)
    figure = by_population[population]
    decided = deciding_figure(by_population, population)
    stable = rule.status is Status.STABLE
    earned = allowed_severity(by_population, population) if stable else None
    shipped = ships.get(population)
    shipped_label = getattr(shipped, "label", "off")
    within = (
        "-"
        if earned is None or shipped is None
        else ("yes" if shipped <= earned else "**no**")  # type: ignore[operator]
    )
    return (
        f"| {rule.code} | `{rule.slug}` | {rule.status.value} | {population} "
        f"| {corpus_fig.tp}/{corpus_fig.marginal}/{corpus_fig.fp} "
        f"| {_right_of(sources.get(OWN_DEV))} "
        f"| {_right_of(sources.get(OWN_VALIDATION))} "
        f"| {_precision_cell(figure)} "
        f"| {_decided_cell(decided, population)} "
        f"| {earned.label if earned else '-'} | {shipped_label} | {within} |"
    )


def _right_of(figure: Figure | None) -> str:
    return "-" if figure is None or not figure.n else f"{figure.tp}/{figure.n}"


def _precision_cell(figure: Figure) -> str:
    if not figure.n:
        return "-"
    low, high = figure.interval()
    return f"{figure.precision:.2f} of {figure.n} ({_fmt(low)}-{_fmt(high)})"


def _decided_cell(decided: tuple[str, Figure] | None, population: str) -> str:
    if decided is None:
        return f"too few (< {MIN_LABELS})"
    name, figure = decided
    if name == population:
        return "this population"
    return f"all populations ({figure.precision:.2f} of {figure.n})"


def _fmt(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.2f}"
