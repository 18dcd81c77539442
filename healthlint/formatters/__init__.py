"""Formatters: pure functions from a Report to text. One module per format."""

from __future__ import annotations

from collections.abc import Callable

from healthlint.formatters import github, gitlab, html, json_format, junit, sarif, text
from healthlint.model import Report

FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": text.format_report,
    "json": json_format.format_report,
    "github": github.format_report,
    "sarif": sarif.format_report,
    "junit": junit.format_report,
    "gitlab": gitlab.format_report,
    "html": html.format_report,
}

__all__ = ["FORMATTERS"]
