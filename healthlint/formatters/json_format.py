"""``--format json``: the machine-readable contract of DESIGN.md section 6."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

from healthlint.model import FileReport, Finding, Readability, Report, Severity
from healthlint.summary import summarise


def finding_dict(finding: Finding) -> dict[str, object]:
    """One finding, with exactly the keys the contract names."""
    return {
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.label,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "docs_url": finding.docs_url,
    }


def readability_dict(score: Readability | None) -> dict[str, object] | None:
    """Readability scores; null when the file could not be scored."""
    if score is None:
        return None
    return {
        "words": score.words,
        "sentences": score.sentences,
        "flesch_kincaid_grade": score.flesch_kincaid_grade,
        "smog_index": score.smog_index,
        "flesch_reading_ease": score.flesch_reading_ease,
        "target_grade": score.target_grade,
        "meets_target": score.meets_target,
        "gunning_fog": score.gunning_fog,
        "coleman_liau_index": score.coleman_liau_index,
        "dale_chall_score": score.dale_chall_score,
        "consensus_grade": score.consensus_grade,
        "notes": list(score.notes),
        "sections": [dataclasses.asdict(s) for s in score.sections],
        "hardest_sentences": [dataclasses.asdict(h) for h in score.hardest_sentences],
    }


def file_dict(report: FileReport) -> dict[str, object]:
    """One input: its path as given, findings, scores and error."""
    return {
        "path": report.path,
        "format": report.format,
        "error": report.error,
        "findings": [finding_dict(f) for f in report.findings],
        "readability": readability_dict(report.readability),
    }


def summary_dict(report: Report) -> dict[str, object]:
    """Totals over the run."""
    findings = report.findings
    by_severity = Counter(f.severity for f in findings)
    return {
        "files": len(report.files),
        "findings": len(findings),
        "by_severity": {
            s.label: by_severity[s]
            for s in sorted(Severity, reverse=True)
            if by_severity[s]
        },
        "errors": len(report.errors),
        "readability": readability_summary(report),
    }


def readability_summary(report: Report) -> dict[str, object]:
    """Across files: how many were scored, the median grade, how many met target."""
    stats = summarise(report)
    return {
        "files_scored": stats.scored,
        "median_grade": stats.median_grade,
        "with_target": stats.with_target,
        "meeting_target": stats.meeting_target,
        "share_meeting_target": stats.share_meeting_target,
    }


def format_report(report: Report) -> str:
    """The whole report as indented JSON with a final newline."""
    payload = {
        "version": report.version,
        "files": [file_dict(f) for f in report.files],
        "summary": summary_dict(report),
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
