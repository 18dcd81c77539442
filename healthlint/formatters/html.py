"""``healthlint report`` and ``--format html``: one self-contained page to read.

The page is one file that works from ``file://`` with no network at all: CSS,
script and charts are inline, and a Content-Security-Policy allows only the
page's own style and script, by hash, so nothing an article contains can run.

How it stays quick with thousands of articles: the overview (totals, charts,
worst files, rule docs) is static HTML and SVG written here, so it paints before
any script runs. Each article travels as its own JSON block, parsed and drawn
only when the reader opens it; the files table is drawn from a small index.
Article text reaches the page only inside those JSON blocks, escaped so no
``<`` survives, and the script puts it in the document as text nodes.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Sequence
from functools import cache
from html import escape
from importlib import resources

from healthlint.formatters.html_charts import (
    GradeGroup,
    RuleCount,
    describe,
    grade_histogram,
    rule_bars,
)
from healthlint.formatters.html_data import (
    FINDING_FIELDS,
    SEVERITIES,
    Suggestions,
    article_data,
    counts,
    file_summary,
)
from healthlint.model import FileReport, Report, Severity
from healthlint.rule import Rule
from healthlint.summary import Totals

ICONS = {Severity.ERROR: "✖", Severity.WARNING: "▲", Severity.INFO: "●"}
_SEVERITY_NOUNS = {
    Severity.ERROR: "errors",
    Severity.WARNING: "warnings",
    Severity.INFO: "info",
}
WORST_FILES = 10


@cache
def asset(name: str) -> str:
    """A file of the page's own code (``report.css``, ``report.js``)."""
    folder = resources.files("healthlint.formatters") / "report_assets"
    return (folder / name).read_text(encoding="utf-8")


