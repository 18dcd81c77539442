"""The HTML report without a browser: data exactness, escaping, policy, the command."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest

from healthlint.formatters.html import content_security_policy, json_script
from healthlint.formatters.html_data import Ranges, segments
from healthlint.model import FileReport, Finding, Severity

from .conftest import EXAMPLES, ROOT, run_healthlint, source_at


def covered(runs: list[list[object]], index: int) -> str:
    """The text of the runs that carry finding ``index``."""
    return "".join(
        str(run[0])
        for run in runs
        if len(run) > 1 and isinstance(run[1], list) and index in run[1]
    )


def test_runs_rebuild_the_source_and_each_span_exactly() -> None:
    source = "Héllo 🙂 wörld\r\nsecond line 𝔘 here\n\nthird"
    spans = [(0, 5), (6, 8), (3, 20), (25, 25), (len(source) - 5, len(source))]
    runs = segments(source, Ranges(findings=spans, hard=[(16, 30)], markup=[(9, 14)]))
    assert "".join(str(run[0]) for run in runs) == source
    for index, (start, end) in enumerate(spans):
        assert covered(runs, index) == source[start:end]
    point = [run for run in runs if run == ["", [3]]]
    assert len(point) == 1  # a zero-width finding still has a place to focus
    assert "".join(str(r[0]) for r in runs if len(r) > 2 and r[2] == 1) == source[16:30]
    assert "".join(str(r[0]) for r in runs if len(r) > 3 and r[3] == 1) == source[9:14]


def test_runs_follow_line_and_column_through_the_engine(tmp_path: Path) -> None:
    from healthlint.formatters.html_data import article_ranges

    article = tmp_path / "a.md"
    article.write_text(
        "# Title 🙂\r\n\r\nThis 🙂 supplement cures arthritis and is completely safe.\r\n",
        encoding="utf-8",
    )
    result = run_healthlint(tmp_path, "check", "--isolated", "--format", "json", "a.md")
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert findings
    source = article.read_text(encoding="utf-8")
    report = FileReport(
        "a.md",
        "markdown",
        tuple(
            Finding("a.md", f["line"], f["column"], f["end_line"], f["end_column"],
                    f["code"], f["rule"], Severity.parse(f["severity"]), f["message"])
            for f in findings
        ),
    )  # fmt: skip
    runs = segments(source, article_ranges(report, source))
    for index, f in enumerate(findings):
        expected = source_at(
            source, f["line"], f["column"], f["end_line"], f["end_column"]
        )
        assert covered(runs, index) == expected


def test_json_in_a_script_block_cannot_end_it() -> None:
    hostile = {
        "text": "</script><script>alert(1)</script><!-- <script> & \u2028 </SCRIPT >"
    }
    block = json_script("data", hostile)
    inner = block.removeprefix(
        '<script type="application/json" id="data">'
    ).removesuffix("</script>")
    assert not set("<>&") & set(inner)
    assert json.loads(inner) == hostile


def test_policy_allows_exactly_the_page_code() -> None:
    policy = content_security_policy("body{}", "let a = 1;")
    digest = base64.b64encode(hashlib.sha256(b"let a = 1;").digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    assert "unsafe" not in policy
    assert "default-src 'none'" in policy


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("page") / "report.html"
    result = run_healthlint(
        ROOT, "report", "--isolated", "--no-cache", "examples/", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"healthlint: wrote .*report\.html \(5 files, \d+ findings\)\n", result.stderr
    )
    assert result.stdout == ""
    return out.read_text(encoding="utf-8")


def test_page_code_matches_its_policy_hashes(page: str) -> None:
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert style is not None
    assert len(scripts) == 1
    for code in (style.group(1), scripts[0]):
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy.group(1).replace("&#x27;", "'")


def test_page_is_self_contained(page: str) -> None:
    assert not re.search(r"(?:src|href)=\"(?!#)", page)  # only in-page links
    assert "url(" not in page.split("</style>", 1)[0]  # no fonts or images to fetch
    assert page.count("</script>") == page.count("<script")


def test_check_format_html_prints_the_same_page(page: str) -> None:
    result = run_healthlint(
        ROOT, "check", "--isolated", "--no-cache", "--format", "html", "examples/"
    )
    assert result.returncode == 1
    assert result.stdout == page


def test_report_refuses_to_overwrite_an_article(tmp_path: Path) -> None:
    article = tmp_path / "a.html"
    article.write_text("<p>This cures colds.</p>\n", encoding="utf-8")
    result = run_healthlint(
        tmp_path, "report", "--isolated", "a.html", "--out", "a.html"
    )
    assert result.returncode == 2
    assert result.stderr == (
        "healthlint: error: a.html: is one of the articles being linted; choose another --out\n"
    )
    assert article.read_text(encoding="utf-8") == "<p>This cures colds.</p>\n"


def test_report_lists_unreadable_files_and_still_writes_the_page(
    tmp_path: Path,
) -> None:
    (tmp_path / "good.md").write_text("This cures colds.\n", encoding="utf-8")
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe not text")
    result = run_healthlint(
        tmp_path, "report", "--isolated", "--no-cache", ".", "--out", "out.html"
    )
    assert result.returncode == 2
    assert "bad.md: error: not valid UTF-8" in result.stderr
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert 'id="count-unreadable">1<' in page
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bad.md",
        "good.md",
        "out.html",
    ]
    mode = (tmp_path / "out.html").stat().st_mode & 0o777
    assert mode & 0o044  # readable by others, like any new file under a usual umask


def test_report_quiet_prints_nothing(tmp_path: Path) -> None:
    result = run_healthlint(
        ROOT,
        "report",
        "--isolated",
        "--no-cache",
        "--quiet",
        str(EXAMPLES),
        "--out",
        str(tmp_path / "r.html"),
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
