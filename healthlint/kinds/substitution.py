"""``substitution``: a term has a preferred wording, offered as the fix.

``swap`` maps each term (a phrase or a regex, matched case-insensitively as whole
words) to its replacement, written either as text or as ``{to: ..., safe: true}``.
A *safe* replacement reads correctly wherever its term matched, so a ``fix``
command may apply it without asking; the others need a writer's judgement.

All the terms of a rule are joined into one regex of named groups, longest term
first, so a document is scanned once per rule and ``lastgroup`` maps a hit back
to its entry. Each match carries the replacement as its ``suggestion`` and as the
message fields ``{replacement}`` and ``{safe}`` (``"true"`` or ``"false"``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from healthlint.document import Document, Span
from healthlint.kinds._common import (
    Exceptions,
    OptionError,
    SentenceIndex,
    TextPattern,
    as_bool,
    folded_twin,
    matches_in_scope,
    read_exceptions,
    string_list,
)
from healthlint.lazyregex import lazy
from healthlint.rule import Match, Rule

KEYS = frozenset({"swap", "allow", "allow_explained", "exceptions"})

# Hyphens count as part of a word, so "non-addict" or "drug-addict" do not match
# a bare "addict"; list such compounds as terms of their own.
_WORD_BEFORE = r"(?<![\w-])"
_WORD_AFTER = r"(?![\w-])"
_ENTRY_KEYS = frozenset({"to", "safe"})


@dataclass(frozen=True)
class Entry:
    """One term and what to write instead."""

    term: str
    replacement: str
    safe: bool


@dataclass(frozen=True)
class Compiled:
    """The joined pattern, its groups' entries, and what to leave alone."""

    pattern: TextPattern | None
    entries: Mapping[str, Entry]
    allow: frozenset[str]
    allow_explained: bool
    exceptions: Exceptions


def compile_options(options: Mapping[str, object]) -> Compiled:
    """Validate ``swap`` and join its terms, minus the ``allow``-ed ones."""
    swap = options.get("swap")
    if not isinstance(swap, Mapping) or not swap:
        raise OptionError("swap", "'swap' must be a non-empty mapping of term: word")
    allow = frozenset(
        t.casefold() for t in string_list(options, "allow", required=False)
    )
    entries = [_entry(term, value) for term, value in swap.items()]
    kept = [e for e in entries if e.term.casefold() not in allow]
    kept.sort(key=lambda e: len(e.term), reverse=True)
    groups = {f"t{i}": entry for i, entry in enumerate(kept)}
    return Compiled(
        pattern=_join(groups),
        entries=groups,
        allow=allow,
        allow_explained=as_bool(options, "allow_explained", default=False),
        exceptions=read_exceptions(options),
    )


def _entry(term: object, value: object) -> Entry:
    if not isinstance(term, str) or not term.strip():
        raise OptionError("swap", f"term {term!r} in 'swap' must be text")
    _check_term(term)
    if isinstance(value, str) and value.strip():
        return Entry(term, value.strip(), safe=False)
    if isinstance(value, Mapping):
        return _entry_from_mapping(term, value)
    raise OptionError(
        "swap",
        f"'{term}' in 'swap' needs a replacement: text or {{to: ..., safe: ...}}",
    )


def _entry_from_mapping(term: str, value: Mapping[object, object]) -> Entry:
    unknown = sorted(str(k) for k in value if k not in _ENTRY_KEYS)
    if unknown:
        raise OptionError(
            "swap", f"unknown key '{unknown[0]}' for '{term}' in 'swap' (use to, safe)"
        )
    replacement, safe = value.get("to"), value.get("safe", False)
    if not isinstance(replacement, str) or not replacement.strip():
        raise OptionError("swap", f"'to' for '{term}' in 'swap' must be text")
    if not isinstance(safe, bool):
        raise OptionError(
            "swap", f"'safe' for '{term}' in 'swap' must be true or false"
        )
    return Entry(term, replacement.strip(), safe)


