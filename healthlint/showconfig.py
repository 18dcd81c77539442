"""Describe the effective configuration for a path, for ``healthlint config --show``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from healthlint.discovery import format_for
from healthlint.engine import Session
from healthlint.parsers import parse
from healthlint.readfile import InputError, read_source


def describe(session: Session, path: Path) -> str:
    """Layers in force, document type, readability target and the rules that run."""
    probe = path / "probe.md" if path.is_dir() else path
    settings = session.settings_for(probe)
    meta = _front_matter(session, path)
    doc_type = settings.document_type(meta)
    lines = [f"path: {path}", "layers (later ones win):"]
    lines += [f"  - {layer.origin}" for layer in settings.layers_for(doc_type)]
    target = settings.target(doc_type)
    lines.append(f"document-type: {doc_type}")
    problem = settings.type_problem(meta)
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


def _front_matter(session: Session, path: Path) -> Mapping[str, object]:
    """The file's own metadata (its ``type:`` decides the rules), if it is one."""
    if path.is_dir():
        return {}
    fmt = format_for(str(path))
    if fmt is None:
        return {}
    try:
        source = read_source(path, session.config.max_file_size)
    except InputError:
        return {}
    return parse(str(path), source, fmt).meta
