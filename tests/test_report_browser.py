"""The HTML report in a real browser: headless Chromium driven by Playwright.

Each test opens the page that ``healthlint report`` wrote (the real executable,
as a subprocess) from ``file://`` and checks what a reader gets: totals equal
to the JSON report's, every finding highlighted at its exact span, working
filters, focus and keys, no script error, no request of any kind, no axe-core
accessibility violation, and articles written to attack the page staying inert.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .browser import ARTEFACTS, axe_source, launch
from .conftest import ROOT, run_healthlint, source_at

pytestmark = pytest.mark.slow


@dataclass
class Page:
    """A browser tab on a report, with everything the page logged or requested."""

    tab: Any
    url: str
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, fragment: str = "") -> None:
        self.tab.goto(self.url + fragment)
        self.tab.wait_for_selector("body[data-ready]")

    def js(self, expression: str, arg: object = None) -> Any:
        return self.tab.evaluate(expression, arg)


@dataclass(frozen=True)
class Built:
    """A report page and the JSON report of the same run."""

    page: Path
    report: dict[str, Any]
    cwd: Path


def build(cwd: Path, target: str, out: Path) -> Built:
    written = run_healthlint(
        cwd, "report", "--isolated", "--no-cache", target, "--out", str(out)
    )
    assert written.returncode in {0, 2}, written.stderr
    assert out.is_file()
    checked = run_healthlint(
        cwd, "check", "--isolated", "--no-cache", "--format", "json", target
    )
    return Built(out, json.loads(checked.stdout), cwd)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("report") / "report.html"
    return build(ROOT, "examples/", out)


def open_page(browser: Any, built: Built, **context: object) -> Page:
    tab = browser.new_context(
        viewport={"width": 1280, "height": 900}, **context
    ).new_page()
    tab.set_default_timeout(10_000)
    page = Page(tab, built.page.as_uri())
    tab.on(
        "console",
        lambda m: (
            page.problems.append(f"{m.type}: {m.text}")
            if m.type in {"error", "warning"}
            else None
        ),
    )
    tab.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    tab.on("request", lambda r: page.requests.append(r.url))
    tab.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    return page


@pytest.fixture
def page(browser: Any, examples: Built) -> Iterator[Page]:
    opened = open_page(browser, examples)
    yield opened
    opened.tab.context.close()


def file_number(built: Built, path: str) -> int:
    return [f["path"] for f in built.report["files"]].index(path)


def by_severity(findings: list[dict[str, Any]], severity: str) -> int:
    return sum(f["severity"] == severity for f in findings)


# --- loading and totals ---------------------------------------------------------


def test_opens_from_file_url_with_no_error_and_no_request(page: Page) -> None:
    page.open()
    page.open("#file-1")
    page.js("document.querySelector('#source mark.hl.anchor').focus()")
    assert page.problems == []
    assert {url.split("#")[0] for url in page.requests} == {page.url}
    policy = page.js(
        "document.querySelector('meta[http-equiv=Content-Security-Policy]').content"
    )
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy


def test_totals_on_the_page_equal_the_json_report(page: Page, examples: Built) -> None:
    page.open()
    summary = examples.report["summary"]
    cards = page.js(
        "Object.fromEntries([...document.querySelectorAll('.cards .num')].map(e => [e.id, e.textContent]))"
    )
    assert cards["count-files"] == str(summary["files"])
    assert cards["count-findings"] == str(summary["findings"])
    for severity in ("error", "warning", "info"):
        assert cards[f"count-{severity}"] == str(
            summary["by_severity"].get(severity, 0)
        )
    rows = page.js(
        "[...document.querySelectorAll('#files-table tbody tr')].map(tr => "
        "[tr.querySelector('a').textContent, [...tr.querySelectorAll('td[data-severity]')].map(td => Number(td.textContent))])"
    )
    expected = {
        f["path"]: [by_severity(f["findings"], s) for s in ("error", "warning", "info")]
        for f in examples.report["files"]
    }
    assert dict(rows) == expected


def test_every_finding_is_highlighted_at_its_exact_span(
    page: Page, examples: Built
) -> None:
    checked = 0
    for number, file in enumerate(examples.report["files"]):
        page.open(f"#file-{number}")
        source = (examples.cwd / file["path"]).read_text(encoding="utf-8-sig")
        shown = page.js(
            "n => Array.from({length: n}, (_, i) => [...document.querySelectorAll('#source mark.hl')]"
            ".filter(m => m.dataset.findings.split(' ').includes(String(i))).map(m => m.textContent).join(''))",
            len(file["findings"]),
        )
        wanted = [
            source_at(source, f["line"], f["column"], f["end_line"], f["end_column"])
            for f in file["findings"]
        ]
        assert shown == wanted, file["path"]
        anchors = page.js("document.querySelectorAll('#source mark.hl.anchor').length")
        assert anchors >= 1 if file["findings"] else anchors == 0
        prose = page.js(
            "[...document.getElementById('source').childNodes]"
            ".filter(n => !(n.classList && n.classList.contains('section-badge')))"
            ".map(n => n.textContent).join('')"
        )
        assert prose == source  # the whole article is there, character for character
        checked += len(wanted)
    assert checked == examples.report["summary"]["findings"]


# --- interaction -------------------------------------------------------------------


def active(page: Page) -> dict[str, Any]:
    return page.js(
        "(() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
        " return {id: e.id, tag: e.tagName, inView: r.top >= 0 && r.bottom <= innerHeight,"
        " findings: e.dataset.findings || ''}; })()"
    )


def test_clicking_a_finding_in_the_table_focuses_its_highlight(
    page: Page, examples: Built
) -> None:
    number = file_number(examples, "examples/overclaiming-blog.md")
    page.open(f"#file-{number}")
    findings = examples.report["files"][number]["findings"]
    last = len(findings) - 1
    page.tab.click(f"#findings-table button[data-finding='{last}']")
    focused = active(page)
    assert focused["tag"] == "MARK"
    assert str(last) in focused["findings"].split()
    assert focused["inView"]
    tip = page.tab.locator("#tip")
    assert tip.is_visible()
    assert findings[last]["message"] in tip.inner_text()
    assert tip.locator(f"a[href='#rule-{findings[last]['code']}']").count() == 1


def test_keyboard_moves_between_findings(page: Page, examples: Built) -> None:
    number = file_number(examples, "examples/press-release.txt")
    page.open(f"#file-{number}")
    anchors = page.js(
        "[...document.querySelectorAll('#source mark.hl.anchor')].map(m => m.id)"
    )
    assert len(anchors) >= 3
    page.tab.keyboard.press("n")
    assert active(page)["id"] == anchors[0]
    page.tab.keyboard.press("j")
    assert active(page)["id"] == anchors[1]
    page.tab.keyboard.press("n")
    assert active(page)["id"] == anchors[2]
    page.tab.keyboard.press("p")
    assert active(page)["id"] == anchors[1]
    assert page.tab.locator("#tip").is_visible()
    page.tab.keyboard.press("Escape")
    assert page.tab.locator("#tip").is_hidden()
    page.tab.keyboard.press("Tab")  # the next highlight is also the next stop for Tab
    assert active(page)["id"] == anchors[2]


def test_filters_hide_and_show_highlights(page: Page, examples: Built) -> None:
    number = file_number(examples, "examples/overclaiming-blog.md")
    findings = examples.report["files"][number]["findings"]
    page.open(f"#file-{number}")
    count_marked = (
        "sev => new Set([...document.querySelectorAll('#source mark.hl')].flatMap(m => m.dataset.findings.split(' '))"
        ".values().filter(i => !sev || window.__findings[i].severity === sev)).size"
    )
    page.js(f"window.__findings = {json.dumps(findings)}")
    assert page.js(count_marked, None) == len(findings)
    page.tab.uncheck("#finding-filters input[data-group=severity][value=warning]")
    assert page.js(count_marked, "warning") == 0
    shown = len(findings) - by_severity(findings, "warning")
    assert page.js(count_marked, None) == shown
    assert (
        page.js("document.querySelectorAll('#findings-table tbody tr').length") == shown
    )
    page.tab.check("#finding-filters input[data-group=severity][value=warning]")
    assert page.js(count_marked, None) == len(findings)
    page.tab.uncheck("#finding-filters input[data-group=rule][value=HL201]")
    codes = page.js(
        "[...document.querySelectorAll('#findings-table tbody tr td:nth-child(3)')].map(td => td.textContent.split(' ')[0])"
    )
    assert "HL201" not in codes
    assert len(codes) == len(findings) - sum(f["code"] == "HL201" for f in findings)
    page.tab.check("#finding-filters input[data-group=rule][value=HL201]")


def test_files_table_sorts_and_filters(page: Page, examples: Built) -> None:
    page.open()
    page.tab.click("#files-table th button[data-sort=error]")
    first = page.js("document.querySelector('#files-table tbody tr a').textContent")
    most = max(
        examples.report["files"], key=lambda f: by_severity(f["findings"], "error")
    )
    assert first == most["path"]
    assert (
        page.js("document.querySelector('#files-table th[aria-sort]').textContent")
        == "Errors"
    )
    page.tab.fill("#filter-path", "clinic")
    rows = page.js(
        "[...document.querySelectorAll('#files-table tbody tr a')].map(a => a.textContent)"
    )
    assert rows == ["examples/clinic-page.html"]
    page.tab.click("#files-table tbody tr a")
    page.tab.wait_for_selector("#source")
    assert (
        page.js("document.getElementById('article-title').textContent")
        == "examples/clinic-page.html"
    )


def test_rule_docs_link_opens_the_rule(page: Page, examples: Built) -> None:
    page.open(f"#file-{file_number(examples, 'examples/clinic-page.html')}")
    page.tab.click("#findings-table a[href^='#rule-']")
    page.tab.wait_for_selector("details.rule[open]")
    opened = page.js(
        "[...document.querySelectorAll('details.rule[open]')].map(d => d.id)"
    )
    assert len(opened) == 1
    assert page.js("document.activeElement.tagName") == "SUMMARY"


def test_screenshot_is_saved(page: Page, examples: Built) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    page.open()
    overview = ARTEFACTS / "report-overview.png"
    page.tab.screenshot(path=str(overview), full_page=False)
    page.open(f"#file-{file_number(examples, 'examples/overclaiming-blog.md')}")
    page.tab.keyboard.press("n")
    article = ARTEFACTS / "report-article.png"
    page.tab.screenshot(path=str(article))
    for shot in (overview, article):
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 10_000


# --- accessibility -------------------------------------------------------------------


def axe_violations(page: Page, source: str) -> list[str]:
    page.js(source)
    result = page.tab.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def test_axe_finds_no_accessibility_violation(browser: Any, examples: Built) -> None:
    source = axe_source()
    # axe is injected by the test; the page's own policy would rightly refuse it.
    page = open_page(browser, examples, bypass_csp=True)
    try:
        page.open()
        assert axe_violations(page, source) == []
        page.open(f"#file-{file_number(examples, 'examples/overclaiming-blog.md')}")
        page.tab.keyboard.press("n")  # with a note open
        assert axe_violations(page, source) == []
        page.open("#rules")
        page.js("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert axe_violations(page, source) == []
    finally:
        page.tab.context.close()


# --- hostile articles ---------------------------------------------------------------

HOSTILE_MARKDOWN = """\
# A miracle cure <script>window.__pwned = 'md-script'; alert('md')</script>

