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

``HEALTHLINT_PREFILTER=off`` (or ``0``, ``no``, ``false``) in the environment
turns the prefilter off: every pattern then scans as before. Tests compare both
paths on the same inputs.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from re import _casefix, _parser  # type: ignore[attr-defined]
from re import _constants as _sre  # type: ignore[attr-defined]
from typing import Any

ENV_SWITCH = "HEALTHLINT_PREFILTER"
_OFF = frozenset({"off", "0", "no", "false"})
enabled = os.environ.get(ENV_SWITCH, "").strip().lower() not in _OFF

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
_SPECIAL = re.compile(
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


@dataclass(frozen=True)
class Requirement:
    """What every match of a pattern holds, and how long a match can be.

    ``literals``: every match contains at least one of these (canonical fold).
    ``width``: the longest match, or None when it is unlimited.
    """

    literals: frozenset[str]
    width: int | None


def analyse(source: str, flags: int = 0) -> Requirement | None:
    """The pattern's required literals, or None when it has none worth using."""
    try:
        parsed = _parser.parse(source, flags)
    except (re.error, RecursionError, OverflowError):
        return None
    try:
        literals = _required(list(parsed))
    except RecursionError:
        return None
    if not literals or min(len(lit) for lit in literals) < MIN_LITERAL:
        return None
    high = parsed.getwidth()[1]
    # A match that holds a literal holds its beginning too.
    cut = {lit[:MAX_LITERAL] for lit in literals}
    return Requirement(_minimal(cut), high if high < UNBOUNDED else None)


def _minimal(literals: set[str]) -> frozenset[str]:
    """Drop each literal that holds another: that one occurs wherever it does."""
    return frozenset(
        lit for lit in literals if not any(o != lit and o in lit for o in literals)
    )


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


def _required(nodes: list[Node]) -> set[str] | None:
    """A set of literals of which every match of the sequence holds one."""
    candidates: list[set[str]] = []
    run: set[str] | None = {""}
    for node in nodes:
        part = _language(node)
        if part is not None and run is not None:
            joined = {a + b for a in run for b in part}
            if len(joined) <= MAX_LANGUAGE:
                run = joined
                continue
        _add_run(candidates, run)
        run = part if part is not None else {""}
        if part is None:
            inner = _required_in(node)
            if inner:
                candidates.append(inner)
    _add_run(candidates, run)
    return max(candidates, key=_selectivity, default=None)


def _add_run(candidates: list[set[str]], run: set[str] | None) -> None:
    if run and "" not in run:
        candidates.append(run)


def _selectivity(literals: set[str]) -> tuple[int, int]:
    """Longer shortest literal first (up to the cut), then fewer literals."""
    return (min(MAX_LITERAL, *(len(lit) for lit in literals)), -len(literals))


def _required_in(node: Node) -> set[str] | None:
    """Required literals of one node that is not a small finite language."""
    op, av = node
    if op is _sre.SUBPATTERN:
        return _required(list(av[-1]))
    if op is _sre.ATOMIC_GROUP:
        return _required(list(av))
    if op is _sre.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            part = _required(list(branch))
            if not part:
                return None
            out |= part
        return out
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0]:
        return _required(list(av[2]))
    return None


class Registry:
    """Every analysed pattern's literals, joined into one scan when asked.

    Patterns register once, when a rule is compiled; the combined scan is
    rebuilt only when a pattern was added since it was last built.
    """

    def __init__(self) -> None:
        self.requirements: list[Requirement] = []
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

    def get(self, pid: int) -> Requirement:
        """What a registered pattern requires."""
        return self.requirements[pid]

    @property
    def scanner(self) -> _Scanner:
        """The combined scan over every registered literal."""
        if self._scanner is None:
            self._scanner = _Scanner(self.requirements)
        return self._scanner


class _Scanner:
    """One regex that finds, at each position, the longest literal there.

    Every literal that is a prefix of the one found occurs there too; literals
    starting elsewhere are found at their own positions (the regex is a
    look-ahead, so it tries every position).
    """

    def __init__(self, requirements: list[Requirement]) -> None:
        self.count = len(requirements)
        literals = sorted({lit for r in requirements for lit in r.literals})
        users: dict[str, dict[int, int]] = {lit: {} for lit in literals}
        for pid, requirement in enumerate(requirements):
            for lit in requirement.literals:
                users[lit][pid] = len(lit)
        # What an occurrence of each literal means: pattern id -> shortest length.
        self.meaning: dict[str, tuple[tuple[int, int], ...]] = {}
        for lit in literals:
            found: dict[int, int] = {}
            for end in range(MIN_LITERAL, len(lit) + 1):
                for pid, length in users.get(lit[:end], {}).items():
                    found.setdefault(pid, length)
            self.meaning[lit] = tuple(found.items())
        body = _trie_regex(literals)
        self.regex = re.compile(f"(?=({body}))", re.DOTALL) if literals else None

    def scan(self, folded: str) -> list[list[tuple[int, int]]]:
        """Per pattern id, the (start, end) of each literal occurrence, in order."""
        found: list[list[tuple[int, int]]] = [[] for _ in range(self.count)]
        if self.regex is None:
            return found
        meaning = self.meaning
        for match in self.regex.finditer(folded):
            start = match.start()
            for pid, length in meaning[match.group(1)]:
                found[pid].append((start, start + length))
        return found


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


REGISTRY = Registry()


class Hits:
    """Where one pattern's literals occur in one document's text."""

    __slots__ = ("ends", "starts", "width")

    def __init__(self, spans: list[tuple[int, int]], width: int | None) -> None:
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.width = width

    def _first(self, pos: int, endpos: int) -> int | None:
        """Start of the first occurrence lying wholly in ``[pos, endpos)``."""
        starts, ends = self.starts, self.ends
        for index in range(bisect.bisect_left(starts, pos), len(starts)):
            if starts[index] >= endpos:
                return None
            if ends[index] <= endpos:
                return starts[index]
        return None

    def _from(self, pos: int, endpos: int) -> int | None:
        """Where a search may start and find what one from ``pos`` would find.

        A match holds an occurrence wholly inside it, so it cannot start more
        than ``width`` before the first occurrence at or after ``pos``.
        """
        first = self._first(pos, endpos)
        if first is None:
            return None
        return pos if self.width is None else max(pos, first - self.width)

    def start_at(self, pos: int, endpos: int) -> int | None:
        """Where a search from ``pos`` may start instead, or None: no match."""
        return self._from(pos, endpos)

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
        while True:
            start = self._from(pos, endpos)
            if start is None:
                return
            match = pattern().search(text, start, endpos)
            if match is None:
                return
            yield match
            pos = match.end()


_SCAN_KEY = "_prefilter_scan"


def hits(doc_state: dict[str, Any], folded: str | None, pid: int) -> Hits | None:
    """The pattern's occurrences in a document, or None to scan it whole.

    ``doc_state`` is the document's own ``__dict__``, where the scan is kept so
    that it is made once per document (and again only if patterns were added).
    """
    if folded is None or not enabled:
        return None
    scanner = REGISTRY.scanner
    cached = doc_state.get(_SCAN_KEY)
    if cached is None or cached[0] is not scanner:
        cached = (scanner, scanner.scan(fold(folded)), {})
        doc_state[_SCAN_KEY] = cached
    made: dict[int, Hits] = cached[2]
    found = made.get(pid)
    if found is None:
        found = Hits(cached[1][pid], REGISTRY.requirements[pid].width)
        made[pid] = found
    return found
