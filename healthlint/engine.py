"""Run rules over inputs: read, parse, check, position, score.

The one place where files are read. Each input is isolated: whatever goes wrong
with one file becomes that file's ``error`` and the run goes on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from healthlint import __version__, readability
from healthlint.config import Config
from healthlint.discovery import Input
from healthlint.document import Document, Format
from healthlint.kinds import KINDS
from healthlint.model import FileReport, Finding, Report
from healthlint.parsers import parse
from healthlint.rule import Match, Rule
from healthlint.rulepack import load_builtin_rules, load_packs
from healthlint.selection import select_rules

DOCS_URL = "docs/rules/{code}.md"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_BINARY_SNIFF = 8192


class InputError(Exception):
    """An input that cannot be linted; the message is one line for the user."""


@dataclass(frozen=True)
class Session:
    """A configuration with its rules loaded and selected, ready to lint."""

    config: Config
    rules: tuple[Rule, ...]


def build_session(config: Config | None = None) -> Session:
    """Load the shipped and extra packs and select the rules the config asks for.

    Raises RulePackError or SelectionError: both are configuration errors the
    caller reports before any file is read.
    """
    config = config or Config()
    rules = load_builtin_rules()
    if config.rule_packs:
        rules = load_packs([*sorted(_pack_files(config.rule_packs))]) + rules
    chosen = select_rules(
        rules, config.select, config.extend_select, config.ignore, config.severity
    )
    return Session(config, chosen)


def _pack_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        yield from (sorted(path.glob("*.yaml")) if path.is_dir() else [path])


def read_source(path: Path, max_size: int) -> str:
    """Decode a file as UTF-8 (a BOM is dropped); raise InputError if it is not text."""
    try:
        size = path.stat().st_size
        if size > max_size:
            raise InputError(
                f"file is {size / 1e6:.1f} MB, over the {max_size / 1e6:.1f} MB limit "
                "(raise it with --max-file-size)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from None
    return decode(data)


def decode(data: bytes) -> str:
    """Bytes to text, refusing binary data and invalid UTF-8 with a clear reason."""
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise InputError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}"
        ) from None


def lint_input(item: Input, session: Session, stdin: Callable[[], bytes]) -> FileReport:
    """Lint one discovered input; never raises for a bad file."""
    if item.error is not None:
        return FileReport(item.display, item.format.value, error=item.error)
    try:
        if item.path is None:
            source = decode(stdin())
        else:
            source = read_source(item.path, session.config.max_file_size)
    except InputError as exc:
        return FileReport(item.display, item.format.value, error=str(exc))
    return lint_source(item.display, source, item.format, session)


def lint_source(path: str, source: str, fmt: Format, session: Session) -> FileReport:
    """Parse and lint text that has already been read."""
    if not source.strip():
        return FileReport(path, fmt.value, notices=("empty file, nothing to lint",))
    doc = parse(path, source, fmt)
    return lint_document(doc, session)


def lint_document(doc: Document, session: Session) -> FileReport:
    """Run every selected rule on a parsed document and score its readability."""
    doc_type = document_type(doc, session.config)
    # Kinds are pure functions of (rule, document): they learn the resolved type
    # from the document itself.
    doc = replace(doc, meta=MappingProxyType({**doc.meta, "type": doc_type}))
    matches = [m for rule in session.rules for m in KINDS[rule.kind].check(rule, doc)]
    findings = tuple(sorted(to_finding(doc, m) for m in matches))
    score = None
    if session.config.readability:
        score = readability.score(doc, session.config.targets.get(doc_type))
    error = "; ".join(doc.warnings) or None
    return FileReport(doc.path, doc.format.value, findings, score, error, doc_type)


def document_type(doc: Document, config: Config) -> str:
    """Front matter ``type:`` first, then the configured type, then ``default``."""
    declared = doc.meta.get("type")
    if isinstance(declared, str) and declared.strip():
        return declared.strip().lower()
    return config.document_type or "default"


def to_finding(doc: Document, match: Match) -> Finding:
    """Position a match in the source file and render its message."""
    start = doc.position(match.span.start)
    end = doc.end_position(match.span.end)
    rule = match.rule
    values = {"match": match.text, **match.fields}
    return Finding(
        path=doc.path,
        line=start.line,
        column=start.column,
        end_line=end.line,
        end_column=end.column,
        code=rule.code,
        rule=rule.slug,
        severity=rule.severity,
        message=render(rule.message, values),
        suggestion=match.suggestion or rule.suggestion,
        docs_url=DOCS_URL.format(code=rule.code),
        text=match.text,
    )


def render(template: str, values: dict[str, str]) -> str:
    """Fill ``{name}`` placeholders; unknown ones are left as written."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def lint_inputs(
    items: Iterable[Input], session: Session, stdin: Callable[[], bytes]
) -> Report:
    """Lint every input in order and gather the results."""
    files = tuple(lint_input(item, session, stdin) for item in items)
    return Report(files, __version__, session.rules)
