"""Helpers every kind uses: option reading, pattern compiling, scopes, exceptions."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from healthlint import language
from healthlint.document import BlockKind, Document, Span
from healthlint.rule import Scope


class OptionError(ValueError):
    """A rule option is missing or malformed; ``key`` names it for the error line."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def string_list(
    options: Mapping[str, object], key: str, *, required: bool
) -> tuple[str, ...]:
    """A list of strings under ``key`` (or an empty tuple when optional and absent)."""
    value = options.get(key)
    if value is None:
        if required:
            raise OptionError(key, f"missing required key '{key}'")
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise OptionError(key, f"'{key}' must be a list of strings")
    if required and not value:
        raise OptionError(key, f"'{key}' must not be empty")
    return tuple(value)


def compile_patterns(
    options: Mapping[str, object],
    key: str,
    *,
    required: bool = True,
    ignore_case: bool = True,
) -> re.Pattern[str] | None:
    """Join a rule's patterns into one regex, so a document is scanned once per rule."""
    patterns = string_list(options, key, required=required)
    if not patterns:
        return None
    flags = re.IGNORECASE if ignore_case else 0
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), flags)
    except re.error:
        _raise_for_bad_pattern(patterns, key)
        raise  # a pattern that only fails when joined, such as an unbalanced ")"


def _raise_for_bad_pattern(patterns: tuple[str, ...], key: str) -> None:
    """Name the one pattern that does not compile (checked only after a failure)."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise OptionError(key, f"bad regex {pattern!r} in '{key}': {exc}") from None


@dataclass(frozen=True)
class Exceptions:
    """Contexts in which a pattern's hit is not the writer's own claim."""

    negated: bool = False
    quoted: bool = False
    questions: bool = False
    hedged: bool = False
    phrases: re.Pattern[str] | None = None

    def excuse(self, doc: Document, sentence: Span, span: Span) -> bool:
        """True when the hit at ``span`` should not be reported."""
        text = doc.text
        return (
            (self.questions and language.is_question(text, sentence))
            or (self.quoted and language.is_quoted(text, sentence, span))
            or (self.negated and language.is_negated(text, sentence, span))
            or (self.hedged and language.is_hedged(text, sentence, span))
            or self._in_phrase(text, sentence, span)
        )

    def _in_phrase(self, text: str, sentence: Span, span: Span) -> bool:
        if self.phrases is None:
            return False
        return any(
            m.start() <= span.start and span.end <= m.end()
            for m in self.phrases.finditer(text, sentence.start, sentence.end)
        )


_EXCEPTION_FLAGS = ("negated", "quoted", "questions", "hedged")


def read_exceptions(options: Mapping[str, object]) -> Exceptions:
    """Validate the ``exceptions`` mapping of a rule."""
    raw = options.get("exceptions", {})
    if not isinstance(raw, Mapping):
        raise OptionError("exceptions", "'exceptions' must be a mapping")
    unknown = sorted(set(raw) - {*_EXCEPTION_FLAGS, "phrases"})
    if unknown:
        allowed = ", ".join((*_EXCEPTION_FLAGS, "phrases"))
        raise OptionError(
            "exceptions", f"unknown exception '{unknown[0]}' (use {allowed})"
        )
    flags = {}
    for name in _EXCEPTION_FLAGS:
        value = raw.get(name, False)
        if not isinstance(value, bool):
            raise OptionError("exceptions", f"exception '{name}' must be true or false")
        flags[name] = value
    phrases = string_list(raw, "phrases", required=False)
    return Exceptions(**flags, phrases=language.phrase_pattern(phrases))


class SentenceIndex:
    """Finds the sentence holding an offset in O(log n)."""

    def __init__(self, doc: Document) -> None:
        self.sentences = doc.sentences
        self.starts = [s.start for s in doc.sentences]

    def containing(self, span: Span) -> Span | None:
        """The sentence that holds all of ``span``, or None if it crosses one."""
        index = bisect.bisect_right(self.starts, span.start) - 1
        if index < 0:
            return None
        sentence = self.sentences[index]
        return sentence if sentence.contains(span) else None

    def window(self, sentence: Span, before: int, after: int) -> Span:
        """From ``before`` sentences ahead of ``sentence`` to ``after`` past it."""
        position = bisect.bisect_left(self.starts, sentence.start)
        first = self.sentences[max(0, position - before)]
        last = self.sentences[min(len(self.sentences) - 1, position + after)]
        return Span(first.start, last.end)


_SCOPE_BLOCKS = {
    Scope.HEADING: (BlockKind.HEADING,),
    Scope.LINK: (BlockKind.LINK,),
    Scope.PARAGRAPH: (
        BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.QUOTE, BlockKind.TABLE_CELL,
    ),
}  # fmt: skip


def in_scope(doc: Document, scope: Scope) -> Iterable[Span]:
    """The spans a rule with ``scope`` looks at; None-like scopes cover all prose."""
    kinds = _SCOPE_BLOCKS.get(scope)
    if kinds is None:
        return (Span(0, len(doc.text)),)
    return tuple(b.span for b in doc.blocks_of(*kinds))


def matches_in_scope(
    pattern: re.Pattern[str], doc: Document, scope: Scope
) -> Iterator[re.Match[str]]:
    """Every non-empty hit of ``pattern`` inside the rule's scope."""
    for area in in_scope(doc, scope):
        for match in pattern.finditer(doc.text, area.start, area.end):
            if match.end() > match.start():
                yield match


def as_bool(options: Mapping[str, object], key: str, default: bool) -> bool:
    """A boolean option, validated."""
    value = options.get(key, default)
    if not isinstance(value, bool):
        raise OptionError(key, f"'{key}' must be true or false")
    return value


def as_int(
    options: Mapping[str, object], key: str, default: int, minimum: int = 0
) -> int:
    """A whole-number option at least ``minimum``, validated."""
    value = options.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise OptionError(key, f"'{key}' must be a whole number >= {minimum}")
    return value
