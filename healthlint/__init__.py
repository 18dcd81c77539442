"""healthlint: a content-quality linter for consumer health articles."""

from __future__ import annotations

__version__ = "0.1.0"

from healthlint.api import lint_paths, lint_text

__all__ = ["__version__", "lint_paths", "lint_text"]
