"""Describe the effective configuration for a path, for ``healthlint config --show``."""

from __future__ import annotations

from pathlib import Path

from healthlint.engine import Session


def describe(session: Session, path: Path) -> str:
    """Layers in force, document type, readability target and the rules that run."""
    probe = path / "probe.md" if path.is_dir() else path
    settings = session.settings_for(probe)
    doc_type = settings.document_type({})
    lines = [f"path: {path}", "layers (later ones win):"]
    lines += [f"  - {layer.origin}" for layer in settings.layers_for(doc_type)]
    target = settings.target(doc_type)
    lines.append(f"document-type: {doc_type}")
    lines.append(f"target-grade: {'none' if target is None else f'{target:g}'}")
    lines.append(f"fail-on: {session.fail_on.label}")
    ignored = settings.ignored(str(probe))
    if ignored:
        lines.append(f"per-file-ignores: {', '.join(ignored)}")
    lines.append("rules:")
    for rule in settings.rules_for(doc_type):
        lines.append(f"  {rule.code} {rule.slug} ({rule.severity.label})")
    return "\n".join(lines) + "\n"
