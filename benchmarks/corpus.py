"""The shared corpora as records to lint, without the records kept out of development.

Every script that reads ``../shared/corpora`` goes through this module, so that two
promises hold everywhere:

- the records listed in ``heldout_ids.txt`` are never read: scores measured on them
  elsewhere stay honest;
- each remaining record falls in a fixed half, *tune* or *validate*, by a hash of
  its id. Rules are tuned by looking at tune records only; figures reported as the
  rules' precision come from validate records.

A record is linted as the corpora's ``materialise.py --format txt`` writes it: the
title on the first line, a blank line, then the text. Label offsets index that
rendered string (:func:`render`), never the raw ``text`` field, and no label ever
stores corpus text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
MIN_WORDS = 100
DROPPED_PUBLISHERS = frozenset({"Drudge Report"})
TUNE, VALIDATE = "tune", "validate"
# Characters materialise.py replaces with "_" in a file name.
UNSAFE_IN_NAMES = re.compile(r"[^A-Za-z0-9._-]")

# Article corpora and the group each record belongs to; ReCOVery splits by the
# publisher's reliability label.
ARTICLE_CORPORA = ("recovery", "healthstory", "healthrelease")
GROUPS = ("reliable", "unreliable", "story", "release")
GENRES = {
    "reliable": "news",
    "unreliable": "news",
    "story": "news",
    "release": "press-release",
}


@dataclass(frozen=True)
class Record:
    """One article: where it comes from, its group, and the text as it is linted."""

    corpus: str
    id: str
    group: str
    source: str
    fields: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> str:
        """``corpus/id``: how labels and reports name a record."""
        return f"{self.corpus}/{self.id}"

    @property
    def half(self) -> str:
        """The record's development half (see :func:`half_of`)."""
        return half_of(self.id)

    @property
    def genre(self) -> str:
        """The genre the corpus is known to hold: news or press release."""
        return GENRES[self.group]

    @property
    def words(self) -> int:
        """Words in the rendered text, counted as the corpora README counts them."""
        return len(self.source.split())


def half_of(record_id: str) -> str:
    """Tune or validate, by the first byte of ``sha256(id)``: even is tune.

    The same rule splits press releases and claim sentences in ``evaluate.py``,
    where tune is called *dev* and validate *held-out*.
    """
    first_byte = hashlib.sha256(record_id.encode("utf-8")).digest()[0]
    return TUNE if first_byte % 2 == 0 else VALIDATE


def heldout_ids(corpora: Path) -> frozenset[tuple[str, str]]:
    """``(corpus file name, id)`` of every record kept out of development.

    A folder of corpora without the list (a test's own small files) holds none.
    """
    path = corpora / "heldout_ids.txt"
    out: set[tuple[str, str]] = set()
    if not path.exists():
        return frozenset()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, record_id = line.partition("\t")
        out.add((name.strip(), record_id.strip()))
    return frozenset(out)


def read_jsonl(path: Path) -> Iterator[dict[str, object]]:
    """Records of a JSONL file, one per non-blank line."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def development_rows(corpora: Path, name: str) -> Iterator[dict[str, object]]:
    """Rows of ``<name>.jsonl`` that are not held out; nothing else reads them."""
    held = heldout_ids(corpora)
    file_name = f"{name}.jsonl"
    for row in read_jsonl(corpora / file_name):
        if (file_name, str(row["id"])) not in held:
            yield row


def render(row: dict[str, object]) -> str:
    """The record as ``materialise.py --format txt`` writes it."""
    title = str(row.get("title") or "").strip()
    body = str(row.get("text") or "").strip()
    return f"{title}\n\n{body}\n" if title else f"{body}\n"


def render_markdown(row: dict[str, object]) -> str:
    """The record as ``materialise.py --format md`` writes it: a "# " title."""
    title = str(row.get("title") or "").strip()
    body = str(row.get("text") or "").strip()
    return f"# {title}\n\n{body}\n" if title else f"{body}\n"


def file_name(row: dict[str, object], suffix: str) -> str:
    """The record's file name as ``materialise.py`` gives it."""
    return UNSAFE_IN_NAMES.sub("_", str(row["id"])) + suffix


def group_of(corpus: str, row: dict[str, object]) -> str:
    """The record's group: reliable or unreliable news, story or release."""
    if corpus == "recovery":
        return "reliable" if int(str(row["reliability"])) == 1 else "unreliable"
    return "story" if corpus == "healthstory" else "release"


def articles(corpora: Path = DEFAULT_CORPORA) -> Iterator[Record]:
    """Every development article with at least 100 words, corpus by corpus.

    ReCOVery's Drudge Report rows are left out: they are other outlets' articles.
    A body already seen under another id (ReCOVery stores some articles under
    several headlines) is left out too, so no text counts twice in a sample.
    """
    seen: set[str] = set()
    for corpus in ARTICLE_CORPORA:
        for row in development_rows(corpora, corpus):
            if int(str(row["words"])) < MIN_WORDS:
                continue
            if row.get("publisher") in DROPPED_PUBLISHERS:
                continue
            body = " ".join(str(row.get("text") or "").split())
            if body in seen:
                continue
            seen.add(body)
            yield Record(
                corpus, str(row["id"]), group_of(corpus, row), render(row), fields=row
            )


def records_by_key(corpora: Path = DEFAULT_CORPORA) -> dict[str, Record]:
    """Every development article by ``corpus/id``."""
    return {record.key: record for record in articles(corpora)}
