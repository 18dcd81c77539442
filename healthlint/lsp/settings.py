"""What the editor can set: through initializationOptions or workspace settings.

Rule selection, targets and the rest stay in the project's config file, as for
``check``; the editor sets only how results are shown. Settings may arrive flat
(``{"readability": "hover"}``) or under a ``healthlint`` key, as editors that
send their whole settings tree do. A bad value is one line for the writer and
the previous value stays.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

READABILITY_MODES = ("diagnostics", "hover", "off")
SECTION = "healthlint"
_MAX_DEBOUNCE_MS = 5000


@dataclass(frozen=True)
class Settings:
    """How the server shows results.

    ``readability``: the summary as information diagnostics, as a hover on the
    first line, or not at all. ``docs_url``: a template such as
    ``https://example.org/rules/{code}`` for rule pages (default: the pages
    installed with healthlint, as file: URIs). ``debounce_ms``: how long after an
    edit to wait for the next one before linting, once edits come in a burst.
    """

    readability: str = "diagnostics"
    docs_url: str | None = None
    # Long enough to gather a burst of changes (a paste, a replace-all), short
    # enough not to be felt: stale runs are dropped or stopped anyway.
    debounce_ms: int = 25


def _readability(value: object) -> str:
    if value not in READABILITY_MODES:
        choices = ", ".join(READABILITY_MODES)
        raise ValueError(f"must be one of {choices}, not {value!r}")
    return str(value)


def _docs_url(value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or "{code}" not in value:
        raise ValueError(f"must be a URL template containing {{code}}, not {value!r}")
    return value


def _debounce(value: object) -> int:
    whole = isinstance(value, int) and not isinstance(value, bool)
    if whole and isinstance(value, int) and 0 <= value <= _MAX_DEBOUNCE_MS:
        return value
    raise ValueError(f"must be milliseconds from 0 to 5000, not {value!r}")


_FIELDS: dict[str, tuple[str, Callable[[object], object]]] = {
    "readability": ("readability", _readability),
    "docsUrl": ("docs_url", _docs_url),
    "debounceMs": ("debounce_ms", _debounce),
}


def read_settings(
    raw: object, current: Settings, origin: str
) -> tuple[Settings, list[str]]:
    """Apply the keys present in ``raw`` to ``current``; problems as lines."""
    if raw is None:
        return current, []
    if isinstance(raw, Mapping) and isinstance(raw.get(SECTION), Mapping):
        raw = raw[SECTION]
    if not isinstance(raw, Mapping):
        return current, [f"{origin}: expected an object of settings, not {raw!r}"]
    problems: list[str] = []
    changes: dict[str, object] = {}
    for key, value in raw.items():
        if key not in _FIELDS:
            problems.append(f"{origin}: unknown setting '{key}'{_hint(str(key))}")
            continue
        name, check = _FIELDS[key]
        try:
            changes[name] = check(value)
        except ValueError as exc:
            problems.append(f"{origin}: '{key}' {exc}")
    return replace(current, **changes), problems  # type: ignore[arg-type]


def _hint(key: str) -> str:
    close = difflib.get_close_matches(key, list(_FIELDS), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
