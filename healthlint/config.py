"""Run configuration: what to check and how strictly. Frozen once built."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from healthlint.model import Severity
from healthlint.readability import DEFAULT_TARGETS

DEFAULT_MAX_FILE_SIZE = (
    5 * 1024 * 1024
)  # an article is kilobytes; megabytes is a mistake


@dataclass(frozen=True)
class Config:
    """Everything that decides which rules run and what counts as failure."""

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(
        default_factory=lambda: MappingProxyType({})
    )
    fail_on: Severity = Severity.ERROR
    document_type: str | None = None
    targets: Mapping[str, float | None] = field(
        default_factory=lambda: MappingProxyType(dict(DEFAULT_TARGETS))
    )
    rule_packs: tuple[Path, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    exclude: tuple[str, ...] = ()
    readability: bool = True
