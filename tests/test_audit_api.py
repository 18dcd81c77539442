"""The audit run in this process (click's runner): the same results, and the parts
a subprocess cannot show, such as the live progress line on a terminal."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint.audit.local import run_processes
from healthlint.audit.progress import ERASE_LINE, AuditProgress
from healthlint.audit.readers import Meter, ReadOptions, read
from healthlint.audit.records import partitions
from healthlint.audit.run import AuditSettings, run_audit
from healthlint.audit.store import OutputFolder
from healthlint.audit.work import Job, audit_partition, rule_codes, session_for
from healthlint.cli import cli
from healthlint.config import Config

from .audit_archives import write_jsonl, write_wxr, wxr_posts
from .test_audit_cli import table


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["audit", "--isolated", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_an_audit_in_process_writes_what_the_command_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "archive.jsonl", 30, broken=(3,))
    code, output = invoke("archive.jsonl", "--out", "out", "--partition-size", "7",
                          "--findings", "-j", "1")  # fmt: skip
    assert code == 2
    assert "articles: 30 (1 could not be read completely)" in output
    assert "articles to fix first:" in output
    assert "line 4: not JSON" in output
    rows = table(tmp_path / "out" / "articles")
    assert [r["record"] for r in rows] == list(range(30))
    code, output = invoke("archive.jsonl", "--out", "csv", "--table", "csv",
                          "--findings", "-j", "1", "--quiet")  # fmt: skip
    assert (code, output) == (2, "")
    joined = (tmp_path / "csv" / "articles.csv").read_text(encoding="utf-8")
    assert joined.count("\n") == 31
    summary = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
    again = json.loads((tmp_path / "csv" / "summary.json").read_text("utf-8"))
    assert summary == again  # the table format changes nothing else


def test_wordpress_slices_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_wxr(tmp_path / "export.xml", wxr_posts(40))
    code, output = invoke("export.xml", "--out", "out", "-j", "1")
    assert code == 0, output
    for heading in ("type ", "year ", "category ", "kind ", "status "):
        assert f"\n{heading}" in output
    page = (tmp_path / "out" / "overview.html").read_text(encoding="utf-8")
    assert 'id="h-by-year"' in page
    assert 'id="h-by-category"' in page


def test_local_processes_give_the_rows_of_one_process(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "archive.jsonl", 40)
    config = Config()
    job = Job(config, rule_codes(session_for(config)), "csv", findings=True)

    def stream() -> object:
        return partitions(read(tmp_path / "archive.jsonl", ReadOptions(), Meter()), 6)

    inline = {p.number: audit_partition(job, p) for p in stream()}  # type: ignore[attr-defined]
    pooled = {r.number: r for r in run_processes(job, stream(), 2)}  # type: ignore[arg-type]
    assert sorted(pooled) == list(range(7))
    assert pooled == inline


def test_the_live_progress_line_is_erased_at_the_end(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "archive.jsonl", 20)
    terminal = Terminal()
    progress = AuditProgress(terminal, Meter())
    settings = AuditSettings(tmp_path / "archive.jsonl", tmp_path / "out",
                             partition_size=5)  # fmt: skip
    outcome = run_audit(settings, Config(), progress)
    shown = terminal.getvalue()
    assert shown.count(ERASE_LINE + "Auditing: ") == 4
    assert "Auditing: 20 articles (100% of the input)" in shown
    assert shown.endswith(ERASE_LINE)
    assert outcome.linted == 20
    assert outcome.reused == 0
    quiet = io.StringIO()
    again = run_audit(settings, Config(), AuditProgress(quiet, Meter(), enabled=False))
    assert (again.linted, again.reused, quiet.getvalue()) == (0, 20, "")


def test_a_log_gets_a_plain_line_now_and_then(monkeypatch: pytest.MonkeyPatch) -> None:
    log = io.StringIO()
    meter = Meter(done=50, total=200)
    progress = AuditProgress(log, meter)
    progress.advance(10)
    assert log.getvalue() == ""
    monkeypatch.setattr("healthlint.audit.progress.LOG_EVERY", 0.0)
    progress.advance(10)
    assert log.getvalue().startswith("Auditing: 20 articles (25% of the input), ")
    assert log.getvalue().endswith(" articles/s\n")


def test_an_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("mine", encoding="utf-8")
    folder = OutputFolder(tmp_path / "out", "parquet", findings=False)
    with pytest.raises(Exception, match="is a file, not a folder"):
        folder.prepare({}, fresh=False)
    assert (tmp_path / "out").read_text(encoding="utf-8") == "mine"
