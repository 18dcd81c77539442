"""The audit on real dask.distributed clusters of worker processes.

Each test starts a ``LocalCluster`` of two worker processes (each a separate
Python process under a nanny) and runs the real command against its scheduler's
address, as a user would point it at a cluster.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask
import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from healthlint.cli import cli

from .audit_archives import write_jsonl, write_wxr, wxr_posts
from .conftest import healthlint_command, run_healthlint, subprocess_env
from .test_audit_cli import table

pytestmark = pytest.mark.slow
DEADLINE = 120.0  # seconds: far above the few a run takes, so a hang fails


@pytest.fixture
def cluster() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_port=0,
        ) as local,
        Client(local) as client,
    ):
        yield client


def worker_pids(client: Client) -> dict[str, int]:
    return dict(client.run(os.getpid))


def sessions_built(client: Client) -> dict[str, int]:
    """How many engine sessions each worker process holds."""

    def count() -> int:
        from healthlint.audit import work

        return len(work._SESSIONS)

    return dict(client.run(count))


def audit(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*healthlint_command(), "audit", "--isolated", *args],
        cwd=cwd, env=subprocess_env(), capture_output=True, text=True,
        encoding="utf-8", timeout=DEADLINE, check=False,
    )  # fmt: skip


def test_a_cluster_gives_exactly_the_rows_of_local_processes(
    cluster: Client, tmp_path: Path
) -> None:
    write_jsonl(tmp_path / "archive.jsonl", 120, broken=(17,))
    common = ("archive.jsonl", "--partition-size", "8", "--findings")
    local = audit(tmp_path, *common, "--out", "local", "--jobs", "2")
    assert local.returncode == 2, local.stderr  # the broken line
    address = cluster.scheduler.address
    dask = audit(tmp_path, *common, "--out", "dask", "--dask", address)
    assert dask.returncode == 2, dask.stderr
    pids = worker_pids(cluster)
    assert len(set(pids.values())) == 2
    assert os.getpid() not in pids.values()
    for folder in ("articles", "findings"):
        assert table(tmp_path / "dask" / folder) == table(tmp_path / "local" / folder)
    for name in ("summary.json", "overview.html"):
        mine = (tmp_path / "dask" / name).read_bytes()
        assert mine == (tmp_path / "local" / name).read_bytes(), name
    rows = table(tmp_path / "dask" / "articles")
    assert [r["record"] for r in rows] == list(range(120))
    assert rows[17]["error"] is not None
    # Both workers linted, and each built its session once for the 15 partitions.
    assert sessions_built(cluster) == dict.fromkeys(pids, 1)


def test_a_worker_killed_mid_run_loses_no_row_and_duplicates_none(
    cluster: Client, tmp_path: Path
) -> None:
    write_jsonl(tmp_path / "archive.jsonl", 600)
    out = tmp_path / "out"
    command = [*healthlint_command(), "audit", "--isolated", "archive.jsonl",
               "--out", "out", "--partition-size", "6", "--findings",
               "--dask", cluster.scheduler.address]  # fmt: skip
    pids = worker_pids(cluster)
    with subprocess.Popen(
        command, cwd=tmp_path, env=subprocess_env(), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, encoding="utf-8",
    ) as run:  # fmt: skip
        victim = wait_for_a_busy_worker(cluster, out)
        os.kill(pids[victim], signal.SIGKILL)
        stdout, stderr = run.communicate(timeout=DEADLINE)
    assert run.returncode == 0, stderr
    assert "audited 600 articles" in stdout
    assert pids[victim] not in worker_pids(cluster).values()  # it really died
    rows = table(out / "articles")
    assert [r["record"] for r in rows] == list(range(600))
    assert len(list((out / "articles").iterdir())) == 100
    findings = table(out / "findings")
    assert len(findings) == sum(r["findings"] for r in rows)
    assert not [p for p in out.rglob(".*") if p.is_file()]
    reference = run_healthlint(tmp_path, "audit", "--isolated", "archive.jsonl",
                               "--out", "ref", "--partition-size", "6", "--findings",
                               "-j", "2")  # fmt: skip
    assert reference.returncode == 0, reference.stderr
    assert rows == table(tmp_path / "ref" / "articles")
    assert findings == table(tmp_path / "ref" / "findings")


def wait_for_a_busy_worker(client: Client, out: Path) -> str:
    """Once partitions are being written, a worker that is running a task now."""
    start = time.monotonic()
    while time.monotonic() - start < DEADLINE:
        written = list((out / "partitions").glob("part-*.json")) if out.exists() else []
        busy = [w for w, tasks in client.processing().items() if tasks]
        if written and busy:
            return str(sorted(busy)[0])
        time.sleep(0.02)
    raise AssertionError("the audit never got going")


def test_dask_local_audits_a_wordpress_export(tmp_path: Path) -> None:
    write_wxr(tmp_path / "export.xml", wxr_posts(30))
    run = audit(tmp_path, "export.xml", "--dask", "local", "--jobs", "2",
                "--out", "results/", "--partition-size", "4")  # fmt: skip
    assert run.returncode == 0, run.stderr
    rows = table(tmp_path / "results" / "articles")
    assert [r["record"] for r in rows] == list(range(30))
    assert {r["status"] for r in rows} == {"publish", "draft"}
    summary: dict[str, Any] = json.loads(
        (tmp_path / "results" / "summary.json").read_text(encoding="utf-8")
    )
    assert summary["articles"] == 30
    assert set(summary["kinds"]) == {"post", "page"}


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "archive.jsonl", 2)
    run = subprocess.run(
        [*healthlint_command(), "audit", "--isolated", "archive.jsonl", "--out", "out",
         "--dask", "tcp://127.0.0.1:9"],
        cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", check=False,
        env={**subprocess_env(), "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"},
        timeout=DEADLINE,
    )  # fmt: skip
    assert run.returncode == 2
    assert run.stderr.startswith(
        "healthlint: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: "
    )
    assert run.stderr.count("\n") == 1


def test_in_process_a_cluster_run_equals_a_local_run(
    cluster: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "archive.jsonl", 30)
    common = ["audit", "--isolated", "archive.jsonl", "--partition-size", "4", "-q"]
    on_dask = CliRunner().invoke(
        cli, [*common, "--out", "dask", "--dask", cluster.scheduler.address]
    )
    assert on_dask.exit_code == 0, on_dask.output
    local = CliRunner().invoke(cli, [*common, "--out", "local", "-j", "1"])
    assert local.exit_code == 0, local.output
    assert table(tmp_path / "dask" / "articles") == table(
        tmp_path / "local" / "articles"
    )


def test_workers_of_another_version_are_named(
    cluster: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "archive.jsonl", 4)

    def pretend_older() -> None:
        import healthlint.audit.dask_runner as runner

        runner.__version__ = "0.0.9"

    cluster.run(pretend_older)
    result = CliRunner().invoke(
        cli, ["audit", "--isolated", "archive.jsonl", "--out", "out",
              "--dask", cluster.scheduler.address],
    )  # fmt: skip
    assert result.exit_code == 2
    (line,) = result.output.splitlines()
    assert line.startswith("healthlint: error: the Dask workers must run healthlint ")
    assert line.count(" has 0.0.9") == 2


def test_a_worker_with_other_rules_stops_the_audit(
    cluster: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "archive.jsonl", 4)

    def other_rules() -> None:
        from healthlint.audit import work

        work.identity = lambda session: "other rules"

    cluster.run(other_rules)
    result = CliRunner().invoke(
        cli, ["audit", "--isolated", "archive.jsonl", "--out", "out",
              "--dask", cluster.scheduler.address],
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.output == (
        "healthlint: error: a worker linted with other rules or another healthlint "
        "version; install healthlint 0.1.0 and the same rule packs everywhere\n"
    )
    assert not list((tmp_path / "out" / "articles").iterdir())


def test_when_retries_run_out_the_audit_stops_with_one_line(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "archive.jsonl", 600)
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                     dashboard_address=None, scheduler_port=0) as local,
        Client(local) as client,
    ):  # fmt: skip
        command = [*healthlint_command(), "audit", "--isolated", "archive.jsonl",
                   "--out", "out", "--partition-size", "6",
                   "--dask", local.scheduler.address]  # fmt: skip
        pids = worker_pids(client)
        with subprocess.Popen(
            command, cwd=tmp_path, env=subprocess_env(), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, encoding="utf-8",
        ) as run:  # fmt: skip
            victim = wait_for_a_busy_worker(client, tmp_path / "out")
            os.kill(pids[victim], signal.SIGKILL)
            _, stderr = run.communicate(timeout=DEADLINE)
    assert run.returncode == 2
    assert stderr.startswith("healthlint: error: the workers running task ")
    assert stderr.endswith("run again to resume\n")
    assert list((tmp_path / "out" / "partitions").glob("part-*.json"))
