"""``links``: predicates on a link's target, anchor text and ``rel``.

A link sells when its URL or wording does (book, buy, coupon, tracking and
affiliate parameters, ``rel="sponsored"``) and the article discloses nothing.
Links to allowed domains (journals, health agencies) never count.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from healthlint.document import Block, BlockKind, Document
from healthlint.furniture import covers
from healthlint.kinds._common import (
    TextPattern,
    compile_patterns,
    furniture_of,
    string_list,
)
from healthlint.rule import Match, Rule

KEYS = frozenset(
    {
        "href_patterns",
        "affiliate_patterns",
        "anchor_patterns",
        "rel",
        "allow_domains",
        "disclosure",
        "own_pages",
    }
)


@dataclass(frozen=True)
class Compiled:
    """The tests a link must pass, and what counts as a disclosure."""

    href: TextPattern | None
    affiliate: TextPattern | None
    anchor: TextPattern | None
    rel: frozenset[str]
    allow_domains: tuple[str, ...]
    disclosure: TextPattern | None
    own_pages: frozenset[str] = frozenset()


def compile_options(options: Mapping[str, object]) -> Compiled:
    """Validate and compile a links rule's options."""
    return Compiled(
        href=compile_patterns(options, "href_patterns", required=False),
        affiliate=compile_patterns(options, "affiliate_patterns", required=False),
        anchor=compile_patterns(options, "anchor_patterns", required=False),
        rel=frozenset(v.lower() for v in string_list(options, "rel", required=False)),
        allow_domains=tuple(
            d.lower().lstrip(".")
            for d in string_list(options, "allow_domains", required=False)
        ),
        disclosure=compile_patterns(options, "disclosure", required=False),
        own_pages=frozenset(string_list(options, "own_pages", required=False)),
    )


INVISIBLE = "[no visible text]"


def check(rule: Rule, doc: Document) -> Iterator[Match]:
    """Yield each selling link, unless the article discloses its commercial links."""
    compiled = rule.compiled
    assert isinstance(compiled, Compiled)  # noqa: S101
    if compiled.disclosure is not None and compiled.disclosure.search(doc):
        return
    # On a business's own page its booking and basket links are what the page is
    # for; only a hidden commercial tie (an affiliate or sponsored link) counts.
    own_page = doc.meta.get("type") in compiled.own_pages
    furniture = furniture_of(doc)
    for link in doc.blocks_of(BlockKind.LINK):
        if covers(furniture, link.span):
            continue
        anchor = doc.text[link.span.start : link.span.end]
        reason = _reason(link, anchor, compiled, own_page)
        if reason is not None and link.span.end > link.span.start:
            text = doc.text[link.span.start : link.span.end]
            fields = {"reason": reason}
            if not text.strip():  # an invisible link: say so rather than quote a space
                fields["match"] = INVISIBLE
            yield Match(rule, link.span, text, fields=fields)


def _reason(link: Block, anchor: str, compiled: Compiled, own_page: bool) -> str | None:
    """Why the link sells, or None: a hidden tie first, then its address or words."""
    href = link.href or ""
    if _allowed(href, compiled.allow_domains):
        return None
    hidden = _hidden_tie(link, href, compiled)
    if hidden is not None or own_page:
        return hidden
    if compiled.href is not None and (hit := compiled.href.search_text(href)):
        return f"its address carries '{hit.group(0)}'"
    if compiled.anchor is not None and (hit := compiled.anchor.search_text(anchor)):
        return f"its wording says '{hit.group(0)}'"
    return None


def _hidden_tie(link: Block, href: str, compiled: Compiled) -> str | None:
    """A paid or affiliate relationship the reader cannot see."""
    rel = set(link.attrs.get("rel", "").lower().split())
    paid = sorted(rel & compiled.rel)
    if paid:
        return f'the link is marked rel="{paid[0]}"'
    if compiled.affiliate is not None and (hit := compiled.affiliate.search_text(href)):
        return f"its address carries '{hit.group(0)}'"
    return None


def _allowed(href: str, domains: tuple[str, ...]) -> bool:
    host = (urlsplit(href).hostname or "").lower()
    return bool(host) and any(host == d or host.endswith("." + d) for d in domains)
