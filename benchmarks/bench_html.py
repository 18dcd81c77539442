#!/usr/bin/env python3
"""How big the HTML report gets and how fast it opens, on 200 and 2,000 real articles.

Why this exists: the report embeds every article, so its size and the time a
browser needs to show it grow with the archive. This script writes the
corpora's articles into a temporary folder (skipping the held-out records),
builds the page with ``healthlint report``, and opens it in headless Chromium
(Debian's ``/usr/bin/chromium`` through Playwright) several times, reading the
browser's own Performance API: first contentful paint, DOMContentLoaded, the
moment the page's script has drawn the files table, and how long opening the
last article and sorting the table take. The figures go to a section of their
own in ``benchmarks/RESULTS.md``; the other sections are left as they are.

Usage (from the repository root, healthlint installed with its test extras):

    python benchmarks/bench_html.py                       # 200 and 2,000, 5 runs
    python benchmarks/bench_html.py --sizes 50 --runs 2 --out /tmp/try.md
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import corpus
import sections
from playwright.sync_api import Browser, sync_playwright

REPO = Path(__file__).resolve().parent.parent
SOURCES = ("healthstory", "healthrelease")  # taken alternately, as run.py does
FALLBACK = "recovery"
MIN_WORDS = 100
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SECTION = "html-report"
BEGIN, END = sections.markers(SECTION)


def records(corpora: Path, stem: str) -> list[dict[str, Any]]:
    """Usable records of one corpus: development rows of at least MIN_WORDS words."""
    return [
        row
        for row in corpus.development_rows(corpora, stem)
        if len(str(row.get("text") or "").split()) >= MIN_WORDS
    ]


def pick(corpora: Path, size: int) -> list[dict[str, Any]]:
    """``size`` articles: stories and releases alternately, then the fallback."""
    queues = [records(corpora, stem) for stem in SOURCES]
    chosen: list[dict[str, Any]] = []
    while len(chosen) < size and any(queues):
        for queue in queues:
            if queue and len(chosen) < size:
                chosen.append(queue.pop(0))
    if len(chosen) < size:
        chosen += records(corpora, FALLBACK)[: size - len(chosen)]
    return chosen


def write_articles(chosen: list[dict[str, Any]], folder: Path) -> int:
    """One Markdown file per record, as the corpora's materialise.py writes them."""
    folder.mkdir(parents=True)
    total = 0
    for record in chosen:
        path = folder / corpus.file_name(record, ".md")
        path.write_text(corpus.render_markdown(record), encoding="utf-8")
        total += path.stat().st_size
    return total


@dataclass
class Opened:
    """One page load, in milliseconds from navigation start."""

    first_paint: float
    dom_loaded: float
    ready: float
    open_article: float
    sort_table: float


OPEN_LAST = """async (n) => {
  const t = performance.now();
  location.hash = "#file-" + (n - 1);
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  if (!document.getElementById("source")) throw new Error("article not drawn");
  return performance.now() - t;
}"""
SORT = """async () => {
  location.hash = "#files";
  await new Promise((r) => requestAnimationFrame(r));
  const t = performance.now();
  document.querySelector("#files-table th button[data-sort=warning]").click();
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t;
}"""
TIMINGS = """() => ({
  fcp: performance.getEntriesByName("first-contentful-paint")[0].startTime,
  dom: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
  ready: performance.getEntriesByName("report-ready")[0].startTime,
})"""


