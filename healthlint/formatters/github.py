"""``--format github``: GitHub Actions workflow commands, one line per problem.

Each finding becomes ``::error|warning|notice file=...,line=...::message``, which
the Actions runner turns into an annotation on the file in the pull request.

Choices:

- Nothing but workflow commands is printed: no summary line. Every line the
  runner does not recognise as a command is copied into the log as noise, and
  the exit code already says whether the step failed. A clean run prints nothing.
- ``col`` and ``endColumn`` are sent only when a finding starts and ends on the
  same line: GitHub accepts columns only for single-line annotations. Columns
  are healthlint's (1-based characters, ``endColumn`` just past the match), as
  ruff sends them.
- An input that could not be read (or only in part) becomes
  ``::error file=PATH::reason`` after its findings, so it shows in the pull
  request instead of only in the exit code.
- Readability scores and notices are not annotations; use ``--format text``.

GitHub shows at most 10 annotations of each level per step and 50 per job;
the rest stay in the log.
"""

from __future__ import annotations

from healthlint.model import FileReport, Finding, Report, Severity

COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}

# The runner splits a command on ``::`` and its properties on ``,`` and ``=``;
# ``%`` must go first so that the escapes themselves are not escaped again.
_DATA_ESCAPES = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY_ESCAPES = (*_DATA_ESCAPES, (":", "%3A"), (",", "%2C"))


def escape_data(value: str) -> str:
    """Escape a command's message so a newline cannot end the command early."""
    for raw, escaped in _DATA_ESCAPES:
        value = value.replace(raw, escaped)
    return value


def escape_property(value: str) -> str:
    """Escape a property value, which also must not contain ``:`` or ``,``."""
    for raw, escaped in _PROPERTY_ESCAPES:
        value = value.replace(raw, escaped)
    return value


def command(name: str, properties: dict[str, object], message: str) -> str:
    """One workflow command line, with every value escaped."""
    props = ",".join(
        f"{key}={escape_property(str(v))}" for key, v in properties.items()
    )
    return f"::{name} {props}::{escape_data(message)}"


def finding_properties(finding: Finding) -> dict[str, object]:
    """Where the annotation goes and its title; columns only within one line."""
    properties: dict[str, object] = {"file": finding.path, "line": finding.line}
    if finding.end_line == finding.line:
        properties.update(
            col=finding.column, endLine=finding.end_line, endColumn=finding.end_column
        )
    else:
        properties["endLine"] = finding.end_line
    properties["title"] = f"{finding.code} {finding.rule}"
    return properties


def finding_command(finding: Finding) -> str:
    """The annotation for one finding, at the level its severity maps to."""
    return command(
        COMMANDS[finding.severity], finding_properties(finding), finding.message
    )


def file_commands(report: FileReport) -> list[str]:
    """A file's findings in report order, then its read error if it had one."""
    lines = [finding_command(f) for f in report.findings]
    if report.error is not None:
        lines.append(command("error", {"file": report.path}, report.error))
    return lines


def format_report(report: Report) -> str:
    """Every annotation, one per line; an empty string when there is nothing."""
    lines = [line for file in report.files for line in file_commands(file)]
    return "".join(f"{line}\n" for line in lines)
