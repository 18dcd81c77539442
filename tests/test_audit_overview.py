"""overview.html in a real browser: it opens alone, agrees with summary.json, passes axe."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from healthlint.audit.summary import KEEP

from .audit_archives import write_jsonl
from .browser import ARTEFACTS, axe_source, launch
from .conftest import run_healthlint
from .test_report_browser import axe_violations

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("audit")
    write_jsonl(folder / "archive.jsonl", 160, broken=(4, 90))
    run = run_healthlint(folder, "audit", "--isolated", "archive.jsonl", "--out",
                         "results", "--partition-size", "40", "-j", "1")  # fmt: skip
    assert run.returncode == 2, run.stderr
    return folder / "results"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


SEVERITY_KEYS = ("errors", "warnings", "info")


def articles_with_findings(results: Path) -> int:
    """Readable articles with at least one finding, counted in the article table."""
    table = pq.read_table(results / "articles")
    return sum(
        1
        for error, findings in zip(
            table.column("error").to_pylist(),
            table.column("findings").to_pylist(),
            strict=True,
        )
        if error is None and findings
    )


def ranked_counts(item: str) -> tuple[int, int, int]:
    """Errors, warnings and info as one worst-list entry shows them (badges)."""
    words = item.split()
    return tuple(  # type: ignore[return-value]
        int(words[words.index(label) - 1]) if label in words else 0
        for label in ("error", "warning", "info")
    )


class Tab:
    def __init__(self, browser: Any, page: Path, **context: object) -> None:
        self.tab = browser.new_context(
            viewport={"width": 1280, "height": 900}, **context
        ).new_page()
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.tab.on("console", lambda m: self.problems.append(f"{m.type}: {m.text}"))
        self.tab.on("pageerror", lambda e: self.problems.append(f"error: {e}"))
        self.tab.on("request", lambda r: self.requests.append(r.url))
        self.url = page.as_uri()
        self.tab.goto(self.url)

    def texts(self, selector: str) -> list[str]:
        return list(
            self.tab.eval_on_selector_all(
                selector, "els => els.map(e => e.textContent)"
            )
        )

    def close(self) -> None:
        self.tab.context.close()


def test_the_overview_shows_the_summary_worst_first(
    browser: Any, audited: Path
) -> None:
    summary = json.loads((audited / "summary.json").read_text(encoding="utf-8"))
    tab = Tab(browser, audited / "overview.html")
    try:
        assert tab.problems == []
        assert tab.requests == [tab.url]
        assert tab.texts("#count-files") == [str(summary["articles"])]
        assert tab.texts("#count-findings") == [str(summary["findings"])]
        assert tab.texts("#count-unreadable") == ["2"]
        for label in ("error", "warning", "info"):
            assert tab.texts(f"#count-{label}") == [str(summary["by_severity"][label])]
        worst = tab.texts("ol.worst li strong")
        assert worst == [w["title"] for w in summary["worst"][:25]]
        assert len(summary["worst"]) == min(KEEP, articles_with_findings(audited))
        shown = [ranked_counts(item) for item in tab.texts("ol.worst li")]
        assert shown
        assert shown == sorted(shown, reverse=True)
        assert shown[0] == tuple(summary["worst"][0][k] for k in SEVERITY_KEYS)
        years = tab.texts("#h-by-year + .table-wrap tbody th")
        assert years == sorted(summary["years"])
        assert len(tab.texts("svg.chart")) == 1 + len(
            [t for t in summary["types"].values() if t["median_grade"] is not None]
        )
        ARTEFACTS.mkdir(exist_ok=True)
        shot = ARTEFACTS / "audit-overview.png"
        tab.tab.screenshot(path=str(shot), full_page=False)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        tab.close()


def test_axe_finds_no_accessibility_violation(browser: Any, audited: Path) -> None:
    source = axe_source()
    tab = Tab(browser, audited / "overview.html", bypass_csp=True)
    try:

        class Shim:  # axe_violations drives a report Page; this tab has the same API
            def __init__(self, page: Any) -> None:
                self.tab = page

            def js(self, expression: str) -> Any:
                return self.tab.evaluate(expression)

        assert axe_violations(Shim(tab.tab), source) == []  # type: ignore[arg-type]
    finally:
        tab.close()
