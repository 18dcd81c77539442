"""Measure each rule's precision and the rules' recall against hand labels.

Run from the repository root::

    python benchmarks/precision.py                # lint the corpora, write the page
    python benchmarks/precision.py --render-only  # rewrite the page from snapshot

Two steps, so that the page can be checked without the corpora:

1. **Snapshot** (needs ``../shared/corpora``). Every development article (never a
   held-out record; see ``corpus.py``) is linted in-process as plain text with no
   declared document type, every preview rule selected on top of the default
   profile. From the findings it keeps, as offsets and codes only (no corpus
   text): the *precision sample*, up to ``SAMPLE_PER_RULE`` findings per rule from
   the validate half, taken round-robin over the four groups (reliable news,
   unreliable news, health stories, press releases) in the order of a hash of
   each finding, so the sample is stable while a rule's findings are; which
   hand-listed faults each configuration catches (recall); content findings per
   1,000 words on reliable news with the default settings; and the document type
   detected for every article. The snapshot is ``benchmarks/labels/snapshot.json``.
2. **Render.** Labels (``benchmarks/labels/findings-*.jsonl``) are joined to the
   sample, and ``docs/precision.md`` and the shipped figures
   (``rules/measured/precision.json``) are written, and the rule pages that
   show them (``docs/rules/``). ``tests/test_precision.py``
   re-renders both from the committed snapshot and labels and fails when either
   is stale; with the corpora present it also re-takes the snapshot.

Labels are judged as a health editor would: TP (right and worth acting on),
MARGINAL (right but not worth an editor's time), FP (wrong), each with a reason;
see ``benchmarks/labels/GUIDE.md``. ``benchmarks/labeltool.py`` shows the findings
that still need a label.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
import populations

from healthlint.config import Config
from healthlint.document import Format, LineIndex
from healthlint.engine import Session, build_session, lint_source
from healthlint.measured import wilson
from healthlint.model import Finding
from healthlint.rule import Rule, Scope, Status
from healthlint.rulepack import load_builtin_rules

LABELS = corpus.REPO / "benchmarks" / "labels"
SNAPSHOT = LABELS / "snapshot.json"
# The same measurement taken with healthlint 0.1.0, before the rules were reworked;
# its sample was labelled too, so the page can show each figure before and after.
BASELINE = LABELS / "baseline-0.1.0.json"
PAGE = corpus.REPO / "docs" / "precision.md"
MEASURED = corpus.REPO / "rules" / "measured" / "precision.json"
RULE_PAGES = corpus.REPO / "docs" / "rules"
OWN_ARTICLES = {
    "dev": corpus.REPO / "tests" / "fixtures" / "articles",
    "validation": corpus.REPO / "benchmarks" / "articles-validation",
}
SAMPLE_PER_RULE = 48
LABEL_VALUES = ("TP", "MARGINAL", "FP")
META_PACK = "meta"
# Bylines, dates and sources sections do not survive in the corpora's plain text
# (see the corpora README), so these rules cannot be judged on them.
UNMEASURABLE = frozenset({"HL251", "HL252", "HL253", "HL254"})
CONTENT_PREFIXES = ("HL1", "HL2", "HL3", "HL4", "HL6")

# Which rules can catch a fault of each area a person listed. Balance faults name
# the missing element, and only that element's rule catches them.
AREAS: Mapping[str, tuple[str, ...]] = {
    "claims": ("HL101", "HL103"),
    "hype": ("HL102", "HL206"),
    "citations": ("HL201",),
    "evidence": ("HL202", "HL203", "HL204", "HL205", "HL206", "HL208"),
    "promotion": ("HL301", "HL302", "HL303", "HL304"),
    "clinician-advice": ("HL401", "HL402"),
    "balance": ("HL151", "HL152", "HL153", "HL154", "HL207", "HL351"),
    "safe-messaging": ("HL601", "HL602", "HL603"),
    "stigma": ("HL604",),
    "plain-language": ("HL503", "HL504", "HL505"),
}
BALANCE_RULES = {
    "harms": "HL151",
    "alternatives": "HL152",
    "cost": "HL153",
    "benefit-numbers": "HL154",
    "evidence-quality": "HL207",
    "funding": "HL351",
}


# --- linting -------------------------------------------------------------------


def preview_codes() -> tuple[str, ...]:
    """Every preview rule, named exactly so selection turns it on."""
    return tuple(r.code for r in load_builtin_rules() if r.status is Status.PREVIEW)


CONFIGS = {
    # What the precision sample is drawn from: every rule that can run.
    "all": lambda: Config(extend_select=preview_codes()),
    # What a user gets with no configuration at all.
    "default": Config,
}
_SESSIONS: dict[str, Session] = {}


@dataclass(frozen=True)
class Hit:
    """A finding reduced to what labels key on: offsets in the rendered record."""

    code: str
    start: int
    end: int

    def as_list(self) -> list[object]:
        """Compact JSON form."""
        return [self.code, self.start, self.end]


@dataclass(frozen=True)
class Linted:
    """One record's findings under one configuration, and its detected type."""

    key: str
    hits: tuple[Hit, ...]
    doc_type: str


