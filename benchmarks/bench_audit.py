"""Audit throughput: local worker processes against a local Dask cluster.

Builds a JSONL archive at run time from the development records of
``../shared/corpora`` (``corpus.articles()``: held-out records are never read),
each rendered as the corpora's ``materialise.py --format txt`` writes it. There
are fewer distinct articles than the archive needs, so records are repeated, each
copy under its own id, until there are ``--articles`` of them (50,000 by
default). Then ``healthlint audit`` runs on it as a user would run it:

- ``--jobs 2`` (local worker processes) and ``--dask local --jobs 2`` (a
  LocalCluster of two worker processes), on the whole archive and on its first
  ``--small`` articles, to show that memory does not grow with the archive;
- ``--jobs 1`` on the small archive: what one core does.

For each run: wall time, articles per second, CPU seconds per article (user and
system time of the command and every process under it), and the peak resident
memory of each process, sampled every 0.2 s: the main process (which, with
``--dask local``, also runs the scheduler), and the largest worker. What Dask
adds is the difference from the local run of the same archive, per article.

    python benchmarks/bench_audit.py            # ~30 min on 2 cores; writes RESULTS.md
    python benchmarks/bench_audit.py --articles 2000 --small 500 --no-write

Needs the ``audit`` extra (``pip install -e ".[audit]"``, or ``.[test]``);
``healthlint`` is taken from beside the running Python, else from PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import sections
from corpus import DEFAULT_CORPORA, articles

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "RESULTS.md"
SECTION = "audit"
BEGIN, END = sections.markers(SECTION)
SAMPLE_EVERY = 0.2
LOAD = os.getloadavg()  # read before anything starts


@dataclass
class Run:
    """One audit run and what it cost."""

    label: str
    articles: int
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_main_mb: float = 0.0
    peak_worker_mb: float = 0.0
    workers_seen: int = 0
    rows: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds

    @property
    def cpu_ms_per_article(self) -> float:
        return 1000 * self.cpu_seconds / self.articles


def healthlint() -> str:
    beside = Path(sys.executable).with_name("healthlint")
    found = str(beside) if beside.exists() else shutil.which("healthlint")
    if found is None:
        sys.exit("healthlint is not installed: pip install -e '.[audit]'")
    return found


def records(corpora: Path) -> Iterator[dict[str, object]]:
    """Development articles, over and over, each copy with its own id."""
    pool = list(articles(corpora))
    if not pool:
        sys.exit(f"no development articles found in {corpora}")
    copy = 0
    while True:
        for record in pool:
            yield {
                "id": f"{record.key}#{copy}",
                "text": record.source,
                "format": "text",
                "category": record.group,
                "date": str(
                    record.fields.get("date") or record.fields.get("year") or ""
                ),
            }
        copy += 1


def write_archive(path: Path, count: int, corpora: Path) -> int:
    """The archive's first ``count`` records as JSONL; returns the distinct ones."""
    distinct = len(list(articles(corpora)))
    with path.open("w", encoding="utf-8") as out:
        for number, record in enumerate(records(corpora)):
            if number == count:
                break
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return distinct


def head(source: Path, target: Path, count: int) -> None:
    with (
        source.open(encoding="utf-8") as inp,
        target.open("w", encoding="utf-8") as out,
    ):
        for number, line in enumerate(inp):
            if number == count:
                break
            out.write(line)


def measure(label: str, archive: Path, count: int, extra: list[str], work: Path) -> Run:
    """Run one audit in a fresh output folder, sampling its processes' memory."""
    out = work / f"out-{label}-{count}"
    command = [healthlint(), "audit", "--isolated", "--quiet", str(archive),
               "--out", str(out), *extra]  # fmt: skip
    run = Run(label, count)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(process.pid)
    peaks: dict[int, float] = {}
    while process.poll() is None:
        sample(watched, peaks)
        time.sleep(SAMPLE_EVERY)
    run.seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    stderr = process.stderr.read() if process.stderr else ""
    if process.returncode != 0:
        sys.exit(f"{label}: exit {process.returncode}: {stderr}")
    run.cpu_seconds = (after.ru_utime - before.ru_utime) + (
        after.ru_stime - before.ru_stime
    )
    run.peak_main_mb = peaks.pop(process.pid, 0.0)
    run.peak_worker_mb = max(peaks.values(), default=0.0)
    run.workers_seen = len(peaks)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    run.rows = summary["articles"]
    shutil.rmtree(out)
    return run


def sample(root: psutil.Process, peaks: dict[int, float]) -> None:
    """Resident memory of the command and of every process below it, in MB."""
    try:
        family = [root, *root.children(recursive=True)]
    except psutil.Error:
        return
    for member in family:
        try:
            if "resource_tracker" in " ".join(member.cmdline()):
                continue  # multiprocessing's bookkeeping process, not a worker
            rss = member.memory_info().rss / 1e6
        except psutil.Error:
            continue
        peaks[member.pid] = max(peaks.get(member.pid, 0.0), rss)


