"""A literal prefilter: run a rule's regex only where it can match.

Most of a lint's time went into Python's ``re`` scanning whole documents for
patterns that are not there. Almost every rule pattern needs some literal text
in each of its matches ("studies show" needs "studies" or "study"), so each
pattern is analysed once, at load time, for a set of *required literals*: text
of which every match holds at least one. A document is then scanned once for
every literal of every pattern (one combined regex), and a pattern is run only
from where its literals occur, and not at all where none does. The pattern run
is the very same compiled regex at the very same ``pos``/``endpos`` limits, so
what it finds (spans, groups, messages) is byte-identical to a full scan; the
prefilter only skips stretches in which no match can start.

Literals are compared in a *canonical fold* of the text: lower-cased, and the
few characters Python's ``re`` treats as case variants of another letter (the
long s, the dotless i, the micro sign...) mapped to one representative, so one
scan serves case-sensitive, case-insensitive and lower-cased-twin patterns.

The literal scan runs on Hyperscan where the ``fast`` extra installed it
(``hyperscan_scan.py``), else on the combined regex; both give the very same
occurrences. ``HEALTHLINT_PREFILTER`` in the environment chooses: ``regex``
forces the pure-Python scan, ``off`` (or ``0``, ``no``, ``false``) turns the
prefilter off so that every pattern scans as before (the reference path), and
anything else, or nothing, uses Hyperscan when it imports. Tests compare the
paths on the same inputs.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from re import _casefix, _parser  # type: ignore[attr-defined]
from re import _constants as _sre  # type: ignore[attr-defined]
from typing import Any

from healthlint import hyperscan_scan, precompiled
from healthlint.lazyregex import lazy

ENV_SWITCH = "HEALTHLINT_PREFILTER"
_OFF = frozenset({"off", "0", "no", "false"})
REGEX = "regex"  # the switch's value that forces the pure-Python scan
_CHOICE = os.environ.get(ENV_SWITCH, "").strip().lower()
enabled = _CHOICE not in _OFF
use_hyperscan = enabled and _CHOICE != REGEX

# Bounds that keep the analysis cheap and the literal sets selective.
MAX_LANGUAGE = 64  # strings a finite sub-pattern may expand to
MAX_CLASS = 8  # characters a [class] may hold to count as literal text
MAX_REPEAT_EXPAND = 3  # largest {m,n} upper bound expanded as literal text
MIN_LITERAL = 3  # shorter literals occur everywhere and filter nothing
MAX_LITERAL = 8  # longer ones are cut: fewer distinct literals, a smaller scan
UNBOUNDED = 1 << 16  # a width at or past this is treated as unlimited


def _canonical_table() -> dict[int, int]:
    """Each character ``re`` folds with another letter, mapped to one of them.

    Python's ``re`` with IGNORECASE matches a character with the others of its
    lower-case form and, beyond that, with the few extra case variants listed
    in ``re._casefix`` (and ``str.lower`` writes a final sigma for some Σ).
    Joining those groups and mapping each member to the smallest gives a fold in
    which every pair ``re`` may match reads the same.
    """
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for key, variants in _casefix._EXTRA_CASES.items():
        for other in variants:
            a, b = root(key), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    members = set(parent) | set(parent.values())
    return {m: root(m) for m in members if root(m) != m}


CANONICAL = _canonical_table()


def fold(text: str) -> str:
    """The canonical fold of already lower-cased text (same length)."""
    return text if text.isascii() else text.translate(CANONICAL)


def _fold_char(code: int) -> str | None:
    """A pattern character in the canonical fold, or None when it cannot be."""
    lowered = chr(code).lower()
    if len(lowered) != 1:
        return None
    return chr(CANONICAL.get(ord(lowered), ord(lowered)))


Node = tuple[Any, Any]

# Characters ``re`` folds with a letter that ``str.lower`` does not give.
_EXTRA_CHARS = frozenset(
    chr(c) for key, variants in _casefix._EXTRA_CASES.items() for c in (key, *variants)
)
MAX_CASELESS_RANGE = 4096  # a wider non-ASCII [range] is not checked: no twin


def caseless(char: str) -> bool:
    """True when ``re`` with IGNORECASE matches ``char`` only with itself.

    Such a character (’ – « » …) reads the same in the lower-cased twin of a
    pattern; a test checks the claim for every code point.
    """
    return (
        char.lower() == char
        and char.upper() == char
        and char not in _EXTRA_CHARS
        and char.casefold() == char
    )


def caseless_pattern(source: str) -> bool:
    """True when every non-ASCII character the pattern names is caseless."""
    try:
        parsed = _parser.parse(source, 0)
    except (re.error, RecursionError, OverflowError):
        return False
    return _caseless_nodes(list(parsed))


def _caseless_nodes(nodes: list[Node]) -> bool:
    for op, av in nodes:
        if op in (_sre.LITERAL, _sre.NOT_LITERAL):
            if av >= 0x80 and not caseless(chr(av)):
                return False
        elif op is _sre.RANGE:
            low, high = av
            if high >= 0x80 and (
                high - low > MAX_CASELESS_RANGE
                or not all(caseless(chr(c)) for c in range(max(low, 0x80), high + 1))
            ):
                return False
        elif not all(_caseless_nodes(list(sub)) for sub in _children((op, av))):
            return False
    return True


def _children(node: Node) -> list[Any]:  # noqa: PLR0911 (one case per node type)
    """The sub-sequences under a node, for walks over a whole parsed pattern."""
    op, av = node
    if op is _sre.IN:
        return [av]
    if op is _sre.SUBPATTERN:
        return [av[-1]]
    if op in (_sre.ATOMIC_GROUP,):
        return [av]
    if op is _sre.BRANCH:
        return list(av[1])
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        return [av[2]]
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        return [av[1]]
    if op is _sre.GROUPREF_EXISTS:
        return [branch for branch in av[1:] if branch is not None]
    return []


_PLAIN_KEY = "_prefilter_plain"
# The non-ASCII ones: ASCII letters fold alike in the twin and in ``re``.
_SPECIAL = lazy(
    "[" + "".join(re.escape(c) for c in sorted(_EXTRA_CHARS) if not c.isascii()) + "]"
)


def plain(doc_state: dict[str, Any], folded: str) -> bool:
    """True when the text holds none of the letters ``re`` folds specially.

    On such text a caseless twin matches exactly what its pattern does, so it
    may be used; kept per document in its ``__dict__``.
    """
    found = doc_state.get(_PLAIN_KEY)
    if found is None:
        found = folded.isascii() or _SPECIAL.search(folded) is None
        doc_state[_PLAIN_KEY] = found
    return bool(found)


Span = tuple[int, int | None]  # least and greatest offset; None: unlimited
Found = dict[str, Span]  # literal -> where it starts, from the start of a match


@dataclass(frozen=True)
class Requirement:
    """What every match of a pattern holds, where, and how long a match can be.

    ``offsets``: every match holds at least one of these literals (canonical
    fold), starting that many characters after the match's start (least and
    greatest; None when unlimited). ``width``: the longest match, or None.
    """

    offsets: tuple[tuple[str, int, int | None], ...]
    width: int | None

    @property
    def literals(self) -> frozenset[str]:
        """The literals alone."""
        return frozenset(lit for lit, _low, _high in self.offsets)

    @property
    def anchored(self) -> bool:
        """True when every literal lies a bounded distance from a match's start."""
        return all(high is not None for _lit, _low, high in self.offsets)


