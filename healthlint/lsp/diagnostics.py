"""A lint outcome as protocol diagnostics: the same findings ``check`` prints.

Each finding keeps its code, severity, message and exact source range (columns
converted to the editor's encoding), and links its rule's page. The readability
summary and the hardest sentences become information diagnostics when the
writer asked for them there.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from healthlint.formatters.text import readability_line
from healthlint.lsp.docslinks import rule_page
from healthlint.lsp.jobs import Outcome, RuleNotes
from healthlint.lsp.positions import Lines
from healthlint.lsp.settings import Settings
from healthlint.model import FileReport, Finding, HardSentence, Readability, Severity

SOURCE = "healthlint"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


@dataclass(frozen=True)
class Entry:
    """One published diagnostic and, when it is a rule's, the finding behind it."""

    diagnostic: types.Diagnostic
    finding: Finding | None = None
    notes: RuleNotes | None = None


def source_range(
    lines: Lines, start: tuple[int, int], end: tuple[int, int]
) -> types.Range:
    """A protocol range from 1-based source positions (end column exclusive)."""
    first = lines.to_client(*start)
    last = lines.to_client(*end)
    return types.Range(
        start=types.Position(line=first[0], character=first[1]),
        end=types.Position(line=last[0], character=last[1]),
    )


def render(outcome: Outcome, lines: Lines, settings: Settings) -> list[Entry]:
    """Every diagnostic to publish for an outcome."""
    entries = [] if outcome.problem is None else [problem_entry(outcome.problem)]
    report = outcome.report
    if report is None:
        return entries
    if report.error is not None:
        entries.append(problem_entry(report.error))
    entries += [
        finding_entry(f, lines, outcome.rules.get(f.code), settings)
        for f in report.findings
    ]
    if settings.readability == "diagnostics" and report.readability is not None:
        entries += readability_entries(report, lines)
    return entries


def problem_entry(message: str) -> Entry:
    """Why the document could not be linted as asked, on its first line."""
    place = types.Range(start=types.Position(0, 0), end=types.Position(0, 0))
    return Entry(
        types.Diagnostic(
            range=place,
            message=f"healthlint: {message}",
            severity=types.DiagnosticSeverity.Error,
            source=SOURCE,
        )
    )


def finding_entry(
    finding: Finding, lines: Lines, notes: RuleNotes | None, settings: Settings
) -> Entry:
    """One finding, as the editor shows it."""
    page = rule_page(finding.code, settings.docs_url) if _has_page(notes) else None
    diagnostic = types.Diagnostic(
        range=source_range(
            lines,
            (finding.line, finding.column),
            (finding.end_line, finding.end_column),
        ),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=page) if page else None,
        source=SOURCE,
        data={"rule": finding.rule},
    )
    return Entry(diagnostic, finding, notes)


def _has_page(notes: RuleNotes | None) -> bool:
    """Only shipped rules have pages; a team's own pack documents itself."""
    return notes is not None and notes.builtin


def summary_text(report: FileReport, score: Readability) -> str:
    """The readability line ``check`` prints, without the path in front."""
    return readability_line("", score, report.document_type).removeprefix(": ")


def hard_sentence_text(sentence: HardSentence) -> str:
    """Why a sentence is among the hardest, in the words ``check`` uses."""
    return (
        f"hard sentence: grade {sentence.grade}, {sentence.words} words, "
        f"{sentence.long_words} of three or more syllables"
    )


def readability_entries(report: FileReport, lines: Lines) -> list[Entry]:
    """The summary on the first line, then each of the hardest sentences."""
    score = report.readability
    if score is None:
        return []
    first = lines.line(0)
    summary = types.Diagnostic(
        range=source_range(lines, (1, 1), (1, len(first) + 1)),
        message=summary_text(report, score),
        severity=types.DiagnosticSeverity.Information,
        source=SOURCE,
    )
    hard = [
        types.Diagnostic(
            range=source_range(lines, (h.line, h.column), (h.end_line, h.end_column)),
            message=hard_sentence_text(h),
            severity=types.DiagnosticSeverity.Information,
            source=SOURCE,
        )
        for h in score.hardest_sentences
    ]
    return [Entry(d) for d in (summary, *hard)]
