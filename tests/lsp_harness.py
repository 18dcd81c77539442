"""A language client for the tests: the real ``healthlint lsp`` as a subprocess.

It plays an editor: it keeps each buffer's text, sends edits as incremental
changes with ranges in the agreed encoding, answers the server's requests
(workspace settings, showDocument, capability registration) and records what
the server publishes, keyed by document and version.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
from collections import defaultdict
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any, Union

import cattrs
import coverage
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.protocol import default_converter

from .conftest import healthlint_command, subprocess_env

WAIT = 60.0  # seconds; generous for a loaded CI machine, never reached when it works


def measured_env() -> dict[str, str]:
    """The subprocess environment; measured for coverage when this run is.

    The server and its worker only ever run as subprocesses (that is what the
    tests are for), so when pytest-cov measures the tests they are measured
    too: coverage starts in them from COVERAGE_PROCESS_CONFIG (through the .pth
    file coverage installs) and writes parallel data files that pytest-cov
    combines at the end.
    """
    env = subprocess_env()
    current = coverage.Coverage.current()
    if current is not None:
        config = copy.copy(current.config)
        config.parallel = True
        env["COVERAGE_PROCESS_CONFIG"] = config.serialize()
    return env


def units(text: str, encoding: str = "utf-16") -> int:
    """Code units of ``text`` in an LSP position encoding."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def offset_of(text: str, position: types.Position, encoding: str = "utf-16") -> int:
    """The string index of an LSP position in ``text``."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    count = 0
    for index, char in enumerate(line):
        if count >= position.character:
            return start + index
        count += units(char, encoding)
    return start + len(line)


def apply_edits(
    text: str, edits: list[types.TextEdit], encoding: str = "utf-16"
) -> str:
    """Apply text edits the way an editor does (from the last to the first)."""
    spans = [
        (offset_of(text, e.range.start, encoding), offset_of(text, e.range.end, encoding), e.new_text)
        for e in edits
    ]  # fmt: skip
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def converter() -> cattrs.Converter:
    """pygls's converter, telling a Command from a CodeAction as the protocol does.

    lsprotocol reads any object with a ``command`` key as a Command, but a
    CodeAction may carry a command too: the protocol's test, which editors use,
    is whether ``command`` is a string.
    """
    base = default_converter()

    def command_or_action(data: Any, _: type) -> types.Command | types.CodeAction:
        if isinstance(data.get("command"), str):
            return base.structure(data, types.Command)
        return base.structure(data, types.CodeAction)

    base.register_structure_hook(
        Union[types.Command, types.CodeAction],  # noqa: UP007 (the key lsprotocol uses)
        command_or_action,
    )
    return base


class Editor:
    """One client session with the server, with helpers that wait for results."""

    def __init__(self, encoding: str = "utf-16") -> None:
        self.encoding = encoding
        self.client = LanguageClient(
            "healthlint-tests", "1", converter_factory=converter
        )
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.published: dict[str, dict[int, list[types.Diagnostic]]] = defaultdict(dict)
        self.publications: dict[str, int] = defaultdict(int)
        self.logs: list[str] = []
        self.messages: list[types.ShowMessageParams] = []
        self.shown: list[types.ShowDocumentParams] = []
        self.registrations: list[types.Registration] = []
        self.settings: object = None
        self.server_capabilities = types.ServerCapabilities()
        self._arrived = asyncio.Event()
        self._listen()

    def _listen(self) -> None:
        client = self.client

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.published[params.uri][params.version or 0] = list(params.diagnostics)
            self.publications[params.uri] += 1
            self._arrived.set()

        @client.feature(types.WINDOW_LOG_MESSAGE)
        def log(params: types.LogMessageParams) -> None:
            self.logs.append(params.message)
            self._arrived.set()

        @client.feature(types.WINDOW_SHOW_MESSAGE)
        def show(params: types.ShowMessageParams) -> None:
            self.messages.append(params)
            self._arrived.set()

        @client.feature(types.WINDOW_SHOW_DOCUMENT)
        def show_document(params: types.ShowDocumentParams) -> types.ShowDocumentResult:
            self.shown.append(params)
            return types.ShowDocumentResult(success=True)

        @client.feature(types.WORKSPACE_CONFIGURATION)
        def configuration(params: types.ConfigurationParams) -> list[object]:
            return [self.settings for _ in params.items]

        @client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:
            self.registrations.extend(params.registrations)

    def capabilities(self) -> types.ClientCapabilities:
        """What a capable editor announces."""
        return types.ClientCapabilities(
            general=types.GeneralClientCapabilities(position_encodings=[self.encoding]),
            workspace=types.WorkspaceClientCapabilities(
                configuration=True,
                did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                    dynamic_registration=True
                ),
            ),
            window=types.WindowClientCapabilities(
                show_document=types.ShowDocumentClientCapabilities(support=True)
            ),
        )

    async def start(
        self, cwd: Path, options: Mapping[str, Any] | None = None
    ) -> types.InitializeResult:
        command = healthlint_command()
        await self.client.start_io(
            command[0], *command[1:], "lsp", cwd=str(cwd), env=measured_env()
        )
        result = await asyncio.wait_for(
            self.client.initialize_async(
                types.InitializeParams(
                    capabilities=self.capabilities(),
                    root_uri=cwd.as_uri(),
                    initialization_options=dict(options or {}),
                )
            ),
            WAIT,
        )
        self.server_capabilities = result.capabilities
        self.client.initialized(types.InitializedParams())
        return result

    async def stop(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.client.shutdown_async(None), WAIT)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), WAIT)

    def open(
        self, path: Path, text: str | None = None, language: str = "markdown"
    ) -> str:
        uri = path.resolve().as_uri()
        self.texts[uri] = path.read_text(encoding="utf-8") if text is None else text
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(
                    uri=uri, language_id=language, version=1, text=self.texts[uri]
                )
            )
        )
        return uri

    def edit(self, uri: str, edits: list[types.TextEdit]) -> int:
        """Apply edits locally and send them as one incremental change each."""
        changes: list[types.TextDocumentContentChangeEvent] = []
        for edit in sorted(
            edits,
            key=lambda e: (e.range.start.line, e.range.start.character),
            reverse=True,
        ):
            self.texts[uri] = apply_edits(self.texts[uri], [edit], self.encoding)
            changes.append(
                types.TextDocumentContentChangePartial(
                    range=edit.range, text=edit.new_text
                )
            )
        self.versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=self.versions[uri]
                ),
                content_changes=changes,
            )
        )
        return self.versions[uri]

    def replace(self, uri: str, old: str, new: str) -> int:
        """Replace the first ``old`` in the buffer, as typing over it would."""
        text = self.texts[uri]
        start = text.index(old)
        edit = types.TextEdit(
            range=self.range_of(uri, start, start + len(old)), new_text=new
        )
        return self.edit(uri, [edit])

    def range_of(self, uri: str, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(uri, start), end=self.position(uri, end))

    def position(self, uri: str, offset: int) -> types.Position:
        before = self.texts[uri][:offset]
        line = before.count("\n")
        column = before[before.rfind("\n") + 1 :]
        return types.Position(line=line, character=units(column, self.encoding))

    async def until(self, condition: Any, timeout: float = WAIT) -> None:
        """Wait until ``condition()`` holds, re-checking as messages arrive."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError("the server did not answer in time")
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), min(remaining, 0.5))

    async def diagnostics(
        self, uri: str, version: int | None = None
    ) -> list[types.Diagnostic]:
        """The diagnostics published for ``version`` (default: the buffer's current)."""
        wanted = self.versions[uri] if version is None else version
        await self.until(lambda: wanted in self.published[uri])
        return self.published[uri][wanted]

    def save(self, uri: str) -> None:
        self.client.text_document_did_save(
            types.DidSaveTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri)
            )
        )

    async def code_actions(
        self, uri: str, place: types.Range
    ) -> list[types.CodeAction]:
        result = await asyncio.wait_for(
            self.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri),
                    range=place,
                    context=types.CodeActionContext(diagnostics=[]),
                )
            ),
            WAIT,
        )
        return [a for a in result or [] if isinstance(a, types.CodeAction)]

    async def hover(self, uri: str, position: types.Position) -> str | None:
        result = await asyncio.wait_for(
            self.client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(uri), position)
            ),
            WAIT,
        )
        if result is None:
            return None
        contents = result.contents
        assert isinstance(contents, types.MarkupContent)
        return contents.value


@contextlib.asynccontextmanager
async def editor(
    cwd: Path, options: Mapping[str, Any] | None = None, encoding: str = "utf-16"
) -> AsyncIterator[Editor]:
    """A started session that is always shut down, even when a check fails."""
    session = Editor(encoding)
    await session.start(cwd, options)
    try:
        yield session
    finally:
        await session.stop()
