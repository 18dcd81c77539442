"""``healthlint audit`` as a user runs it: a real subprocess over generated archives."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest

from .audit_archives import article, write_jsonl, write_wxr, wxr_posts
from .conftest import EXAMPLES, ROOT, healthlint_command, run_healthlint, subprocess_env


def table(folder: Path) -> list[dict[str, Any]]:
    """Every row of a partitioned Parquet table, in record order."""
    rows = ds.dataset(folder, format="parquet").to_table().to_pylist()
    return sorted(
        rows, key=lambda r: (r["record"], r.get("line", 0), r.get("column", 0))
    )


def audit(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_healthlint(cwd, "audit", "--isolated", *args)


def test_jsonl_audit_writes_partitions_summary_and_overview(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "archive.jsonl", 45, broken=(8,))
    run = audit(tmp_path, "archive.jsonl", "--out", "results", "--partition-size", "10",
                "--jobs", "2", "--findings")  # fmt: skip
    assert run.returncode == 2, run.stderr  # one record could not be read
    assert "articles: 45 (1 could not be read completely)" in run.stdout
    assert "line 9: not JSON" in run.stdout
    results = tmp_path / "results"
    parts = sorted(p.name for p in (results / "articles").iterdir())
    assert parts == [f"part-{n:05d}.parquet" for n in range(5)]
    rows = table(results / "articles")
    assert [r["record"] for r in rows] == list(range(45))
    assert rows[8]["error"].startswith("line 9: not JSON")
    assert rows[8]["findings"] is None
    assert rows[0]["id"] == "post-00000"
    assert rows[0]["year"] == 2015
    assert rows[0]["type"] == "news"
    assert rows[0]["type_source"] == "type column"
    assert rows[1]["type"] == "patient-education"
    assert rows[1]["target_grade"] == 8.0
    findings = table(results / "findings")
    assert len(findings) == sum(r["findings"] or 0 for r in rows)
    per_rule = Counter(f["code"] for f in findings)
    assert all(sum(r[code] or 0 for r in rows) == n for code, n in per_rule.items())
    summary = json.loads((results / "summary.json").read_text(encoding="utf-8"))
    assert summary["articles"] == 45
    assert summary["unreadable"] == 1
    assert summary["findings"] == len(findings)
    assert {r["code"]: r["findings"] for r in summary["rules"]} == dict(per_rule)
    assert sum(y["articles"] for y in summary["years"].values()) == 44  # one undated
    assert set(summary["categories"]) == {
        "Sleep",
        "Nutrition",
        "Heart health",
        "Medicines",
    }
    assert summary["worst"][0]["errors"] >= summary["worst"][-1]["errors"]
    page = (results / "overview.html").read_text(encoding="utf-8")
    assert "script-src &#x27;none&#x27;" in page
    assert "<script" not in page
    assert f'id="count-files">{45}<' in page


def test_rows_agree_with_check_on_the_same_texts(tmp_path: Path) -> None:
    """Each article is linted as ``check`` lints the same text in a file."""
    records = [article(n) for n in range(30) if "type" not in article(n)]
    folder = tmp_path / "files"
    folder.mkdir()
    with (tmp_path / "archive.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            suffix = ".html" if str(record["text"]).startswith("<h2>") else ".md"
            (folder / f"{record['id']}{suffix}").write_text(
                str(record["text"]), "utf-8"
            )
            out.write(json.dumps(record) + "\n")
    run = audit(tmp_path, "archive.jsonl", "--out", "out", "--findings", "-j", "1")
    assert run.returncode == 0, run.stderr
    checked = run_healthlint(tmp_path, "check", "--isolated", "--no-cache",
                             "--format", "json", "files")  # fmt: skip
    files = {Path(f["path"]).stem: f for f in json.loads(checked.stdout)["files"]}
    findings = table(tmp_path / "out" / "findings")
    for row in table(tmp_path / "out" / "articles"):
        expected = files[row["id"]]
        assert row["type"] == expected["document_type"]["name"]
        assert row["type_source"] == expected["document_type"]["source"]
        assert row["grade"] == expected["readability"]["flesch_kincaid_grade"]
        assert row["meets_target"] == expected["readability"]["meets_target"]
        mine = [(f["code"], f["line"], f["column"], f["end_column"], f["message"])
                for f in findings if f["id"] == row["id"]]  # fmt: skip
        theirs = [(f["code"], f["line"], f["column"], f["end_column"], f["message"])
                  for f in expected["findings"]]  # fmt: skip
        assert mine == theirs, row["id"]
    assert any(row["findings"] for row in table(tmp_path / "out" / "articles"))


def test_a_folder_audit_matches_check_on_the_examples(tmp_path: Path) -> None:
    run = audit(ROOT, str(EXAMPLES), "--out", str(tmp_path / "out"), "-j", "1")
    checked = run_healthlint(ROOT, "check", "--isolated", "--no-cache",
                             "--format", "json", str(EXAMPLES))  # fmt: skip
    assert run.returncode == 0, run.stderr
    expected = {f["path"]: f for f in json.loads(checked.stdout)["files"]}
    rows = table(tmp_path / "out" / "articles")
    assert [r["path"] for r in rows] == list(expected)
    for row in rows:
        report = expected[row["path"]]
        assert row["findings"] == len(report["findings"]), row["path"]
        assert row["type"] == report["document_type"]["name"]
        codes = Counter(f["code"] for f in report["findings"])
        assert {c: row[c] for c in codes} == dict(codes)


def test_a_re_run_resumes_and_gives_the_same_results(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "archive.jsonl", 50)
    args = ("archive.jsonl", "--out", "out", "--partition-size", "10", "-j", "1")
    first = audit(tmp_path, *args)
    assert first.returncode == 0, first.stderr
    out = tmp_path / "out"
    rows = table(out / "articles")
    summary = (out / "summary.json").read_bytes()
    (out / "partitions" / "part-00002.json").unlink()  # as if killed while writing it
    (out / "articles" / "part-00003.parquet").unlink()
    second = audit(tmp_path, *args)
    assert second.returncode == 0, second.stderr
    assert "audited 20 articles" in second.stdout
    assert "30 reused from an earlier run" in second.stdout
    assert table(out / "articles") == rows
    assert (out / "summary.json").read_bytes() == summary
    third = audit(tmp_path, *args)
    assert "audited 0 articles" in third.stdout
    assert "50 reused" in third.stdout
    assert not [p for p in out.rglob(".*") if p.is_file()]  # no temporary file left


def test_other_settings_or_input_on_the_same_folder_start_over(
    tmp_path: Path,
) -> None:
    write_jsonl(tmp_path / "archive.jsonl", 12)
    write_jsonl(tmp_path / "other.jsonl", 3)
    assert audit(tmp_path, "archive.jsonl", "--out", "out", "-j", "1").returncode == 0
    again = audit(tmp_path, "archive.jsonl", "--out", "out", "--partition-size", "5")
    assert again.returncode == 0, again.stderr
    assert again.stderr == (
        "healthlint: out: held an audit of another input or with other "
        "settings (partition_size differ); starting over\n"
    )
    assert "audited 12 articles" in again.stdout
    assert len(list((tmp_path / "out" / "articles").iterdir())) == 3
    other = audit(tmp_path, "other.jsonl", "--out", "out", "--partition-size", "5")
    assert "(input, input_modified_ns, input_size differ)" in other.stderr
    assert [r["record"] for r in table(tmp_path / "out" / "articles")] == [0, 1, 2]
    fresh = audit(tmp_path, "other.jsonl", "--out", "out", "--partition-size", "5",
                  "--fresh")  # fmt: skip
    assert "audited 3 articles" in fresh.stdout
    assert fresh.stderr == ""


def test_a_folder_of_other_files_is_never_written_into(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "archive.jsonl", 3)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    run = audit(tmp_path, "archive.jsonl", "--out", "mine")
    assert run.returncode == 2
    assert run.stderr.startswith(
        "healthlint: error: mine: is not empty and holds no audit"
    )
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]


def test_csv_tables_are_joined_for_spreadsheets(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "archive.jsonl", 25)
    run = audit(tmp_path, "archive.jsonl", "--out", "out", "--table", "csv",
                "--findings", "--partition-size", "10", "-j", "2")  # fmt: skip
    assert run.returncode == 0, run.stderr
    with (tmp_path / "out" / "articles.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["record"]) for r in rows] == list(range(25))
    assert {r["meets_target"] for r in rows} == {"true", "false", ""}  # news: no target
    with (tmp_path / "out" / "findings.csv").open(encoding="utf-8", newline="") as f:
        findings = list(csv.DictReader(f))
    assert len(findings) == sum(int(r["findings"]) for r in rows) > 0
    assert "articles.csv" in run.stdout
    assert "findings.csv" in run.stdout


def test_wordpress_export_by_its_name(tmp_path: Path) -> None:
    write_wxr(tmp_path / "export.xml", wxr_posts(14))
    run = audit(tmp_path, "export.xml", "--out", "out", "--status", "publish")
    assert run.returncode == 0, run.stderr
    rows = table(tmp_path / "out" / "articles")
    assert len(rows) == 14 - len([n for n in range(14) if n % 6 == 1])
    assert {r["kind"] for r in rows} == {"post", "page"}
    assert {r["author"] for r in rows} == {"Marta Lopez", "Tobi Okafor"}
    assert "kind " in run.stdout
    assert "category " in run.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl"], "healthlint: error: missing.jsonl: no such file or directory\n"),
        (["archive.bin"], "healthlint: error: archive.bin: cannot tell what kind of "
         "archive this is from its name; pass --input-type (dir, jsonl, csv, parquet, "
         "wxr)\n"),
        (["archive.bin", "--input-type", "jsonl", "--column", "body"],
         "healthlint: error: --column 'body': write KEY=FIELD, with KEY one of id, "
         "text, format, url, date, type, title, category, author\n"),
        (["archive.bin", "--input-type", "jsonl", "--select", "HL999"],
         "healthlint: error: unknown rule, prefix or pack 'HL999' (did you mean "
         "'HL902'?)\n"),
    ],
)  # fmt: skip
def test_input_problems_are_one_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "archive.bin").write_text("{}", encoding="utf-8")
    run = audit(tmp_path, *args, "--out", "out")
    assert (run.returncode, run.stderr) == (2, message)
    assert not (tmp_path / "out").exists()


def test_without_the_audit_extra_csv_works_and_parquet_says_what_to_install(
    tmp_path: Path,
) -> None:
    shadow = tmp_path / "shadow"
    for name in ("pyarrow", "distributed"):
        (shadow / name).mkdir(parents=True)
        (shadow / name / "__init__.py").write_text(
            f"raise ModuleNotFoundError('not installed', name={name!r})\n", "utf-8"
        )
    write_jsonl(tmp_path / "archive.jsonl", 4)
    env = {**subprocess_env(), "PYTHONPATH": str(shadow)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*healthlint_command(), "audit", "--isolated", "archive.jsonl", *args],
            cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8",
            check=False,
        )  # fmt: skip

    parquet = run("--out", "a")
    assert (parquet.returncode, parquet.stderr) == (
        2,
        "healthlint: error: Parquet needs the 'audit' extra (no module 'pyarrow'): "
        "pip install 'healthlint[audit]', or write CSV with --table csv\n",
    )
    dask = run("--out", "b", "--table", "csv", "--dask", "local")
    assert dask.returncode == 2
    assert "--dask needs the 'audit' extra (no module 'distributed')" in dask.stderr
    plain = run("--out", "c", "--table", "csv")
    assert plain.returncode == 0, plain.stderr
    assert (tmp_path / "c" / "articles.csv").is_file()


def test_help_lists_the_audit(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "healthlint", "audit", "--help"],
        capture_output=True, text=True, encoding="utf-8", check=True, cwd=tmp_path,
    )  # fmt: skip
    assert "--dask ADDRESS" in run.stdout
    assert "--partition-size" in run.stdout
