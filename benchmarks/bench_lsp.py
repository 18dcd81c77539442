"""Editor latency: from a didChange to the diagnostics for that version.

Starts ``healthlint lsp`` as an editor would (a subprocess over stdio, with a
pygls client), opens a 2,000-word article built from the project's own
``examples/`` (their Markdown bodies repeated; nothing from the corpora), waits
for the first diagnostics (start-up), makes a few unmeasured edits, then times
50 edits one after another: each is a small incremental change, and the clock
runs from sending it to receiving the diagnostics published for its version.
The server's default settings are used: an edit after a pause is linted at
once, and the 25 ms debounce applies only within bursts (these edits come one
at a time, each after the previous one's diagnostics). ``--debounce-ms`` sets
another value to compare.

    python benchmarks/bench_lsp.py                      # print and update RESULTS.md
    python benchmarks/bench_lsp.py --edits 10 --debounce-ms 0 --no-write

Needs the ``lsp`` extra (``pip install -e ".[lsp]"``); ``healthlint`` is taken
from beside the running Python, else from PATH.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import sections
from lsprotocol import types
from pygls.lsp.client import LanguageClient

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "RESULTS.md"
SECTION = "lsp-latency"
BEGIN, END = sections.markers(SECTION)
WORDS = 2000
WARM_UP_EDITS = 5
LOAD = os.getloadavg()  # 1, 5 and 15 minutes, read before anything starts
WAIT = 60.0
# Typed at the end of a paragraph, then deleted again: a claim the rules flag,
# so each edit changes the findings and the whole document is linted again.
INSERT = " It cures colds."


def article(words: int = WORDS) -> str:
    """Paragraphs of the examples' Markdown bodies, repeated up to ``words`` words."""
    paragraphs: list[str] = []
    for path in sorted((REPO / "examples").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        paragraphs += [p.strip() for p in body.split("\n\n") if p.strip()]
    out: list[str] = ["# A long article"]
    count = 0
    while count < words:
        for paragraph in paragraphs:
            out.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                break
    return "\n\n".join(out) + "\n"


def command() -> list[str]:
    """The installed ``healthlint`` next to this Python, else on PATH."""
    beside = Path(sys.executable).with_name("healthlint")
    if beside.exists():
        return [str(beside), "lsp"]
    found = shutil.which("healthlint")
    if found is None:
        raise SystemExit(
            "bench_lsp: healthlint is not installed (pip install -e '.[lsp]')"
        )
    return [found, "lsp"]


@dataclass
class Series:
    """One run of the server: its start-up and the latency of each edit."""

    debounce_ms: int | None
    startup: float
    latencies: list[float]


class Timer:
    """A client that remembers when each version's diagnostics arrived."""

    def __init__(self) -> None:
        self.client = LanguageClient("healthlint-bench", "1")
        self.arrived: dict[int, float] = {}
        self.event = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.arrived[params.version or 0] = time.perf_counter()
            self.event.set()

    async def until(self, version: int) -> float:
        """The arrival time of ``version``'s diagnostics."""
        deadline = time.perf_counter() + WAIT
        while version not in self.arrived:
            self.event.clear()
            await asyncio.wait_for(self.event.wait(), deadline - time.perf_counter())
        return self.arrived[version]


def change(
    uri: str, version: int, where: types.Position, remove: bool
) -> types.DidChangeTextDocumentParams:
    """An incremental didChange: type INSERT at ``where``, or delete it again."""
    end = types.Position(
        line=where.line, character=where.character + (len(INSERT) if remove else 0)
    )
    return types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[
            types.TextDocumentContentChangePartial(
                range=types.Range(start=where, end=end), text="" if remove else INSERT
            )
        ],
    )


async def series(
    folder: Path, text: str, edits: int, debounce_ms: int | None
) -> Series:
    """Start a server, open the article, time ``edits`` edits, stop the server."""
    timer = Timer()
    client = timer.client
    program, *args = command()
    await client.start_io(program, *args, cwd=str(folder))
    options = {} if debounce_ms is None else {"debounceMs": debounce_ms}
    started = time.perf_counter()
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=folder.as_uri(),
            initialization_options=options,
        )
    )
    client.initialized(types.InitializedParams())
    path = folder / "article.md"
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri, "markdown", 1, text)
        )
    )
    startup = await timer.until(1) - started
    lines = text.split("\n")
    line = max(range(len(lines)), key=lambda i: len(lines[i]))  # a long paragraph line
    # After the line's last character; UTF-16 units, as the protocol counts.
    where = types.Position(
        line=line, character=len(lines[line].encode("utf-16-le")) // 2
    )
    latencies = []
    for number in range(WARM_UP_EDITS + edits):
        version = number + 2
        sent = time.perf_counter()
        client.text_document_did_change(
            change(uri, version, where, remove=number % 2 == 1)
        )
        arrived = await timer.until(version)
        if number >= WARM_UP_EDITS:
            latencies.append(arrived - sent)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return Series(debounce_ms, startup, latencies)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def row(label: str, found: Series) -> str:
    values = found.latencies
    return (
        f"| {label} | {ms(statistics.median(values))} | {ms(percentile(values, 0.9))} "
        f"| {ms(min(values))}-{ms(max(values))} | {ms(found.startup)} |"
    )


def render(text: str, runs: list[Series], edits: int, argv: list[str]) -> str:
    """The RESULTS.md section: the figures and what they were measured on."""
    words = len(re.sub(r"[#*_`>\[\]()]", " ", text).split())
    lines = [
        BEGIN,
        "## Editor latency (language server)",
        "",
        f"Generated by `benchmarks/bench_lsp.py`. Time from sending a `didChange` to "
        f"receiving the `publishDiagnostics` for that version, over {edits} edits one "
        f"after another, on a {words}-word Markdown article built from `examples/`. "
        "Milliseconds; start-up is from `initialize` to the first diagnostics.",
        "",
        *sections.machine_lines("benchmarks/bench_lsp.py", argv, LOAD),
        "",
        "| Settings | Median ms | 90th percentile ms | Min-max ms | Start-up ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for found in runs:
        label = (
            "default"
            if found.debounce_ms is None
            else f"`debounceMs: {found.debounce_ms}`"
        )
        lines.append(row(label, found))
    lines += ["", END]
    return "\n".join(lines) + "\n"


async def measure(edits: int, debounce_ms: int | None) -> tuple[str, list[Series]]:
    text = article()
    with tempfile.TemporaryDirectory(prefix="healthlint-lsp-bench-") as folder:
        found = await series(Path(folder), text, edits, debounce_ms)
    return text, [found]


def main(argv: list[str] | None = None) -> int:
    """Time the edits, print the section and (unless told not to) save it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--edits", type=int, default=50, help="timed edits per series")
    parser.add_argument(
        "--debounce-ms", type=int, help="the server's debounceMs (default: its own)"
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    text, runs = asyncio.run(measure(args.edits, args.debounce_ms))
    shown = [] if args.edits == 50 else ["--edits", str(args.edits)]
    if args.debounce_ms is not None:
        shown += ["--debounce-ms", str(args.debounce_ms)]
    section = render(text, runs, args.edits, shown)
    print(section, end="")
    if not args.no_write:
        sections.write_section(RESULTS, SECTION, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
