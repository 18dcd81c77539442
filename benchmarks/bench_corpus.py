"""Turn the shared corpora into directories of N article files for the benchmark.

Why this shape: linters run on files, so the articles are written out with the
corpora's ``materialise.py`` layout into a scratch directory outside the repository
(the text must never enter the repo), skipping the records kept out of
development. Each size gets its own directory of hard links, so every tool sees
exactly the same files for that size.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import corpus

PRIMARY_SOURCES = ("healthstory", "healthrelease")
FALLBACK_SOURCE = "recovery"
MIN_WORDS = 100


@dataclass
class FileSet:
    """One directory of articles to lint, and what it is made of."""

    size: int
    directory: Path
    files: list[Path]
    by_source: dict[str, int]
    total_bytes: int
    shortfall: str = ""


@dataclass
class Pool:
    """Materialised articles per source, in the order materialise wrote them."""

    files: dict[str, list[Path]] = field(default_factory=dict)

    def total(self) -> int:
        """Number of articles available over all sources."""
        return sum(len(paths) for paths in self.files.values())


def materialise(corpora: Path, source: str, out_dir: Path, limit: int) -> list[Path]:
    """Write up to ``limit`` articles of ``source`` with >= MIN_WORDS words as .md.

    Files are what the corpora's ``materialise.py --format md`` writes (a "# "
    title, a blank line, the text; named by id), but the rows come from
    ``corpus.development_rows``, so the records kept out of development are
    never read, not even to be timed.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    for row in corpus.development_rows(corpora, source):
        if written >= limit:
            break
        body = str(row.get("text") or "").strip()
        if len(body.split()) < MIN_WORDS:
            continue
        (out_dir / corpus.file_name(row, ".md")).write_text(
            corpus.render_markdown(row), encoding="utf-8", newline="\n"
        )
        written += 1
    return sorted(out_dir.glob("*.md"))


def build_pool(corpora: Path, scratch: Path, needed: int, notes: list[str]) -> Pool:
    """Materialise the primary sources, adding the fallback only when they are short."""
    pool = Pool()
    for source in PRIMARY_SOURCES:
        pool.files[source] = materialise(corpora, source, scratch / source, needed)
    if pool.total() < needed:
        pool.files[FALLBACK_SOURCE] = materialise(
            corpora, FALLBACK_SOURCE, scratch / FALLBACK_SOURCE, needed
        )
        notes.append(
            f"{' + '.join(PRIMARY_SOURCES)} had fewer than {needed} articles of "
            f">= {MIN_WORDS} words; files from {FALLBACK_SOURCE}.jsonl were mixed in."
        )
    return pool


def round_robin(queues: list[list[Path]], size: int) -> list[int]:
    """Indexes into ``queues`` in the order files are taken: one from each in turn."""
    left = [len(queue) for queue in queues]
    order: list[int] = []
    while len(order) < size and any(left):
        for index, count in enumerate(left):
            if count and len(order) < size:
                order.append(index)
                left[index] -= 1
    return order


def pick(pool: Pool, size: int) -> list[tuple[str, Path]]:
    """Take ``size`` files: the primary sources alternately, then the fallback.

    Alternating keeps small sets a mix of stories and releases; the fallback only
    fills what the primary sources lack. Never repeats a file, so a short pool
    yields a short list.
    """
    primary = [source for source in PRIMARY_SOURCES if source in pool.files]
    queues = [list(pool.files[source]) for source in primary]
    chosen = [(primary[i], queues[i].pop(0)) for i in round_robin(queues, size)]
    extra = pool.files.get(FALLBACK_SOURCE, [])[: max(0, size - len(chosen))]
    return chosen + [(FALLBACK_SOURCE, path) for path in extra]


def link_or_copy(src: Path, dst: Path) -> None:
    """Hard-link when possible (cheap, same bytes); copy across file systems."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def make_set(pool: Pool, size: int, scratch: Path) -> FileSet:
    """Build the directory for one size and describe it."""
    directory = scratch / f"set-{size}"
    directory.mkdir(parents=True, exist_ok=True)
    by_source: dict[str, int] = {}
    files: list[Path] = []
    for source, path in pick(pool, size):
        target = directory / path.name
        link_or_copy(path, target)
        files.append(target)
        by_source[source] = by_source.get(source, 0) + 1
    shortfall = ""
    if len(files) < size:
        shortfall = (
            f"only {len(files)} suitable articles exist for the {size}-file set; "
            "it was run with those (no file duplicated)."
        )
    total_bytes = sum(path.stat().st_size for path in files)
    return FileSet(size, directory, files, by_source, total_bytes, shortfall)


def build_sets(
    corpora: Path, scratch: Path, sizes: list[int], notes: list[str]
) -> list[FileSet]:
    """Materialise once for the largest size and carve every size from that pool."""
    pool = build_pool(corpora, scratch / "pool", max(sizes), notes)
    sets = [make_set(pool, size, scratch) for size in sizes]
    notes.extend(file_set.shortfall for file_set in sets if file_set.shortfall)
    return sets
