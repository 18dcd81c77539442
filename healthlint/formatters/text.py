"""``--format text``: one line per finding, then readability, then a summary."""

from __future__ import annotations

from collections import Counter

from healthlint.model import FileReport, Finding, Readability, Report, Severity
from healthlint.summary import summarise


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


def summary_table(report: Report) -> list[str]:
    """A closing table over many files: how many scored, median, meeting target."""
    stats = summarise(report)
    if stats.scored < 2:
        return []
    meeting = "no file has a target"
    if stats.with_target:
        share = f"{100 * (stats.share_meeting_target or 0):.0f}%"
        meeting = f"{stats.meeting_target} of {stats.with_target} ({share})"
    return [
        "Readability summary",
        f"  files scored     {stats.scored}",
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
        lines.append(readability_line(report.path, score, report.document_type))
        lines.extend(hard_spots(report.path, score))
    return lines


def summary_line(report: Report) -> str:
    """One closing sentence with totals by severity."""
    findings = report.findings
    counts = Counter(f.severity for f in findings)
    parts = [
        f"{counts[s]} {s.label}{'s' if counts[s] != 1 else ''}"
        for s in sorted(Severity, reverse=True)
        if counts[s]
    ]
    with_findings = sum(1 for f in report.files if f.findings)
    noun = "problem" if len(findings) == 1 else "problems"
    text = f"Found {len(findings)} {noun}"
    if parts:
        text += f" ({', '.join(parts)})"
    total = len(report.files)
    text += f" in {with_findings} of {total} file{'s' if total != 1 else ''}"
    if report.errors:
        text += f"; {len(report.errors)} could not be read completely"
    return text + "."


def format_report(report: Report) -> str:
    """The whole text report, ending with a newline."""
    lines = [line for file in report.files for line in file_lines(file)]
    lines.extend(summary_table(report))
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