def analyse(source: str, flags: int = 0) -> Requirement | None:
    """The pattern's required literals, or None when it has none worth using."""
    try:
        parsed = _parser.parse(source, flags)
        found = _Analysis(parsed.state).required(list(parsed))
    except (re.error, RecursionError, OverflowError):
        return None
    if not found or min(len(lit) for lit in found) < MIN_LITERAL:
        return None
    high = parsed.getwidth()[1]
    return Requirement(_minimal(found), high if high < UNBOUNDED else None)


def _minimal(found: Found) -> tuple[tuple[str, int, int | None], ...]:
    """Literals cut to MAX_LITERAL, each dropped that holds another.

    A match that holds a literal holds its beginning too (same offset), and
    wherever a literal occurs any literal inside it does, a little later.
    """
    cut: Found = {}
    for lit, offset in found.items():
        _merge(cut, lit[:MAX_LITERAL], offset)
    out: Found = {}
    for lit, (low, high) in cut.items():
        inner = [o for o in cut if o != lit and o in lit]
        if inner:
            at = lit.index(inner[0])
            _merge(out, inner[0], (low + at, None if high is None else high + at))
        else:
            _merge(out, lit, (low, high))
    return tuple(sorted((lit, low, high) for lit, (low, high) in out.items()))


def _merge(found: Found, lit: str, offset: Span) -> None:
    """Record ``lit`` at ``offset``, widening the span it already has."""
    old = found.get(lit)
    if old is None:
        found[lit] = offset
        return
    high = None if old[1] is None or offset[1] is None else max(old[1], offset[1])
    found[lit] = (min(old[0], offset[0]), high)


