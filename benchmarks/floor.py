"""The floor: read every file and run one combined regex over it, nothing else.

Why: a linter built on regular expressions cannot be faster than reading its inputs
and scanning them once with all its patterns. Timing this next to healthlint shows how
much of healthlint's time goes to everything else (start-up, parsing, readability,
formatting output). It imports only the standard library so its start-up is as small
as a Python process can have.

With ``--per-pattern`` it compiles each pattern on its own and scans the text once
per pattern instead: Python's ``re`` tries every branch of a large alternation at
every position, which can be slower than many separate scans that each skip ahead to
their own first character.

With ``--per-rule`` the JSON file instead lists each rule's joined pattern as
healthlint compiles it, with its lower-cased twin: the text is lower-cased once and
each rule is scanned once, which is exactly healthlint's matching and nothing else.

Usage: ``python floor.py PATTERNS.json DIR [--per-pattern | --per-rule]``.
PATTERNS.json is a list of regex strings that the harness has already checked to
compile together, each wrapped in a group that carries its own case rule
(``(?i:...)`` where healthlint ignores case); they are joined with ``|`` and
compiled with no other flags.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def scan(patterns: list[str], directory: Path, per_pattern: bool) -> tuple[int, int]:
    """Return (files read, matches found) for every file directly in ``directory``."""
    if per_pattern:
        regexes = [re.compile(pattern) for pattern in patterns]
    else:
        regexes = [re.compile("|".join(patterns))]
    files = 0
    matches = 0
    for path in sorted(directory.iterdir()):
        text = path.read_text(encoding="utf-8")
        matches += sum(1 for regex in regexes for _ in regex.finditer(text))
        files += 1
    return files, matches


def scan_rules(scans: list[dict[str, object]], directory: Path) -> tuple[int, int]:
    """Per-rule scanning as healthlint does it: folded twins on lower-cased text."""
    folded = [re.compile(str(s["folded"])) for s in scans if s["folded"]]
    exact = [
        re.compile(str(s["source"]), int(str(s["flags"])))
        for s in scans
        if not s["folded"]
    ]
    files = matches = 0
    for path in sorted(directory.iterdir()):
        text = path.read_text(encoding="utf-8")
        lowered = text.lower()
        matches += sum(1 for regex in folded for _ in regex.finditer(lowered))
        matches += sum(1 for regex in exact for _ in regex.finditer(text))
        files += 1
    return files, matches


def main(argv: list[str]) -> int:
    """Scan the directory and print the counts, so the run has output to check."""
    patterns = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    if "--per-rule" in argv[3:]:
        files, matches = scan_rules(patterns, Path(argv[2]))
    else:
        files, matches = scan(patterns, Path(argv[2]), "--per-pattern" in argv[3:])
    print(json.dumps({"files": files, "matches": matches}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
