"""Records, the unit of an audit, and partitions, the unit of work and of output.

A record is one article as an export holds it: its text and whatever the export
says about it (id, address, date, type, categories...). A record that could not
be read still is a record, carrying its ``error``, so that it becomes a row of
the table like any other and no article silently goes missing.

Partitions are numbered runs of ``size`` consecutive records. Reading the same
input with the same size always gives the same partitions, which is what lets a
re-run skip the partitions a previous run finished.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from itertools import islice

from healthlint.document import Format
from healthlint.lazyregex import lazy

# Tags that open a block of an HTML page or fragment: text starting with one is
# HTML; anything else is read as Markdown, which also keeps inline HTML.
_HTML_START = lazy(
    r"\s*(?:<!doctype|<html|<head|<body|<article|<main|<section|<div|<p[\s>]"
    r"|<h[1-6][\s>]|<ul[\s>]|<ol[\s>]|<table|<blockquote|<figure)",
    re.IGNORECASE,
)
FORMAT_NAMES: dict[str, Format] = {
    "markdown": Format.MARKDOWN,
    "md": Format.MARKDOWN,
    "html": Format.HTML,
    "htm": Format.HTML,
    "text": Format.TEXT,
    "txt": Format.TEXT,
    "plain": Format.TEXT,
}
AUTO = "auto"


@dataclass(frozen=True, slots=True)
class Record:
    """One article of an archive, or the reason it could not be read."""

    index: int  # position in the input, from 0: the row's stable key
    id: str
    text: str = ""
    format: Format = Format.MARKDOWN
    url: str | None = None
    path: str | None = None
    title: str | None = None
    date: str | None = None
    categories: tuple[str, ...] = ()
    author: str | None = None
    status: str | None = None
    kind: str | None = None  # what the CMS calls it: post, page...
    declared_type: str | None = None  # a document type the export names
    error: str | None = None

    @property
    def year(self) -> int | None:
        """The year of ``date`` when it reads as one."""
        return year_of(self.date)


@dataclass(frozen=True, slots=True)
class Partition:
    """Partition ``number``: the records from ``number * size`` on, in order."""

    number: int
    records: tuple[Record, ...]


def partitions(records: Iterable[Record], size: int) -> Iterator[Partition]:
    """Cut a stream of records into numbered partitions, holding one at a time."""
    stream = iter(records)
    number = 0
    while chunk := tuple(islice(stream, size)):
        yield Partition(number, chunk)
        number += 1


def format_named(name: str) -> Format | None:
    """The format a column value or option names (``md``, ``HTML``...), if any."""
    return FORMAT_NAMES.get(name.strip().lower())


def sniff_format(text: str) -> Format:
    """HTML when the text opens with a block tag, else Markdown.

    CMS bodies are HTML pages, HTML fragments, or text with blank lines between
    paragraphs and inline tags; the Markdown parser reads the last two kinds as
    a browser shows them (its HTML blocks go through the HTML parser).
    """
    return Format.HTML if _HTML_START.match(text[:512]) else Format.MARKDOWN


def normalise_date(raw: str | None) -> str | None:
    """ISO ``YYYY-MM-DD`` for the usual export spellings; otherwise as written."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    parsed = _parse_date(text)
    return parsed.isoformat() if parsed is not None else text


def _parse_date(text: str) -> date | None:
    """ISO dates and times (``2019-04-02 10:00:00``) and RFC 822 (RSS) dates."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def year_of(value: str | None) -> int | None:
    """The year of a normalised date, or None when it has none."""
    if value is None or len(value) < 4 or not value[:4].isdigit():
        return None
    year = int(value[:4])
    return year if year > 0 else None
