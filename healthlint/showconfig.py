"""Describe the effective configuration for a path, for ``healthlint config --show``."""

from __future__ import annotations

from pathlib import Path

from healthlint.discovery import format_for
from healthlint.engine import (
    FileSettings,
    InputError,
    Session,
    TypeChoice,
    read_source,
)
from healthlint.parsers import parse


def describe(session: Session, path: Path) -> str:
    """Layers in force, document type, readability target and the rules that run."""
    probe = path / "probe.md" if path.is_dir() else path
    settings = session.settings_for(probe)
    choice = _type_of(session, settings, path)
    doc_type = choice.name
    lines = [f"path: {path}", "layers (later ones win):"]
    lines += [f"  - {layer.origin}" for layer in settings.layers_for(doc_type)]
    target = settings.target(doc_type)
    lines.append(f"document-type: {doc_type} ({choice.source})")
    lines += [f"  evidence: {cue}" for cue in choice.evidence]
    lines.append(f"target-grade: {'none' if target is None else f'{target:g}'}")
    lines.append(f"fail-on: {session.fail_on.label}")
    ignored = settings.ignored(str(probe))
    if ignored:
        lines.append(f"per-file-ignores: {', '.join(ignored)}")
    lines.append("rules:")
    for rule in settings.rules_for(doc_type):
        lines.append(f"  {rule.code} {rule.slug} ({rule.severity.label})")
    return "\n".join(lines) + "\n"


def _type_of(session: Session, settings: FileSettings, path: Path) -> TypeChoice:
    """The type a file gets: read and parse it, so front matter and detection count.

    A folder (or a file that cannot be read) shows the type named by the command
    line or config, since no text is there to detect from.
    """
    declared = settings.declared_type({})
    fmt = format_for(path.name) if path.is_file() else None
    if fmt is None:
        return declared or TypeChoice("default", "default")
    try:
        source = read_source(path, session.config.max_file_size)
    except InputError:
        return declared or TypeChoice("default", "default")
    return settings.document_type(parse(str(path), source, fmt))
