"""Render the benchmark's figures as the markdown written to RESULTS.md.

Why markdown with everything in one file: a result is only comparable with another
when the machine, versions, command and inputs travel with it, so the header records
them next to the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench_corpus import FileSet
from bench_measure import Summary
from bench_tools import Tool, Unavailable

MB = 1_000_000

RESULT_HEADER = (
    "| Files | Tool | Median s | Min-max s | CPU s | Files/s | MB/s | Peak RSS MiB "
    "| Exit codes | Files named | Time ÷ healthlint | Time ÷ floor "
    "| × proselint files/s | Status |\n"
    "|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|"
)


@dataclass
class Report:
    """Everything one run of the harness found out."""

    meta: dict[str, str]
    tools: list[Tool]
    unavailable: list[Unavailable]
    sets: list[FileSet]
    results: dict[int, list[Summary]]
    one_file: list[Summary] = field(default_factory=list)
    startup: str = "Not run: healthlint was unavailable or skipped."
    one_file_bytes: int = 0
    one_file_runs: int = 0
    notes: list[str] = field(default_factory=list)


def cell(text: str) -> str:
    """Text made safe for a table cell: no pipes or line breaks."""
    return text.replace("|", "\\|").replace("\n", " ")


def ratio(value: float | None, base: float | None) -> str:
    """``value / base`` to two decimals, or 'n/a' when either is missing."""
    if value is None or not base:
        return "n/a"
    return f"{value / base:.2f}"


def reference_time(summaries: list[Summary], predicate: str) -> float | None:
    """Median of the healthlint reference row (``'reference'``), the floor row, or
    the row of the tool so named (``'proselint'``)."""
    for summary in summaries:
        tool = summary.tool
        if (predicate == "reference" and tool.reference) or predicate in (
            tool.role,
            tool.name,
        ):
            return summary.median
    return None


def named(summary: Summary) -> str:
    """The 'files named' cell: a count, or '-' for tools that print no file names."""
    return "-" if summary.files_named is None else str(summary.files_named)


def result_row(
    summary: Summary, file_set: FileSet, bases: tuple[float | None, ...]
) -> str:
    """One table row; a tool whose runs failed shows its status and no figures."""
    name, files = summary.tool.name, len(file_set.files)
    if not summary.ok:
        cells = [
            str(files),
            name,
            *["-"] * 6,
            summary.exit_codes(),
            named(summary),
            "n/a",
            "n/a",
            "n/a",
            f"failed: {cell(summary.problem())}",
        ]
        return "| " + " | ".join(cells) + " |"
    median = summary.median or 0.0
    low, high = summary.spread()
    cells = [
        str(files),
        name,
        f"{median:.3f}",
        f"{low:.3f}-{high:.3f}",
        f"{summary.cpu():.2f}",
        f"{files / median:.1f}",
        f"{file_set.total_bytes / MB / median:.2f}",
        f"{summary.peak_mib():.1f}",
        summary.exit_codes(),
        named(summary),
        ratio(median, bases[0]),
        ratio(median, bases[1]),
        ratio(bases[2], median),
        f"ok ({len(summary.runs)} runs)",
    ]
    return "| " + " | ".join(cells) + " |"


def results_table(report: Report) -> str:
    """The main table: every tool on every size."""
    rows = [RESULT_HEADER]
    for file_set in report.sets:
        summaries = report.results.get(file_set.size, [])
        bases = (
            reference_time(summaries, "reference"),
            reference_time(summaries, "floor"),
            reference_time(summaries, "proselint"),
        )
        rows += [result_row(s, file_set, bases) for s in summaries]
    return "\n".join(rows)


def corpus_table(report: Report) -> str:
    """What each file set is made of."""
    rows = ["| Set | Files | MB | From |", "|---:|---:|---:|---|"]
    for fs in report.sets:
        origin = ", ".join(f"{n} {source}.jsonl" for source, n in fs.by_source.items())
        rows.append(
            f"| {fs.size} | {len(fs.files)} | {fs.total_bytes / MB:.2f} | {origin} |"
        )
    return "\n".join(rows)


def tools_table(report: Report) -> str:
    """Each tool's version and exact command, and the tools that were skipped."""
    rows = ["| Tool | Version | Command |", "|---|---|---|"]
    rows += [f"| {t.name} | {t.version} | `{t.shown()}` |" for t in report.tools]
    rows += [f"| {u.name} | skipped | {u.reason} |" for u in report.unavailable]
    return "\n".join(rows)


def one_file_section(report: Report) -> str:
    """Start-up dominated single-file timings."""
    if not report.one_file:
        return "Not run: healthlint was unavailable or skipped."
    runs = report.one_file_runs
    rows = [
        f"One file ({report.one_file_bytes / 1000:.1f} kB), {runs} runs each, "
        "process start included.\n",
        "| Tool | Median s | Min-max s | Peak RSS MiB | Exit codes | Status |",
        "|---|---:|---:|---:|---|---|",
    ]
    for s in report.one_file:
        if not s.ok:
            rows.append(
                f"| {s.tool.name} | - | - | - | {s.exit_codes()} | "
                f"failed: {cell(s.problem())} |"
            )
            continue
        low, high = s.spread()
        rows.append(
            f"| {s.tool.name} | {s.median:.3f} | {low:.3f}-{high:.3f} | "
            f"{s.peak_mib():.1f} | {s.exit_codes()} | ok |"
        )
    return "\n".join(rows)


OWN = "throughput"
BEGIN, END = f"<!-- begin: {OWN} -->", f"<!-- end: {OWN} -->"
TITLE = "# healthlint throughput benchmark"


def render(report: Report) -> str:
    """This benchmark's part of RESULTS.md, between its own markers."""
    meta = "\n".join(f"- {key}: {value}" for key, value in report.meta.items())
    notes = "\n".join(f"- {note}" for note in report.notes) or "- none"
    return (
        f"{BEGIN}\n{TITLE}\n\n"
        "Generated by `benchmarks/run.py`; see `benchmarks/README.md` for what the "
        "columns mean and the caveats. Times are wall-clock seconds, medians over the "
        "repeats; ratios above 1 mean slower than the reference.\n\n"
        f"{meta}\n\n## Results\n\n{results_table(report)}\n\n"
        f"## Single file\n\n{one_file_section(report)}\n\n"
        f"## One-file breakdown\n\n{report.startup}\n\n"
        f"## Inputs\n\n{corpus_table(report)}\n\n"
        f"## Tools\n\n{tools_table(report)}\n\n## Notes\n\n{notes}\n{END}\n"
    )


def carry_over(text: str, previous: Path) -> str:
    """RESULTS.md with this benchmark's section replaced by ``text``, all else kept.

    Other scripts (bench_html.py, bench_lsp.py, bench_audit.py) and people write
    sections of their own into the same file; only the part between this
    benchmark's markers is replaced, in place. A file from before the markers
    has this benchmark's text unmarked at its top, up to the first marked
    section: that head is what gets replaced.
    """
    if not previous.exists():
        return text
    old = previous.read_text(encoding="utf-8")
    begin, end = old.find(BEGIN), old.find(END)
    if begin != -1 and end > begin:
        return old[:begin] + text.rstrip("\n") + old[end + len(END) :]
    if old.startswith(TITLE):
        first = old.find("<!-- begin: ")
        rest = old[first:] if first != -1 else ""
        return text + ("\n" + rest if rest else "")
    return text + "\n" + old
