"""``healthlint lsp``: the pygls wiring, from protocol messages to lint results.

The server keeps the editor's buffers (pygls does), the settings, and the last
published result of each buffer; the linting itself happens in the worker
process, scheduled by :class:`~healthlint.lsp.scheduler.Scheduler`. Every handler
is short and returns at once, so the editor is never kept waiting on a lint.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from healthlint import __version__
from healthlint.config import CONFIG_NAMES
from healthlint.discovery import format_for
from healthlint.document import Format
from healthlint.lsp.actions import OPEN_DOCS, Buffer, code_actions
from healthlint.lsp.diagnostics import Entry, render
from healthlint.lsp.docslinks import rule_page
from healthlint.lsp.hover import hover
from healthlint.lsp.jobs import Job, Outcome
from healthlint.lsp.positions import UTF16, Lines
from healthlint.lsp.process import WorkerProcess
from healthlint.lsp.scheduler import Scheduler
from healthlint.lsp.settings import SECTION, Settings, read_settings

_LANGUAGES = {
    "markdown": Format.MARKDOWN,
    "html": Format.HTML,
    "plaintext": Format.TEXT,
    "text": Format.TEXT,
}
_WATCHED_GLOBS = (
    "**/.healthlint.yaml",
    "**/.healthlint.yml",
    "**/pyproject.toml",
    "**/*.yaml",
)


@dataclass(frozen=True)
class Published:
    """What was last published for a buffer, kept for hovers and code actions."""

    outcome: Outcome
    entries: tuple[Entry, ...]


class Healthlint:
    """One server's state and its handlers."""

    def __init__(self, server: LanguageServer) -> None:
        self.server = server
        self.settings = Settings()
        self.published: dict[str, Published] = {}
        self.watched: dict[str, tuple[tuple[str, int], ...]] = {}
        self.worker = WorkerProcess()
        self.scheduler = Scheduler(self.worker, self.publish, self.is_current, self.log)
        self._loop: asyncio.Task[None] | None = None

    # --- lifecycle -------------------------------------------------------------

    def initialize(self, params: types.InitializeParams) -> None:
        """Read the settings the editor passes at start-up."""
        self.apply_settings(params.initialization_options, "initializationOptions")

    async def initialized(self, params: types.InitializedParams) -> None:
        """Warm the worker up, then ask the editor for settings and file events."""
        self._ensure_loop()
        await self.worker.start()
        for step in (self.pull_settings, self.watch_config_files):
            try:
                await step()
            except Exception as exc:  # an editor's refusal is no reason to stop
                self.log(f"{step.__name__.replace('_', ' ')} failed: {exc}")

    async def shutdown(self, params: None) -> None:
        """Stop the worker before the editor closes the pipe."""
        if self._loop is not None:
            self._loop.cancel()
        await self.worker.close()

    def _ensure_loop(self) -> None:
        if self._loop is None:
            self._loop = asyncio.ensure_future(self.scheduler.run())

    # --- documents -------------------------------------------------------------

    def did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        """Lint a newly opened buffer at once, under a freshly checked config."""
        if self.config_changed():
            self.reload("a config file changed")
        self.lint(params.text_document.uri, delay=0)

    def did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        """Lint again once the edits pause (pygls has already applied them)."""
        self.lint(params.text_document.uri)

    def did_save(self, params: types.DidSaveTextDocumentParams) -> None:
        """A save is a good moment to see whether a config file changed.

        While a buffer shows a problem (a broken config file, say), every save
        lints again, so a fix anywhere in the chain of config files shows.
        """
        if self.config_changed():
            self.reload("a config file changed")
        elif any(p.outcome.problem for p in self.published.values()):
            self.reload("a document showed a problem")

    def did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        """Forget the buffer and clear its diagnostics."""
        uri = params.text_document.uri
        self.scheduler.forget(uri)
        self.published.pop(uri, None)
        self.watched.pop(uri, None)
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def did_change_watched_files(
        self, params: types.DidChangeWatchedFilesParams
    ) -> None:
        """Reload when a config file or a rule pack in use changed."""
        known = {path for stamps in self.watched.values() for path, _ in stamps}
        for change in params.changes:
            path = to_fs_path(change.uri)
            if path is not None and (Path(path).name in CONFIG_NAMES or path in known):
                self.reload(f"{path} changed")
                return

    async def did_change_configuration(
        self, params: types.DidChangeConfigurationParams
    ) -> None:
        """Apply pushed settings, or fetch them; then show results under them."""
        settings = params.settings
        if isinstance(settings, dict) and isinstance(settings.get(SECTION), dict):
            self.apply_settings(settings[SECTION], "settings")
        else:
            await self.pull_settings()
        for published in list(self.published.values()):
            if self.is_current(published.outcome.uri, published.outcome.version):
                self.publish(published.outcome)

    # --- requests --------------------------------------------------------------

    def code_action(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        """Fix, suppress or look up the findings in the requested range."""
        uri = params.text_document.uri
        current = self._current(uri)
        if current is None:
            return []
        document, published = current
        lines = Lines(document.source, self.encoding)
        buffer = Buffer(uri, lines, self.format_of(document))
        return code_actions(buffer, published.entries, params.range, self.settings)

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        """Explain the rules of the findings under the cursor."""
        current = self._current(params.text_document.uri)
        if current is None:
            return None
        published = current[1]
        report = published.outcome.report
        return hover(published.entries, params.position, report, self.settings)

    async def open_rule_docs(self, code: object = None) -> str | None:
        """``healthlint.openRuleDocs CODE``: ask the editor to show the rule's page."""
        page = rule_page(str(code), self.settings.docs_url)
        if page is None:
            self.show(f"healthlint: no documentation page for '{code}'")
            return None
        if self._can_show_documents():
            external = not page.startswith("file:")
            await self.server.window_show_document_async(
                types.ShowDocumentParams(uri=page, external=external)
            )
        else:
            self.show(f"healthlint: {code} is documented at {page}")
        return page

    # --- linting ---------------------------------------------------------------

    def lint(self, uri: str, delay: float | None = None) -> None:
        """Queue the buffer's current text for linting."""
        document = self._document(uri)
        if document is None:
            return
        self._ensure_loop()
        self.scheduler.submit(self.job_for(document), delay)

    def job_for(self, document: TextDocument) -> Job:
        """The job that lints a buffer as ``check`` would lint its file."""
        path = to_fs_path(document.uri) if document.uri.startswith("file:") else None
        return Job(
            uri=document.uri,
            version=document.version or 0,
            name=path or document.uri,
            path=path,
            text=document.source,
            format=self.format_of(document).value,
        )

    def format_of(self, document: TextDocument) -> Format:
        """By suffix as ``check`` decides, then by the editor's language, else text."""
        by_name = format_for(unquote(document.uri))
        if by_name is not None:
            return by_name
        return _LANGUAGES.get(document.language_id or "", Format.TEXT)

    def publish(self, outcome: Outcome) -> None:
        """Send a result's diagnostics and keep it for hovers and code actions."""
        document = self._document(outcome.uri)
        if document is None:
            return
        lines = Lines(document.source, self.encoding)
        entries = () if outcome.excluded else render(outcome, lines, self.settings)
        self.published[outcome.uri] = Published(outcome, tuple(entries))
        self.watched[outcome.uri] = outcome.watched
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=outcome.uri,
                diagnostics=[entry.diagnostic for entry in entries],
                version=outcome.version,
            )
        )

    def is_current(self, uri: str, version: int) -> bool:
        """True while the buffer is open and still at ``version``."""
        document = self._document(uri)
        return document is not None and (document.version or 0) == version

    def _document(self, uri: str) -> TextDocument | None:
        documents: dict[str, TextDocument] = self.server.workspace.text_documents
        return documents.get(unquote(uri))

    def _current(self, uri: str) -> tuple[TextDocument, Published] | None:
        """The buffer and its result, when the result is for its current text."""
        document, published = self._document(uri), self.published.get(uri)
        if document is None or published is None:
            return None
        if (document.version or 0) != published.outcome.version:
            return None
        return document, published

    @property
    def encoding(self) -> str:
        """The position encoding agreed with the editor (UTF-16 by default)."""
        agreed = self.server.workspace.position_encoding
        return str(getattr(agreed, "value", agreed) or UTF16)

    # --- configuration ---------------------------------------------------------

    def config_changed(self) -> bool:
        """True when a config file a published result depends on has changed."""
        stamps = {stamp for stamps in self.watched.values() for stamp in stamps}
        return any(_mtime(path) != mtime for path, mtime in stamps)

    def reload(self, reason: str) -> None:
        """Start a fresh worker (fresh configuration) and lint every buffer again."""
        self.log(f"{reason}; reloading the configuration")
        self.watched.clear()
        self.scheduler.restart_worker()
        for document in list(self.server.workspace.text_documents.values()):
            self.lint(document.uri, delay=0)

    def apply_settings(self, raw: object, origin: str) -> None:
        """Take new settings; report mistakes to the writer in one line each."""
        self.settings, problems = read_settings(raw, self.settings, origin)
        self.scheduler.debounce = self.settings.debounce_ms / 1000
        for problem in problems:
            self.show(f"healthlint: {problem}", types.MessageType.Warning)

    async def pull_settings(self) -> None:
        """Ask for the ``healthlint`` section when the editor supports it."""
        workspace = self.server.client_capabilities.workspace
        if workspace is None or not workspace.configuration:
            return
        item = types.ConfigurationItem(section=SECTION)
        result = await self.server.workspace_configuration_async(
            types.ConfigurationParams(items=[item])
        )
        if result:
            self.apply_settings(result[0], "workspace settings")

    async def watch_config_files(self) -> None:
        """Ask the editor to report changes to config files and rule packs."""
        workspace = self.server.client_capabilities.workspace
        watching = workspace.did_change_watched_files if workspace else None
        if watching is None or not watching.dynamic_registration:
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=g) for g in _WATCHED_GLOBS]
        )
        registration = types.Registration(
            id="healthlint-config-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        await self.server.client_register_capability_async(
            types.RegistrationParams(registrations=[registration])
        )

    # --- messages to the writer -------------------------------------------------

    def _can_show_documents(self) -> bool:
        window = self.server.client_capabilities.window
        return bool(window and window.show_document and window.show_document.support)

    def show(
        self, message: str, kind: types.MessageType = types.MessageType.Info
    ) -> None:
        """A message the editor shows to the writer."""
        params = types.ShowMessageParams(type=kind, message=message)
        self.server.window_show_message(params)

    def log(self, message: str) -> None:
        """A line for the editor's language-server log."""
        text = f"healthlint: {message}"
        params = types.LogMessageParams(type=types.MessageType.Log, message=text)
        self.server.window_log_message(params)


