"""``--format text``: one line per finding, then readability, then a summary."""

from __future__ import annotations

from collections import Counter

from healthlint.model import FileReport, Finding, Readability, Report, Severity


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
        f"{verdict}{kind}; reading ease {score.flesch_reading_ease}; {smog}; "
        f"{score.words} words, {score.sentences} sentences"
    )


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
        lines.append(
            readability_line(report.path, report.readability, report.document_type)
        )
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
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
