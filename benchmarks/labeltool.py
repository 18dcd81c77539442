"""Label findings and list faults by hand, without copying corpus text anywhere.

Run from the repository root, after ``python benchmarks/precision.py`` has taken a
snapshot::

    python benchmarks/labeltool.py pending --code HL101 --limit 5
    python benchmarks/labeltool.py label KEY FP "'cure' is a noun here" --file NAME
    python benchmarks/labeltool.py recall-set   # the articles to list faults in
    python benchmarks/labeltool.py article recovery/npr-0002
    python benchmarks/labeltool.py fault recovery/npr-0002 --area claims \\
        --quote "exact words" --note "why it is a fault" --file NAME

The text it prints is for the person labelling, on the terminal; the files it
writes (``benchmarks/labels/findings-NAME.jsonl`` and ``faults-NAME.jsonl``) hold
record ids, rule codes, offsets, verdicts and the person's own reasons only.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import re
import sys
import textwrap
from collections.abc import Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
import precision

from healthlint.document import Format, LineIndex
from healthlint.engine import Session, build_session, lint_source
from healthlint.model import Finding
from healthlint.rule import Scope

CONTEXT_BEFORE, CONTEXT_AFTER = 600, 400
RECALL_PLAN = {
    # half: (unreliable news, low-rated press releases, health stories)
    corpus.VALIDATE: (15, 15, 10),
    corpus.TUNE: (8, 7, 5),
}
# A ReCOVery article is about health interventions when it names several of these.
_HEALTH = re.compile(
    r"\b(?:cures?|treat(?:s|ed|ment|ments)?|vaccines?|drugs?|remed(?:y|ies)|"
    r"supplements?|vitamins?|therap(?:y|ies)|medicines?|hydroxychloroquine|"
    r"immun(?:e|ity)|doses?|symptoms?|patients?)\b",
    re.IGNORECASE,
)
MIN_HEALTH_WORDS = 8


# --- pending findings ----------------------------------------------------------


def pending(code: str | None, group: str | None, limit: int) -> None:
    """Print sampled findings that carry no label yet, article by article.

    An article with a document-level finding is printed whole, once, followed by
    each of its pending findings; other findings come with the text around them.
    """
    by_record = _pending_by_record(code, group)
    rules = precision.rules_by_code()
    records = corpus.records_by_key()
    shown = 0
    for key, keys in by_record.items():
        record = records[key]
        whole = any(rules[k.split("/")[2]].scope is Scope.DOCUMENT for k in keys)
        print("#" * 78)
        print(f"ARTICLE {key}   group={record.group}   words={record.words}")
        if whole:
            print(record.source)
        for finding_key in keys:
            _show(finding_key, record, 200 if whole else CONTEXT_BEFORE)
            shown += 1
        if shown >= limit:
            break
    print(f"({shown} shown)")


def _pending_by_record(code: str | None, group: str | None) -> dict[str, list[str]]:
    sample = precision.load_snapshot()["sample"]
    assert isinstance(sample, dict)  # noqa: S101
    labels = precision.read_labels()
    groups = {r.key: r.group for r in corpus.articles()}
    out: dict[str, list[str]] = {}
    for rule_code, keys in sorted(sample.items()):
        if code and rule_code != code:
            continue
        for key in keys:
            record = _record_of(key)
            if key not in labels and (not group or groups[record] == group):
                out.setdefault(record, []).append(key)
    return out


def _record_of(key: str) -> str:
    return "/".join(key.split("/")[:2])


def _show(key: str, record: corpus.Record, context: int) -> None:
    finding = _finding_for(key, record)
    print("=" * 78)
    print(f"KEY {key}")
    if finding is None:
        print("(the finding is not produced by the current rules: re-run precision.py)")
        return
    print(f"{finding.code} {finding.severity.label}: {finding.message}")
    start, end = _offsets(record.source, finding)
    text = record.source
    low = max(0, start - context)
    high = min(len(text), end + context * 2 // 3)
    print(("..." if low else "") + _mark(text[low:high], start - low, end - low))


def _finding_for(key: str, record: corpus.Record) -> Finding | None:
    parts = key.split("/")
    for finding in _findings(record.key, record.source):
        if finding.code != parts[2]:
            continue
        if len(parts) == 3:
            return finding
        start, end = _offsets(record.source, finding)
        if (start, end) == (int(parts[3]), int(parts[4])):
            return finding
    return None


@functools.lru_cache(maxsize=4)
def _findings(key: str, source: str) -> tuple[Finding, ...]:
    name = key.split("/", 1)[1] + ".txt"
    return lint_source(name, source, Format.TEXT, _session()).findings


@functools.cache
def _session() -> Session:
    return build_session(precision.CONFIGS["all"]())


def _offsets(source: str, finding: Finding) -> tuple[int, int]:
    lines = LineIndex(source)
    return (
        precision.source_offset(lines, finding.line, finding.column),
        precision.source_offset(lines, finding.end_line, finding.end_column),
    )


def _mark(text: str, start: int, end: int) -> str:
    return f"{text[:start]}[[{text[start:end]}]]{text[end:]}"


# --- writing labels --------------------------------------------------------------


def _append(name: str, prefix: str, entry: dict[str, object]) -> Path:
    if not re.fullmatch(r"[a-z0-9-]+", name):
        raise SystemExit("labeltool: --file takes a short name such as 'news-a'")
    path = precision.LABELS / f"{prefix}-{name}.jsonl"
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return path


def label(key: str, value: str, reason: str, name: str) -> None:
    """Record a verdict on a sampled finding."""
    if value not in precision.LABEL_VALUES:
        raise SystemExit(f"labeltool: label must be one of {precision.LABEL_VALUES}")
    if key in precision.read_labels():
        raise SystemExit(f"labeltool: {key} is labelled already")
    sample = precision.load_snapshot()["sample"]
    assert isinstance(sample, dict)  # noqa: S101
    if not any(key in keys for keys in sample.values()):
        print(f"labeltool: note: {key} is not in the current sample", file=sys.stderr)
    path = _append(name, "findings", {"key": key, "label": value, "reason": reason})
    print(f"labelled {key} {value} -> {path.name}")


# --- recall -----------------------------------------------------------------------


def _by_hash(records: Sequence[corpus.Record]) -> list[corpus.Record]:
    return sorted(
        records, key=lambda r: hashlib.sha256(r.key.encode("utf-8")).hexdigest()
    )


def _low_rated(record: corpus.Record) -> bool:
    share = record.fields.get("share_satisfactory")
    return isinstance(share, int | float) and share < 0.5


def _about_health(record: corpus.Record) -> bool:
    return len(_HEALTH.findall(record.source)) >= MIN_HEALTH_WORDS


def choose_recall_set() -> Iterator[tuple[str, corpus.Record]]:
    """The articles in which faults are listed, chosen by a hash, per half."""
    records = list(corpus.articles())
    for half, (unreliable, releases, stories) in RECALL_PLAN.items():
        mine = [r for r in records if r.half == half]
        picks = (
            (
                [r for r in mine if r.group == "unreliable" and _about_health(r)],
                unreliable,
            ),
            ([r for r in mine if r.group == "release" and _low_rated(r)], releases),
            ([r for r in mine if r.group == "story"], stories),
        )
        for pool, count in picks:
            for record in _by_hash(pool)[:count]:
                yield half, record


def write_recall_set() -> None:
    """Write ``recall-set.txt``: record key, half and group, one per line."""
    lines = [
        "# Articles whose faults are listed by hand for recall (labeltool.py).",
        "# record  half  group",
    ]
    lines += [f"{r.key}\t{half}\t{r.group}" for half, r in choose_recall_set()]
    path = precision.LABELS / "recall-set.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(corpus.REPO)} ({len(lines) - 2} articles)")


def article(key: str) -> None:
    """Print an article with the offset of each paragraph, for listing faults."""
    record = corpus.records_by_key()[key]
    print(f"{key}  group={record.group}  half={record.half}  words={record.words}")
    offset = 0
    for paragraph in record.source.split("\n\n"):
        wrapped = textwrap.fill(paragraph, 100, initial_indent=f"[{offset}] ")
        print(wrapped + "\n")
        offset += len(paragraph) + 2


def fault(args: argparse.Namespace) -> None:
    """Record a fault found by reading an article: offsets, area and a reason."""
    record = corpus.records_by_key()[args.record]
    start = end = 0
    if args.quote:
        start = _nth(record.source, args.quote, args.occurrence)
        if start < 0:
            raise SystemExit(f"labeltool: quote not found in {args.record}")
        end = start + len(args.quote)
    entry: dict[str, object] = {
        "record": args.record,
        "area": args.area,
        "start": start,
        "end": end,
        "scope": args.scope,
        "note": args.note,
    }
    if args.what:
        entry["what"] = args.what
    path = _append(args.file, "faults", entry)
    print(f"fault {args.record} {args.area} {start}-{end} -> {path.name}")


def _nth(text: str, quote: str, occurrence: int) -> int:
    index = -1
    for _ in range(max(1, occurrence)):
        index = text.find(quote, index + 1)
        if index < 0:
            return -1
    return index


# --- command line -----------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch the sub-commands."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pending", help="sampled findings with no label, in context")
    p.add_argument("--code")
    p.add_argument("--group", choices=corpus.GROUPS)
    p.add_argument("--limit", type=int, default=5)
    p = sub.add_parser("label", help="record a verdict")
    p.add_argument("key")
    p.add_argument("value", choices=precision.LABEL_VALUES)
    p.add_argument("reason")
    p.add_argument("--file", required=True)
    sub.add_parser("recall-set", help="write the list of articles for recall")
    p = sub.add_parser("article", help="print an article with paragraph offsets")
    p.add_argument("record")
    p = sub.add_parser("fault", help="record a fault found by reading")
    p.add_argument("record")
    p.add_argument("--area", required=True, choices=sorted(precision.AREAS))
    p.add_argument("--quote", default="")
    p.add_argument("--occurrence", type=int, default=1)
    p.add_argument("--scope", choices=("span", "document"), default="span")
    p.add_argument("--what", choices=sorted(precision.BALANCE_RULES))
    p.add_argument("--note", required=True)
    p.add_argument("--file", required=True)
    args = parser.parse_args(argv)
    if args.command == "pending":
        pending(args.code, args.group, args.limit)
    elif args.command == "label":
        label(args.key, args.value, args.reason, args.file)
    elif args.command == "recall-set":
        write_recall_set()
    elif args.command == "article":
        article(args.record)
    else:
        fault(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
