"""``--format junit``: JUnit XML, for CI systems that show test reports.

Each input file is one test case (``classname="healthlint"``, ``name`` = the
path as given): it passes when the file is clean and fails with one
``<failure>`` per finding otherwise, so a report viewer lists the articles that
need work and, under each, what to fix.

Choices:

- The root is ``<testsuites>`` around one ``<testsuite name="healthlint">``;
  Jenkins, GitLab and the GitHub test-report actions all read that shape.
- ``tests`` counts files. ``errors`` counts files with an ``<error>`` (the
  file could not be read, or only in part); ``failures`` counts the other
  files with findings. A test case is either failed or in error, so
  ``failures + errors <= tests`` holds, as JUnit readers expect.
- ``<failure type="CODE" message="message">`` holds
  ``line:col CODE message [slug]`` as text; the severity is not a JUnit idea,
  so every finding that was reported fails its file.
- Notices (such as an empty file) go into the test case's ``<system-out>``.
- No ``time`` or ``timestamp`` attributes: the output depends on the report
  alone. Characters that XML 1.0 cannot hold are replaced with U+FFFD.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from healthlint.lazyregex import lazy
from healthlint.model import FileReport, Finding, Report

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
SUITE_NAME = "healthlint"

# XML 1.0 allows tab, line feed, carriage return and most of the rest; nothing
# else can be written, not even as a character reference.
_NOT_XML = lazy("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """Text that XML 1.0 can carry; stray control characters become U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)


def failure_text(finding: Finding) -> str:
    """``line:col CODE message [slug]``: the finding as a compiler would print it."""
    return (
        f"{finding.line}:{finding.column} {finding.code} {finding.message} "
        f"[{finding.rule}]"
    )


def testcase(report: FileReport) -> ET.Element:
    """One file: a failure per finding, an error if it could not be read."""
    case = ET.Element("testcase", classname=SUITE_NAME, name=xml_text(report.path))
    for finding in report.findings:
        failure = ET.SubElement(
            case, "failure", type=finding.code, message=xml_text(finding.message)
        )
        failure.text = xml_text(failure_text(finding))
    if report.error is not None:
        error = ET.SubElement(case, "error", message=xml_text(report.error))
        error.text = xml_text(f"{report.path}: {report.error}")
    if report.notices:
        out = ET.SubElement(case, "system-out")
        out.text = xml_text("\n".join(report.notices))
    return case


def counts(report: Report) -> dict[str, str]:
    """Totals by test case, as JUnit readers expect them."""
    errors = sum(1 for f in report.files if f.error is not None)
    failures = sum(1 for f in report.files if f.findings and f.error is None)
    return {
        "tests": str(len(report.files)),
        "failures": str(failures),
        "errors": str(errors),
        "skipped": "0",
    }


def format_report(report: Report) -> str:
    """The XML document with its declaration, indented, ending with a newline.

    ``skipped`` belongs on ``<testsuite>`` only: the JUnit schema that CI
    servers validate against allows name, tests, failures, errors, disabled
    and time on ``<testsuites>``.
    """
    attributes = {"name": SUITE_NAME, **counts(report)}
    totals = {k: v for k, v in attributes.items() if k != "skipped"}
    root = ET.Element("testsuites", totals)
    suite = ET.SubElement(root, "testsuite", attributes)
    suite.extend(testcase(file) for file in report.files)
    ET.indent(root)
    return DECLARATION + ET.tostring(root, encoding="unicode") + "\n"
