"""Turn the shared corpora into directories of N article files for the benchmark.

Why this shape: linters run on files, so the articles are written out with the
corpora's own ``materialise.py`` into a scratch directory outside the repository (the
text must never enter the repo). Each size gets its own directory of hard links, so
every tool sees exactly the same files for that size.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

PRIMARY_SOURCES = ("healthstory", "healthrelease")
FALLBACK_SOURCE = "recovery"
MIN_WORDS = 100
HELDOUT_LIST = "heldout_ids.txt"
# materialise.py names each file after its record id with these characters replaced.
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


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


def heldout_stems(corpora: Path, source: str) -> set[str]:
    """File stems of the held-out records of ``source``: never benchmarked.

    The list names ``<source>.jsonl<TAB><id>``; only the ids are read, never the
    records themselves.
    """
    listing = corpora / HELDOUT_LIST
    if not listing.is_file():
        return set()
    stems = set()
    for line in listing.read_text(encoding="utf-8").splitlines():
        name, _, record_id = line.partition("\t")
        if not line.startswith("#") and name == f"{source}.jsonl" and record_id:
            stems.add(_UNSAFE.sub("_", record_id.strip()))
    return stems


def materialise(corpora: Path, source: str, out_dir: Path, limit: int) -> list[Path]:
    """Write up to ``limit`` articles of ``source`` with >= MIN_WORDS words as .md.

    Held-out records are deleted as soon as they are written and never read;
    ``materialise.py`` is asked for that many more so the set keeps its size.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    heldout = heldout_stems(corpora, source)
    limit += len(heldout)
    cmd = [
        sys.executable,
        str(corpora / "materialise.py"),
        str(corpora / f"{source}.jsonl"),
        str(out_dir),
        "--format",
        "md",
        "--min-words",
        str(MIN_WORDS),
        "--limit",
        str(limit),
    ]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"run.py: materialise.py failed for {source}: {proc.stderr}")
    kept = []
    for path in sorted(out_dir.glob("*.md")):
        if path.stem in heldout:
            path.unlink()
        else:
            kept.append(path)
    return kept[: limit - len(heldout)]


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
