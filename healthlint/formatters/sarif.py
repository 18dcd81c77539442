"""``--format sarif``: a SARIF 2.1.0 log for code-scanning dashboards.

One run, whose ``tool.driver.rules`` describe every rule that ran (so a viewer
can show the rule's documentation next to a result) and whose ``results`` are
the findings in report order.

Choices:

- ``rules[].name`` is the slug in PascalCase (``UnsupportedAbsoluteClaim``):
  the SARIF specification only asks for a name "understandable to an end user",
  but the SARIF SDK's validator (rule SARIF2012) asks for a single Pascal
  identifier so that names look alike across tools. The slug itself stays in
  ``properties.slug``.
- No ``informationUri`` or ``helpUri``: both must be absolute URIs and the
  documentation pages are relative paths in the repository. The whole rule
  documentation goes into ``help.text`` and ``help.markdown`` instead.
- ``run.columnKind`` is ``unicodeCodePoints``: healthlint counts characters,
  while SARIF readers otherwise assume UTF-16 code units. Columns are 1-based
  and ``endColumn`` points just past the match, as SARIF defines them.
- Relative paths stay relative, with forward slashes, percent-encoded where a
  URI needs it, against ``uriBaseId`` ``%SRCROOT%``; absolute paths become
  ``file://`` URIs.
- A suggestion is advice in prose, not a literal replacement, so it goes into
  ``result.properties.suggestion``. Only a replacement the rule pack marks
  safe (the one ``healthlint fix`` applies) becomes a ``fixes`` entry, which
  tools may apply to the file.
- ``partialFingerprints`` carries ``healthlint/v1``: the same hash of path,
  code, matched text and occurrence as the GitLab report, with no line
  number, so code scanning follows a finding across edits elsewhere.
- Inputs that could not be read are ``toolExecutionNotifications`` of level
  ``error``, and ``executionSuccessful`` is then false: the run did not lint
  everything it was asked to (the exit code is 2).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from healthlint.formatters.gitlab import fingerprint, matched_text
from healthlint.lazyregex import lazy
from healthlint.model import FileReport, Finding, Report, Severity
from healthlint.rule import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SOURCE_ROOT = "%SRCROOT%"
LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}

# A sentence ends at . ! or ? (perhaps inside closing quotes or brackets)
# followed by white space and a capital, a digit or an opening quote.
_SENTENCE_END = lazy(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset({"e.g", "i.e", "etc", "vs", "al", "dr", "mr", "mrs", "ms"})


def first_sentence(text: str) -> str:
    """The opening sentence: ``shortDescription`` is shown where one line fits."""
    text = " ".join(text.split())
    for end in _SENTENCE_END.finditer(text):
        words = text[: end.start()].split()
        if words and words[-1].lower().lstrip("(\"'") not in _ABBREVIATIONS:
            return text[: end.end()]
    return text


def pascal_case(slug: str) -> str:
    """``missing-citation`` -> ``MissingCitation``, the SARIF SDK's name style."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_\s]+", slug))


def help_sections(rule: Rule) -> list[tuple[str, str]]:
    """The rule's documentation, in the order ``healthlint rule CODE`` prints it."""
    docs = rule.docs
    return [
        ("What it does", docs.what),
        ("Why is this bad?", docs.why),
        ("Example", docs.example),
        ("Use instead", docs.use_instead),
        ("References", "\n".join(f"- {ref}" for ref in docs.references)),
    ]


def rule_help(rule: Rule) -> dict[str, str]:
    """Plain and Markdown help, shown by viewers when a result is opened."""
    sections = help_sections(rule)
    text = "\n\n".join(f"{title}\n{body.strip()}" for title, body in sections)
    markdown = "\n\n".join(
        f"## {title}\n\n{_quoted(body) if title in _PROSE else body.strip()}"
        for title, body in sections
    )
    return {"text": text + "\n", "markdown": markdown + "\n"}


# Example and Use instead are sentences of an article, not instructions: they
# are block quotes, as on the docs/rules pages.
_PROSE = frozenset({"Example", "Use instead"})


