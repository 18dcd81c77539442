"""Replace a file in one rename, so no reader ever sees half of it.

Reports, fixed articles, cache entries and audit tables are all written the same
way: to a temporary file beside the target, then renamed over it. A failure at
any point removes the temporary file and leaves the target as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def replacing(
    path: Path,
    *,
    prefix: str | None = None,
    suffix: str = "",
    before_rename: Callable[[str], None] | None = None,
) -> Iterator[BinaryIO]:
    """A binary file whose content replaces ``path`` when the block ends.

    ``before_rename`` gets the temporary file's name once it is written and
    closed (to set its mode, say); the temporary file is named
    ``.<name>.<random><suffix>`` unless ``prefix`` says otherwise.
    """
    import tempfile  # noqa: PLC0415 (only when writing)

    handle, temp = tempfile.mkstemp(
        dir=path.parent,
        prefix=f".{path.name}." if prefix is None else prefix,
        suffix=suffix,
    )
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
        if before_rename is not None:
            before_rename(temp)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
