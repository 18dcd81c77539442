"""Describe the effective configuration for a path, for ``healthlint config --show``."""

from __future__ import annotations

from pathlib import Path

from healthlint.discovery import format_for
from healthlint.document import Document
from healthlint.engine import Session, TypeChoice
from healthlint.parsers import parse
from healthlint.readfile import InputError, read_source


def describe(session: Session, path: Path) -> str:
    """Layers in force, document type, readability target and the rules that run."""
    probe = path / "probe.md" if path.is_dir() else path
    settings = session.settings_for(probe)
    doc = _document(session, path)
    choice = (
        settings.document_type(doc)
        if doc is not None
        else settings.declared_type({}) or TypeChoice("default", "default")
    )
    doc_type = choice.name
    lines = [f"path: {path}", "layers (later ones win):"]
    lines += [f"  - {layer.origin}" for layer in settings.layers_for(doc_type)]
    target = settings.target(doc_type)
    lines.append(f"document-type: {doc_type} ({choice.source})")
    lines += [f"  evidence: {cue}" for cue in choice.evidence]
    problem = settings.type_problem(doc.meta if doc is not None else {})
    if problem:
        lines.append(f"  ({problem})")
    lines.append(f"target-grade: {'none' if target is None else f'{target:g}'}")
    lines.append(f"fail-on: {session.fail_on.label}")
    ignored = settings.ignored(str(probe))
    if ignored:
        lines.append(f"per-file-ignores: {', '.join(ignored)}")
    lines.append("rules:")
    for rule in settings.rules_for(doc_type):
        lines.append(f"  {rule.code} {rule.slug} ({rule.severity.label})")
    return "\n".join(lines) + "\n"


def _document(session: Session, path: Path) -> Document | None:
    """The file parsed, so its front matter and its text decide its type.

    A folder (or a file that cannot be read) has none: it shows the type the
    command line or config names, since no text is there to detect from.
    """
    fmt = format_for(path.name) if path.is_file() else None
    if fmt is None:
        return None
    try:
        source = read_source(path, session.config.max_file_size)
    except InputError:
        return None
    return parse(str(path), source, fmt)
