"""``healthlint lsp`` driven by a real language client over stdio.

Every test starts the installed server as a subprocess and talks the protocol
to it: initialize, didOpen, didChange, didSave, codeAction, executeCommand,
hover, workspace settings and file events. Results are checked against what
``healthlint check`` reports for the same files.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from healthlint.rulepack import load_builtin_rules

from .conftest import EXAMPLES, ROOT, run_healthlint, subprocess_env
from .lsp_harness import apply_edits, editor, units

RULES = {rule.code: rule for rule in load_builtin_rules()}


def run(scenario: Any) -> None:
    asyncio.run(scenario)


def check_json(cwd: Path, *paths: str) -> dict[str, dict[str, Any]]:
    """``healthlint check --format json`` on the files, by path."""
    done = run_healthlint(cwd, "check", "--no-cache", "--format", "json", *paths)
    assert done.returncode in (0, 1), done.stderr
    return {entry["path"]: entry for entry in json.loads(done.stdout)["files"]}


def expected_ranges(
    source: str, findings: list[dict[str, Any]], encoding: str = "utf-16"
) -> list[tuple[Any, ...]]:
    """The findings of ``check`` as the server must publish them."""
    lines = source.split("\n")
    out = []
    for f in findings:
        start = units(lines[f["line"] - 1][: f["column"] - 1], encoding)
        end = units(lines[f["end_line"] - 1][: f["end_column"] - 1], encoding)
        severity = {"error": 1, "warning": 2, "info": 3}[f["severity"]]
        out.append(
            (
                f["line"] - 1,
                start,
                f["end_line"] - 1,
                end,
                f["code"],
                severity,
                f["message"],
            )
        )
    return sorted(out)


def published_ranges(diagnostics: list[types.Diagnostic]) -> list[tuple[Any, ...]]:
    """The rule diagnostics (those with a code) in the same shape."""
    return sorted(
        (d.range.start.line, d.range.start.character, d.range.end.line,
         d.range.end.character, d.code, int(d.severity or 0), d.message)
        for d in diagnostics
        if d.code is not None
    )  # fmt: skip


def codes(diagnostics: list[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diagnostics if d.code is not None)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def touch_later(path: Path, text: str) -> None:
    """Rewrite a file with a modification time certainly different from before."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    write(path, text)
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


# An article of our own with a non-BMP character before findings on the same
# line: every column after the emoji is one character but two UTF-16 units.
EMOJI_ARTICLE = """---
title: Night sweats
---

# Night sweats 🌙 and what helps

🌙🌙 This balm cures night sweats and has no side effects, the advert says.

Studies show that cooler bedrooms help some people sleep.
"""

PROJECT_CONFIG = """select: [ALL]
ignore: [promotional-copy]
document-type: consumer
exclude: ["drafts/**"]
"""


def make_project(root: Path) -> dict[str, Path]:
    """A small project: a config file, articles in three formats, a nearer config."""
    write(root / ".healthlint.yaml", PROJECT_CONFIG)
    files = {
        "emoji": write(root / "emoji.md", EMOJI_ARTICLE),
        "blog": root / "overclaiming-blog.md",
        "html": root / "clinic-page.html",
        "text": root / "press-release.txt",
        "news": root / "news" / "suicide-news-brief.md",
    }
    for key in ("blog", "html", "text"):
        shutil.copy(EXAMPLES / files[key].name, files[key])
    files["news"].parent.mkdir()
    shutil.copy(EXAMPLES / "suicide-news-brief.md", files["news"])
    write(
        root / "news" / ".healthlint.yaml",
        "extends: ../.healthlint.yaml\nignore: [HL1]\n",
    )
    return files


