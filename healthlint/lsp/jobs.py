"""What the server asks the lint worker, and what the worker sends back.

Plain frozen data: it crosses a process boundary, so it holds no open files,
locks or pygls objects, only what the engine and the server already share.
"""

from __future__ import annotations

import pickle
import struct
from dataclasses import dataclass, field

from healthlint.model import FileReport


@dataclass(frozen=True)
class Job:
    """Lint this text as the file at ``path`` (None for an unsaved buffer)."""

    uri: str
    version: int
    name: str
    path: str | None
    text: str
    format: str


@dataclass(frozen=True)
class RuleNotes:
    """A rule's documentation, for hovers and links, sent with its findings."""

    code: str
    slug: str
    what: str
    why: str
    use_instead: str
    builtin: bool


@dataclass(frozen=True)
class Outcome:
    """The result of one job.

    ``problem`` is one line for the writer when the document could not be linted
    as asked (a broken config file, a document over the size limit); ``watched``
    holds the config files the result depends on, with their modification times,
    so the server can tell when to reload.
    """

    uri: str
    version: int
    report: FileReport | None = None
    rules: dict[str, RuleNotes] = field(default_factory=dict)
    problem: str | None = None
    excluded: bool = False
    watched: tuple[tuple[str, int], ...] = ()
    seconds: float = 0.0


# Frames on the pipe between the server and its worker: a 4-byte length, then a
# pickle. Both ends are this package and the pipe is private to the two
# processes, so nothing untrusted is ever unpickled.
HEADER = struct.Struct(">I")


def pack(message: Job | Outcome) -> bytes:
    """One frame holding ``message``."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def unpack(data: bytes) -> object:
    """The message in a frame's body (the bytes after the header)."""
    return pickle.loads(data)  # noqa: S301 (our own worker, over a private pipe)
