"""Config files, profiles and layering, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint.cli import cli

from .conftest import EXAMPLES, run_healthlint

CLAIM_AND_HYPE = "This game-changer cures gout. Studies show it works.\n"


def lint(runner: CliRunner, *args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    result = runner.invoke(cli, ["check", "--format", "json", *args])
    payload = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return result.exit_code, payload, result.stderr


def codes(payload: dict, index: int = 0) -> list[str]:  # type: ignore[type-arg]
    return [f["code"] for f in payload["files"][index]["findings"]]


def severities(payload: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {f["code"]: f["severity"] for f in payload["files"][0]["findings"]}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(CLAIM_AND_HYPE, encoding="utf-8")
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_nearest_config_file_wins(runner: CliRunner, project: Path) -> None:
    write(project / ".healthlint.yaml", "ignore: [HL101]\n")
    write(project / "docs" / ".healthlint.yaml", "ignore: [HL102]\n")
    write(project / "b.md", CLAIM_AND_HYPE)
    _, payload, _ = lint(runner, str(project / "docs" / "a.md"), str(project / "b.md"))
    assert "HL101" in codes(payload, 0)
    assert "HL102" not in codes(payload, 0)
    assert "HL102" in codes(payload, 1)
    assert "HL101" not in codes(payload, 1)


def test_pyproject_table(runner: CliRunner, project: Path) -> None:
    write(
        project / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.healthlint]\nignore = ["HL1"]\n',
    )
    _, payload, _ = lint(runner, str(project / "docs" / "a.md"))
    assert codes(payload) == ["HL201"]


def test_pyproject_without_table_is_skipped(runner: CliRunner, project: Path) -> None:
    write(project / "pyproject.toml", '[project]\nname = "x"\n')
    write(project.parent / ".healthlint.yaml", "") if False else None
    _, payload, _ = lint(runner, str(project / "docs" / "a.md"))
    assert {"HL101", "HL102", "HL201"} <= set(codes(payload))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('[project]\nname = "x"\n', False),
        ("[project\n", False),  # broken, and no word of healthlint: skipped
        ("[tool.healthlint]\n", True),
        ("[tool.healthlint\n", True),  # broken, but meant for us: reported
        ('[tool."\\u0068ealthlint"]\n', True),  # an escaped name is the name
        ('[tool."\\U00000068ealthlint"]\n', True),
        ('[tool."\\u0068ealthy"]\n', False),
    ],
)
def test_which_pyproject_has_a_table(tmp_path: Path, text: str, found: bool) -> None:
    from healthlint.config import pyproject_has_table

    assert pyproject_has_table(write(tmp_path / "pyproject.toml", text)) is found


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ignroe: [HL101]\n", "unknown key 'ignroe' (did you mean 'ignore'?)"),
        (
            "extend_select: [HL101]\n",
            "unknown key 'extend_select' (did you mean 'extend-select'?)",
        ),
        ("select: 5\n", "'select': expected a list of strings"),
        ("fail-on: fatal\n", "'fail-on': unknown severity 'fatal'"),
        ("targets: {news: high}\n", "'targets': news: expected a grade number or null"),
        ("select: [HL10O]\n", "unknown rule, prefix or pack 'HL10O'"),
        (
            "extends: no-such-profile\n",
            "'extends' names 'no-such-profile', which is neither profile nor file",
        ),
        (
            "rule-options: {HL401: {min_trigers: 3}}\n",
            "unknown option 'min_trigers' for rule HL401 (did you mean",
        ),
        (
            "rule-options: {HL401: {min_triggers: zero}}\n",
            "'min_triggers' must be a whole number",
        ),
        ("select: [oops\n", "invalid YAML"),
    ],
)
def test_bad_config_is_one_line_naming_file_and_key(
    runner: CliRunner, project: Path, text: str, message: str
) -> None:
    config = write(project / ".healthlint.yaml", text)
    code, _, err = lint(runner, str(project / "docs" / "a.md"))
    assert code == 2
    (line,) = err.splitlines()
    assert line.startswith(f"healthlint: error: {config.resolve()}")
    assert message in line


def test_extends_profile_and_file(runner: CliRunner, project: Path) -> None:
    write(project / "base.yaml", "extends: strict\nignore: [HL101]\n")
    write(project / ".healthlint.yaml", "extends: base.yaml\n")
    _, payload, _ = lint(runner, str(project / "docs" / "a.md"))
    found = severities(payload)
    assert "HL101" not in found
    assert found["HL201"] == "info"  # as measured: strict adds rules, not severity
    assert payload["files"][0]["readability"]["target_grade"] == 8.0  # strict's


def test_extends_loop_is_an_error(runner: CliRunner, project: Path) -> None:
    write(project / "a.yaml", "extends: b.yaml\n")
    write(project / "b.yaml", "extends: a.yaml\n")
    write(project / ".healthlint.yaml", "extends: a.yaml\n")
    code, _, err = lint(runner, str(project / "docs" / "a.md"))
    assert code == 2
    assert "loops back" in err


def test_per_file_ignores_and_severity(runner: CliRunner, project: Path) -> None:
    write(
        project / ".healthlint.yaml",
        "per-file-ignores:\n  'docs/*.md': [HL102]\nseverity:\n  HL2: error\n",
    )
    write(project / "b.md", CLAIM_AND_HYPE)
    _, payload, _ = lint(runner, str(project / "docs" / "a.md"), str(project / "b.md"))
    assert "HL102" not in codes(payload, 0)
    assert "HL102" in codes(payload, 1)
    assert severities(payload)["HL201"] == "error"


def test_rule_options(runner: CliRunner, project: Path) -> None:
    advice = "Take 2 tablets daily. Rest your knee.\n"
    write(project / "docs" / "a.md", advice)
    _, payload, _ = lint(runner, str(project / "docs" / "a.md"))
    assert "HL401" in codes(payload)
    write(
        project / ".healthlint.yaml",
        "rule-options:\n  missing-clinician-advice: {min_triggers: 3}\n",
    )
    _, payload, _ = lint(runner, str(project / "docs" / "a.md"))
    assert "HL401" not in codes(payload)


def test_command_line_beats_config_and_isolated_ignores_it(
    runner: CliRunner, project: Path
) -> None:
    write(project / ".healthlint.yaml", "ignore: [HL101]\nfail-on: info\n")
    target = str(project / "docs" / "a.md")
    _, payload, _ = lint(runner, target, "--extend-select", "HL101")
    assert "HL101" in codes(payload)
    _, payload, _ = lint(runner, target, "--isolated")
    assert "HL101" in codes(payload)
    hype_only = write(project / "docs" / "hype.md", "A game-changer.\n")
    assert lint(runner, str(hype_only))[0] == 1  # fail-on: info from the file
    assert lint(runner, str(hype_only), "--fail-on", "error")[0] == 0


def test_explicit_config_and_exclude(runner: CliRunner, project: Path) -> None:
    other = write(project / "other.yaml", "exclude: ['docs/*.md']\n")
    write(project / "docs" / "b.txt", CLAIM_AND_HYPE)
    args = ["check", "--fail-on", "warning", "--config", str(other)]
    result = runner.invoke(cli, [*args, str(project / "docs")])
    assert result.exit_code == 1
    assert "a.md" not in result.stdout  # excluded, so not linted at all
    assert "b.txt:1:" in result.stdout


def test_document_type_and_targets_from_config(
    runner: CliRunner, project: Path
) -> None:
    write(
        project / ".healthlint.yaml",
        "document-type: patient-education\ntargets:\n  patient-education: 4\n",
    )
    _, payload, _ = lint(runner, str(project / "docs" / "a.md"))
    assert payload["files"][0]["readability"]["target_grade"] == 4.0


def test_config_show(runner: CliRunner, project: Path) -> None:
    write(project / ".healthlint.yaml", "extends: strict\nignore: [HL1]\n")
    result = runner.invoke(cli, ["config", "--show", str(project / "docs")])
    assert result.exit_code == 0
    out = result.stdout
    assert "  - profile default\n  - profile strict\n" in out
    assert str((project / ".healthlint.yaml").resolve()) in out
    assert "HL101" not in out
    assert "HL201 missing-citation (info)" in out
    assert "HL203 causal-overclaim (warning)" in out  # a preview rule strict adds
    assert "target-grade: 8" in out


# --- profiles change what fires on the examples ---------------------------------


def example_codes(runner: CliRunner, name: str, *args: str) -> dict[str, str]:
    return example_codes_at(runner, EXAMPLES / name, *args)


def example_codes_at(runner: CliRunner, path: Path, *args: str) -> dict[str, str]:
    _, payload, _ = lint(runner, "--isolated", str(path), *args)
    return severities(payload)


def test_news_and_press_release_profiles_drop_clinician_advice(
    runner: CliRunner,
) -> None:
    assert "HL401" in example_codes(runner, "clinic-page.html")
    for doc_type in ("news", "press-release"):
        found = example_codes(runner, "clinic-page.html", "--document-type", doc_type)
        assert "HL401" not in found, doc_type
    # front matter (type: blog) wins over the command line
    blog = example_codes(runner, "overclaiming-blog.md", "--document-type", "news")
    assert "HL401" in blog


def test_reporting_profiles_report_below_bar_rules_at_info(
    runner: CliRunner, tmp_path: Path
) -> None:
    """In news and releases, rules measured under their bar there drop to info."""
    path = write(tmp_path / "claim.md", "This pill cures gout.\n")
    found = example_codes_at(runner, path, "--document-type", "default")
    assert found["HL101"] == "warning"
    for doc_type in ("news", "press-release"):
        found = example_codes_at(runner, path, "--document-type", doc_type)
        assert found["HL101"] == "info", doc_type


def test_patient_education_profile_sets_grade_8(runner: CliRunner) -> None:
    _, payload, _ = lint(
        runner,
        "--isolated",
        "--document-type",
        "patient-education",
        str(EXAMPLES / "clinic-page.html"),
    )
    assert payload["files"][0]["readability"]["target_grade"] == 8.0
    # Sources and clinician advice stay at their measured severity (info).
    assert severities(payload)["HL401"] == "info"


def test_strict_profile(runner: CliRunner) -> None:
    default = example_codes(runner, "overclaiming-blog.md")
    strict = example_codes(runner, "overclaiming-blog.md", "--profile", "strict")
    assert default["HL201"] == strict["HL201"] == "info"
    preview = {"HL151", "HL203", "HL207"}
    assert not preview & set(default)
    assert preview <= set(strict)
    _, payload, _ = lint(
        runner,
        "--isolated",
        "--profile",
        "strict",
        str(EXAMPLES / "careful-consumer-article.md"),
    )
    assert payload["files"][0]["readability"]["target_grade"] == 8.0


def test_unknown_profile(runner: CliRunner) -> None:
    code, _, err = lint(runner, "--profile", "stric", str(EXAMPLES))
    assert code == 2
    assert "unknown profile 'stric' (did you mean 'strict'?)" in err


def test_extend_select_of_a_pack_or_prefix_turns_on_its_preview_rules(
    tmp_path: Path,
) -> None:
    """The repro: --extend-select balance ran none of the balance pack's rules."""
    text = "A new pill treats arthritis. The pill treats pain and helps sleep.\n"
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    for selector in ("balance", "HL15"):
        done = run_healthlint(
            tmp_path, "check", "--isolated", "--no-readability",
            "--extend-select", selector, "a.md",
        )  # fmt: skip
        assert "HL151" in done.stdout, (selector, done.stdout)
    quiet = run_healthlint(tmp_path, "check", "--isolated", "--no-readability", "a.md")
    assert "HL15" not in quiet.stdout
    everything = run_healthlint(
        tmp_path, "check", "--isolated", "--no-readability", "--extend-select", "ALL",
        "a.md",
    )  # fmt: skip
    assert "HL15" not in everything.stdout  # ALL means the stable set, as before