def _session(name: str) -> Session:
    if name not in _SESSIONS:
        _SESSIONS[name] = build_session(CONFIGS[name]())
    return _SESSIONS[name]


def source_offset(lines: LineIndex, line: int, column: int) -> int:
    """The offset of a 1-based line and column in the source."""
    return lines.line_start(line) + column - 1


def hits_of(source: str, findings: Iterable[Finding]) -> tuple[Hit, ...]:
    """Findings as source offsets; meta findings (directives) are left out."""
    lines = LineIndex(source)
    return tuple(
        Hit(
            f.code,
            source_offset(lines, f.line, f.column),
            source_offset(lines, f.end_line, f.end_column),
        )
        for f in findings
        if not f.code.startswith("HL9")
    )


def lint_one(job: tuple[str, str, str, str]) -> Linted:
    """Lint one text under a named configuration (runs in a worker process)."""
    config, key, name, source = job
    fmt = _format_of(name)
    report = lint_source(name, source, fmt, _session(config))
    return Linted(key, hits_of(source, report.findings), report.document_type or "")


def _format_of(name: str) -> Format:
    suffix = name.rsplit(".", 1)[-1].lower()
    return {"md": Format.MARKDOWN, "html": Format.HTML, "htm": Format.HTML}.get(
        suffix, Format.TEXT
    )


def lint_many(
    jobs: Sequence[tuple[str, str, str, str]], workers: int
) -> dict[tuple[str, str], Linted]:
    """Lint every job; results keyed by (configuration, record key)."""
    if workers <= 1 or len(jobs) < 50:
        results = list(map(lint_one, jobs))
    else:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(lint_one, jobs, chunksize=16))
    return {(job[0], r.key): r for job, r in zip(jobs, results, strict=True)}


def record_jobs(
    records: Iterable[corpus.Record], config: str
) -> list[tuple[str, str, str, str]]:
    """Lint jobs for corpus records: each is linted as ``<id>.txt``."""
    return [(config, r.key, f"{r.id}.txt", r.source) for r in records]


# --- the precision sample ------------------------------------------------------


def rules_by_code() -> dict[str, Rule]:
    """Every rule that can be labelled (meta rules report on directives)."""
    return {
        r.code: r
        for r in load_builtin_rules()
        if r.pack != META_PACK
        and r.status is not Status.REMOVED
        and r.code not in UNMEASURABLE
    }


def finding_key(record: str, hit: Hit, scope: Scope) -> str:
    """How a label names a finding.

    A document-scoped rule fires at most once per article and its position only
    points at an example trigger, so its label holds for the article; other
    findings are named by their exact span.
    """
    if scope is Scope.DOCUMENT:
        return f"{record}/{hit.code}"
    return f"{record}/{hit.code}/{hit.start}/{hit.end}"


