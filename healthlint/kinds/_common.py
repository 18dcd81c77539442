"""Helpers every kind uses: option reading, pattern compiling, scopes, exceptions."""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from healthlint import context, language, precompiled, prefilter, topic
from healthlint.doctype import OWN_VOICE_TYPES
from healthlint.document import BlockKind, Document, Span
from healthlint.furniture import covers
from healthlint.rule import Scope
from healthlint.twins import twin_source


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


class TextPattern:
    """A rule's joined pattern, matched against a document the fastest safe way.

    Case-insensitive matching in Python's ``re`` cannot use its first-character
    fast path, so where it is equivalent the pattern is lower-cased and run on
    the document's lower-cased text, which is about three times faster. Match
    positions are the same in both texts; take matched text from ``doc.text``.
    The exact pattern is compiled only if something needs it.

    A twin whose pattern holds non-ASCII caseless characters (’, –) is used
    only on text free of the letters ``re`` folds beyond ``str.lower`` (the
    long s, the dotless i), where it matches exactly what the pattern does.
    The run pattern's required literals are registered with the prefilter,
    which skips the stretches of a document where it cannot match.
    """

    def __init__(
        self,
        source: str,
        flags: int,
        folded: re.Pattern[str] | None = None,
        *,
        needs_plain: bool = False,
    ) -> None:
        self.source = source
        self.flags = flags
        self.twin_source = None if folded is None else folded.pattern
        self.needs_plain = needs_plain
        self._folded = folded
        self._exact = None if folded is not None else re.compile(source, flags)
        run = (folded.pattern, 0) if folded is not None else (source, flags)
        self.pid = prefilter.REGISTRY.register(*run)

    def __getstate__(self) -> dict[str, object]:
        """Sources, not compiled regexes: a pattern loaded back compiles on use."""
        requirement = None if self.pid is None else prefilter.REGISTRY.get(self.pid)
        return {
            "source": self.source,
            "flags": self.flags,
            "twin_source": self.twin_source,
            "needs_plain": self.needs_plain,
            "requirement": requirement,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore a pattern saved by ``__getstate__``; nothing is compiled yet."""
        self.source = state["source"]
        self.flags = state["flags"]
        self.twin_source = state["twin_source"]
        self.needs_plain = state["needs_plain"]
        self._folded = None
        self._exact = None
        requirement = state["requirement"]
        self.pid = None if requirement is None else prefilter.REGISTRY.add(requirement)

    @property
    def exact(self) -> re.Pattern[str]:
        """The pattern as written, with its flags."""
        if self._exact is None:
            self._exact = precompiled.compile(self.source, self.flags)
        return self._exact

    @property
    def folded(self) -> re.Pattern[str] | None:
        """The lower-cased twin, run on lower-cased text; None when there is none."""
        if self._folded is None and self.twin_source is not None:
            self._folded = precompiled.compile(self.twin_source)
        return self._folded

    @property
    def run_source(self) -> tuple[str, int]:
        """The source and flags of the pattern a lint runs (the twin if any)."""
        if self.twin_source is not None:
            return self.twin_source, 0
        return self.source, self.flags

    def warm(self) -> None:
        """Compile the patterns a lint runs (before worker processes fork)."""
        if self.twin_source is not None:
            self.folded  # noqa: B018 (compiled on first use)
        else:
            self.exact  # noqa: B018

    def _pattern(self, twin: bool) -> re.Pattern[str]:
        folded = self.folded if twin else None
        return folded if folded is not None else self.exact

    def finditer(
        self, doc: Document, start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        """Matches in ``doc.text[start:end]``, positions valid in ``doc.text``."""
        twin, text, hits = self._plan(doc)
        end = len(text) if end is None else end
        if hits is None:
            return self._pattern(twin).finditer(text, start, end)
        return hits.finditer(lambda: self._pattern(twin), text, start, end)

    def search(
        self, doc: Document, start: int = 0, end: int | None = None
    ) -> re.Match[str] | None:
        """The first match in ``doc.text[start:end]``, or None."""
        twin, text, hits = self._plan(doc)
        end = len(text) if end is None else end
        if hits is not None:  # compiled and run only where a literal occurs
            return hits.search(lambda: self._pattern(twin), text, start, end)
        return self._pattern(twin).search(text, start, end)

    def search_text(self, text: str) -> re.Match[str] | None:
        """Search any string (a URL, a heading), with the exact pattern."""
        return self.exact.search(text)

    def _plan(self, doc: Document) -> tuple[bool, str, prefilter.Hits | None]:
        """Whether to run the twin, the text to run on, and where it can match."""
        folded = doc.folded
        if folded is None:
            return False, doc.text, None
        if self.twin_source is None:
            return False, doc.text, self._hits(doc, folded)
        if self.needs_plain and not prefilter.plain(doc.__dict__, folded):
            return False, doc.text, None  # the twin was analysed, not this
        return True, folded, self._hits(doc, folded)

    def _hits(self, doc: Document, folded: str) -> prefilter.Hits | None:
        if self.pid is None:
            return None
        return prefilter.hits(doc.__dict__, folded, self.pid)


def text_patterns(compiled: object) -> list[TextPattern]:
    """The TextPatterns a rule's compiled options hold."""
    if not dataclasses.is_dataclass(compiled):
        return []
    values = (getattr(compiled, field.name) for field in dataclasses.fields(compiled))
    return [value for value in values if isinstance(value, TextPattern)]


def warm_patterns(compiled: object) -> None:
    """Compile now every TextPattern a rule's compiled options hold."""
    for pattern in text_patterns(compiled):
        pattern.warm()


def compile_patterns(
    options: Mapping[str, object],
    key: str,
    *,
    required: bool = True,
    ignore_case: bool = True,
) -> TextPattern | None:
    """Join a rule's patterns into one regex, so a document is scanned once per rule."""
    patterns = string_list(options, key, required=required)
    if not patterns:
        return None
    joined = "|".join(f"(?:{p})" for p in patterns)
    flags = re.IGNORECASE if ignore_case else 0
    try:
        twin = folded_twin(joined) if ignore_case else None
        return TextPattern(joined, flags, twin, needs_plain=not joined.isascii())
    except re.error as exc:
        _raise_for_bad_pattern(patterns, key)
        # Each compiles alone but not joined: a group name used twice, a global
        # flag such as (?i) that is no longer at the start, a stray ")".
        raise OptionError(
            key, f"the patterns in '{key}' do not compile together: {exc}"
        ) from None


def _raise_for_bad_pattern(patterns: tuple[str, ...], key: str) -> None:
    """Name the one pattern that does not compile (checked only after a failure)."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise OptionError(key, f"bad regex {pattern!r} in '{key}': {exc}") from None


def folded_twin(joined: str) -> re.Pattern[str] | None:
    """The lower-cased, case-sensitive twin of a pattern, where equivalent.

    A pattern with non-ASCII characters gets one only when each of them is
    caseless (’ – « »), and only while the prefilter is on; the twin is then
    used on plain text only (see ``TextPattern``).
    """
    source = twin_source(joined)
    return None if source is None else re.compile(source)


# Context tests that read the match in its sentence, by the name a rule uses.
SpanTest = Callable[[str, Span, Span], bool]
_SPAN_TESTS: dict[str, SpanTest] = {
    "negated": language.is_negated,
    "hedged": language.is_hedged,
    "names": context.is_name,
    "disputed": context.is_disputed,
    "observed": context.is_observed,
    "aspiration": context.is_aspiration,
}
_OTHER_FLAGS = ("quoted", "questions", "mentions", "off_topic")
_EXCEPTION_FLAGS = (*_SPAN_TESTS, *_OTHER_FLAGS)


@dataclass(frozen=True)
class Exceptions:
    """Contexts in which a pattern's hit is not the writer's own claim.

    ``hedges`` replaces the default hedge words for a rule that needs its own:
    "can cure" is a claim, "may cure" is not.
    """

    flags: frozenset[str] = frozenset()
    hedges: frozenset[str] | None = None
    phrases: re.Pattern[str] | None = None

    def excuse(self, doc: Document, sentence: Span, span: Span) -> bool:
        """True when the hit at ``span`` should not be reported.

        Quotations excuse a claim only where they are someone else's words: in a
        press release or on a sales page they are the publisher's own.
        """
        text = doc.text
        flags = self.flags
        # Context lies around the match: the span tests read the sentence no
        # further than this either side (a run-on "sentence" can be a file).
        near = Span(
            max(sentence.start, span.start - language.CONTEXT_CHARS),
            min(sentence.end, span.end + language.CONTEXT_CHARS),
        )
        return (
            ("off_topic" in flags and not _about_health(doc))
            or ("questions" in flags and language.is_question(text, sentence))
            or (
                "quoted" in flags
                and not speaks_for_itself(doc)
                and language.is_quoted(text, sentence, span)
            )
            or ("mentions" in flags and language.is_mention(text, span))
            or (
                self.hedges is not None
                and language.is_hedged(text, sentence, span, self.hedges)
            )
            or any(_SPAN_TESTS[name](text, near, span) for name in self._tests)
            or self._in_phrase(text, sentence, span)
        )

    @property
    def _tests(self) -> tuple[str, ...]:
        return tuple(name for name in _SPAN_TESTS if name in self.flags)

    def _in_phrase(self, text: str, sentence: Span, span: Span) -> bool:
        if self.phrases is None:
            return False
        # A phrase holding the match lies around it: read only that far, not
        # the whole sentence for every match (a run-on sentence is a file).
        start = max(sentence.start, span.start - language.CONTEXT_CHARS)
        end = min(sentence.end, span.end + language.CONTEXT_CHARS)
        return any(
            m.start() <= span.start and span.end <= m.end()
            for m in self.phrases.finditer(text, start, end)
        )


def topics(doc: Document) -> frozenset[str]:
    """The document's topics, as the engine found them (or worked out here)."""
    found = doc.meta.get("topics")
    return found if isinstance(found, frozenset) else topic.topics_of(doc)


def _about_health(doc: Document) -> bool:
    return "health" in topics(doc)


def speaks_for_itself(doc: Document) -> bool:
    """True when the document's quotations are its publisher's own claims."""
    return doc.meta.get("type") in OWN_VOICE_TYPES


def read_exceptions(options: Mapping[str, object]) -> Exceptions:
    """Validate the ``exceptions`` mapping of a rule."""
    raw = options.get("exceptions", {})
    if not isinstance(raw, Mapping):
        raise OptionError("exceptions", "'exceptions' must be a mapping")
    known = (*_EXCEPTION_FLAGS, "hedges", "phrases")
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise OptionError(
            "exceptions",
            f"unknown exception '{unknown[0]}' (use {', '.join(known)})",
        )
    flags = set()
    for name in _EXCEPTION_FLAGS:
        value = raw.get(name, False)
        if not isinstance(value, bool):
            raise OptionError("exceptions", f"exception '{name}' must be true or false")
        if value:
            flags.add(name)
    hedges = string_list(raw, "hedges", required=False)
    phrases = string_list(raw, "phrases", required=False)
    return Exceptions(
        frozenset(flags),
        frozenset(h.lower() for h in hedges) if hedges else None,
        language.phrase_pattern(phrases),
    )


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

    def starting(self, span: Span) -> Span | None:
        """The sentence in which ``span`` starts (it may run on past its end)."""
        index = bisect.bisect_right(self.starts, span.start) - 1
        if index < 0:
            return None
        sentence = self.sentences[index]
        return sentence if sentence.start <= span.start < sentence.end else None

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
    pattern: TextPattern | re.Pattern[str], doc: Document, scope: Scope
) -> Iterator[re.Match[str]]:
    """Every non-empty hit inside the rule's scope and outside page furniture.

    Read the hit's text from doc.text. Furniture (a release's "About" section,
    legal small print, newsletter boxes) is not the writer's prose, so no rule
    fires there; patterns that *support* a finding search the whole text.
    """
    furniture = furniture_of(doc)
    for area in in_scope(doc, scope):
        if isinstance(pattern, TextPattern):
            hits = pattern.finditer(doc, area.start, area.end)
        else:
            hits = pattern.finditer(doc.text, area.start, area.end)
        for match in hits:
            if match.end() > match.start() and not (
                furniture and covers(furniture, Span(match.start(), match.end()))
            ):
                yield match


def furniture_of(doc: Document) -> tuple[Span, ...]:
    """The furniture spans the engine found for this document (none if unset)."""
    spans = doc.meta.get("furniture", ())
    return spans if isinstance(spans, tuple) else ()


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
