"""The lint worker: a child process that lints editor buffers with the engine.

Linting runs here, not in the server, so that a long run never holds up the
editor's requests and a stale one can be stopped outright: the server kills this
process and starts another. It reads job frames on stdin and answers each with
an outcome frame on stdout, until stdin closes (the server is gone).

Each buffer is linted exactly as ``healthlint check`` lints the file at its
path: the nearest config file, the document type from front matter, the same
excludes, per-file ignores, suppressions and size limit.
"""

from __future__ import annotations

import signal
import sys
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from healthlint.config import CONFIG_NAMES, Config, ConfigError, find_config
from healthlint.discovery import Input
from healthlint.document import Format
from healthlint.engine import FileSettings, Session, build_session, lint_source
from healthlint.lsp.jobs import HEADER, Job, Outcome, RuleNotes, pack, unpack
from healthlint.model import FileReport
from healthlint.rule import Rule
from healthlint.rulepack import RulePackError, load_builtin_rules
from healthlint.selection import SelectionError

# Linted once at start-up so that rules, dictionaries and compiled patterns are
# loaded before the first real document arrives.
_WARM_UP = (
    "# Warming up\n\nThis short note is linted once when the worker starts. "
    "Studies show that it cures nothing.\n"
)
_CONFIG_ERRORS = (ConfigError, RulePackError, SelectionError)


class BufferLinter:
    """Lints jobs with one engine session, rebuilt after a configuration error."""

    def __init__(self) -> None:
        self._session: Session | None = None

    def session(self) -> Session:
        """The session, built on first use (config files are searched per buffer)."""
        if self._session is None:
            self._session = build_session(Config(discover=True))
        return self._session

    def warm_up(self) -> None:
        """Load everything a lint needs; a config error waits for a real job."""
        try:
            lint_source("warm-up.md", _WARM_UP, Format.MARKDOWN, self.session())
        except _CONFIG_ERRORS:
            self._session = None

    def run(self, job: Job) -> Outcome:
        """Lint one job; every failure becomes the outcome's ``problem``."""
        started = time.perf_counter()
        try:
            outcome = self._lint(job)
        except _CONFIG_ERRORS as exc:
            self._session = None
            path = Path(job.path) if job.path else None
            watched = stamps(_nearer_candidates(path))
            outcome = Outcome(
                job.uri, job.version, problem=_one_line(exc), watched=watched
            )
        except Exception as exc:  # one bad buffer must not stop the worker
            traceback.print_exc(file=sys.stderr)
            problem = f"internal error while linting: {_one_line(exc)}"
            outcome = Outcome(job.uri, job.version, problem=problem)
        return replace(outcome, seconds=time.perf_counter() - started)

    def _lint(self, job: Job) -> Outcome:
        session = self.session()
        path = Path(job.path) if job.path else None
        fmt = Format(job.format)
        settings = session.settings_for(path)
        watched = watched_files(settings, path)
        if session.excluded(Input(job.name, path, fmt)):
            return Outcome(job.uri, job.version, excluded=True, watched=watched)
        limit = session.config.max_file_size
        size = len(job.text.encode("utf-8", "surrogatepass"))
        if size > limit:
            problem = (
                f"document is {size / 1e6:.1f} MB, over the {limit / 1e6:.1f} MB limit"
            )
            return Outcome(job.uri, job.version, problem=problem, watched=watched)
        report = lint_source(job.name, job.text, fmt, session, path)
        notes = rule_notes(report, settings.all_rules)
        return Outcome(job.uri, job.version, report, notes, watched=watched)


def _one_line(exc: Exception) -> str:
    lines = getattr(exc, "lines", None) or str(exc).splitlines() or [repr(exc)]
    return "; ".join(lines)


def rule_notes(report: FileReport, rules: tuple[Rule, ...]) -> dict[str, RuleNotes]:
    """The documentation of every rule with a finding in the report."""
    codes = {f.code for f in report.findings}
    builtin = {rule.code for rule in load_builtin_rules()}
    return {
        rule.code: RuleNotes(
            rule.code,
            rule.slug,
            rule.docs.what,
            rule.docs.why,
            rule.docs.use_instead,
            rule.code in builtin,
        )
        for rule in rules
        if rule.code in codes
    }


def watched_files(
    settings: FileSettings, path: Path | None
) -> tuple[tuple[str, int], ...]:
    """The files whose change would change this buffer's configuration.

    The config file in use, its ``extends`` chain and rule packs, and every
    place between the buffer and that file where a nearer config file could
    appear; each with its modification time (-1 while absent).
    """
    return stamps([*_nearer_candidates(path), *_configured_files(settings)])


def stamps(files: Iterable[Path]) -> tuple[tuple[str, int], ...]:
    """Each file once, with its modification time (-1 while absent)."""
    return tuple((str(f), _mtime(f)) for f in dict.fromkeys(files))


def _nearer_candidates(path: Path | None) -> Iterator[Path]:
    folder = path.resolve().parent if path is not None else Path.cwd().resolve()
    found = find_config(folder)
    for directory in (folder, *folder.parents):
        yield from (directory / name for name in CONFIG_NAMES)
        if found is not None and directory == found.parent:
            return


def _configured_files(settings: FileSettings) -> Iterator[Path]:
    layers = (*settings.file_layers, settings.session.command_line)
    for layer in layers:
        origin = Path(layer.origin)
        if origin.is_absolute() and origin.is_file():
            yield origin
        for pack_path in layer.rule_packs:
            yield pack_path
            if pack_path.is_dir():
                yield from sorted(pack_path.glob("*.yaml"))


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def read_frame(stream: BinaryIO) -> object | None:
    """The next message on ``stream``, or None when the stream has closed."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (length,) = HEADER.unpack(header)
    return unpack(stream.read(length))


def serve(source: BinaryIO, sink: BinaryIO) -> None:
    """Answer jobs until the server closes the pipe."""
    linter = BufferLinter()
    linter.warm_up()
    while isinstance(job := read_frame(source), Job):
        sink.write(pack(linter.run(job)))
        sink.flush()


def _exit_on_terminate(signum: int, frame: object) -> None:
    """SIGTERM (the server stopping a stale run) ends the worker normally."""
    sys.exit(0)


def main() -> None:
    """Entry point of ``python -m healthlint.lsp.worker``."""
    signal.signal(signal.SIGTERM, _exit_on_terminate)
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    # The frame channel is stdout: anything else printed goes to stderr instead.
    sys.stdout = sys.stderr
    serve(source, sink)


if __name__ == "__main__":
    main()
