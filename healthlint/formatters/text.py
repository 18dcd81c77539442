"""``--format text``: one line per finding, then readability, then a summary."""

from __future__ import annotations

from healthlint.model import FileReport, Finding, Readability, Report, Severity
from healthlint.summary import Totals


def finding_line(finding: Finding) -> str:
    """``path:line:col: severity: CODE message [slug]``, as compilers print."""
    return (
        f"{finding.path}:{finding.line}:{finding.column}: {finding.severity.label}: "
        f"{finding.code} {finding.message} [{finding.rule}]"
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


def file_lines(report: FileReport) -> list[str]:
    """Everything printed for one file."""
    if report.error is not None and not report.findings and report.readability is None:
        return [f"{report.path}: error: {report.error}"]
    lines = [finding_line(f) for f in report.findings]
    if report.error is not None:
        lines.append(f"{report.path}: error: {report.error}")
    lines.extend(f"{report.path}: {notice}" for notice in report.notices)
    if report.readability is not None:
        score = report.readability
        lines.append(readability_line(report.path, score, type_label(report)))
        lines.extend(hard_spots(report.path, score))
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


def format_file(report: FileReport) -> str:
    """Everything printed for one file, streamed as soon as it is linted."""
    return "".join(line + "\n" for line in file_lines(report))


def format_end(totals: Totals) -> str:
    """The closing table and sentence."""
    return "".join(
        line + "\n" for line in [*summary_table(totals), summary_line(totals)]
    )


def format_report(report: Report) -> str:
    """The whole text report, ending with a newline."""
    body = "".join(format_file(file) for file in report.files)
    return body + format_end(Totals.of(report.files))