def _check_term(term: str) -> None:
    try:
        compiled = re.compile(term, re.IGNORECASE)
    except re.error as exc:
        raise OptionError("swap", f"bad regex {term!r} in 'swap': {exc}") from None
    if compiled.groupindex:
        raise OptionError("swap", f"term {term!r} in 'swap' must not name groups")
    if compiled.match("") is not None:
        raise OptionError("swap", f"term {term!r} in 'swap' matches empty text")


def _join(groups: Mapping[str, Entry]) -> TextPattern | None:
    """One regex for every term, longest first.

    Python's regex engine tries each alternative in turn, so terms that open with
    the same letter are grouped behind that letter, which is tested once: on a
    rule with eighty terms this makes a scan about ten times faster. Terms that
    do not open with a plain letter are tried first, whole.
    """
    if not groups:
        return None
    by_letter: dict[str, list[str]] = {}
    whole: list[str] = []
    for name, entry in groups.items():
        split = _split_first_letter(entry.term)
        if split is None:
            whole.append(f"(?P<{name}>{entry.term})")
        else:
            by_letter.setdefault(split[0], []).append(f"(?P<{name}>{split[1]})")
    branches = whole + [f"{k}(?:{'|'.join(v)})" for k, v in by_letter.items()]
    joined = f"{_WORD_BEFORE}(?:{'|'.join(branches)}){_WORD_AFTER}"
    # Group names are t0, t1, ...: already lower case, so folding keeps them.
    twin = folded_twin(joined)
    return TextPattern(joined, re.IGNORECASE, twin, needs_plain=not joined.isascii())


def _split_first_letter(term: str) -> tuple[str, str] | None:
    """``("a", "nalgesic")`` for "analgesic"; None when the split would change it."""
    if not term[:1].isalpha() or term[1:2] in ("?", "*", "+", "{"):
        return None
    if _has_top_level_bar(term):
        return None
    return term[0].lower(), term[1:]


def _has_top_level_bar(term: str) -> bool:
    """True when ``|`` splits the whole term ("a|b"), not only a group of it."""
    depth, in_class, escaped = 0, False, False
    for char in term:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return True
    return False


def check(rule: Rule, doc: Document) -> Iterator[Match]:
    """Yield each unexcused term with its replacement as the suggestion."""
    compiled = rule.compiled
    assert isinstance(compiled, Compiled)  # noqa: S101
    if compiled.pattern is None:
        return
    index = SentenceIndex(doc)
    for hit in matches_in_scope(compiled.pattern, doc, rule.scope):
        span = Span(hit.start(), hit.end())
        sentence = index.containing(span)
        if sentence is None or _excused(compiled, doc, sentence, span):
            continue
        entry = compiled.entries[str(hit.lastgroup)]
        found = doc.text[span.start : span.end]
        replacement = match_case(found, entry.replacement)
        fields = {"replacement": replacement, "safe": str(entry.safe).lower()}
        fix = replacement if entry.safe else None
        yield Match(rule, span, found, fields=fields, suggestion=replacement, fix=fix)


def _excused(compiled: Compiled, doc: Document, sentence: Span, span: Span) -> bool:
    text = doc.text
    if text[span.start : span.end].casefold() in compiled.allow:
        return True
    if compiled.allow_explained and is_explained(text, span):
        return True
    return compiled.exceptions.excuse(doc, sentence, span)


_GLOSS_AFTER = lazy(r"\s?\([^()]{2,80}\)")


def is_explained(text: str, span: Span) -> bool:
    """True when the term is glossed in brackets: "dyspnoea (breathlessness)".

    A term in brackets after its plain wording, "breathlessness (dyspnoea)", is
    explained too: the reader met the plain word first.
    """
    if _GLOSS_AFTER.match(text, span.end):
        return True
    before = text[max(0, span.start - 1) : span.start]
    return before == "(" and text[span.end : span.end + 1] == ")"


def match_case(found: str, replacement: str) -> str:
    """Capitalise the replacement when the writer's term opened with a capital."""
    if found[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