def open_page(browser: Browser, page_file: Path, files: int) -> Opened:
    """Load the page in a fresh context and read the browser's timings."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(page_file.as_uri(), timeout=120_000)
        tab.wait_for_selector("body[data-ready]", timeout=120_000)
        times = tab.evaluate(TIMINGS)
        article = tab.evaluate(OPEN_LAST, files)
        sort = tab.evaluate(SORT)
        return Opened(times["fcp"], times["dom"], times["ready"], article, sort)
    finally:
        context.close()


@dataclass
class Result:
    """Everything measured for one set of articles."""

    files: int
    input_bytes: int
    page_bytes: int
    findings: int
    build_seconds: float
    loads: list[Opened]

    def median(self, name: str) -> float:
        """The median of one timing over the loads."""
        return statistics.median(getattr(load, name) for load in self.loads)

    def spread(self, name: str) -> str:
        """Fastest-slowest of one timing."""
        values = [getattr(load, name) for load in self.loads]
        return f"{min(values):.0f}-{max(values):.0f}"


def build(healthlint: str, folder: Path, out: Path) -> tuple[float, int]:
    """Run ``healthlint report``; its wall time and the number of findings."""
    command = [healthlint, "report", "--isolated", "--no-cache", "--quiet",
               str(folder), "--out", str(out)]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=folder.parent)
    seconds = time.perf_counter() - start
    page = out.read_text(encoding="utf-8")
    found = re.search(r'id="count-findings">(\d+)<', page)
    return seconds, int(found.group(1)) if found else -1


def measure(args: argparse.Namespace, scratch: Path, size: int) -> Result:
    """Build the page for ``size`` articles and open it ``args.runs`` times."""
    folder = scratch / f"set-{size}" / "articles"
    input_bytes = write_articles(pick(args.corpora, size), folder)
    files = len(list(folder.iterdir()))
    page_file = folder.parent / "report.html"
    seconds, findings = build(args.healthlint, folder, page_file)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            open_page(browser, page_file, files)  # warm-up: page cache, compiled code
            loads = [open_page(browser, page_file, files) for _ in range(args.runs)]
        finally:
            browser.close()
    return Result(
        files, input_bytes, page_file.stat().st_size, findings, seconds, loads
    )


def section(results: list[Result], args: argparse.Namespace) -> str:
    """The RESULTS.md section, marked so that reruns replace only it."""
    rows = [
        "| Articles | Input MB | Findings | Page MB | Build s "
        "| First contentful paint ms | DOMContentLoaded ms | Table drawn ms "
        "| Open last article ms | Sort table ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rows.append(
            f"| {r.files} | {r.input_bytes / 1e6:.2f} | {r.findings} | "
            f"{r.page_bytes / 1e6:.2f} | {r.build_seconds:.1f} | "
            f"{r.median('first_paint'):.0f} ({r.spread('first_paint')}) | "
            f"{r.median('dom_loaded'):.0f} | {r.median('ready'):.0f} | "
            f"{r.median('open_article'):.0f} | {r.median('sort_table'):.0f} |"
        )
    version = tool_version([args.healthlint, "--version"])
    browser = tool_version([CHROMIUM, "--version"])
    return (
        f"{BEGIN}\n## HTML report: page size and time to first paint\n\n"
        f"Generated by `{command_line(args)}`"
        f" on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {version}; {browser}, headless, "
        "1280x900, from `file://`. Each page was built by "
        "`healthlint report --isolated --no-cache --quiet DIR --out report.html` "
        f"(default `--jobs`, 2 cores) and opened {args.runs} times after one "
        "untimed load, each time in a fresh browser context. Times are medians in "
        "milliseconds from navigation start (first paint also shows fastest-slowest), "
        "read from the browser's Performance API: `first-contentful-paint`, "
        "`domContentLoadedEventEnd`, and a `report-ready` mark the page sets once "
        'its script has drawn the files table. "Open last article" is the time '
        "from following `#file-N` to the second animation frame after (its JSON "
        'block is parsed and its highlights drawn only then); "Sort table" '
        "re-sorts every row by warnings. Articles are the corpora's stories and "
        "releases of at least 100 words taken alternately (held-out records "
        "skipped), written as Markdown into a temporary folder.\n\n"
        + "\n".join(rows)
        + f"\n{END}"
    )


def tool_version(command: list[str]) -> str:
    """A tool's own version line."""
    done = subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", check=False
    )
    return done.stdout.strip()


def command_line(args: argparse.Namespace) -> str:
    """The command that reproduces these figures."""
    line = "python benchmarks/bench_html.py"
    if args.sizes != [200, 2000]:
        line += " --sizes " + ",".join(map(str, args.sizes))
    if args.runs != 5:
        line += f" --runs {args.runs}"
    return line


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sizes", default="200,2000", help="articles per page (comma list)"
    )
    ap.add_argument("--runs", type=int, default=5, help="timed page loads per size")
    ap.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    ap.add_argument("--healthlint", default=shutil.which("healthlint") or "healthlint")
    args = ap.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    return args


def main(argv: list[str] | None = None) -> int:
    """Measure every size, then write and print the section."""
    args = parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="healthlint-html-bench-"))
    try:
        results = []
        for size in args.sizes:
            print(f"bench_html: {size} articles", file=sys.stderr)
            results.append(measure(args, scratch, size))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    text = section(results, args)
    sections.write_section(args.out, SECTION, text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
