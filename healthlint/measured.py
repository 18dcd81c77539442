"""How far each rule can be trusted: its measured precision and the shipping bars.

``benchmarks/precision.py`` judges a sample of every rule's findings by hand and
writes the counts to ``rules/measured/precision.json`` (shipped in the wheel with
the rule packs). This module reads them, so ``healthlint rules`` and the rule
pages can show them, and holds the policy that ties them to severity: a rule may
report at warning in a population of documents only when at least 80% of its
labelled findings there were right, at error only at 90%. Populations are told
apart by document type, because the same words mean different things in them: a
quoted researcher's "cure" in a news story is reported speech, on a clinic page
it is a promise.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from healthlint.config import builtin_layers
from healthlint.doctype import KNOWN_TYPES
from healthlint.model import Severity
from healthlint.rule import Rule
from healthlint.rulepack import builtin_rules_dir
from healthlint.selection import resolve

CONSUMER = "consumer"
REPORTING = "reporting"
ALL = "all"
POPULATIONS: Mapping[str, str] = {
    CONSUMER: "consumer articles, blogs, patient leaflets, clinic and product pages, "
    "and documents of no detected type",
    REPORTING: "news stories and press releases",
}
REPORTING_TYPES = frozenset({"news", "press-release"})
# Precision a rule needs, over its labelled findings, to report at each severity.
BARS: tuple[tuple[Severity, float], ...] = (
    (Severity.ERROR, 0.90),
    (Severity.WARNING, 0.80),
)
# Fewer labels than this in a population, and the rule's labels from every
# population decide; fewer in all, and it is not trusted above info.
MIN_LABELS = 5


@dataclass(frozen=True)
class Figure:
    """Hand verdicts on a rule's findings in one population."""

    tp: int
    marginal: int
    fp: int

    @property
    def n(self) -> int:
        """Findings judged."""
        return self.tp + self.marginal + self.fp

    @property
    def precision(self) -> float:
        """Right and worth acting on, over all judged (NaN when none were)."""
        return self.tp / self.n if self.n else math.nan

    def interval(self) -> tuple[float, float]:
        """The 95% Wilson score interval of the precision."""
        return wilson(self.tp, self.n)

    def as_dict(self) -> dict[str, object]:
        """The JSON form shipped with the rules."""
        low, high = self.interval()
        return {
            "n": self.n,
            "tp": self.tp,
            "marginal": self.marginal,
            "fp": self.fp,
            "precision": _round(self.precision),
            "low": _round(low),
            "high": _round(high),
        }


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval: honest for small samples and for 0 or n successes."""
    if n == 0:
        return math.nan, math.nan
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _round(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 2)


def population_of(doc_type: str) -> str:
    """The population a document type belongs to."""
    return REPORTING if doc_type in REPORTING_TYPES else CONSUMER


def measured_path() -> Path:
    """Where the shipped figures live (beside the rule packs)."""
    return builtin_rules_dir() / "measured" / "precision.json"


@lru_cache(maxsize=1)
def load() -> Mapping[str, Mapping[str, Figure]]:
    """Per rule code, its figure per population (and ``all``); empty if missing."""
    path = measured_path()
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        code: {
            name: Figure(int(f["tp"]), int(f["marginal"]), int(f["fp"]))
            for name, f in populations.items()
        }
        for code, populations in data.get("rules", {}).items()
    }


def deciding_figure(
    figures: Mapping[str, Figure], population: str
) -> tuple[str, Figure] | None:
    """The labels that decide a rule's severity in a population, and whose they are.

    A population with too few labels borrows the rule's labels from all of them,
    unless even its few labels show it failing there: the top of their 95%
    interval is under the lowest bar (none right of four, say).
    """
    own = figures.get(population)
    if own is not None and own.n and own.interval()[1] < BARS[-1][1]:
        return population, own
    for name in (population, ALL):
        figure = figures.get(name)
        if figure is not None and figure.n >= MIN_LABELS:
            return name, figure
    return None


def allowed_severity(figures: Mapping[str, Figure], population: str) -> Severity:
    """The highest severity a stable rule's measured precision earns there."""
    decided = deciding_figure(figures, population)
    if decided is None:
        return Severity.INFO
    precision = decided[1].precision
    for severity, bar in BARS:
        if precision >= bar:
            return severity
    return Severity.INFO


def summary(code: str, population: str) -> str:
    """One short phrase, e.g. ``0.85 of 55``, for listings; ``-`` if unmeasured."""
    figure = load().get(code, {}).get(population)
    if figure is None or not figure.n:
        return "-"
    return f"{figure.precision:.2f} of {figure.n}"


def shipped_severities(rules: Sequence[Rule]) -> dict[str, dict[str, Severity]]:
    """Per rule code, its severity in each document type with no config file.

    What a user gets out of the box: the default profile, then the profile of the
    document's type. A type that leaves a rule off has no entry.
    """
    out: dict[str, dict[str, Severity]] = {rule.code: {} for rule in rules}
    for doc_type in sorted(KNOWN_TYPES):
        for rule in resolve(rules, builtin_layers(doc_type)):
            out[rule.code][doc_type] = rule.severity
    return out


def shipped_by_population(severities: Mapping[str, Severity]) -> dict[str, Severity]:
    """The highest severity a rule reports at among each population's types."""
    out: dict[str, Severity] = {}
    for doc_type, severity in severities.items():
        population = population_of(doc_type)
        out[population] = max(severity, out.get(population, Severity.INFO))
    return out