def _shift(found: Found, by: Span) -> Found:
    return {
        lit: (low + by[0], None if high is None or by[1] is None else high + by[1])
        for lit, (low, high) in found.items()
    }


def _add(a: Span, b: Span) -> Span:
    return (a[0] + b[0], None if a[1] is None or b[1] is None else a[1] + b[1])


class _Analysis:
    """Required literals with their offsets, over one parsed pattern."""

    def __init__(self, state: Any) -> None:  # noqa: ANN401 (re's parser state)
        self.state = state

    def width(self, node: Node) -> Span:
        low, high = _parser.SubPattern(self.state, [node]).getwidth()
        return (low, high if high < UNBOUNDED else None)

    def required(self, nodes: list[Node]) -> Found | None:
        """Literals of which every match of the sequence holds one, and where."""
        candidates: list[Found] = []
        offset: Span = (0, 0)
        run: set[str] = {""}
        run_at: Span = (0, 0)
        for node in nodes:
            part = _language(node)
            width = self.width(node)
            if part is not None:
                joined = {a + b for a in run for b in part}
                if len(joined) <= MAX_LANGUAGE:
                    run = joined
                    offset = _add(offset, width)
                    continue
            _add_run(candidates, run, run_at)
            if part is not None:
                run, run_at = part, offset
            else:
                inner = self.required_in(node)
                if inner:
                    candidates.append(_shift(inner, offset))
                run, run_at = {""}, _add(offset, width)
            offset = _add(offset, width)
        _add_run(candidates, run, run_at)
        return max(candidates, key=_selectivity, default=None)

    def required_in(self, node: Node) -> Found | None:
        """Required literals of one node that is not a small finite language."""
        op, av = node
        if op is _sre.SUBPATTERN:
            return self.required(list(av[-1]))
        if op is _sre.ATOMIC_GROUP:
            return self.required(list(av))
        if op is _sre.BRANCH:
            out: Found = {}
            for branch in av[1]:
                part = self.required(list(branch))
                if not part:
                    return None
                for lit, offset in part.items():
                    _merge(out, lit, offset)
            return out
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0]:
            return self.required(list(av[2]))  # in its first repetition
        return None


def _add_run(candidates: list[Found], run: set[str], at: Span) -> None:
    if "" not in run:
        candidates.append(dict.fromkeys(run, at))


def _selectivity(found: Found) -> tuple[bool, int, int]:
    """Known offsets first, then a longer shortest literal, then fewer literals.

    Known offsets let the pattern be tried at a few places only, which
    matters more than how often a literal occurs.
    """
    shortest = min(MAX_LITERAL, *(len(lit) for lit in found))
    bounded = all(high is not None for _low, high in found.values())
    return (bounded and shortest >= MIN_LITERAL, shortest, -len(found))


