"""The README's audit commands, run as written on the samples in docs/audit."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, run_healthlint

pytestmark = pytest.mark.slow


def readme_audit_block() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    (block,) = [b for b in blocks if "healthlint audit archive.jsonl" in b]
    return block.splitlines()


def test_the_readme_audit_commands_work_on_the_samples(tmp_path: Path) -> None:
    lines = readme_audit_block()
    assert lines[0] == "cd docs/audit"
    assert lines[1:] == [
        "healthlint audit archive.jsonl --out results/",
        "healthlint audit export.xml --dask local --out results/",
    ]
    work = tmp_path / "audit"
    shutil.copytree(ROOT / "docs" / "audit", work)
    for line in lines[1:]:
        args = shlex.split(line)[1:]
        run = run_healthlint(work, *args)
        assert run.returncode == 0, run.stderr
        assert "healthlint: wrote results/" in run.stdout
        summary = json.loads((work / "results" / "summary.json").read_text("utf-8"))
        source = args[1]
        assert summary["input"] == source
        assert summary["unreadable"] == 0
        assert summary["findings"] > 0
        assert (work / "results" / "overview.html").is_file()
    # The export has two published posts, a page and a draft; the attachment is
    # not an article.
    assert summary["articles"] == 4
    assert summary["statuses"]["draft"]["articles"] == 1
