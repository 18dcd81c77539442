"""WordPress exports (WXR): posts and pages, streamed item by item.

A WXR file is RSS with WordPress's own elements: each ``<item>`` holds one post,
page, attachment or menu entry, its HTML in ``<content:encoded>`` (usually a
CDATA section), its status (``publish``, ``draft``...), dates, author login and
categories. ``iterparse`` reads it element by element, and each item is removed
from the tree once read, so an export of any size is read in flat memory.

The body is what the WordPress editor stores: HTML blocks and inline tags, with
blank lines between paragraphs that WordPress turns into ``<p>`` when it shows
the page. Read as Markdown, which treats both the same way, its paragraphs are
the reader's paragraphs. Shortcodes (``[caption id=...]``, ``[gallery]``) are
not prose: they are blanked with spaces, keeping every line and column where it
was, so findings still point into the stored text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

from healthlint.audit.readers import Meter, ReadOptions, open_counted
from healthlint.audit.records import Record, normalise_date
from healthlint.document import Format
from healthlint.lazyregex import lazy

SKIPPED_STATUSES = frozenset({"trash", "auto-draft", "inherit"})
_ZERO_DATE = "0000-00-00"
# Shortcodes whose content is a media address or list, never prose.
_MEDIA = frozenset({"embed", "video", "audio", "playlist", "gallery"})
_CORE = frozenset({"caption", "wp_caption", *_MEDIA})
_TAG = lazy(r"\[(/?)([A-Za-z][\w-]*)((?:\s[^\]\[]*)?)\](?!\()")


def read_wxr(path: Path, options: ReadOptions, meter: Meter) -> Iterator[Record]:
    """The posts and pages of a WordPress export, drafts included unless filtered."""
    authors: dict[str, str] = {}
    index = 0
    with open_counted(path, meter) as handle:
        events = ET.iterparse(handle, events=("start", "end"))  # noqa: S314
        parent: ET.Element | None = None
        try:
            for event, element in events:
                name = _local(element.tag)
                if event == "start":
                    parent = element if name == "channel" else parent
                    continue
                if name == "author" and _is_wordpress(element.tag):
                    _learn_author(element, authors)
                elif name == "item":
                    record = _item_record(index, element, authors, options)
                    if record is not None:
                        yield record
                        index += 1
                else:
                    continue
                if parent is not None:
                    with suppress(ValueError):  # an item outside the channel
                        parent.remove(element)
        except ET.ParseError as exc:
            yield _broken(index, path, exc)


def _broken(index: int, path: Path, exc: ET.ParseError) -> Record:
    """The record that stands for the unreadable rest of a damaged export."""
    line, column = exc.position
    return Record(
        index,
        f"{path.name}:{line}",
        error=f"{path}:{line}:{column + 1}: not well-formed XML, the rest of the "
        "export cannot be read",
    )


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def _is_wordpress(tag: str) -> bool:
    """WordPress's own elements (its namespace changes with the WXR version)."""
    return "wordpress.org/export/" in _namespace(tag) and "excerpt" not in tag


def _child(item: ET.Element, name: str, wordpress: bool = False) -> str | None:
    """The text of the first child called ``name`` (in WordPress's namespace)."""
    for child in item:
        if _local(child.tag) == name and (not wordpress or _is_wordpress(child.tag)):
            text = (child.text or "").strip()
            return text or None
    return None


def _content(item: ET.Element) -> str:
    """The body: ``content:encoded``, not the excerpt's ``encoded``."""
    for child in item:
        if _local(child.tag) == "encoded" and "/content/" in _namespace(child.tag):
            return child.text or ""
    return ""


def _learn_author(element: ET.Element, authors: dict[str, str]) -> None:
    login = _child(element, "author_login", wordpress=True)
    shown = _child(element, "author_display_name", wordpress=True)
    if login:
        authors[login] = shown or login


def _item_record(
    index: int, item: ET.Element, authors: dict[str, str], options: ReadOptions
) -> Record | None:
    """A post or page as a record; None for kinds and statuses not audited."""
    kind = _child(item, "post_type", wordpress=True) or "post"
    status = _child(item, "status", wordpress=True) or "publish"
    if kind not in options.post_types or not _status_wanted(status, options):
        return None
    login = _child(item, "creator")
    post_id = _child(item, "post_id", wordpress=True)
    return Record(
        index,
        post_id or _child(item, "guid") or f"item {index + 1}",
        blank_shortcodes(_content(item)),
        Format.MARKDOWN,
        url=_child(item, "link"),
        title=_child(item, "title"),
        date=_date(item),
        categories=_categories(item),
        author=authors.get(login, login) if login else None,
        status=status,
        kind=kind,
    )


def _status_wanted(status: str, options: ReadOptions) -> bool:
    if options.statuses is None:
        return status not in SKIPPED_STATUSES
    return status in options.statuses


def _date(item: ET.Element) -> str | None:
    """The post date; a draft never published has zeros there, and no date."""
    local = _child(item, "post_date", wordpress=True)
    if local and not local.startswith(_ZERO_DATE):
        return normalise_date(local)
    return normalise_date(_child(item, "pubDate"))


def _categories(item: ET.Element) -> tuple[str, ...]:
    """Category names, in the export's order; tags are not categories."""
    names = [
        (child.text or "").strip()
        for child in item
        if _local(child.tag) == "category" and child.get("domain") == "category"
    ]
    return tuple(dict.fromkeys(n for n in names if n))


def blank_shortcodes(text: str) -> str:
    """Replace shortcode tags (and media shortcodes' content) with spaces.

    A bracketed word is a shortcode when it is one of WordPress's own, carries
    attributes, or is closed later by ``[/name]``; a Markdown link's ``[text](``
    never is. Newlines are kept, so lines and columns do not move.
    """
    if "[" not in text:
        return text
    closed = {m.group(2) for m in _TAG.finditer(text) if m.group(1)}
    chars = list(text)
    media_open: dict[str, int] = {}
    for match in _TAG.finditer(text):
        slash, name, attributes = match.groups()
        if not (slash or name in _CORE or "=" in attributes or name in closed):
            continue
        start = media_open.pop(name, match.start()) if slash else match.start()
        if not slash and name in _MEDIA and name in closed:
            media_open[name] = match.start()
            continue
        for position in range(start, match.end()):
            if chars[position] != "\n":
                chars[position] = " "
    return "".join(chars)
