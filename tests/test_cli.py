"""The command line, through click's runner and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from healthlint.cli import cli

from .conftest import EXAMPLES, healthlint_command, subprocess_env

SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "report.schema.json").read_text(
        encoding="utf-8"
    )
)
CLAIM = "This supplement cures arthritis.\n"
CLEAN = "Gentle exercise may ease knee pain for some people.\n"


def run(
    runner: CliRunner, *args: str, stdin: bytes | None = None
) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "claim.md").write_text(CLAIM, encoding="utf-8")
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def test_exit_codes(runner: CliRunner, tree: Path) -> None:
    assert run(runner, "check", str(tree / "clean.md"))[0] == 0
    # HL101 reports at warning: the default --fail-on (error) lets it pass.
    assert run(runner, "check", str(tree / "claim.md"))[0] == 0
    warn = ("--fail-on", "warning")
    assert run(runner, "check", *warn, str(tree / "claim.md"))[0] == 1
    assert (
        run(runner, "check", *warn, str(tree / "claim.md"), "--ignore", "HL101")[0] == 0
    )


def test_text_output_line_format(runner: CliRunner, tree: Path) -> None:
    _code, out, _ = run(runner, "check", str(tree / "claim.md"))
    first = out.splitlines()[0]
    assert first.startswith(f"{tree / 'claim.md'}:1:17: warning: HL101 'cures' ")
    assert first.endswith("[unsupported-absolute-claim]")
    assert "readability: grade" in out
    assert out.rstrip().endswith("in 1 of 1 file.")


def test_json_output_validates_and_keeps_paths(runner: CliRunner, tree: Path) -> None:
    _code, out, _ = run(runner, "check", "--format", "json", str(tree))
    payload = json.loads(out)
    jsonschema.validate(payload, SCHEMA)
    assert [f["path"] for f in payload["files"]] == [
        str(tree / "claim.md"),
        str(tree / "clean.md"),
    ]
    (finding,) = payload["files"][0]["findings"]
    assert (finding["line"], finding["column"], finding["end_column"]) == (1, 17, 22)
    assert finding["rule"] == "unsupported-absolute-claim"
    summary = payload["summary"]
    assert (summary["files"], summary["findings"], summary["errors"]) == (2, 1, 0)
    assert summary["by_severity"] == {"warning": 1}
    assert summary["readability"]["files_scored"] == 2


def test_json_on_examples_validates(runner: CliRunner) -> None:
    code, out, _ = run(runner, "check", "--format", "json", str(EXAMPLES))
    jsonschema.validate(json.loads(out), SCHEMA)
    assert code == 1


@pytest.mark.parametrize(
    ("option", "value", "codes"),
    [
        ("--select", "HL1", {"HL101", "HL102"}),
        ("--select", "missing-citation", {"HL201"}),
        ("--select", "links", {"HL301", "HL302"}),
        ("--ignore", "HL1,HL2,HL3,HL4", set()),
    ],
)
def test_select_and_ignore(
    runner: CliRunner, option: str, value: str, codes: set[str]
) -> None:
    _code, out, _ = run(
        runner,
        "check",
        "--format",
        "json",
        option,
        value,
        str(EXAMPLES / "overclaiming-blog.md"),
    )
    found = {f["code"] for f in json.loads(out)["files"][0]["findings"]}
    assert found & {"HL101", "HL102", "HL201", "HL301", "HL302", "HL401"} == codes


def test_most_specific_selector_wins(runner: CliRunner, tree: Path) -> None:
    _code, out, _ = run(
        runner,
        "check",
        "--format",
        "json",
        "--ignore",
        "HL1",
        "--extend-select",
        "HL101",
        str(tree / "claim.md"),
    )
    assert [f["code"] for f in json.loads(out)["files"][0]["findings"]] == ["HL101"]


def test_unknown_selector_is_a_usage_error(runner: CliRunner, tree: Path) -> None:
    code, _, err = run(runner, "check", "--select", "missing-citations", str(tree))
    assert code == 2
    assert err.strip() == (
        "healthlint: error: unknown rule, prefix or pack 'missing-citations' "
        "(did you mean 'missing-citation'?)"
    )


@pytest.mark.parametrize(
    ("fail_on", "expected"), [("error", 0), ("warning", 0), ("info", 1)]
)
def test_fail_on(
    runner: CliRunner, tmp_path: Path, fail_on: str, expected: int
) -> None:
    path = tmp_path / "hype.md"
    path.write_text("The new app is a game-changer.\n", encoding="utf-8")
    assert run(runner, "check", "--fail-on", fail_on, str(path))[0] == expected


def test_stdin_with_filename(runner: CliRunner) -> None:
    _code, out, _ = run(
        runner,
        "check",
        "-",
        "--stdin-filename",
        "draft.html",
        "--format",
        "json",
        stdin=b"<p>It is <b>risk-free</b>.</p>",
    )
    (file,) = json.loads(out)["files"]
    assert (file["path"], file["format"]) == ("draft.html", "html")
    assert file["findings"][0]["column"] == 13


def test_rules_and_rule_commands(runner: CliRunner) -> None:
    code, out, _ = run(runner, "rules")
    assert code == 0
    assert any(
        line.split()[:2] == ["HL101", "unsupported-absolute-claim"]
        for line in out.splitlines()
    )
    for name in ("HL201", "missing-citation", "hl201"):
        code, out, _ = run(runner, "rule", name)
        assert code == 0
        assert out.startswith("HL201 missing-citation")
        assert "Why is this bad?" in out
        assert "References" in out
    code, _, err = run(runner, "rule", "HL999")
    assert code == 2
    assert "no rule named 'HL999'" in err


# --- bad input: one line naming the file, others still linted, exit 2 ---------


def write_bad_inputs(root: Path) -> dict[str, str]:
    """Each bad input with the text its one-line error must contain."""
    (root / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (root / "latin1.md").write_bytes("Caf\xe9 au lait cures.\n".encode("latin-1"))
    (root / "huge.md").write_text("Sleep well. " * 900_000, encoding="utf-8")
    (root / "broken-front-matter.md").write_text(
        "---\ntitle: [oops\n---\nIt cures gout.\n", encoding="utf-8"
    )
    (root / "empty-dir").mkdir()
    return {
        "binary.md": "binary file, not text",
        "latin1.md": "not valid UTF-8: byte 0xe9 at offset 3",
        "huge.md": "file is 10.3 MiB, over the limit of 5.0 MiB",
        "broken-front-matter.md": "line 2: invalid front matter",
        "empty-dir": "directory has no files to lint",
        "missing.md": "no such file or directory",
    }


def test_bad_inputs_each_get_one_line_and_others_are_linted(
    runner: CliRunner, tmp_path: Path
) -> None:
    expected = write_bad_inputs(tmp_path)
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    (tmp_path / "good.md").write_text(CLAIM, encoding="utf-8")
    names = [*expected, "empty.md", "good.md"]
    code, out, _ = run(runner, "check", *(str(tmp_path / n) for n in names))
    assert code == 2
    lines = out.splitlines()
    for name, problem in expected.items():
        mine = [ln for ln in lines if ln.startswith(f"{tmp_path / name}: error: ")]
        assert len(mine) == 1, (name, lines)
        assert problem in mine[0]
    assert f"{tmp_path / 'empty.md'}: empty file, nothing to lint" in lines
    assert any(
        ln.startswith(f"{tmp_path / 'good.md'}:1:17: warning: HL101") for ln in lines
    )
    # broken front matter: reported, and its prose still linted
    assert any(
        ln.startswith(f"{tmp_path / 'broken-front-matter.md'}:4:4: warning: HL101")
        for ln in lines
    )


def test_empty_file_alone_is_not_an_error(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("  \n", encoding="utf-8")
    assert run(runner, "check", str(tmp_path / "empty.md"))[0] == 0


def test_max_file_size_can_be_raised(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_text("Sleep well. " * 1000, encoding="utf-8")
    assert run(runner, "check", "--max-file-size", "100", str(path))[0] == 2
    assert run(runner, "check", "--max-file-size", "100000", str(path))[0] == 0


def test_broken_rule_pack_is_one_line_per_problem(
    runner: CliRunner, tmp_path: Path
) -> None:
    pack = tmp_path / "mine.yaml"
    pack.write_text(
        "pack: mine\ntitle: Mine\nprefix: HL7\nrules:\n  - code: HL701\n    slug: x\n    kind: existance\n",
        encoding="utf-8",
    )
    (tmp_path / "a.md").write_text(CLEAN, encoding="utf-8")
    code, out, err = run(runner, "check", "--rules", str(pack), str(tmp_path / "a.md"))
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert all(line.startswith(f"healthlint: error: {pack}:") for line in lines)
    assert (
        f"healthlint: error: {pack}:5: missing required key 'message' in rule HL701"
        in lines
    )
    assert any(
        line.startswith(f"healthlint: error: {pack}:7: unknown kind 'existance'")
        for line in lines
    )


def test_files_are_never_written(runner: CliRunner) -> None:
    before = {p: p.read_bytes() for p in EXAMPLES.iterdir()}
    for fmt in ("text", "json"):
        run(runner, "check", "--format", fmt, str(EXAMPLES))
    assert {p: p.read_bytes() for p in EXAMPLES.iterdir()} == before


def test_real_subprocess_bad_and_good_inputs(tmp_path: Path) -> None:
    expected = write_bad_inputs(tmp_path)
    (tmp_path / "good.md").write_text(CLAIM, encoding="utf-8")
    args = [*healthlint_command(), "check", "--format", "json", *expected, "good.md"]
    done = subprocess.run(
        args, cwd=tmp_path, capture_output=True, env=subprocess_env(), check=False
    )
    assert done.returncode == 2
    payload = json.loads(done.stdout.decode("utf-8"))
    jsonschema.validate(payload, SCHEMA)
    errors = {f["path"]: f["error"] for f in payload["files"] if f["error"]}
    for name, problem in expected.items():
        assert problem in errors[name]
    good = next(f for f in payload["files"] if f["path"] == "good.md")
    assert [f["code"] for f in good["findings"]] == ["HL101"]
    assert payload["summary"]["errors"] == len(expected)


def test_python_dash_m(tmp_path: Path) -> None:
    import sys

    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "healthlint", "check", "a.txt"],
        cwd=tmp_path,
        capture_output=True,
        env=subprocess_env(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"a.txt: readability: grade" in done.stdout


def test_a_reader_that_stops_early_gets_no_error(tmp_path: Path) -> None:
    """``healthlint check ... | head -1``: the closed pipe is not a failure to report."""
    for number in range(300):
        (tmp_path / f"a{number}.md").write_text(
            "This cures cancer in every case. Studies show it works.\n",
            encoding="utf-8",
        )
    with subprocess.Popen(
        [*healthlint_command(), "check", "--isolated", "--no-cache", "--jobs", "1", "."],
        cwd=tmp_path, env=subprocess_env(), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, encoding="utf-8",
    ) as run:  # fmt: skip
        assert run.stdout is not None
        assert run.stderr is not None
        first = run.stdout.readline()
        run.stdout.close()
        errors = run.stderr.read()
        run.wait(timeout=120)
    assert "HL101" in first
    assert errors == ""
    assert run.returncode == 1


def test_an_invisible_promotional_link_is_reported_as_such(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<p>Sleep well.<a href="https://clinic.example/book?utm_source=x">\n \n</a></p>\n',
        encoding="utf-8",
    )
    run = subprocess.run(
        [*healthlint_command(), "check", "--isolated", "--no-cache",
         "--no-readability", "--select", "HL301", str(page)],
        capture_output=True, text=True, encoding="utf-8", env=subprocess_env(),
        check=False,
    )  # fmt: skip
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"{page}:1:")
    assert "HL301 Link '[no visible text]' looks promotional" in lines[0]


def _check_to_file(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "claim.md").write_text(CLAIM, encoding="utf-8")
    return subprocess.run(
        [*healthlint_command(), "check", *args, "claim.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=subprocess_env(),
        check=False,
    )


def test_a_file_whose_suffix_cannot_hold_the_format_gets_its_suffix_s(
    tmp_path: Path,
) -> None:
    # GitHub workflow commands in a .sarif file are a mistake nobody means:
    # the file gets SARIF and the job log keeps the annotations.
    done = _check_to_file(tmp_path, "--format", "github", "--output", "r.sarif")
    assert done.returncode == 0, done.stderr  # a warning fails nothing by default
    sarif = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert done.stdout.startswith("::warning file=claim.md,line=1,col=17")
    done = _check_to_file(tmp_path, "--output", "r.json")
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"]
    assert "claim.md:1:17: warning: HL101" in done.stdout


def test_a_file_whose_suffix_fits_the_format_keeps_the_usual_split(
    tmp_path: Path,
) -> None:
    done = _check_to_file(tmp_path, "--format", "gitlab", "--output", "r.json")
    issues = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert isinstance(issues, list)
    assert issues[0]["check_name"] == "HL101"
    assert "claim.md:1:17: warning: HL101" in done.stdout  # the text report
    done = _check_to_file(tmp_path, "--format", "github", "--output", "r.txt")
    written = (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert written.startswith("::warning file=claim.md")
