"""A real editor: headless Neovim runs the README's snippet and shows diagnostics.

The snippet is read from README.md at test time and used as Neovim's whole
configuration, unchanged, so the documented set-up cannot drift from one that
works. A small Lua script then waits for the diagnostics, writes them out as
JSON and quits; they must be exactly the findings of ``healthlint check``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, run_healthlint
from .lsp_harness import measured_env

README = ROOT / "README.md"

# Waits for the server's diagnostics in the current buffer, writes them to the
# file named by HEALTHLINT_NVIM_OUT and quits. Neovim 0.7 keeps the protocol's
# own diagnostic (code, codeDescription) in user_data.lsp.
READ_BACK = """
local out = os.getenv("HEALTHLINT_NVIM_OUT")
local ok = vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local found = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = (d.user_data and d.user_data.lsp) or {}
  local page = lsp.codeDescription and lsp.codeDescription.href or vim.NIL
  table.insert(found, {
    lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    severity = d.severity, message = d.message, source = d.source,
    code = d.code or lsp.code or vim.NIL, href = page,
  })
end
local clients = {}
for _, client in pairs(vim.lsp.buf_get_clients(0)) do
  table.insert(clients, client.name)
end
local file = io.open(out, "w")
file:write(vim.fn.json_encode({
  waited = ok, filetype = vim.bo.filetype, clients = clients, diagnostics = found,
}))
file:close()
vim.cmd("qa!")
"""


def readme_snippet() -> str:
    """The first Lua block of the README's Neovim section, exactly as written."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n### Neovim\n", 1)[1].split("\n### ", 1)[0]
    match = re.search(r"```lua\n(.*?)```", section, re.S)
    assert match, "the README's Neovim section has no lua block"
    return match.group(1)


def nvim() -> str:
    found = shutil.which("nvim")
    if found is None:
        if os.environ.get("HEALTHLINT_REQUIRE_NVIM") or os.environ.get("CI"):
            pytest.fail("nvim is not installed (CI must install it: see .ci/run)")
        pytest.skip("nvim is not installed (apt-get install -y neovim)")
    return found


def run_neovim(tmp_path: Path, article: str) -> dict[str, Any]:
    init = tmp_path / "init.lua"
    init.write_text(readme_snippet(), encoding="utf-8")
    read_back = tmp_path / "read_back.lua"
    read_back.write_text(READ_BACK, encoding="utf-8")
    out = tmp_path / "diagnostics.json"
    env = measured_env()
    # `healthlint` on PATH, as after `pip install`; Neovim's own files kept here.
    env["PATH"] = os.pathsep.join(
        [str(Path(sys.executable).parent), env.get("PATH", "")]
    )
    for name in (
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
        "XDG_CACHE_HOME",
    ):
        env[name] = str(tmp_path / name.lower())
    env["HEALTHLINT_NVIM_OUT"] = str(out)
    done = subprocess.run(
        [nvim(), "--headless", "-n", "-i", "NONE", "-u", str(init),
         "-c", f"luafile {read_back}", article],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8",
        timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def byte_column(line: str, column: int) -> int:
    """Neovim counts columns in bytes; healthlint in characters (1-based)."""
    return len(line[: column - 1].encode("utf-8"))


@pytest.mark.parametrize(
    ("article", "filetype"),
    [
        ("examples/overclaiming-blog.md", "markdown"),
        ("examples/clinic-page.html", "html"),
        ("examples/press-release.txt", "text"),
    ],
)
def test_readme_snippet_shows_check_s_findings_in_neovim(
    tmp_path: Path, article: str, filetype: str
) -> None:
    result = run_neovim(tmp_path, article)
    assert result["waited"] is True
    assert result["filetype"] == filetype
    assert result["clients"] == ["healthlint"]
    check = run_healthlint(ROOT, "check", "--no-cache", "--format", "json", article)
    findings = json.loads(check.stdout)["files"][0]["findings"]
    lines = (ROOT / article).read_text(encoding="utf-8").split("\n")
    expected = sorted(
        (f["line"] - 1, byte_column(lines[f["line"] - 1], f["column"]),
         f["end_line"] - 1, byte_column(lines[f["end_line"] - 1], f["end_column"]),
         f["code"], {"error": 1, "warning": 2, "info": 3}[f["severity"]], f["message"])
        for f in findings
    )  # fmt: skip
    shown = sorted(
        (d["lnum"], d["col"], d["end_lnum"], d["end_col"], d["code"], d["severity"], d["message"])
        for d in result["diagnostics"]
        if d["code"] is not None
    )  # fmt: skip
    assert expected
    assert shown == expected
    for diagnostic in result["diagnostics"]:
        assert diagnostic["source"] == "healthlint"
        if diagnostic["code"] is not None:
            page = ROOT / "docs" / "rules" / f"{diagnostic['code']}.md"
            assert diagnostic["href"] == page.as_uri()
    summary = [d for d in result["diagnostics"] if d["code"] is None]
    assert summary[0]["lnum"] == 0
    assert summary[0]["message"].startswith("readability: grade ")
