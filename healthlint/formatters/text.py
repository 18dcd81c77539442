"""``--format text``: one line per finding, then readability, then a summary."""

from __future__ import annotations

from dataclasses import dataclass

from healthlint.formatters.excerpt import excerpt_lines
from healthlint.formatters.palette import PLAIN, Palette
from healthlint.formatters.statistics import statistics_lines
from healthlint.model import FileReport, Finding, Readability, Report, Severity
from healthlint.summary import Totals


@dataclass(frozen=True)
class TextOptions:
    """How the text report is dressed for the person reading it."""

    quiet: bool = False  # findings and unreadable files only: no scores, no totals
    show_source: bool = False  # the source line and carets under each finding
    statistics: bool = False  # counts per rule and severity instead of each finding
    palette: Palette = PLAIN


PLAIN_TEXT = TextOptions()


def finding_line(finding: Finding, palette: Palette = PLAIN) -> str:
    """``path:line:col: severity: CODE message [slug]``, as compilers print."""
    severity = finding.severity
    slug = palette.dim(f"[{finding.rule}]")
    return (
        f"{palette.path(finding.path)}:{finding.line}:{finding.column}: "
        f"{palette.severity(severity.label, severity)}: "
        f"{palette.code(finding.code)} {finding.message} {slug}"
    )


def readability_line(path: str, score: Readability, doc_type: str | None) -> str:
    """Grade against target in words an editor reads at a glance."""
    if score.flesch_kincaid_grade is None:
        return f"{path}: readability: {'; '.join(score.notes) or 'not scored'}"
    verdict = _verdict(score)
    smog = f"SMOG {score.smog_index}" if score.smog_index is not None else "SMOG n/a"
    kind = f" ({doc_type})" if doc_type else ""
    return (
        f"{path}: readability: grade {score.flesch_kincaid_grade} (Flesch-Kincaid), "
        f"{verdict}{kind}; consensus {score.consensus_grade}; "
        f"reading ease {score.flesch_reading_ease}; {smog}; "
        f"{score.words} words, {score.sentences} sentences"
    )


def hard_spots(path: str, score: Readability) -> list[str]:
    """Where the text is hard: the hardest sentences, and sections above target."""
    lines = [
        f"{path}:{h.line}:{h.column}: hard sentence: grade {h.grade}, {h.words} words, "
        f'{h.long_words} of three or more syllables: "{_clip(h.text)}"'
        for h in score.hardest_sentences
    ]
    target = score.target_grade
    if target is not None:
        lines += [
            f'{path}:{s.line}: hard section: "{s.heading}" reads at grade {s.grade}'
            for s in score.sections
            if s.grade > target
        ]
    return lines


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def summary_table(stats: Totals) -> list[str]:
    """A closing table over many files: how many scored, median, meeting target."""
    if len(stats.grades) < 2:
        return []
    meeting = "no file has a target"
    if stats.with_target:
        share = f"{100 * (stats.share_meeting_target or 0):.0f}%"
        meeting = f"{stats.meeting_target} of {stats.with_target} ({share})"
    return [
        "Readability summary",
        f"  files scored     {len(stats.grades)}",
        f"  median grade     {stats.median_grade} (Flesch-Kincaid)",
        f"  meeting target   {meeting}",
    ]


def _verdict(score: Readability) -> str:
    if score.target_grade is None:
        return "no target"
    target = f"{score.target_grade:g}"
    return f"meets target {target}" if score.meets_target else f"above target {target}"


def file_lines(report: FileReport, options: TextOptions = PLAIN_TEXT) -> list[str]:
    """Everything printed for one file."""
    palette = options.palette
    error = f"{palette.path(report.path)}: {palette.error('error')}: {report.error}"
    if report.error is not None and not report.findings and report.readability is None:
        return [error]
    lines = finding_lines(report, options)
    if report.error is not None:
        lines.append(error)
    if options.quiet:
        return lines
    path = palette.path(report.path)
    lines.extend(f"{path}: {notice}" for notice in report.notices)
    if report.readability is not None:
        score = report.readability
        lines.append(readability_line(path, score, type_label(report)))
        lines.extend(hard_spots(path, score))
    return lines


def finding_lines(report: FileReport, options: TextOptions) -> list[str]:
    """Each finding's line, followed by its source excerpt when asked for."""
    lines: list[str] = []
    for finding in report.findings:
        lines.append(finding_line(finding, options.palette))
        if options.show_source and report.source is not None:
            lines.extend(excerpt_lines(report.source, finding, options.palette))
    return lines


def type_label(report: FileReport) -> str | None:
    """The document type, marked when healthlint detected it from the text."""
    if report.document_type is None or report.type_source != "detected":
        return report.document_type
    return f"{report.document_type}, detected"


def summary_line(totals: Totals) -> str:
    """One closing sentence with totals by severity."""
    counts = totals.by_severity
    parts = [
        f"{counts[s]} {s.label}{'s' if counts[s] != 1 else ''}"
        for s in sorted(Severity, reverse=True)
        if counts[s]
    ]
    noun = "problem" if totals.findings == 1 else "problems"
    text = f"Found {totals.findings} {noun}"
    if parts:
        text += f" ({', '.join(parts)})"
    total = totals.files
    text += (
        f" in {totals.files_with_findings} of {total} file{'s' if total != 1 else ''}"
    )
    if totals.errors:
        text += f"; {totals.errors} could not be read completely"
    return text + "."


def format_file(report: FileReport, options: TextOptions = PLAIN_TEXT) -> str:
    """Everything printed for one file, streamed as soon as it is linted."""
    if options.statistics:
        return ""
    return "".join(line + "\n" for line in file_lines(report, options))


def format_end(totals: Totals, options: TextOptions = PLAIN_TEXT) -> str:
    """The closing table and sentence (or the statistics), unless quiet."""
    lines = []
    if options.statistics:
        lines += statistics_lines(totals, options.palette)
    elif not options.quiet:
        lines += summary_table(totals)
    if not options.quiet:
        lines.append(summary_line(totals))
    return "".join(line + "\n" for line in lines)


def format_report(report: Report) -> str:
    """The whole text report, ending with a newline."""
    body = "".join(format_file(file) for file in report.files)
    return body + format_end(Totals.of(report.files))
