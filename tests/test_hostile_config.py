"""Hostile configuration, rule packs, baselines and front matter, through the CLI.

A pull request controls every one of these files. Each case must end in one
line naming the file (and line, where there is one) and exit 2 for a config,
or a file error beside the other files' results for front matter; never a
traceback, never a hang, never gigabytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from healthlint import safeyaml

from .conftest import HOUSE_PACK, run_healthlint

CLAIM = "This supplement cures arthritis.\n"
BOMB = "".join(
    f"x{i}: &x{i} [{','.join([f'*x{i - 1}'] * 9) if i else 'a,a,a,a,a,a,a,a,a'}]\n"
    for i in range(9)
)


def check(cwd: Path, *args: str) -> tuple[int, str, str]:
    (cwd / "a.md").write_text(CLAIM, encoding="utf-8")
    done = run_healthlint(cwd, "check", *args, "a.md")
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            "select: " + "[" * 3000 + "]" * 3000 + "\n",
            ".healthlint.yaml:1: invalid YAML: nested more than 50 levels deep",
        ),
        (
            "targets: {default: " + "9" * 5000 + "}\n",
            ".healthlint.yaml:1: invalid YAML: a number with 5000 digits is too long",
        ),
        (
            "rule-options:\n  missing-harms:\n    junk:\n"
            + "".join(f"      {line}\n" for line in BOMB.splitlines()),
            ".healthlint.yaml:9: invalid YAML: expands to more than 100000 values",
        ),
        (b"select: [\xff]\n", ".healthlint.yaml: cannot read config: not valid UTF-8"),
        (
            "exclude: ['']\n",
            ".healthlint.yaml: 'exclude': an empty pattern matches nothing",
        ),
        (
            "description: x\n" * 30000,
            ".healthlint.yaml: cannot read config: file is 439.5 KiB, over the limit",
        ),
    ],
)
def test_hostile_yaml_configs(tmp_path: Path, body: str | bytes, problem: str) -> None:
    raw = body.encode("utf-8") if isinstance(body, str) else body
    (tmp_path / ".healthlint.yaml").write_bytes(raw)
    code, _out, err = check(tmp_path)
    assert code == 2
    assert err.startswith("healthlint: error: ")
    assert problem in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("tool = 5\n", None),
        ("[tool]\nhealthlint = 5\n", "[tool.healthlint] must be a table"),
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", None),
        ("[tool.healthlint]\nfail-on = " + "9" * 5000 + "\n", "invalid TOML"),
    ],
)
def test_hostile_pyproject(tmp_path: Path, body: str, problem: str | None) -> None:
    (tmp_path / "pyproject.toml").write_text(body, encoding="utf-8")
    code, out, err = check(tmp_path)
    if problem is None:  # no healthlint table: the file is not a config at all
        assert code == 0, err  # linted as usual: HL101 is a warning
        assert "HL101" in out
    else:
        assert code == 2
        assert problem in err


def extends_chain(folder: Path, levels: int) -> None:
    """Each file extends the next one twice: 2**levels paths through few files."""
    for level in range(levels):
        nxt = f"c{level + 1}.yaml"
        (folder / f"c{level}.yaml").write_text(
            f"extends: [{nxt}, {nxt}]\n", encoding="utf-8"
        )
    (folder / f"c{levels}.yaml").write_text("ignore: [HL1]\n", encoding="utf-8")
    (folder / ".healthlint.yaml").write_text(
        "extends: [c0.yaml, c0.yaml]\n", encoding="utf-8"
    )


def test_extends_fan_out_reads_each_file_once(tmp_path: Path) -> None:
    extends_chain(tmp_path, 25)  # 2**25 paths; took minutes when each was followed
    code, out, err = check(tmp_path)
    assert code == 0, err
    assert "HL101" not in out


def test_extends_reaches_a_bounded_number_of_files(tmp_path: Path) -> None:
    extends_chain(tmp_path, 40)
    code, _out, err = check(tmp_path)
    assert code == 2
    assert "'extends' reaches more than 32 files" in err


def test_extends_diamond_is_fine(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text("ignore: [HL1]\n", encoding="utf-8")
    for name in ("left", "right"):
        (tmp_path / f"{name}.yaml").write_text("extends: base.yaml\n", encoding="utf-8")
    (tmp_path / ".healthlint.yaml").write_text(
        "extends: [left.yaml, right.yaml, left.yaml]\n", encoding="utf-8"
    )
    code, out, err = check(tmp_path)
    assert code == 0, err
    assert "HL101" not in out


def test_patterns_that_only_fail_joined_are_a_pack_error(tmp_path: Path) -> None:
    (tmp_path / "house.yaml").write_text(
        HOUSE_PACK.format(patterns="['(?P<x>cure)', '(?P<x>heal)']"), encoding="utf-8"
    )
    code, _out, err = check(tmp_path, "--rules", "house.yaml")
    assert code == 2
    assert err.strip() == (
        "healthlint: error: house.yaml:13: the patterns in 'patterns' do not "
        "compile together: redefinition of group name 'x' as group 2; was group 1 "
        "at position 23 in rule HL701"
    )


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('{"version": 1, "findings": 5}', "'findings' must be a list"),
        (
            '{"version": 1, "findings": [{"path": "a.md", "code": "HL101", '
            '"text": "cures", "count": 1e999}]}',
            "finding 1 is malformed",
        ),
        (
            '{"version": 1, "findings": [{"path": "a.md", "code": "HL101", '
            '"text": "cures", "count": "1"}]}',
            "finding 1 is malformed",
        ),
        (
            '{"version": 1, "findings": ' + "[" * 100000 + "]" * 100000 + "}",
            "invalid JSON: nested too deeply",
        ),
        ('{"version": 1, "findings": [7]}', "finding 1 is malformed"),
    ],
)
def test_hostile_baselines(tmp_path: Path, body: str, problem: str) -> None:
    (tmp_path / "b.json").write_text(body, encoding="utf-8")
    code, _out, err = check(tmp_path, "--isolated", "--baseline", "b.json")
    assert code == 2
    assert err.startswith("healthlint: error: b.json: ")
    assert problem in err


@pytest.mark.parametrize(
    ("front_matter", "problem"),
    [
        ("n: " + "9" * 5000, "line 2: invalid front matter: a number with 5000 digits"),
        ("x: " + "[" * 5000 + "]" * 5000, "line 2: invalid front matter: nested more"),
        (BOMB.rstrip(), "invalid front matter: expands to more than 100000 values"),
    ],
)
def test_hostile_front_matter_is_that_files_error(
    tmp_path: Path, front_matter: str, problem: str
) -> None:
    (tmp_path / "bad.md").write_text(f"---\n{front_matter}\n---\n{CLAIM}", "utf-8")
    (tmp_path / "good.md").write_text(CLAIM, encoding="utf-8")
    done = run_healthlint(
        tmp_path, "check", "--isolated", "--format", "json", "bad.md", "good.md"
    )
    assert done.returncode == 2
    bad, good = json.loads(done.stdout)["files"]
    assert problem in bad["error"]
    assert [f["code"] for f in bad["findings"]] == ["HL101"]  # the prose still linted
    assert [f["code"] for f in good["findings"]] == ["HL101"]


def test_front_matter_dates_are_text_even_when_impossible(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(f"---\ndate: 2024-02-30\n---\n{CLAIM}", "utf-8")
    done = run_healthlint(tmp_path, "check", "--isolated", "--format", "json", "a.md")
    assert done.returncode == 0  # linted, not an error: HL101 is a warning
    assert json.loads(done.stdout)["files"][0]["error"] is None


def test_limits_are_counted_without_expanding() -> None:
    """The loader refuses a billion laughs in well under a second's work."""
    with pytest.raises(safeyaml.LimitError, match="expands to more than"):
        safeyaml.load(BOMB)
    recursive = "a: &a [*a]\n"
    with pytest.raises(safeyaml.LimitError, match="refers to itself"):
        safeyaml.load(recursive)
    assert safeyaml.load("a: &a [1, 2]\nb: *a\n") == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"pack: [\xff]\n", "house.yaml: cannot read rule pack: not valid UTF-8"),
        ("rules: " + "[" * 60 + "]" * 60 + "\n", "nested more than 50 levels"),
        ("rules: [" + "9" * 5000 + "]\n", "a number with 5000 digits is too long"),
        (
            "pack: x\nrules:\n" + "".join(f"  {line}\n" for line in BOMB.splitlines()),
            "expands to more than",
        ),
    ],
)
def test_hostile_rule_packs(tmp_path: Path, body: str | bytes, problem: str) -> None:
    raw = body.encode("utf-8") if isinstance(body, str) else body
    (tmp_path / "house.yaml").write_bytes(raw)
    code, _out, err = check(tmp_path, "--isolated", "--rules", "house.yaml")
    assert code == 2
    assert problem in err
