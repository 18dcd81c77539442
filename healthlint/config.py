"""Configuration: layers read from profiles, config files and the command line.

A file's effective configuration is a stack of layers, each later one winning:
the built-in ``default`` profile, the profile named after the document type, the
``extends:`` chain of the nearest config file, that file itself, and the command
line. Config files are ``.healthlint.yaml`` or ``[tool.healthlint]`` in
``pyproject.toml``, found by walking up from each linted file; the nearest wins.
Every mistake is one line naming the file, the key and, where it can, the key
that was probably meant.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from healthlint import globs, typenames
from healthlint.model import Severity
from healthlint.readfile import InputError, read_text

# An article is kilobytes; megabytes means a wrong file.
DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024
CONFIG_NAMES = (".healthlint.yaml", ".healthlint.yml", "pyproject.toml")
LAYER_KEYS = (
    "description", "extends", "select", "extend-select", "ignore", "per-file-ignores",
    "severity", "rule-options", "document-type", "targets", "exclude", "fail-on",
    "rule-packs",
)  # fmt: skip


class ConfigError(ValueError):
    """A configuration mistake, as one line naming the file and key."""


@dataclass(frozen=True)
class Layer:
    """One source of settings. ``select`` is None when the layer does not set it."""

    origin: str
    base: Path
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rule_options: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    document_type: str | None = None
    targets: Mapping[str, float | None] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    fail_on: Severity | None = None
    rule_packs: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Config:
    """What the caller asked for: the command-line layer plus how to find files.

    ``discover`` turns on the search for config files next to each linted file;
    the command line sets it, the Python API leaves it off unless asked.
    """

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(
        default_factory=lambda: MappingProxyType({})
    )
    fail_on: Severity | None = None
    document_type: str | None = None
    targets: Mapping[str, float | None] = field(
        default_factory=lambda: MappingProxyType({})
    )
    rule_packs: tuple[Path, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    exclude: tuple[str, ...] = ()
    readability: bool = True
    profile: str | None = None
    config_file: Path | None = None
    discover: bool = False
    cache_dir: Path | None = None  # None: no cache (the CLI turns it on)
    # Option overrides per rule (by code or slug), as a config file's rule-options.
    rule_options: Mapping[str, Mapping[str, object]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def picklable(self) -> Config:
        """A copy with plain dicts for its read-only mappings.

        Worker processes (local pools and Dask workers) receive the config by
        pickle, and ``MappingProxyType`` cannot be pickled.
        """
        return replace(
            self,
            severity=dict(self.severity),
            targets=dict(self.targets),
            rule_options={name: dict(opts) for name, opts in self.rule_options.items()},
        )

    def command_line_layer(self) -> Layer:
        """The caller's own settings as the last, strongest layer."""
        return Layer(
            origin="command line",
            base=Path.cwd(),
            select=self.select or None,
            extend_select=self.extend_select,
            ignore=self.ignore,
            severity=self.severity,
            document_type=self.document_type,
            targets=self.targets,
            exclude=self.exclude,
            fail_on=self.fail_on,
            rule_packs=self.rule_packs,
            rule_options=self.rule_options,
        )


# --- reading -----------------------------------------------------------------


def profiles_dir() -> Path:
    """Where the built-in profiles live (beside the shipped rule packs)."""
    from healthlint.rulepack import builtin_rules_dir  # noqa: PLC0415 (import cycle)

    return builtin_rules_dir() / "profiles"


def profile_names() -> tuple[str, ...]:
    """Names of the built-in profiles."""
    return tuple(sorted(p.stem for p in profiles_dir().glob("*.yaml")))


