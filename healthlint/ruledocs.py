"""Render a rule's documentation, for the terminal and for docs/rules/*.md.

The sections follow ruff's order (what it does, why, example, use instead,
references) so readers find the same thing in the same place on every page.
"""

from __future__ import annotations

from healthlint.rule import Rule


def _summary(rule: Rule) -> list[str]:
    aliases = f" (formerly {', '.join(rule.aliases)})" if rule.aliases else ""
    return [
        f"{rule.code} {rule.slug}{aliases}",
        f"Pack: {rule.pack}. Kind: {rule.kind}. Scope: {rule.scope.value}. "
        f"Severity: {rule.severity.label}. "
        f"Status: {rule.status.value} since {rule.since}.",
    ]


def _sections(rule: Rule) -> list[tuple[str, str]]:
    docs = rule.docs
    sections = [
        ("What it does", docs.what),
        ("Why is this bad?", docs.why),
        ("Example", docs.example),
        ("Use instead", docs.use_instead),
    ]
    if rule.suggestion:
        sections.append(("Suggested fix", rule.suggestion))
    sections.append(("References", "\n".join(f"- {ref}" for ref in docs.references)))
    return sections


def render_terminal(rule: Rule) -> str:
    """Plain text for ``healthlint rule CODE``."""
    lines = _summary(rule)
    for title, body in _sections(rule):
        lines += ["", f"{title}", _indent(body.strip())]
    return "\n".join(lines) + "\n"


def render_markdown(rule: Rule) -> str:
    """A Markdown page for the docs site; examples are shown as quoted prose."""
    head, meta = _summary(rule)
    lines = [f"# {head}", "", meta, "", f"Message: {rule.message}"]
    for title, body in _sections(rule):
        text = body.strip()
        if title in {"Example", "Use instead"}:
            text = "> " + text
        lines += ["", f"## {title}", "", text]
    return "\n".join(lines) + "\n"


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.splitlines())