def test_initialize_announces_what_the_server_does(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with editor(tmp_path) as session:
            result = session.server_capabilities
            assert result.position_encoding == "utf-16"
            assert result.hover_provider
            sync = result.text_document_sync
            assert isinstance(sync, types.TextDocumentSyncOptions)
            assert sync.change == types.TextDocumentSyncKind.Incremental
            assert sync.save
            actions = result.code_action_provider
            assert isinstance(actions, types.CodeActionOptions)
            assert list(actions.code_action_kinds or []) == [
                types.CodeActionKind.QuickFix
            ]
            assert result.execute_command_provider is not None
            assert list(result.execute_command_provider.commands) == [
                "healthlint.openRuleDocs"
            ]
            await session.until(lambda: session.registrations)
            (registration,) = session.registrations
            assert registration.method == "workspace/didChangeWatchedFiles"

    run(scenario())


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
def test_diagnostics_are_the_findings_of_check(tmp_path: Path, encoding: str) -> None:
    files = make_project(tmp_path)
    languages = {".md": "markdown", ".html": "html", ".txt": "plaintext"}

    async def scenario() -> None:
        async with editor(tmp_path, encoding=encoding) as session:
            uris = {
                key: session.open(path, language=languages[path.suffix])
                for key, path in files.items()
            }
            for key, path in files.items():
                relative = str(path.relative_to(tmp_path))
                wanted = check_json(tmp_path, relative)[relative]
                published = await session.diagnostics(uris[key])
                source = path.read_text(encoding="utf-8")
                assert published_ranges(published) == expected_ranges(
                    source, wanted["findings"], encoding
                ), key
                assert wanted["findings"], (
                    key
                )  # a comparison of two empty lists proves little

    run(scenario())


def test_diagnostics_carry_code_source_and_rule_page(tmp_path: Path) -> None:
    files = make_project(tmp_path)

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            published = await session.diagnostics(session.open(files["emoji"]))
            cures = next(d for d in published if d.code == "HL101")
            line = EMOJI_ARTICLE.split("\n")[cures.range.start.line]
            assert line.startswith("🌙🌙 This balm")
            # Two emoji before "cures": 2 characters, 4 UTF-16 units.
            assert cures.range.start.character == len("🌙🌙 This balm ") + 2
            assert cures.severity == types.DiagnosticSeverity.Warning
            assert cures.source == "healthlint"
            assert cures.code_description is not None
            page = cures.code_description.href
            assert page == (ROOT / "docs" / "rules" / "HL101.md").as_uri()

    run(scenario())


def test_readability_summary_is_check_s_line(tmp_path: Path) -> None:
    blog = tmp_path / "overclaiming-blog.md"
    shutil.copy(EXAMPLES / blog.name, blog)
    done = run_healthlint(tmp_path, "check", "--no-cache", blog.name)
    summary = next(
        line for line in done.stdout.splitlines() if ": readability:" in line
    )
    hard = [line for line in done.stdout.splitlines() if ": hard sentence:" in line]

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            published = await session.diagnostics(session.open(blog))
            info = [d for d in published if d.code is None]
            assert info[0].message == summary.split(": ", 1)[1]
            assert info[0].range.start.line == 0
            assert info[0].severity == types.DiagnosticSeverity.Information
            assert len(info) == 1 + len(hard)
            for diagnostic, line in zip(info[1:], hard, strict=True):
                where, text = line.split(": hard sentence: ", 1)
                row = int(where.split(":")[1])
                assert diagnostic.range.start.line == row - 1
                assert diagnostic.message == "hard sentence: " + text.split(': "')[0]

    run(scenario())


def test_change_relints_with_exact_ranges_after_an_emoji(tmp_path: Path) -> None:
    article = write(tmp_path / "draft.md", "# Draft\n\nSleep is good for you.\n")

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(article)
            assert "HL101" not in codes(await session.diagnostics(uri))
            version = session.replace(
                uri, "Sleep is good", "😴 This tea cures insomnia. Sleep is good"
            )
            published = await session.diagnostics(uri, version)
            cures = next(d for d in published if d.code == "HL101")
            assert cures.range.start.line == 2
            assert cures.range.start.character == units("😴 This tea ")
            assert cures.range.end.character == units("😴 This tea cures")

    run(scenario())


def test_a_burst_of_edits_is_linted_once_when_it_ends(tmp_path: Path) -> None:
    article = write(tmp_path / "draft.md", "# Draft\n\nA plain start.\n")

    async def scenario() -> None:
        async with editor(tmp_path, {"debounceMs": 400}) as session:
            uri = session.open(article)
            await session.diagnostics(uri)
            for word in ["It", " cures", " colds", " and", " flu", " fast."]:
                end = len(session.texts[uri]) - 1
                edit = types.TextEdit(
                    range=session.range_of(uri, end, end), new_text=word
                )
                session.edit(uri, [edit])
            final = session.versions[uri]
            sent = asyncio.get_running_loop().time()
            assert "HL101" in codes(await session.diagnostics(uri, final))
            waited = asyncio.get_running_loop().time() - sent
            assert waited >= 0.4  # the burst was linted once the debounce ran out
            await asyncio.sleep(0.6)  # longer than the debounce: nothing else may come
            # The first edit after the quiet spell is linted at once (and shown
            # if the burst has not overtaken it); the rest wait for the burst's end.
            assert set(session.published[uri]) - {1, 2} == {final}

    run(scenario())


@pytest.mark.slow
def test_a_stale_long_run_is_stopped_and_the_editor_is_not_kept_waiting(
    tmp_path: Path,
) -> None:
    paragraph = (
        (EXAMPLES / "overclaiming-blog.md")
        .read_text(encoding="utf-8")
        .split("---", 2)[2]
    )
    # About 1.3 MB of prose: several seconds of linting, far beyond a worker restart.
    big = write(tmp_path / "big.md", "# Big\n" + paragraph * 250)

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(big)
            await asyncio.sleep(0.3)  # the worker is busy with version 1 now
            answer = await session.hover(uri, types.Position(line=1, character=0))
            assert answer is None  # answered at once, with nothing published yet
            assert not session.published[uri]
            whole = session.range_of(uri, 0, len(session.texts[uri]))
            version = session.edit(
                uri,
                [types.TextEdit(range=whole, new_text="# Small\n\nIt cures colds.\n")],
            )
            assert codes(await session.diagnostics(uri, version)) == ["HL101"]
            assert 1 not in session.published[uri]
            assert any(
                f"stopped linting version 1 of {uri}" in line for line in session.logs
            )

    run(scenario())


def test_code_action_applies_the_safe_fix_as_healthlint_fix_does(
    tmp_path: Path,
) -> None:
    text = "# Loss\n\nHer brother committed suicide in 2019, she told the court.\n"
    article = write(tmp_path / "loss.md", text)
    fixed = tmp_path / "fixed" / "loss.md"
    write(fixed, text)
    assert run_healthlint(fixed.parent, "fix", "loss.md").returncode == 0

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(article)
            published = await session.diagnostics(uri)
            target = next(
                d
                for d in published
                if d.code and d.message.startswith("'committed suicide'")
            )
            actions = await session.code_actions(uri, target.range)
            fix = next(a for a in actions if a.title.startswith("Replace"))
            assert fix.kind == types.CodeActionKind.QuickFix
            assert fix.is_preferred
            assert fix.edit is not None
            assert fix.edit.changes is not None
            session.edit(uri, fix.edit.changes[uri])
            assert session.texts[uri] == fixed.read_text(encoding="utf-8")
            after = await session.diagnostics(uri)
            assert target.code not in codes(after)

    run(scenario())


@pytest.mark.parametrize(
    ("name", "language", "directive"),
    [
        (
            "page.md",
            "markdown",
            "<!-- healthlint-disable-next-line HL101 -- reason -->",
        ),
        ("page.html", "html", "<!-- healthlint-disable-next-line HL101 -- reason -->"),
        ("page.txt", "plaintext", "healthlint-disable-next-line HL101 -- reason"),
    ],
)
def test_code_action_inserts_a_suppression_that_works(
    tmp_path: Path, name: str, language: str, directive: str
) -> None:
    bodies = {
        "markdown": "# Balm\n\n> Our balm cures eczema,\n> the advert said.\n\nTalk to a doctor first.\n",
        "html": "<html><body>\n<h1>Balm</h1>\n  <p>The balm cures eczema, the advert said.</p>\n<p>Talk to a doctor first.</p>\n</body></html>\n",
        "plaintext": "Balm\n\n  The balm cures eczema, the advert said.\n\nTalk to a doctor first.\n",
    }
    article = write(tmp_path / name, bodies[language])

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(article, language=language)
            before = await session.diagnostics(uri)
            cures = next(d for d in before if d.code == "HL101")
            actions = await session.code_actions(uri, cures.range)
            disable = next(a for a in actions if a.title.startswith("Disable HL101"))
            assert disable.edit is not None
            assert disable.edit.changes is not None
            session.edit(uri, disable.edit.changes[uri])
            inserted = session.texts[uri].split("\n")[cures.range.start.line]
            assert inserted.lstrip(" >") == directive
            after = await session.diagnostics(uri)
            assert codes(after) == sorted(c for c in codes(before) if c != "HL101")

    run(scenario())


def test_execute_command_opens_the_rule_page(tmp_path: Path) -> None:
    article = write(tmp_path / "a.md", "# A\n\nThis tea cures colds.\n")

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(article)
            cures = next(d for d in await session.diagnostics(uri) if d.code == "HL101")
            actions = await session.code_actions(uri, cures.range)
            docs = next(a for a in actions if a.command is not None)
            assert docs.command is not None
            result = await session.client.workspace_execute_command_async(
                types.ExecuteCommandParams(
                    command=docs.command.command, arguments=docs.command.arguments
                )
            )
            page = ROOT / "docs" / "rules" / "HL101.md"
            assert result == page.as_uri()
            assert [(s.uri, s.external) for s in session.shown] == [
                (page.as_uri(), False)
            ]
            assert page.is_file()
            nothing = await session.client.workspace_execute_command_async(
                types.ExecuteCommandParams(
                    command=docs.command.command, arguments=["../../x"]
                )
            )
            assert nothing is None
            await session.until(lambda: session.messages)
            assert "no documentation page for '../../x'" in session.messages[-1].message

    run(scenario())


def test_a_docs_url_template_links_hosted_pages(tmp_path: Path) -> None:
    article = write(tmp_path / "a.md", "# A\n\nThis tea cures colds.\n")
    template = "https://docs.example.org/rules/{code}/"

    async def scenario() -> None:
        async with editor(tmp_path, {"docsUrl": template}) as session:
            uri = session.open(article)
            cures = next(d for d in await session.diagnostics(uri) if d.code == "HL101")
            assert cures.code_description is not None
            assert (
                cures.code_description.href == "https://docs.example.org/rules/HL101/"
            )
            await session.client.workspace_execute_command_async(
                types.ExecuteCommandParams(
                    command="healthlint.openRuleDocs", arguments=["HL101"]
                )
            )
            assert [(s.uri, s.external) for s in session.shown] == [
                ("https://docs.example.org/rules/HL101/", True)
            ]

    run(scenario())


def test_hover_explains_the_rule(tmp_path: Path) -> None:
    article = write(tmp_path / "a.md", "# A\n\nThis tea cures colds.\n")
    rule = RULES["HL101"]

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(article)
            cures = next(d for d in await session.diagnostics(uri) if d.code == "HL101")
            text = await session.hover(uri, cures.range.start)
            assert text is not None
            assert text.startswith("**HL101** `unsupported-absolute-claim` (warning)")
            for section in (rule.docs.what, rule.docs.why, rule.docs.use_instead):
                assert section.strip() in text
            assert (ROOT / "docs" / "rules" / "HL101.md").as_uri() in text
            assert await session.hover(uri, types.Position(line=2, character=0)) is None

    run(scenario())


def test_readability_as_a_hover_or_not_at_all(tmp_path: Path) -> None:
    blog = tmp_path / "overclaiming-blog.md"
    shutil.copy(EXAMPLES / blog.name, blog)

    async def scenario() -> None:
        async with editor(tmp_path, {"readability": "hover"}) as session:
            uri = session.open(blog)
            published = await session.diagnostics(uri)
            assert all(d.code is not None for d in published)
            text = await session.hover(uri, types.Position(line=0, character=0))
            assert text is not None
            assert text.startswith("**Readability.** readability: grade ")
            assert "- line " in text
            session.settings = {"readability": "off"}
            count = session.publications[uri]
            session.client.workspace_did_change_configuration(
                types.DidChangeConfigurationParams(settings=None)
            )
            await session.until(lambda: session.publications[uri] > count)
            assert await session.hover(uri, types.Position(line=0, character=0)) is None

    run(scenario())


def test_settings_pushed_by_the_editor_apply(tmp_path: Path) -> None:
    blog = tmp_path / "overclaiming-blog.md"
    shutil.copy(EXAMPLES / blog.name, blog)

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(blog)
            published = await session.diagnostics(uri)
            assert any(d.code is None for d in published)
            session.client.workspace_did_change_configuration(
                types.DidChangeConfigurationParams(
                    settings={"healthlint": {"readability": "off"}}
                )
            )
            await session.until(
                lambda: all(d.code is not None for d in session.published[uri][1])
            )
            assert codes(session.published[uri][1]) == codes(published)

    run(scenario())


def test_bad_settings_are_one_line_each(tmp_path: Path) -> None:
    async def scenario() -> None:
        options = {"readability": "loud", "debounce": 10}
        async with editor(tmp_path, options) as session:
            await session.until(lambda: len(session.messages) >= 2)
            texts = sorted(m.message for m in session.messages)
            assert texts == [
                "healthlint: initializationOptions: 'readability' must be one of diagnostics, hover, off, not 'loud'",
                "healthlint: initializationOptions: unknown setting 'debounce' (did you mean 'debounceMs'?)",
            ]

    run(scenario())


def test_config_changes_are_picked_up_on_file_events_and_on_save(
    tmp_path: Path,
) -> None:
    config = write(tmp_path / ".healthlint.yaml", "ignore: [HL101]\n")
    article = write(tmp_path / "a.md", "# A\n\nThis tea cures colds.\n")

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(article)
            assert "HL101" not in codes(await session.diagnostics(uri))
            touch_later(config, "ignore: []\n")
            session.published[uri].clear()
            session.client.workspace_did_change_watched_files(
                types.DidChangeWatchedFilesParams(
                    changes=[
                        types.FileEvent(
                            uri=config.as_uri(), type=types.FileChangeType.Changed
                        )
                    ]
                )
            )
            assert "HL101" in codes(await session.diagnostics(uri))
            # An editor that sends no file events: the next save notices the change.
            touch_later(config, "ignore: [HL101]\n")
            session.published[uri].clear()
            session.save(uri)
            assert "HL101" not in codes(await session.diagnostics(uri))
            # A nearer config file that did not exist before counts too.
            write(tmp_path / "sub" / "b.md", "# B\n\nThis tea cures colds.\n")
            other = session.open(tmp_path / "sub" / "b.md")
            assert "HL101" not in codes(await session.diagnostics(other))
            touch_later(tmp_path / "sub" / ".healthlint.yaml", "ignore: []\n")
            session.published[other].clear()
            session.save(uri)
            assert "HL101" in codes(await session.diagnostics(other))

    run(scenario())


def test_a_broken_config_is_one_error_and_the_server_recovers(tmp_path: Path) -> None:
    config = write(tmp_path / ".healthlint.yaml", "ignroe: [HL101]\n")
    article = write(tmp_path / "a.md", "# A\n\nThis tea cures colds.\n")
    expected = run_healthlint(tmp_path, "check", "a.md").stderr.strip()

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(article)
            (problem,) = await session.diagnostics(uri)
            assert problem.severity == types.DiagnosticSeverity.Error
            assert problem.range.start == types.Position(line=0, character=0)
            assert "\n" not in problem.message
            assert problem.message == expected.replace(
                "healthlint: error: ", "healthlint: "
            )
            touch_later(config, "ignore: [HL101]\n")
            session.published[uri].clear()
            session.save(uri)
            after = await session.diagnostics(uri)
            assert after
            assert "HL101" not in codes(after)
            assert all(not d.message.startswith("healthlint:") for d in after)

    run(scenario())


def test_excluded_files_and_unsaved_buffers(tmp_path: Path) -> None:
    write(tmp_path / ".healthlint.yaml", 'exclude: ["drafts/**"]\n')
    draft = write(tmp_path / "drafts" / "a.md", "# A\n\nThis tea cures colds.\n")

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(draft)
            assert await session.diagnostics(uri) == []
            untitled = "untitled:Untitled-1"
            session.texts[untitled] = "<p>This tea cures colds.</p>\n"
            session.versions[untitled] = 1
            session.client.text_document_did_open(
                types.DidOpenTextDocumentParams(
                    types.TextDocumentItem(untitled, "html", 1, session.texts[untitled])
                )
            )
            assert "HL101" in codes(await session.diagnostics(untitled))
            session.client.text_document_did_close(
                types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(untitled))
            )
            await session.until(lambda: session.published[untitled].get(0) == [])

    run(scenario())


def test_without_the_extra_the_command_says_what_to_install(tmp_path: Path) -> None:
    hide = "import sys; sys.modules['pygls'] = None; from healthlint.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", hide, "lsp"],
        cwd=tmp_path, capture_output=True, text=True, encoding="utf-8",
        env=subprocess_env(), check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == (
        "healthlint: error: the language server needs the 'lsp' extra "
        "(no module 'pygls'): pip install 'healthlint[lsp]'\n"
    )


def test_the_other_commands_do_not_import_pygls() -> None:
    probe = "import sys, healthlint.cli; print(sorted(m for m in sys.modules if m.startswith(('pygls', 'lsprotocol'))))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True,
        encoding="utf-8", env=subprocess_env(), check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "[]"


def test_apply_edits_helper_counts_utf16_units() -> None:
    edit = types.TextEdit(
        range=types.Range(start=types.Position(0, 3), end=types.Position(0, 8)),
        new_text="eases",
    )
    assert apply_edits("😴 cures", [edit]) == "😴 eases"