def _quoted(body: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in body.strip().splitlines())


def rule_descriptor(rule: Rule) -> dict[str, object]:
    """What a viewer needs to explain a rule without leaving the dashboard."""
    return {
        "id": rule.code,
        "name": pascal_case(rule.slug),
        "shortDescription": {"text": first_sentence(rule.docs.what)},
        "fullDescription": {"text": rule.docs.what},
        "help": rule_help(rule),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": [rule.pack],
            "slug": rule.slug,
            "status": rule.status.value,
        },
    }


def artifact_location(path: str) -> dict[str, str]:
    """The path as a URI reference: relative ones against ``%SRCROOT%``."""
    windows = PureWindowsPath(path)
    if windows.drive and windows.root:
        return {"uri": windows.as_uri()}
    if path.startswith("/"):
        return {"uri": PurePosixPath(path).as_uri()}
    return {"uri": quote(path.replace("\\", "/"), safe="/"), "uriBaseId": SOURCE_ROOT}


def region(finding: Finding) -> dict[str, int]:
    """Start and end of the match; SARIF's columns are 1-based, end exclusive."""
    return {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }


def fix(finding: Finding) -> dict[str, object]:
    """The safe replacement as a SARIF fix: the matched region, the new text."""
    return {
        "description": {"text": f"Replace '{finding.text}' with '{finding.fix}'."},
        "artifactChanges": [
            {
                "artifactLocation": artifact_location(finding.path),
                "replacements": [
                    {
                        "deletedRegion": region(finding),
                        "insertedContent": {"text": finding.fix},
                    }
                ],
            }
        ],
    }


def result(
    finding: Finding, rule_index: dict[str, int], occurrence: int = 0
) -> dict[str, object]:
    """One finding; ``ruleIndex`` only when its rule is described in the run."""
    item: dict[str, object] = {"ruleId": finding.code}
    if finding.code in rule_index:
        item["ruleIndex"] = rule_index[finding.code]
    item["level"] = LEVELS[finding.severity]
    item["message"] = {"text": finding.message}
    item["locations"] = [
        {
            "physicalLocation": {
                "artifactLocation": artifact_location(finding.path),
                "region": region(finding),
            }
        }
    ]
    item["partialFingerprints"] = {
        "healthlint/v1": fingerprint(
            finding.path, finding.code, matched_text(finding), str(occurrence)
        )
    }
    if finding.fix is not None:
        item["fixes"] = [fix(finding)]
    if finding.suggestion:
        item["properties"] = {"suggestion": finding.suggestion}
    return item


def results(report: Report, rule_index: dict[str, int]) -> list[dict[str, object]]:
    """Every finding in report order, repeats of one phrase numbered per file."""
    out = []
    for file in report.files:
        seen: Counter[tuple[str, str]] = Counter()
        for finding in file.findings:
            key = (finding.code, matched_text(finding))
            out.append(result(finding, rule_index, seen[key]))
            seen[key] += 1
    return out


def read_error(report: FileReport) -> dict[str, object]:
    """A notification saying which input could not be linted, and why."""
    return {
        "level": "error",
        "message": {"text": f"{report.path}: {report.error}"},
        "locations": [
            {"physicalLocation": {"artifactLocation": artifact_location(report.path)}}
        ],
    }


def sarif_log(report: Report) -> dict[str, object]:
    """The whole log as plain data, in the order the report holds it."""
    rule_index: dict[str, int] = {}
    for index, rule in enumerate(report.rules):
        rule_index.setdefault(rule.code, index)
    driver = {
        "name": "healthlint",
        "version": report.version,
        "rules": [rule_descriptor(rule) for rule in report.rules],
    }
    invocation = {
        "executionSuccessful": not report.errors,
        "toolExecutionNotifications": [read_error(f) for f in report.errors],
    }
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": results(report, rule_index),
    }
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def format_report(report: Report) -> str:
    """The SARIF log as indented JSON with a final newline."""
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
