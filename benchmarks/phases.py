"""Where a `healthlint check` run's CPU goes, per file, phase by phase.

Runs `healthlint check ARGS...` inside this interpreter with a CPU timer
around each phase of a file's lint (parsing, document-type detection,
readability, furniture, topics, the prefilter's literal scan, each rule kind,
JSON output) and prints milliseconds per file for each, heaviest first, to
stderr; the report itself goes to stdout as usual, so it can be compared
with a plain run's. Phases nest: the cue and topic-word counting
(`twins.count`) happens inside document-type detection and topics, and the
literal scan inside the first kind that asks for it.

    python benchmarks/phases.py check --no-cache --jobs 1 --format json DIR > out.json

Use `--jobs 1`: worker processes are not timed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

from healthlint import (
    cli,
    doctype,
    engine,
    furniture,
    parsers,
    prefilter,
    readability,
    topic,
)
from healthlint import twins as twins_module
from healthlint.document import Document
from healthlint.formatters import json_format
from healthlint.kinds import KINDS
from healthlint.rule import Match, Rule

P = ParamSpec("P")
R = TypeVar("R")

SPENT: defaultdict[str, float] = defaultdict(float)
FILES: list[int] = [0]
clock = time.process_time


def timed(name: str, function: Callable[P, R]) -> Callable[P, R]:
    """``function`` with its CPU time added to ``SPENT[name]``."""

    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        start = clock()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[name] += clock() - start

    return wrapper


def timed_kind(
    name: str, check: Callable[[Rule, Document], Iterator[Match]]
) -> Callable[[Rule, Document], Iterator[Match]]:
    """A kind's ``check`` run to the end under the timer (it is a generator)."""

    def wrapper(rule: Rule, doc: Document) -> Iterator[Match]:
        start = clock()
        found = list(check(rule, doc))
        SPENT[f"kind {name}"] += clock() - start
        return iter(found)

    return wrapper


def counted(function: Callable[P, R]) -> Callable[P, R]:
    """``function``, counting the files it formats."""

    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        FILES[0] += 1
        return function(*args, **kwargs)

    return wrapper


def instrument() -> None:
    """Put the timers in place (module attributes the engine looks up)."""
    # engine imported ``parse`` by name: the timer goes where engine looks it up.
    vars(engine)["parse"] = timed("parse (Markdown, HTML, text)", parsers.parse)
    doctype.detect = timed("document-type detection", doctype.detect)
    readability.score = timed("readability", readability.score)
    furniture.find = timed("furniture", furniture.find)
    topic.topics_of = timed("topics", topic.topics_of)
    twins_module.Twinned.count = timed(  # type: ignore[method-assign]
        "  twins.count (cues and topic words, inside the two above)",
        twins_module.Twinned.count,
    )
    prefilter._Scanner.scan = timed(  # type: ignore[method-assign]
        "  prefilter literal scan (inside the kinds)", prefilter._Scanner.scan
    )
    json_format.format_file = counted(timed("JSON output", json_format.format_file))
    for name, kind in list(KINDS.items()):
        KINDS[name] = dataclasses.replace(kind, check=timed_kind(name, kind.check))


def main() -> None:
    """Run the command under the timers and print the table."""
    instrument()
    start = clock()
    with contextlib.suppress(SystemExit):
        cli.cli(sys.argv[1:], standalone_mode=False)
    total = clock() - start
    files = max(FILES[0], 1)
    print(f"{files} files; {prefilter.ENV_SWITCH}=", end="", file=sys.stderr)
    print(repr(prefilter._CHOICE), file=sys.stderr)
    for name, seconds in sorted(SPENT.items(), key=lambda item: -item[1]):
        print(f"{seconds / files * 1000:7.3f} ms/file  {name}", file=sys.stderr)
    print(f"{total / files * 1000:7.3f} ms/file  the whole run", file=sys.stderr)


if __name__ == "__main__":
    main()