def _language(node: Node) -> set[str] | None:  # noqa: PLR0911 (per node type)
    """Every string ``node`` can match, when that is a small finite set."""
    op, av = node
    if op is _sre.LITERAL:
        char = _fold_char(av)
        return None if char is None else {char}
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return {""}  # zero width: consumes nothing
    if op is _sre.IN:
        return _class_language(av)
    if op is _sre.SUBPATTERN or op is _sre.ATOMIC_GROUP:
        return _sequence_language(list(av[-1] if op is _sre.SUBPATTERN else av))
    if op is _sre.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            part = _sequence_language(list(branch))
            if part is None:
                return None
            out |= part
        return out if len(out) <= MAX_LANGUAGE else None
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        return _repeat_language(av)
    return None


def _class_language(items: list[Node]) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            codes: range | tuple[int, ...] = (av,)
        elif op is _sre.RANGE and av[1] - av[0] < MAX_CLASS:
            codes = range(av[0], av[1] + 1)
        else:
            return None  # a negation, a category (\w), a wide range
        for code in codes:
            char = _fold_char(code)
            if char is None:
                return None
            chars.add(char)
    return chars if len(chars) <= MAX_CLASS else None


def _repeat_language(av: tuple[int, int, Any]) -> set[str] | None:
    low, high, body = av
    if high > MAX_REPEAT_EXPAND:
        return None
    inner = _sequence_language(list(body))
    if inner is None:
        return None
    out: set[str] = set()
    for count in range(low, high + 1):
        layer = {""}
        for _ in range(count):
            layer = {a + b for a in layer for b in inner}
            if len(layer) > MAX_LANGUAGE:
                return None
        out |= layer
    return out if len(out) <= MAX_LANGUAGE else None


def _sequence_language(nodes: list[Node]) -> set[str] | None:
    out = {""}
    for node in nodes:
        part = _language(node)
        if part is None:
            return None
        out = {a + b for a in out for b in part}
        if len(out) > MAX_LANGUAGE:
            return None
    return out


# What a pattern without usable literals is registered as: no literal to scan
# for, and ``hits`` gives None for it, so that it scans its text whole.
NOTHING = Requirement((), None)


class Registry:
    """Every analysed pattern's literals, joined into one scan when asked.

    Patterns register once, when a rule is compiled or a module defines one;
    the combined scan is rebuilt only when a pattern was added since it was last
    built. A module's pattern is analysed only when the scan is first built
    (``defer``): a run whose files all come from the results cache parses none.
    """

    def __init__(self, key: str = "_prefilter_scan") -> None:
        self.key = key  # where a document keeps its scan (see ``hits``)
        self.requirements: list[Requirement] = []
        self._pending: dict[int, Callable[[], tuple[str, int]]] = {}
        self._deferred: dict[int, tuple[str, int]] = {}  # analysed by now
        self._scanner: _Scanner | None = None

    def register(self, source: str, flags: int) -> int | None:
        """A pattern's id in the registry, or None when it has no literals."""
        requirement = analyse(source, flags)
        return None if requirement is None else self.add(requirement)

    def add(self, requirement: Requirement) -> int:
        """Register an analysed pattern (one loaded back from the rule cache)."""
        self.requirements.append(requirement)
        self._scanner = None
        return len(self.requirements) - 1

    def defer(self, key: Callable[[], tuple[str, int]]) -> int:
        """Register a pattern to be analysed when the scan is first built.

        ``key`` gives its source and flags then: working out which pattern a
        module runs (its twin or itself) is work too.
        """
        pid = self.add(NOTHING)
        self._pending[pid] = key
        return pid

    def deferred(self) -> dict[tuple[str, int], Requirement | None]:
        """Each deferred pattern's source and flags, with what it requires."""
        self._resolve()
        return {
            key: self.requirements[pid] if self.requirements[pid].offsets else None
            for pid, key in self._deferred.items()
        }

    def _resolve(self) -> None:
        """Analyse the deferred patterns (from the rule cache's analysis if known)."""
        if not self._pending:
            return
        for pid, make in self._pending.items():
            key = make()
            found = _ANALYSED[key] if key in _ANALYSED else analyse(*key)
            self.requirements[pid] = NOTHING if found is None else found
            self._deferred[pid] = key
        self._pending = {}

    def get(self, pid: int) -> Requirement:
        """What a registered pattern requires."""
        if pid in self._pending:
            self._resolve()
        return self.requirements[pid]

    @property
    def scanner(self) -> _Scanner:
        """The combined scan over every registered literal."""
        if self._scanner is None:
            self._resolve()
            self._scanner = _Scanner(self.requirements, fast=use_hyperscan)
        return self._scanner


