"""The overview of an audited archive, as one static HTML page.

It is the HTML report's overview (the same cards, rules chart and readability
histograms, drawn by the same functions) for an archive too large to embed: no
article text and no script, only totals that the audit merged as it went. The
worst articles come first, then the archive cut by type, year and category, and
the records that could not be read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from healthlint.formatters.html import (
    asset,
    cards,
    count_badges,
    csp_hash,
    grade_figures,
    rule_counts,
)
from healthlint.formatters.html_charts import GradeGroup, rule_bars
from healthlint.summary import Totals


@dataclass(frozen=True)
class RankedArticle:
    """One of the worst articles: what names it, where it is, its counts."""

    label: str
    location: str | None
    counts: tuple[int, int, int]  # errors, warnings, info


@dataclass(frozen=True)
class SliceTable:
    """The archive cut one way (by type, year...): a heading and its rows."""

    heading: str
    key: str
    rows: tuple[tuple[str, ...], ...]


SLICE_COLUMNS = ("Articles", "Findings", "With an error", "Median grade", "Meet target")


@dataclass(frozen=True)
class ArchiveView:
    """Everything the page shows, already counted."""

    name: str
    version: str
    totals: Totals
    grades: tuple[GradeGroup, ...]
    worst: tuple[RankedArticle, ...]
    slices: tuple[SliceTable, ...]
    unreadable: tuple[tuple[str, str], ...]


def archive_page(view: ArchiveView) -> str:
    """The whole page, ending with a newline."""
    style = asset("report.css")
    policy = (
        f"default-src 'none'; style-src {csp_hash(style)}; script-src 'none'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    articles = f"{view.totals.files:,} article{'' if view.totals.files == 1 else 's'}"
    return "".join(
        [
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>healthlint audit: {escape(view.name)}, {articles}</title>",
            f"<style>{style}</style></head><body>",
            '<header class="banner"><h1>healthlint audit</h1>',
            f'<p class="meta">{escape(view.name)}: {articles} audited by healthlint '
            f"{escape(view.version)}</p></header>",
            '<main id="main"><section id="overview" aria-labelledby="h-overview">',
            '<h2 id="h-overview">Overview</h2>',
            cards(view.totals, "articles"),
            _worst(view.worst),
            '<h3 id="h-by-rule">Findings by rule</h3>',
            rule_bars(rule_counts(view.totals)),
            '<h3 id="h-readability">Readability against each type\'s target</h3>',
            grade_figures(view.grades) if view.grades else _empty("No article scored."),
            *(_slice(table) for table in view.slices),
            _unreadable(view.unreadable, view.totals.errors),
            "</section></main></body></html>\n",
        ]
    )


def _empty(text: str) -> str:
    return f'<p class="empty">{escape(text)}</p>'


def _worst(ranked: Sequence[RankedArticle]) -> str:
    """The articles to fix first: most errors, then warnings, then info."""
    if not ranked:
        return '<h3 id="h-worst">Articles to fix first</h3>' + _empty("No findings.")
    items = []
    for article in ranked:
        where = (
            f' <span class="meta">{escape(article.location)}</span>'
            if article.location and article.location != article.label
            else ""
        )
        items.append(
            f"<li><strong>{escape(article.label)}</strong>{where} "
            f"{count_badges(article.counts)}</li>"
        )
    return (
        f'<h3 id="h-worst">Articles to fix first (the {len(ranked)} with the most '
        f'serious findings)</h3><ol class="worst">{"".join(items)}</ol>'
        "<p>summary.json lists more; the articles table has every article.</p>"
    )


def _slice(table: SliceTable) -> str:
    heads = "".join(f'<th scope="col">{escape(c)}</th>' for c in SLICE_COLUMNS)
    rows = "".join(
        f'<tr><th scope="row">{escape(row[0])}</th>'
        + "".join(f'<td class="n">{escape(cell)}</td>' for cell in row[1:])
        + "</tr>"
        for row in table.rows
    )
    return (
        f'<h3 id="h-by-{escape(table.key)}">{escape(table.heading)}</h3>'
        f'<div class="table-wrap"><table class="data"><thead><tr>'
        f'<th scope="col">{escape(table.key.capitalize())}</th>{heads}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def _unreadable(items: Sequence[tuple[str, str]], total: int) -> str:
    if not items:
        return ""
    shown = "".join(
        f"<li><code>{escape(name)}</code>: {escape(error)}</li>"
        for name, error in items
    )
    more = (
        f"<p>The first {len(items)} of {total:,}; the articles table has them all "
        "(the <code>error</code> column).</p>"
        if total > len(items)
        else ""
    )
    return (
        '<h3 id="h-unreadable">Records that could not be read completely</h3>'
        f'<ul class="unreadable">{shown}</ul>{more}'
    )