def _mtime(path: str) -> int:
    try:
        return Path(path).stat().st_mtime_ns
    except OSError:
        return -1


def create_server() -> LanguageServer:
    """A language server with every healthlint handler registered."""
    server = LanguageServer("healthlint", __version__)
    state = Healthlint(server)
    features: dict[str, Callable[..., Any]] = {
        types.INITIALIZE: state.initialize,
        types.INITIALIZED: state.initialized,
        types.SHUTDOWN: state.shutdown,
        types.TEXT_DOCUMENT_DID_OPEN: state.did_open,
        types.TEXT_DOCUMENT_DID_CHANGE: state.did_change,
        types.TEXT_DOCUMENT_DID_SAVE: state.did_save,
        types.TEXT_DOCUMENT_DID_CLOSE: state.did_close,
        types.WORKSPACE_DID_CHANGE_WATCHED_FILES: state.did_change_watched_files,
        types.WORKSPACE_DID_CHANGE_CONFIGURATION: state.did_change_configuration,
        types.TEXT_DOCUMENT_HOVER: state.hover,
    }
    for method, handler in features.items():
        server.feature(method)(_plain(handler))
    server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix], resolve_provider=False
        ),
    )(_plain(state.code_action))
    server.command(OPEN_DOCS)(_plain(state.open_rule_docs))
    return server


def _plain(method: Callable[..., Any]) -> Callable[..., Any]:
    """A plain function that calls ``method``, for pygls to register.

    pygls marks handlers with attributes, which bound methods cannot take, and
    passes the server first to a handler whose first parameter is ``ls``.
    """
    if inspect.iscoroutinefunction(method):

        async def call_async(ls: LanguageServer, *args: object) -> object:
            return await method(*args)

        return call_async

    def call(ls: LanguageServer, *args: object) -> object:
        return method(*args)

    return call


def serve() -> None:
    """Run the server over stdin and stdout until the editor says exit."""
    # pygls logs through the logging module; the editor reads stderr as a log.
    logging.basicConfig(level=logging.WARNING, format="healthlint lsp: %(message)s")
    create_server().start_io()