def _order(key: str) -> str:
    """Sampling order: a hash of the finding, or of its record for a document rule.

    Document rules thus sample the same articles, so a labeller who reads an
    article once can judge all of its document-level findings.
    """
    parts = key.split("/")
    basis = "/".join(parts[:2]) if len(parts) == 3 else key
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


def draw_sample(
    found: Mapping[str, Sequence[Hit]],
    groups: Mapping[str, str],
    rules: Mapping[str, Rule],
    per_rule: int = SAMPLE_PER_RULE,
) -> dict[str, list[str]]:
    """Per rule, up to ``per_rule`` finding keys, round-robin over the groups."""
    pools: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for record, hits in found.items():
        for hit in hits:
            rule = rules.get(hit.code)
            if rule is not None:
                key = finding_key(record, hit, rule.scope)
                pools[hit.code][groups[record]].append(key)
    return {code: _round_robin(pools[code], per_rule) for code in sorted(pools)}


def _round_robin(by_group: Mapping[str, list[str]], limit: int) -> list[str]:
    queues = [
        sorted(set(by_group[g]), key=_order) for g in corpus.GROUPS if g in by_group
    ]
    chosen: list[str] = []
    depth = 0
    while len(chosen) < limit and any(depth < len(q) for q in queues):
        chosen.extend(q[depth] for q in queues if depth < len(q))
        depth += 1
    return sorted(chosen[:limit])


# --- labels --------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A person's verdict on one finding."""

    key: str
    value: str
    reason: str
    origin: str


class LabelError(ValueError):
    """A label file line that cannot be used."""