@lru_cache(maxsize=64)
def profile_layers(name: str) -> tuple[Layer, ...]:
    """A built-in profile and whatever it extends, earliest first."""
    path = profiles_dir() / f"{name}.yaml"
    if not has_profile(name):
        import difflib  # noqa: PLC0415 (only to hint at a mistake)

        close = difflib.get_close_matches(name, profile_names(), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ConfigError(f"unknown profile '{name}'{hint}")
    return load_file(path, origin=f"profile {name}")


def builtin_layers(doc_type: str, profile: str | None = None) -> tuple[Layer, ...]:
    """The default profile, the chosen one on top, then the type's own profile.

    A profile adds to the default one: ``news.yaml`` only turns off what news
    does not need, and alone would run no rules at all.
    """
    base = profile_layers("default")
    if profile and profile != "default":
        base += tuple(x for x in profile_layers(profile) if x not in base)
    typed = (
        profile_layers(doc_type)
        if doc_type != "default" and has_profile(doc_type)
        else ()
    )
    return (*base, *typed)


def has_profile(name: str) -> bool:
    """True when a built-in profile of this name exists (a name, never a path)."""
    return typenames.is_name(name) and (profiles_dir() / f"{name}.yaml").is_file()


# Bounds on what one config can make healthlint read: a config is a few hundred
# bytes, and an extends chain a handful of files.
MAX_CONFIG_BYTES = 256 * 1024
MAX_EXTENDS_FILES = 32


def load_file(path: Path, origin: str | None = None) -> tuple[Layer, ...]:
    """Read a config file and its ``extends`` graph, earliest layer first.

    Each file is read once however many times the graph names it (a file
    extended twice would otherwise double the work at every level, and a
    chain of such files takes exponential time), and at most
    MAX_EXTENDS_FILES files are read in all.
    """
    return _ExtendsGraph().load(path, origin, frozenset())


class _ExtendsGraph:
    """The files one config pulls in, each loaded once."""

    def __init__(self) -> None:
        self.loaded: set[Path] = set()

    def load(
        self, path: Path, origin: str | None, chain: frozenset[Path]
    ) -> tuple[Layer, ...]:
        path = Path(os.path.realpath(path))
        if path in chain:
            raise ConfigError(f"{path}: 'extends' loops back to this file")
        if path in self.loaded:
            return ()  # its layers are already in place, earlier in the stack
        if len(self.loaded) >= MAX_EXTENDS_FILES:
            raise ConfigError(
                f"{path}: 'extends' reaches more than {MAX_EXTENDS_FILES} files"
            )
        self.loaded.add(path)
        data = _read_mapping(path)
        label = origin or str(path)
        layer = parse_layer(data, label, path.parent)
        parents = self._extended(
            data.get("extends"), label, path.parent, chain | {path}
        )
        return (*parents, layer)

    def _extended(
        self, value: object, label: str, base: Path, chain: frozenset[Path]
    ) -> tuple[Layer, ...]:
        if value is None:
            return ()
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ConfigError(
                f"{label}: 'extends' must be a profile name, a path, or a list of them"
            )
        layers: list[Layer] = []
        for name in names:
            if has_profile(name) and not name.endswith((".yaml", ".yml", ".toml")):
                layers.extend(profile_layers(name))
                continue
            target = base / name
            if not target.is_file():
                problem = f"'extends' names '{name}', which is neither profile nor file"
                raise ConfigError(f"{label}: {problem}")
            layers.extend(self.load(target, None, chain))
        return tuple(layers)


def _read_mapping(path: Path) -> Mapping[str, object]:
    try:
        text = read_text(path, MAX_CONFIG_BYTES, "config")
    except InputError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    if path.name == "pyproject.toml":
        return _from_pyproject(path, text)
    data = _yaml(path, text)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config must be a mapping of keys to values")
    return data


# The shipped profiles parsed, by their text, read back with the cached rules
# (``rulecache``): a start that needs no other YAML file imports no YAML parser.
_PARSED: dict[str, object] = {}


def remember_parsed(known: Mapping[str, object]) -> None:
    """Keep YAML texts and what they parse to, read back from the rule cache."""
    _PARSED.update(known)


def parse_yaml(text: str) -> object:
    """``text`` parsed as a config's YAML; raises ``yaml.YAMLError``."""
    from healthlint import safeyaml  # noqa: PLC0415 (see _PARSED)

    return safeyaml.load(text)


def _yaml(path: Path, text: str) -> object:
    """A config file's YAML, taken from ``_PARSED`` when its text is there."""
    if text in _PARSED:
        return copy.deepcopy(_PARSED[text])
    import yaml  # noqa: PLC0415 (see _PARSED)

    try:
        return parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(
            f"{path}{where}: invalid YAML: {getattr(exc, 'problem', None) or exc}"
        ) from None


class TomlError(ValueError):
    """A pyproject.toml that cannot be read as TOML."""


def _toml(text: str) -> dict[str, object]:
    """TOML, with its non-TOML failures (deep nesting, huge numbers) as TOML errors.

    tomllib is imported here: most runs read no pyproject.toml at all.
    """
    import tomllib  # noqa: PLC0415

    try:
        return tomllib.loads(text)
    except (ValueError, RecursionError) as exc:  # TOMLDecodeError is a ValueError
        detail = str(exc) if isinstance(exc, tomllib.TOMLDecodeError) else "too deep"
        raise TomlError(detail) from None


def _from_pyproject(path: Path, text: str) -> Mapping[str, object]:
    try:
        data = _toml(text)
    except TomlError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    tool = data.get("tool", {})
    table = tool.get("healthlint", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.healthlint] must be a table")
    return table


def pyproject_has_table(path: Path) -> bool:
    """True when a pyproject.toml has a [tool.healthlint] table.

    A file that cannot be parsed counts when it mentions the table, so that
    its mistake is reported instead of the config being skipped in silence.
    """
    try:
        text = read_text(path, MAX_CONFIG_BYTES, "config")
    except InputError:
        return False
    if not _may_name_healthlint(text):
        return False
    try:
        data = _toml(text)
    except TomlError:
        return "tool.healthlint" in text
    tool = data.get("tool")
    return isinstance(tool, dict) and "healthlint" in tool


def _may_name_healthlint(text: str) -> bool:
    """False when no TOML key in ``text`` can be ``healthlint``: skip the parse.

    A key spells its name out, or escapes its letters inside quotes (a
    backslash, u or U, hex digits); without either, the answer is no, whether
    the file parses or not.
    """
    return "healthlint" in text or "\\u" in text or "\\U" in text


def find_config(directory: Path) -> Path | None:
    """The nearest config file at or above ``directory``."""
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (
                name != "pyproject.toml" or pyproject_has_table(candidate)
            ):
                return candidate
    return None


# --- validation ----------------------------------------------------------------


def parse_layer(data: Mapping[str, object], origin: str, base: Path) -> Layer:
    """Validate one mapping of settings (kebab-case keys, as in the file)."""
    reader = _LayerReader(data, origin)
    reader.reject_unknown_keys()
    return Layer(
        origin=origin,
        base=base,
        select=reader.selectors("select") if "select" in data else None,
        extend_select=reader.selectors("extend-select"),
        ignore=reader.selectors("ignore"),
        severity=MappingProxyType(reader.severities()),
        per_file_ignores=reader.per_file_ignores(),
        rule_options=MappingProxyType(reader.rule_options()),
        document_type=reader.text("document-type"),
        targets=MappingProxyType(reader.targets()),
        exclude=reader.patterns("exclude"),
        fail_on=reader.severity_value("fail-on"),
        rule_packs=tuple(base / p for p in reader.selectors("rule-packs")),
    )


class _LayerReader:
    def __init__(self, data: Mapping[str, object], origin: str) -> None:
        self.data = data
        self.origin = origin

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.origin}: '{key}': {message}")

    def reject_unknown_keys(self) -> None:
        for key in self.data:
            if key not in LAYER_KEYS:
                import difflib  # noqa: PLC0415 (only to hint at a mistake)

                close = difflib.get_close_matches(
                    str(key).replace("_", "-"), LAYER_KEYS, n=1
                )
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise ConfigError(f"{self.origin}: unknown key '{key}'{hint}")

    def selectors(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "expected a list of strings")
        return tuple(value)

    def patterns(self, key: str) -> tuple[str, ...]:
        values = self.selectors(key)
        try:
            globs.check_patterns(values)
        except globs.PatternError as exc:
            raise self.fail(key, str(exc)) from None
        return values

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, str):
            raise self.fail(key, "expected text")
        return value

    def severity_value(self, key: str) -> Severity | None:
        value = self.text(key)
        try:
            return Severity.parse(value) if value is not None else None
        except ValueError as exc:
            raise self.fail(key, str(exc)) from None

    def _mapping(self, key: str) -> Mapping[str, object]:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, "expected a mapping")
        return value

    def severities(self) -> dict[str, Severity]:
        out = {}
        for selector, level in self._mapping("severity").items():
            try:
                out[str(selector)] = Severity.parse(str(level))
            except ValueError as exc:
                raise self.fail("severity", f"{selector}: {exc}") from None
        return out

    def per_file_ignores(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        out = []
        for pattern, value in self._mapping("per-file-ignores").items():
            names = value.split(",") if isinstance(value, str) else value
            if not isinstance(names, list) or not all(
                isinstance(s, str) for s in names
            ):
                raise self.fail("per-file-ignores", f"{pattern}: expected rule names")
            try:
                globs.check_patterns([str(pattern)])
            except globs.PatternError as exc:
                raise self.fail("per-file-ignores", str(exc)) from None
            out.append((str(pattern), tuple(s.strip() for s in names)))
        return tuple(out)

    def rule_options(self) -> dict[str, Mapping[str, object]]:
        out: dict[str, Mapping[str, object]] = {}
        for name, options in self._mapping("rule-options").items():
            if not isinstance(options, dict):
                raise self.fail(
                    "rule-options", f"{name}: expected a mapping of options"
                )
            out[str(name)] = MappingProxyType(dict(options))
        return out

    def targets(self) -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        for doc_type, grade in self._mapping("targets").items():
            if not typenames.is_name(str(doc_type)):
                raise self.fail(
                    "targets",
                    f"{str(doc_type)[:40]!r} is not a document type name "
                    "(lower-case letters, digits and hyphens)",
                )
            if grade is not None and (
                isinstance(grade, bool) or not isinstance(grade, int | float)
            ):
                raise self.fail(
                    "targets", f"{doc_type}: expected a grade number or null"
                )
            out[str(doc_type)] = None if grade is None else float(grade)
        return out
