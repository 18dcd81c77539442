"""Reading files a user or a repository supplies: regular files only, bounded.

Articles, config files, rule packs and baselines are all read here, so the
same guarantees hold for each: nothing but a regular file is opened for
reading, no read goes past a size limit, and every failure is an InputError
whose message is one line for the user.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# A text editor never writes a NUL; this much is enough to tell most binaries.
_BINARY_SNIFF = 8192


class InputError(Exception):
    """An input that cannot be read; the message is one line for the user."""


def read_source(path: Path, max_size: int) -> str:
    """Decode a file as UTF-8 (a BOM is dropped); raise InputError if it is not text."""
    return decode(read_limited(path, max_size))


def read_limited(path: Path, max_size: int) -> bytes:
    """A regular file's bytes, never more than ``max_size`` of them.

    Only regular files are read: a FIFO, a device such as /dev/zero or a socket,
    named on the command line or committed as a symlink, is refused before any
    read (the open is non-blocking, so a FIFO with no writer cannot hang it). The
    read itself stops one byte past the limit, so a file whose size the system
    misreports, or that grows while it is read, cannot exhaust memory.
    """
    try:
        _require_regular(path.stat().st_mode)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        _require_regular(info.st_mode)
        if info.st_size > max_size:
            raise InputError(too_big(info.st_size, max_size))
        try:
            data = handle.read(max_size + 1)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > max_size:
        raise InputError(too_big(len(data), max_size))
    return data


_NOT_REGULAR = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _require_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _NOT_REGULAR if test(mode)), "not a file")
    raise InputError(f"not a regular file ({kind}); only files are linted")


def too_big(size: int, limit: int) -> str:
    """The one wording for a file over the limit, at any size."""
    return (
        f"file is {human_size(size)}, over the limit of {human_size(limit)} "
        "(raise it with --max-file-size)"
    )


def human_size(size: int) -> str:
    """Bytes for people: '512 bytes', '4.0 KiB', '5.0 MiB'."""
    if size < 1024:
        return f"{size} byte{'s' if size != 1 else ''}"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / (1024 * 1024):.1f} MiB"


def bounded(data: bytes, max_size: int) -> bytes:
    """``data`` itself, or an InputError when it is over the limit."""
    if len(data) > max_size:
        raise InputError(too_big(len(data), max_size))
    return data


def decode(data: bytes) -> str:
    """Bytes to text, refusing binary data and invalid UTF-8 with a clear reason.

    A NUL byte anywhere means binary: text editors never write one, and the
    Markdown parser would replace it, so spans after it could not be exact.
    """
    nul = data.find(b"\x00")
    if nul != -1:
        where = f" (a NUL byte at offset {nul})" if nul >= _BINARY_SNIFF else ""
        raise InputError(f"binary file, not text{where}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}"
        ) from None


def read_text(path: Path, max_size: int, what: str) -> str:
    """A small text file (a config, a rule pack, a baseline), as UTF-8.

    ``what`` names the file in the error: "cannot read config: ...".
    """
    try:
        return read_source(path, max_size)
    except InputError as exc:
        raise InputError(f"cannot read {what}: {exc}") from None