This tea cures everything. <img src=x onerror="window.__pwned = 'md-img'; alert('img')">
Read [the offer](javascript:window.__pwned='md-link';alert('link')) before it ends.
A closing tag in prose: </script><script>window.__pwned = 'md-close'</script> and an
opening comment <!-- that never closes <script>alert('comment')</script>
"""

HOSTILE_HTML = """\
<html><body>
<h1>Guaranteed results</h1>
<p>Our remedy is completely safe.<script>window.__pwned = 'html-script'</script></p>
<p><img src="x" onerror="window.__pwned = 'html-img'"> <a href="javascript:window.__pwned='html-link'">Book now</a></p>
<p>Text with &lt;/script&gt; and <!-- an unterminated comment
"""

HOSTILE_TEXT = """\
Plain text that cures arthritis </script><script>window.__pwned='txt'</script>
<!-- <img src=x onerror=alert(1)> and "quotes" & ampersands \u2028 line separator
"""

HOSTILE_NAME = "\"><img src=x onerror=alert('name')>.md"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("hostile")
    articles = folder / "articles"
    articles.mkdir()
    (articles / "attack.md").write_text(HOSTILE_MARKDOWN, encoding="utf-8")
    (articles / "attack.html").write_text(HOSTILE_HTML, encoding="utf-8")
    (articles / "attack.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (articles / HOSTILE_NAME).write_text("This pill cures colds.\n", encoding="utf-8")
    return build(folder, "articles", folder / "report.html")


def test_hostile_articles_stay_inert(browser: Any, hostile: Built) -> None:
    page = open_page(browser, hostile)
    try:
        page.open()
        files = hostile.report["files"]
        assert page.js(
            "document.querySelectorAll('#files-table tbody tr').length"
        ) == len(files)
        for number, file in enumerate(files):
            page.open(f"#file-{number}")
            page.tab.keyboard.press("n")
            source = (hostile.cwd / file["path"]).read_text(encoding="utf-8")
            prose = page.js(
                "[...document.getElementById('source').childNodes]"
                ".filter(n => !(n.classList && n.classList.contains('section-badge')))"
                ".map(n => n.textContent).join('')"
            )
            assert prose == source  # shown as text, every character of it
            planted = page.js(
                "document.querySelectorAll('main img, main script, #source a, #source iframe, [onerror]').length"
            )
            assert planted == 0
            assert (
                page.js("document.getElementById('article-title').textContent")
                == file["path"]
            )
        assert page.js("window.__pwned === undefined")
        assert page.dialogs == []
        assert page.problems == []  # a refused inline script would log an error here
        assert page.js("document.title").startswith("healthlint report")
        assert {url.split("#")[0] for url in page.requests} == {page.url}
    finally:
        page.tab.context.close()


def test_long_files_table_is_shown_a_page_at_a_time(
    browser: Any, tmp_path: Path
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for number in range(205):
        text = (
            "Skip the doctor: this tea treats colds.\n"
            if number == 204
            else "Plain words here.\n"
        )
        (articles / f"a{number:03}.md").write_text(text, encoding="utf-8")
    page = open_page(browser, build(tmp_path, "articles", tmp_path / "report.html"))
    try:
        page.open()
        rows = "document.querySelectorAll('#files-table tbody tr').length"
        assert page.js(rows) == 200
        assert "files 1-200 of 205" in page.js(
            "document.getElementById('files-status').textContent"
        )
        page.tab.click("#page-next")
        assert page.js(rows) == 5
        page.tab.click(
            "#files-table th button[data-sort=error]"
        )  # sorting starts again at the top
        assert page.js(rows) == 200
        assert (
            page.js("document.querySelector('#files-table tbody tr a').textContent")
            == "articles/a204.md"
        )
        assert page.problems == []
    finally:
        page.tab.context.close()