def csp_hash(code: str) -> str:
    """The CSP source expression that allows exactly this inline code."""
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(style: str, script: str) -> str:
    """Nothing may load, connect or submit; only the page's own code may run."""
    return (
        "default-src 'none'; "
        f"style-src {csp_hash(style)}; script-src {csp_hash(script)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )


def json_script(element_id: str, data: object) -> str:
    """Data in a script block that no string inside it can close or comment out."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def format_report(report: Report) -> str:
    """The whole page, ending with a newline."""
    style, script = asset("report.css"), asset("report.js")
    totals = Totals.of(report.files)
    suggestions = Suggestions()
    articles = [
        json_script(f"hl-file-{i}", article_data(f, suggestions))
        for i, f in enumerate(report.files)
    ]
    index = {
        "version": report.version,
        "severities": [s.label for s in SEVERITIES],
        "finding_fields": list(FINDING_FIELDS),
        "rules": rules_table(report.files),
        "suggestions": suggestions.texts,
        "files": [file_summary(f) for f in report.files],
    }
    return "".join(
        [
            head(totals, style, script),
            '<body><a class="skip" href="#main">Skip to the report</a>',
            header(report, totals),
            '<main id="main">',
            '<div id="view-overview">',
            overview(report.files, totals),
            files_section(report.files),
            rules_section(report),
            "</div>",
            '<section id="view-article" hidden aria-label="Article"></section>',
            '<div id="tip" role="tooltip" hidden></div>',
            "</main>",
            json_script("hl-index", index),
            *articles,
            f"<script>{script}</script></body></html>\n",
        ]
    )


def head(totals: Totals, style: str, script: str) -> str:
    """Document head: encoding, policy, title, the page's style."""
    policy = content_security_policy(style, script)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>healthlint report: {_plural(totals.files, 'file')}, "
        f"{_plural(totals.findings, 'finding')}</title>"
        f"<style>{style}</style></head>"
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def header(report: Report, totals: Totals) -> str:
    """The banner and the links between the page's parts."""
    return (
        '<header class="banner"><h1>healthlint report</h1>'
        f'<p class="meta">{_plural(totals.files, "file")} linted by healthlint '
        f"{escape(report.version)}</p>"
        '<nav aria-label="Report"><ul>'
        '<li><a href="#overview">Overview</a></li>'
        '<li><a href="#files">Files</a></li>'
        '<li><a href="#rules">Rules</a></li>'
        "</ul></nav></header>"
    )


def overview(files: Sequence[FileReport], totals: Totals) -> str:
    """Totals, findings by rule, readability against target, the worst files."""
    return (
        '<section id="overview" aria-labelledby="h-overview">'
        '<h2 id="h-overview" tabindex="-1">Overview</h2>'
        f"{cards(totals)}"
        '<h3 id="h-by-rule">Findings by rule</h3>'
        f"{rule_bars(rule_counts(totals))}"
        '<h3 id="h-readability">Readability against each type\'s target</h3>'
        f"{readability_charts(files)}"
        f"{worst_files(files)}"
        f"{unreadable(files)}"
        "</section>"
    )


def cards(totals: Totals, noun: str = "files") -> str:
    """The headline numbers, each with an id the browser tests read."""
    items = [
        _card("count-files", str(totals.files), noun),
        _card("count-findings", str(totals.findings), "findings"),
    ]
    for severity in SEVERITIES:
        number = str(totals.by_severity[severity])
        items.append(
            f'<li class="card sev-{severity.label}">'
            f'<span class="icon" aria-hidden="true">{ICONS[severity]}</span>'
            f'<span class="num" id="count-{severity.label}">{number}</span> '
            f"{_SEVERITY_NOUNS[severity]}</li>"
        )
    items.append(_target_card(totals))
    if totals.errors:
        items.append(_card("count-unreadable", str(totals.errors), "unreadable"))
    return f'<ul class="cards" aria-label="Totals">{"".join(items)}</ul>'


def _card(element_id: str, number: str, label: str) -> str:
    return (
        f'<li class="card"><span class="num" id="{element_id}">{number}</span> '
        f"{label}</li>"
    )


def _target_card(totals: Totals) -> str:
    if not totals.with_target:
        return _card("count-meeting", "-", "files with a readability target")
    share = round(100 * (totals.share_meeting_target or 0))
    return (
        f'<li class="card"><span class="num" id="count-meeting">{share}%</span> '
        f"meet their readability target ({totals.meeting_target} of "
        f"{totals.with_target})</li>"
    )


def rule_counts(totals: Totals) -> list[RuleCount]:
    """One row per rule and severity, most findings first."""
    rows = sorted(totals.by_rule.items(), key=lambda item: (-item[1], item[0]))
    return [
        RuleCount(code, slug, severity, count) for (code, slug, severity), count in rows
    ]


def readability_charts(files: Iterable[FileReport]) -> str:
    """One histogram per document type, with its target."""
    groups: dict[str, list[float]] = {}
    targets: dict[str, float | None] = {}
    for report in files:
        score = report.readability
        if score is None or score.flesch_kincaid_grade is None:
            continue
        doc_type = report.document_type or "default"
        groups.setdefault(doc_type, []).append(score.flesch_kincaid_grade)
        targets.setdefault(doc_type, score.target_grade)
    if not groups:
        return '<p class="empty">No file was scored.</p>'
    return grade_figures([GradeGroup(t, groups[t], targets[t]) for t in sorted(groups)])


def grade_figures(groups: Sequence[GradeGroup]) -> str:
    """The histograms of grades per document type, each with its caption."""
    figures = []
    for number, group in enumerate(groups):
        chart = grade_histogram(group, f"chart-grades-{number}")
        figures.append(
            f'<figure class="histogram">{chart}'
            f"<figcaption>{escape(describe(group))}</figcaption></figure>"
        )
    return '<div class="histograms">' + "".join(figures) + "</div>"


def worst_files(files: Sequence[FileReport]) -> str:
    """The files with the most serious findings, linked to their article views."""
    ranked = sorted(
        (i for i, f in enumerate(files) if f.findings),
        key=lambda i: ([-n for n in counts(files[i])], files[i].path),
    )[:WORST_FILES]
    if not ranked:
        return ""
    items = [
        f'<li><a href="#file-{i}">{escape(files[i].path)}</a> '
        f"{count_badges(counts(files[i]))}</li>"
        for i in ranked
    ]
    return (
        '<h3 id="h-worst">Files with the most serious findings</h3>'
        f'<ol class="worst">{"".join(items)}</ol>'
    )


def count_badges(numbers: Sequence[int]) -> str:
    """Errors, warnings and info as labelled badges; zero counts are left out."""
    return " ".join(
        f'<span class="badge sev-{severity.label}">'
        f'<span aria-hidden="true">{ICONS[severity]}</span> {number} '
        f"{severity.label}</span>"
        for severity, number in zip(SEVERITIES, numbers, strict=True)
        if number
    )


def unreadable(files: Iterable[FileReport]) -> str:
    """Inputs that could not be read, each with the reason."""
    items = [
        f"<li><code>{escape(f.path)}</code>: {escape(f.error)}</li>"
        for f in files
        if f.error is not None
    ]
    if not items:
        return ""
    return (
        '<h3 id="h-unreadable">Files that could not be read completely</h3>'
        f'<ul class="unreadable">{"".join(items)}</ul>'
    )


def files_section(files: Sequence[FileReport]) -> str:
    """Filters and the shell of the files table, which the script fills."""
    types = sorted({f.document_type or "default" for f in files})
    options = "".join(
        f'<option value="{escape(t)}">{escape(t)}</option>' for t in types
    )
    return (
        '<section id="files" aria-labelledby="h-files">'
        '<h2 id="h-files" tabindex="-1">Files</h2>'
        '<form class="filters" id="file-filters" role="search" '
        'aria-label="Filter files">'
        '<label>Path contains <input type="search" id="filter-path"></label>'
        '<label>Type <select id="filter-type"><option value="">any</option>'
        f"{options}</select></label>"
        '<label>Readability <select id="filter-target">'
        '<option value="">any</option><option value="above">above target</option>'
        '<option value="meets">meets target</option>'
        '<option value="none">no target</option></select></label>'
        '<label><input type="checkbox" id="filter-findings"> '
        "only files with findings</label></form>"
        '<p id="files-status" role="status"></p>'
        '<div class="table-wrap"><table id="files-table" class="data">'
        "<caption>Every file: choose a column heading to sort by it, a path "
        "to read the article.</caption><thead><tr>"
        f"{_sortable_headings()}</tr></thead><tbody></tbody></table></div>"
        '<p id="file-pages" class="pages" hidden>'
        '<button type="button" id="page-prev">◀ Previous rows</button> '
        '<button type="button" id="page-next">Next rows ▶</button></p>'
        "<noscript><p>The files table and the articles need JavaScript; the "
        "overview above does not.</p></noscript></section>"
    )


_COLUMNS = (
    ("path", "File"),
    ("type", "Type"),
    ("grade", "Grade"),
    ("target", "Target"),
    ("meets", "Meets target"),
    ("error", "Errors"),
    ("warning", "Warnings"),
    ("info", "Info"),
)


def _sortable_headings() -> str:
    return "".join(
        f'<th scope="col"{_SORTED if key == "path" else ""}>'
        f'<button type="button" data-sort="{key}">{label}</button></th>'
        for key, label in _COLUMNS
    )


_SORTED = ' aria-sort="ascending"'


def rules_table(files: Iterable[FileReport]) -> dict[str, dict[str, str]]:
    """Slug and docs address of every rule that has a finding, by code."""
    table: dict[str, dict[str, str]] = {}
    for report in files:
        for finding in report.findings:
            table.setdefault(
                finding.code, {"slug": finding.rule, "docs_url": finding.docs_url}
            )
    return dict(sorted(table.items()))


def rules_section(report: Report) -> str:
    """What each rule with a finding checks and why: the target of docs links."""
    table = rules_table(report.files)
    known = {rule.code: rule for rule in report.rules}
    entries = [rule_entry(code, info, known.get(code)) for code, info in table.items()]
    body = "".join(entries) or '<p class="empty">No rule found anything.</p>'
    return (
        '<section id="rules" aria-labelledby="h-rules">'
        '<h2 id="h-rules" tabindex="-1">Rules</h2>'
        "<p>What each rule with a finding checks, and why it matters: open one "
        "to read it.</p>"
        f"{body}</section>"
    )


def rule_entry(code: str, info: dict[str, str], rule: Rule | None) -> str:
    """One rule's documentation (folded until opened), or where to find it."""
    opening = (
        f'<details class="rule" id="rule-{escape(code)}"><summary>'
        f'<h3 class="rule-title">{escape(code)} {escape(info["slug"])}</h3>'
    )
    if rule is None:
        return (
            f"{opening}</summary><p>Documentation: "
            f"<code>{escape(info['docs_url'])}</code> in the healthlint repository."
            "</p></details>"
        )
    docs = rule.docs
    references = "".join(f"<li>{escape(ref)}</li>" for ref in docs.references)
    return (
        f"{opening}: {escape(_first_sentence(docs.what))}</summary>"
        f"<h4>What it does</h4><p>{escape(docs.what.strip())}</p>"
        f"<h4>Why it matters</h4><p>{escape(docs.why.strip())}</p>"
        f'<h4>Example</h4><blockquote class="example">{escape(docs.example.strip())}'
        "</blockquote>"
        f'<h4>Use instead</h4><blockquote class="example">'
        f"{escape(docs.use_instead.strip())}</blockquote>"
        f"<h4>References</h4><ul>{references}</ul></details>"
    )


def _first_sentence(text: str) -> str:
    """The rule's summary line, as in the README's rule table."""
    first = text.strip().split(". ")[0].split(": ")[0].rstrip(".")
    return first.removeprefix("Flags ") + "."
