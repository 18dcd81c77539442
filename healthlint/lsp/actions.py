"""Code actions on a finding: apply its safe fix, suppress it, open its rule's page.

A fix is offered only where the buffer still holds exactly the text the finding
matched, as ``healthlint fix`` checks before it replaces anything. Suppression
inserts the documented directive on the line above, with a reason for the
writer to fill in: an HTML comment in Markdown and HTML, the bare words on a
line of their own in plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lsprotocol import types

from healthlint.document import Format
from healthlint.lsp.diagnostics import Entry
from healthlint.lsp.docslinks import rule_page
from healthlint.lsp.positions import Lines
from healthlint.lsp.settings import Settings
from healthlint.model import Finding
from healthlint.suppress import MALFORMED, UNUSED

OPEN_DOCS = "healthlint.openRuleDocs"
REASON = "reason"
# What must be repeated before a directive so it stays in the same block: the
# indentation, and in Markdown the quote markers of a block quote.
_PREFIX = {
    Format.MARKDOWN: re.compile(r"(?:[ \t]*>)*[ \t]*"),
    Format.HTML: re.compile(r"[ \t]*"),
    Format.TEXT: re.compile(r"[ \t]*"),
}


@dataclass(frozen=True)
class Buffer:
    """The editor buffer the actions edit: its URI, its lines and its format."""

    uri: str
    lines: Lines
    format: Format


def overlaps(a: types.Range, b: types.Range) -> bool:
    """True when two ranges share a position (touching ends count)."""
    a_start, a_end = (a.start.line, a.start.character), (a.end.line, a.end.character)
    b_start, b_end = (b.start.line, b.start.character), (b.end.line, b.end.character)
    return a_start <= b_end and b_start <= a_end


def directive(code: str, fmt: Format) -> str:
    """The disable-next-line directive for ``code``, as this format writes it."""
    words = f"healthlint-disable-next-line {code} -- {REASON}"
    return words if fmt is Format.TEXT else f"<!-- {words} -->"


def code_actions(
    buffer: Buffer, entries: Sequence[Entry], wanted: types.Range, settings: Settings
) -> list[types.CodeAction]:
    """The actions for every finding the requested range touches, without repeats."""
    actions: dict[str, types.CodeAction] = {}
    for entry in entries:
        if entry.finding is None or not overlaps(entry.diagnostic.range, wanted):
            continue
        for action in _for_finding(buffer, entry, entry.finding, settings):
            actions.setdefault(action.title, action)
    return list(actions.values())


def _for_finding(
    buffer: Buffer, entry: Entry, finding: Finding, settings: Settings
) -> Iterator[types.CodeAction]:
    if finding.fix is not None and _still_there(finding, buffer.lines):
        yield fix_action(buffer.uri, entry, finding, finding.fix)
    if finding.code not in (UNUSED, MALFORMED):
        yield suppress_action(buffer, entry, finding)
    documented = entry.notes is not None and entry.notes.builtin
    if documented and rule_page(finding.code, settings.docs_url) is not None:
        yield docs_action(finding.code)


def _still_there(finding: Finding, lines: Lines) -> bool:
    """True when the buffer still holds the matched text at the finding's range."""
    found = lines.text(
        (finding.line, finding.column), (finding.end_line, finding.end_column)
    )
    return found == finding.text


def fix_action(
    uri: str, entry: Entry, finding: Finding, replacement: str
) -> types.CodeAction:
    """Replace the matched text with the rule's safe replacement."""
    edit = types.TextEdit(range=entry.diagnostic.range, new_text=replacement)
    return types.CodeAction(
        title=f"Replace '{finding.text}' with '{replacement}' ({finding.code})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[entry.diagnostic],
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
        is_preferred=True,
    )


def suppress_action(buffer: Buffer, entry: Entry, finding: Finding) -> types.CodeAction:
    """Insert a disable-next-line directive above the finding's first line."""
    line = entry.diagnostic.range.start.line
    prefix = _PREFIX[buffer.format].match(buffer.lines.line(line))
    indent = prefix.group(0) if prefix else ""
    start = types.Position(line=line, character=0)
    edit = types.TextEdit(
        range=types.Range(start=start, end=start),
        new_text=f"{indent}{directive(finding.code, buffer.format)}\n",
    )
    return types.CodeAction(
        title=f"Disable {finding.code} for this line (healthlint-disable-next-line)",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[entry.diagnostic],
        edit=types.WorkspaceEdit(changes={buffer.uri: [edit]}),
    )


def docs_action(code: str) -> types.CodeAction:
    """Open the rule's documentation page (the server asks the editor to show it)."""
    title = f"Open the documentation of {code}"
    command = types.Command(title=title, command=OPEN_DOCS, arguments=[code])
    return types.CodeAction(title=title, command=command)