def read_labels(folder: Path = LABELS) -> dict[str, Label]:
    """Every finding label, by finding key; a key labelled twice is an error."""
    out: dict[str, Label] = {}
    for path in sorted(folder.glob("findings-*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if not line.strip():
                continue
            label = _label_from(json.loads(line), f"{path.name}:{number + 1}")
            if label.key in out:
                raise LabelError(f"{label.origin}: {label.key} already labelled")
            out[label.key] = label
    return out


def _label_from(data: Mapping[str, object], origin: str) -> Label:
    value = str(data.get("label", ""))
    if value not in LABEL_VALUES:
        raise LabelError(f"{origin}: label must be one of {', '.join(LABEL_VALUES)}")
    reason = str(data.get("reason", "")).strip()
    if not reason:
        raise LabelError(f"{origin}: a label needs a reason")
    return Label(str(data["key"]), value, reason, origin)


# --- recall --------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    """A fault a person listed by hand: where it is and what kind it is."""

    record: str
    area: str
    start: int
    end: int
    scope: str
    what: str = ""

    def caught_by(self, hits: Sequence[Hit]) -> bool:
        """True when a finding of a rule for this area covers the fault."""
        codes = self.codes()
        if self.scope == "document":
            return any(h.code in codes for h in hits)
        return any(
            h.code in codes and h.start < self.end and self.start < h.end for h in hits
        )

    def codes(self) -> tuple[str, ...]:
        """The rules that can catch it."""
        if self.area == "balance" and self.what in BALANCE_RULES:
            return (BALANCE_RULES[self.what],)
        return AREAS[self.area]


def read_faults(folder: Path = LABELS) -> list[Fault]:
    """Faults in corpus records, from ``faults-*.jsonl``."""
    out = []
    for path in sorted(folder.glob("faults-*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                out.append(_fault_from(json.loads(line), f"{path.name}:{number + 1}"))
    return out


def _fault_from(data: Mapping[str, object], origin: str) -> Fault:
    area = str(data.get("area", ""))
    if area not in AREAS:
        raise LabelError(f"{origin}: unknown area {area!r}")
    return Fault(
        record=str(data["record"]),
        area=area,
        start=int(str(data.get("start", 0))),
        end=int(str(data.get("end", 0))),
        scope=str(data.get("scope", "span")),
        what=str(data.get("what", "")),
    )


def recall_records() -> list[str]:
    """The corpus records whose faults were listed (from ``recall-set.txt``)."""
    path = LABELS / "recall-set.txt"
    if not path.exists():
        return []
    return [
        line.split()[0]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


# --- snapshot --------------------------------------------------------------------


def take_snapshot(corpora: Path, workers: int) -> dict[str, object]:
    """Lint the corpora and the project's own articles; keep offsets and counts."""
    records = list(corpus.articles(corpora))
    jobs = record_jobs(records, "all")
    reliable = [r for r in records if r.group == "reliable"]
    wanted = set(recall_records())
    recall_recs = [r for r in records if r.key in wanted]
    jobs += record_jobs({*reliable, *recall_recs}, "default")
    articles = own_articles()
    for config in CONFIGS:
        jobs += [(config, a.key, a.path.name, a.source) for a in articles]
    results = lint_many(jobs, workers)
    rules = rules_by_code()
    validate = [r for r in records if r.half == corpus.VALIDATE]
    found = {r.key: results["all", r.key].hits for r in validate}
    return {
        "sample": draw_sample(found, {r.key: r.group for r in validate}, rules),
        "findings_in_half": _counts(found),
        "detection": _detection(records, results),
        "recall": _recall_snapshot(recall_recs, results),
        "own_articles": _own_snapshot(articles, results),
        "own_findings": _own_findings(articles, results),
        "density": _density(reliable, results),
        "types": {r.key: results["all", r.key].doc_type for r in validate},
        "own_types": {a.key: results["all", a.key].doc_type for a in articles},
        "records": {"validate": len(validate), "all": len(records)},
    }


def _counts(found: Mapping[str, Sequence[Hit]]) -> dict[str, int]:
    counted = Counter(h.code for hits in found.values() for h in hits)
    return dict(sorted(counted.items()))


def _detection(
    records: Sequence[corpus.Record], results: Mapping[tuple[str, str], Linted]
) -> dict[str, dict[str, int]]:
    """Detected document types per group, counted."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for record in records:
        table[record.group][results["all", record.key].doc_type] += 1
    return {group: dict(sorted(table[group].items())) for group in corpus.GROUPS}


def _recall_snapshot(
    records: Sequence[corpus.Record], results: Mapping[tuple[str, str], Linted]
) -> dict[str, dict[str, list[list[object]]]]:
    """Each recall record's findings per configuration, as offsets."""
    return {
        r.key: {
            config: [h.as_list() for h in results[config, r.key].hits]
            for config in CONFIGS
        }
        for r in records
    }


def _density(
    reliable: Sequence[corpus.Record], results: Mapping[tuple[str, str], Linted]
) -> dict[str, int]:
    """Content findings and words on reliable news, default settings."""
    findings = sum(
        1
        for r in reliable
        for h in results["default", r.key].hits
        if h.code.startswith(CONTENT_PREFIXES)
    )
    return {
        "articles": len(reliable),
        "words": sum(r.words for r in reliable),
        "content_findings": findings,
    }


# --- the project's own articles ------------------------------------------------


@dataclass(frozen=True)
class OwnArticle:
    """An article written for the project, with the faults its sidecar lists."""

    key: str
    path: Path
    source: str
    faults: tuple[dict[str, object], ...]


def own_articles() -> list[OwnArticle]:
    """Articles in the development and validation folders that have a sidecar."""
    import yaml  # noqa: PLC0415 (only this step reads YAML)

    out = []
    for name, folder in OWN_ARTICLES.items():
        for sidecar in sorted(folder.glob("*.faults.yaml")):
            stem = sidecar.name.removesuffix(".faults.yaml")
            article = next((p for p in folder.glob(f"{stem}.*") if p != sidecar), None)
            if article is None:
                continue
            data = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
            out.append(
                OwnArticle(
                    f"{name}/{article.name}",
                    article,
                    article.read_text(encoding="utf-8"),
                    tuple(data.get("faults") or ()),
                )
            )
    return out


def _own_snapshot(
    articles: Sequence[OwnArticle], results: Mapping[tuple[str, str], Linted]
) -> dict[str, list[dict[str, object]]]:
    """Per own article, each listed fault and whether each configuration caught it."""
    out: dict[str, list[dict[str, object]]] = {}
    for article in articles:
        rows: list[dict[str, object]] = []
        for located in (locate_fault(article, fault) for fault in article.faults):
            rows.append(
                {
                    "area": located.area,
                    "caught": {
                        config: located.caught_by(results[config, article.key].hits)
                        for config in CONFIGS
                    },
                }
            )
        out[article.key] = rows
    return out


# Rules whose findings the articles' sidecars judge: those of an annotated area.
# Inflated words were not annotated, so HL505 is not judged there.
JUDGED_ON_OWN = frozenset(c for codes in AREAS.values() for c in codes) - {"HL505"}


def _own_findings(
    articles: Sequence[OwnArticle], results: Mapping[tuple[str, str], Linted]
) -> dict[str, list[list[object]]]:
    """Per own article, each judged finding and whether a listed fault backs it.

    A finding is right when it covers a fault of its rule's area (or the article
    lacks what a document rule asks for); the sidecar lists every fault an
    editor would mark, so a finding that covers none is a false alarm.
    """
    out: dict[str, list[list[object]]] = {}
    for article in articles:
        faults = [locate_fault(article, fault) for fault in article.faults]
        out[article.key] = [
            [hit.code, any(f.caught_by([hit]) for f in faults)]
            for hit in results["all", article.key].hits
            if hit.code in JUDGED_ON_OWN
        ]
    return out


def locate_fault(article: OwnArticle, fault: Mapping[str, object]) -> Fault:
    """A sidecar fault placed in the article's source by its quote."""
    from healthlint.parsers import parse  # noqa: PLC0415

    scope = str(fault.get("scope") or "span")
    quote = str(fault.get("quote") or "")
    start = end = 0
    if quote:
        doc = parse(article.path.name, article.source, _format_of(article.path.name))
        index = _nth(doc.text, quote, int(str(fault.get("occurrence") or 1)))
        if index < 0:
            raise LabelError(f"{article.key}: quote not found: {quote!r}")
        start = doc.offsets.start(index)
        end = doc.offsets.end(index + len(quote))
    return Fault(
        article.key,
        str(fault.get("area")),
        start,
        end,
        scope,
        str(fault.get("what") or ""),
    )


def _nth(text: str, quote: str, occurrence: int) -> int:
    index = -1
    for _ in range(max(1, occurrence)):
        index = text.find(quote, index + 1)
        if index < 0:
            return -1
    return index


# --- figures -------------------------------------------------------------------


@dataclass(frozen=True)
class RuleFigures:
    """A rule's labelled sample, counted."""

    code: str
    sampled: int
    tp: int
    marginal: int
    fp: int

    @property
    def labelled(self) -> int:
        """Sampled findings with a label."""
        return self.tp + self.marginal + self.fp

    @property
    def precision(self) -> float:
        """TP over labelled findings (MARGINAL counts against)."""
        return self.tp / self.labelled if self.labelled else math.nan

    @property
    def useful(self) -> float:
        """TP and MARGINAL over labelled findings: right, worth acting on or not."""
        return (self.tp + self.marginal) / self.labelled if self.labelled else math.nan


def rule_figures(
    sample: Mapping[str, Sequence[str]], labels: Mapping[str, Label]
) -> dict[str, RuleFigures]:
    """Per rule, its sample counted by label."""
    out = {}
    for code, keys in sample.items():
        values = Counter(labels[k].value for k in keys if k in labels)
        out[code] = RuleFigures(
            code, len(keys), values["TP"], values["MARGINAL"], values["FP"]
        )
    return out


# --- the page --------------------------------------------------------------------


def render_page(
    snapshot: Mapping[str, object],
    labels: Mapping[str, Label],
    faults: Sequence[Fault],
    baseline: Mapping[str, object] | None = None,
) -> str:
    """``docs/precision.md`` from the snapshots and the labels: no corpus text."""
    rules = rules_by_code()
    now = rule_figures(_sample(snapshot), labels)
    before = rule_figures(_sample(baseline), labels) if baseline else {}
    parts = [
        HEADER,
        _rule_table(rules, now, before, snapshot),
        populations.shipping_section(_split(snapshot, labels), rules),
        _recall_section(snapshot, baseline, faults),
        _density_section(snapshot, baseline),
        _detection_section(snapshot),
        _unlabelled_section(_sample(snapshot), labels),
    ]
    return "\n".join(parts)


def _sample(snapshot: Mapping[str, object] | None) -> dict[str, list[str]]:
    sample = (snapshot or {}).get("sample") or {}
    assert isinstance(sample, dict)  # noqa: S101
    return sample


HEADER = """\
# Measured precision and recall

Generated by `python benchmarks/precision.py` from the hand labels in
[`benchmarks/labels/`](../benchmarks/labels/); do not edit by hand. No corpus text
appears here or in the labels: findings are named by record id, rule and offsets.
How the sample is drawn and how findings are judged:
[`benchmarks/labels/GUIDE.md`](../benchmarks/labels/GUIDE.md).

- **Articles.** The development records of `../shared/corpora` (never the records
  in `heldout_ids.txt`), at least 100 words, linted as plain text with no
  declared document type. Records are split into a *tune* half, the only one
  looked at while changing rules, and a *validate* half; every figure below is
  from the validate half unless it says otherwise.
- **Precision sample.** Per rule, up to 48 findings of the validate half, drawn
  round-robin from reliable news, unreliable news (ReCOVery), health stories
  (HealthStory) and press releases (HealthRelease), with every preview rule
  selected. TP: right and worth acting on; MARGINAL: right but not worth an
  editor's time; FP: wrong. *Precision* is TP over labelled findings, with its
  95% Wilson interval; *useful* counts MARGINAL as right.
- **Bars.** A stable rule reports at warning severity only where its precision
  is at least 0.80, at error only where it is at least 0.90; elsewhere it is
  info, or preview (off by default). Where means in which population of
  documents: a rule is judged on the kind of copy it runs on (see *Shipping
  decision per population*).
"""


def _fmt(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.2f}"


def _rule_table(
    rules: Mapping[str, Rule],
    now: Mapping[str, RuleFigures],
    before: Mapping[str, RuleFigures],
    snapshot: Mapping[str, object],
) -> str:
    counts = snapshot.get("findings_in_half") or {}
    assert isinstance(counts, dict)  # noqa: S101
    rows = [
        "## Precision per rule",
        "",
        "*0.1.0* is the same measurement of healthlint 0.1.0, before the rules "
        "were reworked; its sample was labelled the same way. This table is the "
        "corpus sample alone, all document types together; the severity each "
        "rule ships at is decided per population in the next section.",
        "",
        "| code | rule | status | severity | findings (validate) | sampled | TP | "
        "MARGINAL | FP | unlabelled | precision | 95% interval | useful | "
        "0.1.0 precision (n) | own articles, dev | own articles, validation |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    empty = RuleFigures("", 0, 0, 0, 0)
    for code, rule in sorted(rules.items()):
        fig = now.get(code, empty)
        old = before.get(code, empty)
        low, high = wilson(fig.tp, fig.labelled)
        rows.append(
            f"| {code} | `{rule.slug}` | {rule.status.value} | {rule.severity.label} "
            f"| {counts.get(code, 0)} | {fig.sampled} | {fig.tp} | {fig.marginal} "
            f"| {fig.fp} | {fig.sampled - fig.labelled} | {_fmt(fig.precision)} "
            f"| {_fmt(low)}-{_fmt(high)} | {_fmt(fig.useful)} "
            f"| {_fmt(old.precision)} ({old.labelled}) "
            f"| {_own_cell(snapshot, code, 'dev')} "
            f"| {_own_cell(snapshot, code, 'validation')} |"
        )
    return "\n".join(rows) + "\n"


def _own_cell(snapshot: Mapping[str, object], code: str, name: str) -> str:
    """Right findings over all findings of a rule on the project's own articles."""
    found = snapshot.get("own_findings") or {}
    assert isinstance(found, dict)  # noqa: S101
    verdicts = [
        bool(right)
        for key, rows in found.items()
        if key.startswith(f"{name}/")
        for rule, right in rows
        if rule == code
    ]
    if not verdicts:
        return "-"
    return f"{sum(verdicts)}/{len(verdicts)}"


def _recall_section(
    snapshot: Mapping[str, object],
    baseline: Mapping[str, object] | None,
    faults: Sequence[Fault],
) -> str:
    tables: dict[str, Caught] = {}
    for label, snap in (("now", snapshot), ("0.1.0", baseline)):
        if snap is None:
            continue
        recall = snap.get("recall") or {}
        own = snap.get("own_articles") or {}
        assert isinstance(recall, dict)  # noqa: S101
        assert isinstance(own, dict)  # noqa: S101
        for half in (corpus.VALIDATE, corpus.TUNE):
            tables[f"corpus, {half} ({label})"] = _corpus_caught(recall, faults, half)
        for name in OWN_ARTICLES:
            tables[f"own, {name} ({label})"] = _own_caught(own, name)
    rows = [
        "## Recall per area",
        "",
        "Faults listed by hand, blind to the rules' findings, in corpus articles "
        "(`benchmarks/labels/recall-set.txt`) and in articles written for the "
        "project (`tests/fixtures/articles/` for development, "
        "`benchmarks/articles-validation/` never tuned on). A fault is caught when "
        "a finding of a rule for its area covers it (anywhere in the article for a "
        "missing element). Each cell: caught with the default settings / caught "
        "with every preview rule on / faults.",
        "",
        "| area | " + " | ".join(tables) + " |",
        "|---|" + "---|" * len(tables),
    ]
    for area in (*AREAS, "all areas"):
        cells = [_recall_cell(table, area) for table in tables.values()]
        rows.append(f"| {area} | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


Caught = list[tuple[str, bool, bool]]  # (area, caught by default, caught by all)


def _corpus_caught(
    recall: Mapping[str, Mapping[str, list[list[object]]]],
    faults: Sequence[Fault],
    half: str,
) -> Caught:
    out: Caught = []
    for fault in faults:
        found = recall.get(fault.record)
        if found is None or corpus.half_of(fault.record.split("/", 1)[1]) != half:
            continue
        hits = {
            config: [Hit(str(c), int(str(s)), int(str(e))) for c, s, e in found[config]]
            for config in CONFIGS
        }
        out.append(
            (fault.area, fault.caught_by(hits["default"]), fault.caught_by(hits["all"]))
        )
    return out


def _own_caught(own: Mapping[str, list[Mapping[str, object]]], name: str) -> Caught:
    out: Caught = []
    for key, rows in own.items():
        if not key.startswith(f"{name}/"):
            continue
        for row in rows:
            caught = row["caught"]
            assert isinstance(caught, dict)  # noqa: S101
            out.append((str(row["area"]), bool(caught["default"]), bool(caught["all"])))
    return out


def _recall_cell(table: Caught, area: str) -> str:
    chosen = [t for t in table if area in ("all areas", t[0])]
    if not chosen:
        return "-"
    default = sum(t[1] for t in chosen)
    every = sum(t[2] for t in chosen)
    n = len(chosen)
    return f"{default} / {every} / {n} ({default / n:.0%}, {every / n:.0%})"


def _density_section(
    snapshot: Mapping[str, object], baseline: Mapping[str, object] | None
) -> str:
    rows = [
        "## Content findings on reliable news",
        "",
        "Findings of the content rules (HL1xx-HL4xx, HL6xx) with the default "
        "settings, on every development article from a reliable ReCOVery outlet "
        "(both halves): a measure of how often the tool interrupts careful copy. "
        "(0.1.0 was measured before records that repeat another's body were "
        "dropped.)",
        "",
        "| version | articles | words | content findings | per 1,000 words |",
        "|---|---|---|---|---|",
    ]
    for label, snap in (("0.1.0", baseline), ("now", snapshot)):
        density = (snap or {}).get("density")
        if not isinstance(density, dict):
            continue
        words = int(density.get("words", 0))
        findings = int(density.get("content_findings", 0))
        per_thousand = 1000 * findings / words if words else math.nan
        rows.append(
            f"| {label} | {density.get('articles', 0)} | {words} | {findings} "
            f"| {_fmt(per_thousand)} |"
        )
    return "\n".join(rows) + "\n"


def _detection_section(snapshot: Mapping[str, object]) -> str:
    detection = snapshot.get("detection") or {}
    assert isinstance(detection, dict)  # noqa: S101
    rows = [
        "## Document type detection",
        "",
        "The type healthlint detects for each development article (both halves), "
        "against the genre its corpus is known to hold: ReCOVery and HealthStory "
        "are news, HealthRelease press releases.",
        "",
        "| group | known genre | articles | detected as known genre | accuracy | "
        "detected types |",
        "|---|---|---|---|---|---|",
    ]
    right_total = total = 0
    for group in corpus.GROUPS:
        counts = detection.get(group) or {}
        n = sum(counts.values())
        right = counts.get(corpus.GENRES[group], 0)
        right_total += right
        total += n
        spread = ", ".join(f"{t or 'none'} {c}" for t, c in counts.items())
        rows.append(
            f"| {group} | {corpus.GENRES[group]} | {n} | {right} | "
            f"{_fmt(right / n if n else math.nan)} | {spread} |"
        )
    overall = right_total / total if total else math.nan
    rows.append(f"| all | | {total} | {right_total} | {_fmt(overall)} | |")
    return "\n".join(rows) + "\n"


def _unlabelled_section(
    sample: Mapping[str, Sequence[str]], labels: Mapping[str, Label]
) -> str:
    missing = [k for keys in sample.values() for k in keys if k not in labels]
    rows = [
        "## Findings in the sample with no label yet",
        "",
        f"{len(missing)} finding(s). Label them with `python benchmarks/labeltool.py "
        "pending`.",
        "",
    ]
    rows += [f"- `{key}`" for key in sorted(missing)]
    return "\n".join(rows) + "\n"


# --- main --------------------------------------------------------------------------


def write_outputs(snapshot: Mapping[str, object]) -> None:
    """Write the page and the shipped figures from a snapshot and the labels."""
    labels = read_labels()
    faults = read_faults()
    baseline = load_snapshot(BASELINE) if BASELINE.exists() else None
    PAGE.write_text(render_page(snapshot, labels, faults, baseline), encoding="utf-8")
    table = populations.measured_json(_split(snapshot, labels), rules_by_code())
    MEASURED.parent.mkdir(parents=True, exist_ok=True)
    MEASURED.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    _write_rule_pages()


def _write_rule_pages() -> None:
    """The rule pages show the figures, so they are rendered again with them."""
    from healthlint import measured  # noqa: PLC0415 (its cache must be cleared)
    from healthlint.ruledocs import render_site  # noqa: PLC0415

    measured.load.cache_clear()
    for name, text in render_site(load_builtin_rules()).items():
        (RULE_PAGES / name).write_text(text, encoding="utf-8")


def _split(
    snapshot: Mapping[str, object], labels: Mapping[str, Label]
) -> populations.Split:
    values = {key: label.value for key, label in labels.items()}
    return populations.split_labels(_sample(snapshot), values, snapshot)


def save_snapshot(snapshot: Mapping[str, object]) -> None:
    """One JSON file, keys sorted, so diffs show what changed."""
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(
        json.dumps(snapshot, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def load_snapshot(path: Path = SNAPSHOT) -> dict[str, object]:
    """A committed snapshot (the current one by default)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)  # noqa: S101
    return data


def main(argv: Sequence[str] | None = None) -> int:
    """Take the snapshot (unless --render-only), then write the page."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=corpus.DEFAULT_CORPORA)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--render-only", action="store_true")
    args = parser.parse_args(argv)
    if not args.render_only:
        save_snapshot(take_snapshot(args.corpora, args.jobs))
    write_outputs(load_snapshot())
    print(f"wrote {PAGE.relative_to(corpus.REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
