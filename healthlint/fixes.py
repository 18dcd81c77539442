"""Apply the safe replacements that findings carry, and only those.

A fix is applied only where the source text at the finding's position is exactly
the matched text: if markup or an entity sits inside the match, the finding is
left for a person. Overlapping fixes keep the first. Everything outside the
replaced spans stays byte for byte as it was.
"""

from __future__ import annotations

from collections.abc import Iterable

from healthlint.document import LineIndex
from healthlint.model import Finding


def apply_fixes(source: str, findings: Iterable[Finding]) -> tuple[str, int]:
    """The source with safe fixes applied, and how many were applied."""
    lines = LineIndex(source)
    edits: list[tuple[int, int, str]] = []
    for finding in sorted(f for f in findings if f.fix is not None):
        start = lines.line_start(finding.line) + finding.column - 1
        end = lines.line_start(finding.end_line) + finding.end_column - 1
        if source[start:end] != finding.text or (edits and start < edits[-1][1]):
            continue
        edits.append((start, end, str(finding.fix)))
    pieces, cursor = [], 0
    for start, end, replacement in edits:
        pieces += [source[cursor:start], replacement]
        cursor = end
    pieces.append(source[cursor:])
    return "".join(pieces), len(edits)


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file, as ``diff -u`` prints it."""
    import difflib  # noqa: PLC0415 (only for --diff)

    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=path,
        tofile=path,
    )
    return "".join(lines)