# Deferred patterns' analysis read back from the rule cache, by source and flags.
_ANALYSED: dict[tuple[str, int], Requirement | None] = {}


def remember_analysis(known: dict[tuple[str, int], Requirement | None]) -> None:
    """Keep the analysis of deferred patterns read back from the cache."""
    _ANALYSED.update(known)


Occurrence = tuple[int, int, int, int | None]  # start, end, least/greatest offset


class _Scanner:
    """Finds every literal occurrence in a text, per pattern, in order.

    The regex path is one look-ahead regex that finds, at each position, the
    longest literal there: every literal that is a prefix of it occurs there
    too, and ``meaning`` expands it to all of them, shortest first. Literals
    starting elsewhere are found at their own positions (the regex tries
    every position). The Hyperscan path reports each literal occurrence by
    itself; sorted by position and then length, each expands to its own
    users only, which gives the same lists in the same order.
    """

    def __init__(self, requirements: list[Requirement], fast: bool = False) -> None:
        self.count = len(requirements)
        users: dict[str, list[tuple[int, int, int, int | None]]] = {}
        for pid, requirement in enumerate(requirements):
            for lit, low, high in requirement.offsets:
                users.setdefault(lit, []).append((pid, len(lit), low, high))
        self._users = users
        self._literals = sorted(users)
        # Hyperscan only sees the literals the regex path can report.
        counted = [lit for lit in self._literals if len(lit) >= MIN_LITERAL]
        self.fast = hyperscan_scan.build(counted) if fast else None
        # What each Hyperscan literal id means; the regex path needs none of it.
        self.own = [tuple(users[lit]) for lit in counted] if self.fast else []

    def warm(self) -> None:
        """Make now what the path in use needs (before worker processes fork)."""
        if self.fast is None:
            self.meaning  # noqa: B018 (made on first use)
            self.regex  # noqa: B018

    @cached_property
    def meaning(self) -> dict[str, tuple[tuple[int, int, int, int | None], ...]]:
        """Per literal the regex finds: (pattern, length, offsets) of its users.

        A literal found at a position means every literal that is a prefix of
        it is there too, so its users are theirs as well. The regex path alone
        needs this.
        """
        users = self._users
        return {
            lit: tuple(
                use
                for end in range(MIN_LITERAL, len(lit) + 1)
                for use in users.get(lit[:end], ())
            )
            for lit in self._literals
        }

    @cached_property
    def regex(self) -> re.Pattern[str] | None:
        """The combined regex, made and compiled when first asked for."""
        if not self._literals:
            return None
        return precompiled.compile(scan_source(self._literals), re.DOTALL)

    def scan(self, folded: str) -> list[list[Occurrence]]:
        """Per pattern id, each literal occurrence, in order of position."""
        if self.fast is not None:
            keys = self.fast.find(folded)
            if keys is not None:
                return self._expand(keys, self.fast.bits)
            # Hyperscan reported an error (a database made for another CPU, a
            # scratch space in use): the regex from now on, with the same result.
            self.fast = None
        found: list[list[Occurrence]] = [[] for _ in range(self.count)]
        regex = self.regex
        if regex is None:
            return found
        meaning = self.meaning
        for match in regex.finditer(folded):
            start = match.start()
            for pid, length, low, high in meaning[match.group(1)]:
                found[pid].append((start, start + length, low, high))
        return found

    def _expand(self, keys: list[int], bits: int) -> list[list[Occurrence]]:
        """Occurrences from Hyperscan's sorted ``start << bits | literal`` keys."""
        found: list[list[Occurrence]] = [[] for _ in range(self.count)]
        own = self.own
        mask = (1 << bits) - 1
        for key in keys:
            start = key >> bits
            for pid, length, low, high in own[key & mask]:
                found[pid].append((start, start + length, low, high))
        return found


