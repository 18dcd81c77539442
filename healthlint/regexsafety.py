r"""Refuse patterns that Python's backtracking engine can run in exponential time.

A rule pack can come from a pull request (``--rules``, or ``rule-packs:`` in a
committed config), and one pattern such as ``(a+)+$`` or ``(\\w+\\s?)*$`` stalls
CI on a single short line. Every pattern is checked when its pack is loaded,
the shipped ones too, and refused with the reason:

- a quantified group holding a quantifier whose characters can also start the
  group's next round or follow it (``(a+)+``, ``(\\w+\\s?)*``, ``(?:x*y?)+``):
  the text can be split between the rounds in exponentially many ways;
- alternatives in a quantified group that can begin with the same character
  when one of them is a single character or itself quantified (``(a|aa)*``,
  ``(\\w|\\w\\d)+``): again many ways to read the same text.

The check reasons about characters, not strings, so it refuses some patterns
that would in fact be fast; each can be rewritten so that every round of a
group starts or ends with something the inner quantifier cannot match
(``(?:\\w+,\\s*)+`` passes: a comma ends each round).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

# The parser behind re.compile and its opcodes: the parsed form of a pattern,
# exactly as the engine will run it (with re's own rewrites, such as factoring
# '(a|aa)' into 'a(?:|a)').
sre_parse: Any = importlib.import_module("re._parser")
sre: Any = importlib.import_module("re._constants")
_Op: TypeAlias = Any  # an opcode of re._constants
_Value: TypeAlias = Any  # its argument: a code, a tuple or a parsed sub-pattern

# Characters that stand for the classes: ASCII, Latin-1 and a few of each
# script, space and punctuation beyond, so that "\w" and "é" overlap.
_BASE = frozenset(chr(c) for c in range(256)) | frozenset("ĀЖ日’“”–—\u2003\u2028😀")
_CATEGORIES: dict[object, Callable[[str], bool]] = {
    sre.CATEGORY_DIGIT: str.isdecimal,
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_WORD: lambda ch: ch.isalnum() or ch == "_",
    sre.CATEGORY_NOT_DIGIT: lambda ch: not ch.isdecimal(),
    sre.CATEGORY_NOT_SPACE: lambda ch: not ch.isspace(),
    sre.CATEGORY_NOT_WORD: lambda ch: not (ch.isalnum() or ch == "_"),
}
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


class UnsafePatternError(ValueError):
    """A pattern that can take exponential time; the message says why and where."""


def check(pattern: str, ignore_case: bool = False) -> None:
    """Raise UnsafePatternError if ``pattern`` can backtrack exponentially.

    A pattern that does not compile is left for ``re`` to report.
    """
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE if ignore_case else 0)
    except re.error:
        return
    alphabet = _BASE | frozenset(pattern)  # every literal it names, and more
    _Checker(alphabet, ignore_case).sequence(list(parsed), frozenset(), 0)


@dataclass
class _Checker:
    alphabet: frozenset[str]
    ignore_case: bool

    # --- character sets -------------------------------------------------------

    def _atom(self, op: _Op, av: _Value) -> frozenset[str] | None:
        """The characters one atom matches, or None when it is not an atom."""
        if op is sre.LITERAL:
            return self._fold({chr(av)})
        if op is sre.NOT_LITERAL:
            return self.alphabet - self._fold({chr(av)})
        if op is sre.ANY:
            return self.alphabet - {"\n"}
        if op is sre.IN:
            return self._class(av)
        return None

    def _fold(self, chars: set[str]) -> frozenset[str]:
        if not self.ignore_case:
            return frozenset(chars)
        return frozenset(c for ch in chars for c in (ch, ch.lower(), ch.upper()))

    def _class(self, items: list[tuple[Any, Any]]) -> frozenset[str]:
        negate = bool(items) and items[0][0] is sre.NEGATE
        chosen = {ch for ch in self.alphabet if self._in_class(items, ch)}
        found = self._fold(chosen)
        return self.alphabet - found if negate else found

    def _in_class(self, items: list[tuple[Any, Any]], ch: str) -> bool:
        code = ord(ch)
        for op, av in items:
            if op is sre.LITERAL and av == code:
                return True
            if op is sre.RANGE and av[0] <= code <= av[1]:
                return True
            if op is sre.CATEGORY and av in _CATEGORIES and _CATEGORIES[av](ch):
                return True
        return False

    # --- first characters, emptiness, every character --------------------------

    def first(self, items: list[Any]) -> frozenset[str]:
        """Characters a match of the sequence can begin with."""
        out: frozenset[str] = frozenset()
        for op, av in items:
            out |= self._first_one(op, av)
            if not self._nullable_one(op, av):
                break
        return out

    def _first_one(self, op: _Op, av: _Value) -> frozenset[str]:
        atom = self._atom(op, av)
        if atom is not None:
            return atom
        body = self._body(op, av)
        if body is not None:
            return self.first(body)
        if op is sre.BRANCH:
            return frozenset().union(*(self.first(list(b)) for b in av[1]))
        return frozenset()

    def nullable(self, items: list[Any]) -> bool:
        """True when the sequence can match the empty string."""
        return all(self._nullable_one(op, av) for op, av in items)

    def _nullable_one(self, op: _Op, av: _Value) -> bool:
        if self._atom(op, av) is not None:
            return False
        if op in _REPEATS:
            return av[0] == 0 or self.nullable(list(av[2]))
        if op is sre.BRANCH:
            return any(self.nullable(list(b)) for b in av[1])
        body = self._body(op, av)
        if body is not None and op not in _ZERO_WIDTH:
            return self.nullable(body)
        return True

    def chars(self, items: list[Any]) -> frozenset[str]:
        """Every character some match of the sequence can consume."""
        out: frozenset[str] = frozenset()
        for op, av in items:
            atom = self._atom(op, av)
            if atom is not None:
                out |= atom
            elif op is sre.BRANCH:
                out = out.union(*(self.chars(list(b)) for b in av[1]))
            elif op not in _ZERO_WIDTH and (body := self._body(op, av)) is not None:
                out |= self.chars(body)
        return out

    @staticmethod
    def _body(op: _Op, av: _Value) -> list[Any] | None:
        if op in _REPEATS:
            return list(av[2])
        if op is sre.SUBPATTERN:
            return list(av[3])
        if op is sre.ATOMIC_GROUP:
            return list(av)
        return None

    # --- the checks -----------------------------------------------------------------

    def sequence(self, items: list[Any], follow: frozenset[str], loops: int) -> None:
        """Check a sequence that ``follow`` can come after.

        ``loops`` counts the quantified groups around it.
        """
        after = follow
        for op, av in reversed(items):
            self.item(op, av, after, loops)
            first = self._first_one(op, av)
            after = first | after if self._nullable_one(op, av) else first

    def item(self, op: _Op, av: _Value, follow: frozenset[str], loops: int) -> None:
        """Check one item that ``follow`` can come after."""
        if op in _REPEATS:
            self._repeat(av, follow, loops)
        elif op is sre.BRANCH:
            branches = [list(b) for b in av[1]]
            # re factors '(a|aa)' into 'a(?:|a)': an empty alternative is a '?'.
            if loops and any(not b for b in branches):
                self._optional(self.chars([(op, av)]), follow)
            for branch in branches:
                self.sequence(branch, follow, loops)
        elif op in _ZERO_WIDTH:
            body = av[1] if op is not sre.AT else None
            if body is not None:
                self.sequence(list(body), frozenset(), 0)
        elif op is not sre.ATOMIC_GROUP and (body := self._body(op, av)) is not None:
            self.sequence(body, follow, loops)

    def _repeat(self, av: _Value, follow: frozenset[str], loops: int) -> None:
        low, high, body = av[0], av[1], list(av[2])
        # Inside a quantified group, a quantifier (even '?') that can take what
        # comes next lets the text be split between rounds in many ways.
        if loops and (high > 1 or low == 0):
            self._optional(self.chars(body), follow)
        if high <= 1:
            self.sequence(body, follow, loops)
            return
        rounds = self.first(body) | follow  # the next round, or what follows
        self._alternatives(body)
        self.sequence(body, rounds, loops + 1)

    @staticmethod
    def _optional(chars: frozenset[str], follow: frozenset[str]) -> None:
        if chars & follow:
            raise UnsafePatternError(
                "a quantifier inside a quantified group can match what starts or "
                "follows the group's next round (as in '(a+)+' or '(\\w+\\s?)*')"
            )

    def _alternatives(self, body: list[Any]) -> None:
        """Alternatives at the start of a quantified group must begin apart."""
        for op, av in body:
            if op is sre.SUBPATTERN:
                self._alternatives(list(av[3]))
            elif op is sre.BRANCH:
                self._branches([list(b) for b in av[1]])
            if not self._nullable_one(op, av):
                return

    def _branches(self, branches: list[list[Any]]) -> None:
        for index, one in enumerate(branches):
            for other in branches[index + 1 :]:
                shared = self.first(one) & self.first(other)
                if shared and (self._loose(one) or self._loose(other)):
                    raise UnsafePatternError(
                        "alternatives in a quantified group can start with the "
                        "same character (as in '(ab|a)*' or '(\\w+|-)+')"
                    )

    def _loose(self, branch: list[Any]) -> bool:
        """A single character or a quantified item: it can match another's prefix."""
        if len(branch) == 1 and self._atom(*branch[0]) is not None:
            return True
        return any(op in _REPEATS and av[1] > 1 for op, av in branch)


def unsafe_option(options: Mapping[str, object]) -> tuple[str, str, str] | None:
    """(key, pattern, reason) for the first unsafe pattern in a rule's options.

    Every text in a list, and every key of a mapping (substitution terms), is
    read as a pattern: a plain word is always safe, and text that is not a
    regular expression at all is left for the rule's kind to reject.
    """
    for key, value in options.items():
        for pattern in _texts(value):
            try:
                check(pattern, ignore_case=True)
            except UnsafePatternError as exc:
                return str(key), pattern, str(exc)
    return None


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    if isinstance(value, Mapping):
        return [k for k in value if isinstance(k, str)] + [
            t for v in value.values() if isinstance(v, list) for t in _texts(v)
        ]
    return []
