"""Document types are names, never paths; profiles add to the default one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from healthlint import typenames
from healthlint.readability import DEFAULT_TARGETS

from .conftest import run_healthlint

# HL101 (a warning) where the tests look for it, and HL402 (an error) for exit 1.
CLAIM = "This supplement cures arthritis.\nYou don't need a prescription for it.\n"


def article(folder: Path, front_matter: str = "", name: str = "a.md") -> str:
    head = f"---\n{front_matter}\n---\n" if front_matter else ""
    (folder / name).write_text(head + CLAIM, encoding="utf-8")
    return name


def test_builtin_types_are_the_readability_targets() -> None:
    assert set(typenames.BUILTIN_TYPES) == set(DEFAULT_TARGETS)


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        (
            "patient-educaton",
            "unknown document type 'patient-educaton' (did you mean "
            "'patient-education'?)",
        ),
        ("x" * 300, "unknown document type '" + "x" * 40 + "…' (known: blog, "),
        ("../../../../etc/evil", "unknown document type '../../../../etc/evil'"),
        ("[news]", "the document type must be text, such as 'news'"),
    ],
)
def test_a_bad_front_matter_type_is_that_files_error(
    tmp_path: Path, declared: str, message: str
) -> None:
    name = article(tmp_path, f"type: {declared}")
    done = run_healthlint(tmp_path, "check", "--format", "json", name)
    assert done.returncode == 2
    (report,) = json.loads(done.stdout)["files"]
    assert report["error"].startswith("front matter 'type': " + message)
    # linted as the default type: the claim is still found
    assert [f["code"] for f in report["findings"]] == ["HL101", "HL402"]


def test_a_front_matter_type_can_never_load_a_file(tmp_path: Path) -> None:
    """The repro: a type that is a path to a profile that ignores HL1."""
    (tmp_path / "evil.yaml").write_text("ignore: [HL1]\n", encoding="utf-8")
    relative = "../" * 12 + str(tmp_path / "evil").lstrip("/")
    name = article(tmp_path, f"type: {relative}")
    done = run_healthlint(tmp_path, "check", name)
    assert done.returncode == 2
    assert "a.md:4:17: warning: HL101" in done.stdout


def test_a_misspelt_type_on_the_command_line_or_in_config_is_one_line(
    tmp_path: Path,
) -> None:
    name = article(tmp_path)
    done = run_healthlint(tmp_path, "check", "--document-type", "newz", name)
    assert done.returncode == 2
    assert done.stderr == (
        "healthlint: error: --document-type: unknown document type 'newz' "
        "(did you mean 'news'?)\n"
    )
    (tmp_path / ".healthlint.yaml").write_text(
        "document-type: blgo\n", encoding="utf-8"
    )
    done = run_healthlint(tmp_path, "check", name)
    assert done.returncode == 2
    assert done.stderr.endswith(
        ".healthlint.yaml: 'document-type': unknown document type 'blgo' "
        "(did you mean 'blog'?)\n"
    )


def test_a_config_defines_a_type_by_giving_it_a_target(tmp_path: Path) -> None:
    (tmp_path / ".healthlint.yaml").write_text(
        "targets: {leaflet: 7}\n", encoding="utf-8"
    )
    name = article(tmp_path, "type: leaflet")
    done = run_healthlint(tmp_path, "check", "--format", "json", name)
    assert done.returncode in (0, 1), done.stdout  # linted; not an input error
    (report,) = json.loads(done.stdout)["files"]
    assert report["error"] is None
    assert report["readability"]["target_grade"] == 7


def test_config_show_reads_the_front_matter_type(tmp_path: Path) -> None:
    name = article(tmp_path, "type: news")
    shown = run_healthlint(tmp_path, "config", "--show", name).stdout
    assert "document-type: news (front matter)" in shown.splitlines()
    assert "  - profile news" in shown.splitlines()
    assert "target-grade: none" in shown.splitlines()
    bad = article(tmp_path, "type: newz", name="b.md")
    shown = run_healthlint(tmp_path, "config", "--show", bad).stdout
    assert "  (front matter 'type': unknown document type 'newz'" in shown


@pytest.mark.parametrize("profile", ["news", "press-release", "patient-education"])
def test_a_profile_adds_to_the_default_one(tmp_path: Path, profile: str) -> None:
    name = article(tmp_path)
    done = run_healthlint(tmp_path, "check", "--profile", profile, name)
    assert done.returncode == 1
    assert "HL101" in done.stdout


def test_a_profile_is_a_name_not_a_path(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("ignore: [HL1]\n", encoding="utf-8")
    name = article(tmp_path)
    done = run_healthlint(tmp_path, "check", "--profile", str(tmp_path / "mine"), name)
    assert done.returncode == 2
    assert "unknown profile" in done.stderr