def scan_source(literals: Iterable[str]) -> str:
    """The scan's regex for a set of literals (the same set, the same text).

    Building the trie of a few thousand literals takes longer than linting a
    short file, so the source kept with the cached rules is used when known.
    """
    key = tuple(sorted(set(literals)))
    known = _SOURCES.get(key)
    return known if known is not None else f"(?=({_trie_regex(list(key))}))"


# Scan sources read back from the rule cache, by their sorted literals.
_SOURCES: dict[tuple[str, ...], str] = {}


def remember_sources(known: dict[tuple[str, ...], str]) -> None:
    """Keep scan sources read back from the cache (see ``scan_source``)."""
    _SOURCES.update(known)


def _trie_regex(literals: list[str]) -> str:
    """An alternation of ``literals`` as a trie, longest alternative first."""
    trie: dict[str, Any] = {}
    for lit in literals:
        node = trie
        for char in lit:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_body(trie)


def _trie_body(node: dict[str, Any]) -> str:
    ends_here = "" in node
    branches = [
        re.escape(char) + _trie_body(child) for char, child in node.items() if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if ends_here else body


REGISTRY: Registry = Registry()
# Patterns counted on a text of their own, not on a document's prose: the
# document-type cues, on the prose's blocks one a line (``doctype``).
CUES: Registry = Registry("_prefilter_cue_scan")
_REGISTRIES = (REGISTRY, CUES)


class Hits:
    """Where one pattern's literals occur in one document's text.

    Two ways to run the pattern only where it can match. When every literal
    lies a bounded distance from a match's start (most rule patterns), a
    match can start only in a few places before each occurrence, and the
    pattern is tried there alone (``match`` at each place, in order): what
    ``search`` would find, without its scan of every position between. Else,
    ``search`` starts no earlier than the longest match before the first
    occurrence, and stops once no occurrence is left.
    """

    __slots__ = ("_starts_at", "anchored", "ends", "occurrences", "starts", "width")

    def __init__(
        self, occurrences: list[Occurrence], width: int | None, anchored: bool
    ) -> None:
        self.occurrences = occurrences
        self.starts = [o[0] for o in occurrences]
        self.ends = [o[1] for o in occurrences]
        self.width = width
        self.anchored = anchored
        self._starts_at: list[tuple[int, int, int]] | None = None

    def _first(self, pos: int, endpos: int) -> int | None:
        """Start of the first occurrence lying wholly in ``[pos, endpos)``."""
        starts, ends = self.starts, self.ends
        for index in range(bisect.bisect_left(starts, pos), len(starts)):
            if starts[index] >= endpos:
                return None
            if ends[index] <= endpos:
                return starts[index]
        return None

    def within(self, pos: int, endpos: int) -> bool:
        """True when an occurrence lies wholly in ``[pos, endpos)``.

        When none does, no match lies there (nor in the text of that stretch
        alone), and a search of it may be skipped.
        """
        return self._first(pos, endpos) is not None

    def _from(self, pos: int, endpos: int) -> int | None:
        """Where a search may start and find what one from ``pos`` would find.

        A match holds an occurrence wholly inside it, so it cannot start more
        than ``width`` before the first occurrence at or after ``pos``.
        """
        first = self._first(pos, endpos)
        if first is None:
            return None
        return pos if self.width is None else max(pos, first - self.width)

    @property
    def starts_at(self) -> list[tuple[int, int, int]]:
        """(first, last, occurrence end) of the places a match can start, sorted."""
        if self._starts_at is None:
            self._starts_at = sorted(
                (start - (high or 0), start - low, end)
                for start, end, low, high in self.occurrences
            )
        return self._starts_at

    def search(
        self,
        pattern: Callable[[], re.Pattern[str]],
        text: str,
        pos: int,
        endpos: int,
    ) -> re.Match[str] | None:
        """What ``pattern().search(text, pos, endpos)`` returns."""
        if self.anchored:
            return next(self._anchored(pattern, text, pos, endpos), None)
        start = self._from(pos, endpos)
        return None if start is None else pattern().search(text, start, endpos)

    def finditer(
        self,
        pattern: Callable[[], re.Pattern[str]],
        text: str,
        pos: int,
        endpos: int,
    ) -> Iterator[re.Match[str]]:
        """What ``pattern().finditer(text, pos, endpos)`` yields.

        Every match holds a literal, so none is empty and each search goes on
        from the end of the last match, as ``finditer`` does. The pattern is
        asked for (and so compiled) only where a literal occurs.
        """
        if self.anchored:
            yield from self._anchored(pattern, text, pos, endpos)
            return
        while True:
            start = self._from(pos, endpos)
            if start is None:
                return
            match = pattern().search(text, start, endpos)
            if match is None:
                return
            yield match
            pos = match.end()

    def _anchored(
        self,
        pattern: Callable[[], re.Pattern[str]],
        text: str,
        pos: int,
        endpos: int,
    ) -> Iterator[re.Match[str]]:
        """Matches tried only where one can start, leftmost first.

        The places are tried in order of position, each once: a match found
        at a place is the leftmost one from ``pos``, since every place before
        it was tried and failed, and any match starts at some place.
        """
        tried = pos - 1
        for first, last, end in self.starts_at:
            if end > endpos or last < pos:
                continue  # this occurrence cannot lie in a match from pos
            compiled = pattern()
            place = max(first, pos, tried + 1)
            while place <= last:
                tried = place
                match = compiled.match(text, place, endpos)
                if match is None:
                    place += 1
                    continue
                yield match
                pos = place = match.end()


def hits(
    doc_state: dict[str, Any],
    folded: str | None,
    pid: int,
    registry: Registry = REGISTRY,
) -> Hits | None:
    """The pattern's occurrences in a document, or None to scan it whole.

    ``doc_state`` is the document's own ``__dict__`` (or a dict kept with
    another text), where the scan is kept so that it is made once per text
    (and again only if patterns were added). A pattern registered without
    literals gets None.
    """
    if folded is None or not enabled:
        return None
    scanner = registry.scanner
    requirement = registry.requirements[pid]
    if not requirement.offsets:
        return None
    cached = doc_state.get(registry.key)
    if cached is None or cached[0] is not scanner:
        cached = (scanner, scanner.scan(fold(folded)), {})
        doc_state[registry.key] = cached
    made: dict[int, Hits] = cached[2]
    found = made.get(pid)
    if found is None:
        occurrences = cached[1][pid]
        # Anchored when every literal that occurs lies a bounded distance from
        # a match's start: the literals of unbounded offset are not in the text.
        anchored = all(high is not None for _s, _e, _low, high in occurrences)
        found = Hits(occurrences, requirement.width, anchored)
        made[pid] = found
    return found


def carry(old_state: dict[str, Any], new_state: dict[str, Any]) -> None:
    """Hand a document's scans to a copy of it with the same text."""
    for key in (*(registry.key for registry in _REGISTRIES), _PLAIN_KEY):
        if key in old_state:
            new_state[key] = old_state[key]
