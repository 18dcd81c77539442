"""Hovers: a highlighted span explains its rule; the first line, the readability.

A writer who wonders why a phrase is flagged gets the rule's own documentation
(what it flags, why that matters, what to write instead) where they are looking,
without leaving the editor.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from healthlint.lsp.diagnostics import Entry, hard_sentence_text, summary_text
from healthlint.lsp.docslinks import rule_page
from healthlint.lsp.settings import Settings
from healthlint.model import FileReport


def contains(place: types.Range, position: types.Position) -> bool:
    """True when ``position`` lies on the range, its end included.

    A cursor just after the last character of a flagged word still counts.
    """
    start = (place.start.line, place.start.character)
    end = (place.end.line, place.end.character)
    return start <= (position.line, position.character) <= end


def rule_markdown(entry: Entry, settings: Settings) -> str | None:
    """The rule behind one finding: message, what, why, use instead, link."""
    finding, notes = entry.finding, entry.notes
    if finding is None or notes is None:
        return None
    parts = [
        f"**{finding.code}** `{finding.rule}` ({finding.severity.label})",
        finding.message,
        f"**What it does.** {notes.what.strip()}",
        f"**Why is this bad?** {notes.why.strip()}",
        f"**Use instead:** {notes.use_instead.strip()}",
    ]
    page = rule_page(notes.code, settings.docs_url) if notes.builtin else None
    if page is not None:
        parts.append(f"[Rule documentation]({page})")
    return "\n\n".join(parts)


def readability_markdown(report: FileReport) -> str | None:
    """The readability summary and where the hardest sentences are."""
    score = report.readability
    if score is None:
        return None
    parts = [f"**Readability.** {summary_text(report, score)}"]
    parts += [
        f"- line {h.line}: {hard_sentence_text(h)}: “{_clip(h.text)}”"
        for h in score.hardest_sentences
    ]
    return "\n".join(parts)


def _clip(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def hover(
    entries: Sequence[Entry],
    position: types.Position,
    report: FileReport | None,
    settings: Settings,
) -> types.Hover | None:
    """Everything worth showing at ``position``, or None."""
    parts = [
        text
        for entry in entries
        if contains(entry.diagnostic.range, position)
        and (text := rule_markdown(entry, settings)) is not None
    ]
    if settings.readability == "hover" and position.line == 0 and report is not None:
        summary = readability_markdown(report)
        if summary is not None:
            parts.append(summary)
    if not parts:
        return None
    content = types.MarkupContent(
        kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
    )
    return types.Hover(contents=content)
