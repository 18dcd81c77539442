"""Document types are names from a known set, never paths.

A document's type picks its readability target and the profile applied on top
of the default one. It can come from an article's own front matter, so it is
checked like any other input from a repository: a name of lower-case letters,
digits and hyphens, one of the built-in types or a type a config file defines
(by giving it a readability target). A misspelt type is an error with the
name that was probably meant, never a silent change of target, and never a
file name to load.
"""

from __future__ import annotations

from collections.abc import Iterable

from healthlint.doctype import KNOWN_TYPES
from healthlint.lazyregex import lazy

BUILTIN_TYPES = tuple(sorted(KNOWN_TYPES))
_NAME = lazy(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
MAX_NAME = 40


class UnknownTypeError(ValueError):
    """A document type that is not a known name; the message is one line."""


def is_name(value: str) -> bool:
    """True for a well-formed type or profile name (never a path)."""
    return len(value) <= MAX_NAME and _NAME.fullmatch(value) is not None


def check_type(value: object, configured: Iterable[str] = ()) -> str:
    """The type, lower-cased and stripped, or UnknownTypeError saying what to write.

    ``configured`` holds the types config files define beyond the built-in ones.
    """
    if not isinstance(value, str):
        raise UnknownTypeError("the document type must be text, such as 'news'")
    name = value.strip().lower()
    known = sorted({*BUILTIN_TYPES, *configured})
    if is_name(name) and name in known:
        return name
    shown = name if len(name) <= MAX_NAME else name[:MAX_NAME] + "…"
    import difflib  # noqa: PLC0415 (only to hint at a mistake)

    close = difflib.get_close_matches(name[:MAX_NAME], known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known)}"
    raise UnknownTypeError(f"unknown document type '{shown}' ({hint})")