def cluster_start_seconds() -> float:
    """Time to start and stop a LocalCluster of two worker processes."""
    from distributed import Client, LocalCluster  # noqa: PLC0415 (audit extra)

    start = time.perf_counter()
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                     dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        client.wait_for_workers(2)
    return time.perf_counter() - start


def render(runs: list[Run], setup: dict[str, object], argv: list[str]) -> str:
    """The RESULTS.md section: the figures and what they were measured on."""
    lines = [
        BEGIN,
        "## Audit: local processes and a local Dask cluster",
        "",
        f"Generated by `benchmarks/bench_audit.py`. A JSONL archive of "
        f"{setup['articles']:,} articles built at run time from the "
        f"{setup['distinct']:,} development articles of `../shared/corpora` "
        "(held-out records skipped; each rendered as `materialise.py --format txt` "
        "writes it, mean "
        f"{setup['mean_words']:.0f} words), **repeated** to reach the count, each copy "
        f"under its own id ({setup['megabytes']:.0f} MB). Each run is "
        "`healthlint audit --isolated --quiet ARCHIVE --out DIR` with the options "
        "shown, into a new folder, default partitions of 200 articles. CPU is the "
        "user and system time of the command and every process under it, per "
        "article. Peak memory is resident memory sampled every 0.2 s: the main "
        "process (reading, writing, and with `--dask local` also the scheduler) and "
        "the largest worker process.",
        "",
        *sections.machine_lines("benchmarks/bench_audit.py", argv, LOAD),
        f"- Starting and stopping a LocalCluster of two workers alone: "
        f"{setup['cluster_start']:.1f} s",
        "",
        "| Run | Articles | Wall s | Articles/s | CPU ms/article | Peak main MB | "
        "Peak worker MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.label} | {r.articles:,} | {r.seconds:.1f} | {r.rate:.0f} | "
        f"{r.cpu_ms_per_article:.2f} | {r.peak_main_mb:.0f} | "
        f"{r.peak_worker_mb:.0f} |"
        for r in runs
    ]
    lines += ["", *dask_cost(runs), "", END]
    return "\n".join(lines) + "\n"


def dask_cost(runs: list[Run]) -> list[str]:
    """What the Dask runs cost beyond the local runs of the same archive."""
    out = []
    by = {(r.label, r.articles): r for r in runs}
    for (label, count), dask in by.items():
        if not label.startswith("`--dask"):
            continue
        local = by.get(("`--jobs 2`", count))
        if local is None:
            continue
        wall = 1000 * (dask.seconds - local.seconds) / count
        cpu = dask.cpu_ms_per_article - local.cpu_ms_per_article
        out.append(
            f"- Dask on {count:,} articles: {wall:+.2f} ms of wall time and "
            f"{cpu:+.2f} ms of CPU per article against local processes "
            "(cluster start-up included)."
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=5_000)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="healthlint-audit-bench-") as folder:
        work = Path(folder)
        archive, small = work / "archive.jsonl", work / "small.jsonl"
        distinct = write_archive(archive, args.articles, args.corpora)
        head(archive, small, args.small)
        setup = describe(archive, args.articles, distinct)
        setup["cluster_start"] = cluster_start_seconds()
        dask = ["--dask", "local", "--jobs", "2"]
        plan = [
            ("`--jobs 1`", small, args.small, ["--jobs", "1"]),
            ("`--jobs 2`", small, args.small, ["--jobs", "2"]),
            ("`--dask local --jobs 2`", small, args.small, dask),
            ("`--jobs 2`", archive, args.articles, ["--jobs", "2"]),
            ("`--dask local --jobs 2`", archive, args.articles, dask),
        ]
        runs = []
        for label, path, count, extra in plan:
            print(f"{label} on {count:,} articles ...", flush=True)
            run = measure(label, path, count, extra, work)
            if run.rows != count:
                sys.exit(f"{label}: {run.rows} rows for {count} articles")
            print(
                f"  {run.seconds:.1f} s, {run.rate:.0f}/s, main "
                f"{run.peak_main_mb:.0f} MB, worker {run.peak_worker_mb:.0f} MB",
                flush=True,
            )
            runs.append(run)
    section = render(runs, setup, sys.argv[1:])
    print(section)
    if not args.no_write:
        sections.write_section(RESULTS, SECTION, section)


def describe(archive: Path, count: int, distinct: int) -> dict[str, object]:
    words = 0
    with archive.open(encoding="utf-8") as inp:
        for line in inp:
            words += len(json.loads(line)["text"].split())
    return {
        "articles": count,
        "distinct": distinct,
        "mean_words": words / count,
        "megabytes": archive.stat().st_size / 1e6,
    }


if __name__ == "__main__":
    main()
