"""Load and validate YAML rule packs into :class:`~healthlint.rule.Rule` objects.

Every mistake a rule author can make becomes one line naming the file, the line
and the key (``rules/claims.yaml:14: unknown key 'patern' in rule HL101 (did you
mean 'patterns'?)``), so a broken pack is fixed in one edit, not by reading a
traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from healthlint import regexsafety, rulecache
from healthlint.kinds import KINDS, OptionError
from healthlint.lazyregex import lazy
from healthlint.model import Severity
from healthlint.readfile import InputError, read_text
from healthlint.rule import Rule, RuleDocs, Scope, Status

if TYPE_CHECKING:
    import yaml

    from healthlint import safeyaml


class RulePackError(ValueError):
    """One or more problems in rule packs; ``lines`` holds one message each."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = tuple(lines)


_T = TypeVar("_T")


class _RuleFields(TypedDict):
    """The validated common fields of a rule, ready to pass to Rule()."""

    slug: str
    message: str
    since: str
    severity: Severity
    status: Status
    scope: Scope
    kind: str
    aliases: tuple[str, ...]
    suggestion: str | None


class _LinedDict(dict[str, object]):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]


# The largest pack healthlint will read; the shipped ones are under 100 KB.
MAX_PACK_BYTES = 2 * 1024 * 1024


@lru_cache(maxsize=1)
def _pack_loader() -> type[Any]:
    """Safe loading that records the line of every mapping and key.

    Made on first use: a start that finds the rules in the cache (``rulecache``)
    never imports a YAML parser.
    """
    import yaml  # noqa: PLC0415

    from healthlint import safeyaml  # noqa: PLC0415

    class _Loader(safeyaml.FastSafeLoader):
        """Safe loading that records the line of every mapping and key."""

    _Loader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
    )
    return _Loader


def _construct_mapping(
    loader: safeyaml.FastSafeLoader, node: yaml.MappingNode
) -> _LinedDict:
    mapping = _LinedDict(
        {str(k): v for k, v in loader.construct_mapping(node, deep=True).items()}
    )
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    return mapping


PACK_KEYS = frozenset({"pack", "title", "prefix", "rules", "description"})
COMMON_KEYS = frozenset(
    {"code", "slug", "status", "since", "kind", "severity", "scope", "message",
     "suggestion", "docs", "aliases"}
)  # fmt: skip
DOC_KEYS = ("what", "why", "example", "use_instead", "references")
_CODE = lazy(r"^HL\d{3}$")
_SLUG = lazy(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


def builtin_rules_dir() -> Path:
    """Where the shipped packs live: inside the wheel, or ``rules/`` in a checkout.

    The package is a folder of files (the packs are read as paths), so its
    folder is this module's: no ``importlib.resources`` to import at start.
    """
    packaged = Path(__file__).parent / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


@lru_cache(maxsize=1)
def load_builtin_rules() -> tuple[Rule, ...]:
    """The shipped rules, loaded once per process.

    Their patterns are not checked for exponential backtracking here, on every
    start: a test checks every shipped pattern once instead.
    """
    packs = sorted(builtin_rules_dir().glob("*.yaml"))
    cached = rulecache.load(rulecache.path_for(packs))
    if cached is not None:
        return cached
    return load_packs(packs, trusted=True)


def save_builtin_rules() -> None:
    """Keep the shipped rules, compiled, in the user cache (when caching is on)."""
    packs = sorted(builtin_rules_dir().glob("*.yaml"))
    rulecache.save(rulecache.path_for(packs), load_builtin_rules())


def load_packs(paths: Iterable[Path], trusted: bool = False) -> tuple[Rule, ...]:
    """Load several packs; raise one RulePackError listing every problem found.

    Packs that are not ``trusted`` (a user's, a repository's) have every
    pattern checked for exponential backtracking.
    """
    rules: list[Rule] = []
    errors: list[str] = []
    for path in paths:
        try:
            rules.extend(load_pack(path, trusted))
        except RulePackError as exc:
            errors.extend(exc.lines)
    errors.extend(_duplicates(rules))
    if errors:
        raise RulePackError(errors)
    return tuple(sorted(rules, key=lambda r: r.code))


def load_pack(path: Path, trusted: bool = False) -> list[Rule]:
    """Read one YAML pack and validate every rule in it."""
    import yaml  # noqa: PLC0415 (see _pack_loader)

    from healthlint import safeyaml  # noqa: PLC0415

    where = str(path)
    try:
        text = read_text(path, MAX_PACK_BYTES, "rule pack")
        data = safeyaml.load(text, _pack_loader())
    except InputError as exc:
        raise RulePackError([f"{where}: {exc}"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise RulePackError([f"{where}{line}: invalid YAML: {problem}"]) from None
    if not isinstance(data, _LinedDict):
        raise RulePackError([f"{where}:1: a rule pack must be a mapping with 'rules'"])
    return _PackReader(where, data, trusted).read()


class _PackReader:
    """Validates one pack, collecting every error before raising."""

    def __init__(self, where: str, data: _LinedDict, trusted: bool = False) -> None:
        self.where = where
        self.data = data
        self.trusted = trusted
        self.errors: list[str] = []

    def fail(self, line: int, message: str) -> None:
        self.errors.append(f"{self.where}:{line}: {message}")

    def read(self) -> list[Rule]:
        self._unknown_keys(self.data, PACK_KEYS, "the pack")
        pack = self._required_text(self.data, "pack", "the pack")
        prefix = self._required_text(self.data, "prefix", "the pack")
        self._required_text(self.data, "title", "the pack")
        entries = self.data.get("rules")
        if not isinstance(entries, list) or not entries:
            self.fail(self.data.line, "'rules' must be a non-empty list")
            entries = []
        rules = [self._rule(entry, pack, prefix) for entry in entries]
        if self.errors:
            raise RulePackError(self.errors)
        return [r for r in rules if r is not None]

    def _rule(self, entry: object, pack: str, prefix: str) -> Rule | None:
        if not isinstance(entry, _LinedDict):
            self.fail(
                self.data.key_lines.get("rules", 1), "each rule must be a mapping"
            )
            return None
        count = len(self.errors)
        code = self._required_text(entry, "code", "a rule")
        label = f"rule {code}" if code else "a rule"
        kind = KINDS.get(str(entry.get("kind", "")))
        # With the kind unknown, its own keys cannot be judged: report the kind only.
        kind_keys = (
            kind.keys if kind else frozenset().union(*(k.keys for k in KINDS.values()))
        )
        allowed = COMMON_KEYS | kind_keys
        self._unknown_keys(entry, allowed, label)
        self._check_code(entry, code, prefix)
        fields = self._fields(entry, label)
        docs = self._docs(entry, label)
        compiled = self._compile(entry, label)
        if len(self.errors) > count or fields is None or docs is None:
            return None
        options = {k: v for k, v in entry.items() if k not in COMMON_KEYS}
        return Rule(
            code=code, pack=pack, docs=docs, options=MappingProxyType(options),
            origin=f"{self.where}:{entry.line}", compiled=compiled, **fields,
        )  # fmt: skip

    def _check_code(self, entry: _LinedDict, code: str, prefix: str) -> None:
        line = entry.key_lines.get("code", entry.line)
        if code and not _CODE.match(code):
            self.fail(line, f"code '{code}' must be HL and three digits")
        elif code and prefix and not code.startswith(prefix):
            self.fail(line, f"code '{code}' is outside the pack prefix '{prefix}'")

    def _fields(self, entry: _LinedDict, label: str) -> _RuleFields | None:
        slug = self._required_text(entry, "slug", label)
        if slug and not _SLUG.match(slug):
            self.fail(
                entry.key_lines["slug"], f"slug '{slug}' in {label} must be kebab-case"
            )
        message = self._required_text(entry, "message", label)
        since = self._required_text(entry, "since", label)
        severity = self._choice(entry, "severity", label, Severity.parse)
        status = self._choice(entry, "status", label, Status)
        scope = self._choice(entry, "scope", label, Scope)
        kind = self._choice(entry, "kind", label, _kind_name)
        aliases = self._aliases(entry, label)
        suggestion = entry.get("suggestion")
        if suggestion is not None and not isinstance(suggestion, str):
            self.fail(
                entry.key_lines["suggestion"], f"'suggestion' in {label} must be text"
            )
            return None
        if severity is None or status is None or scope is None or kind is None:
            return None
        if aliases is None:
            return None
        return _RuleFields(
            slug=slug, message=message, since=since, severity=severity, status=status,
            scope=scope, kind=kind, aliases=aliases, suggestion=suggestion,
        )  # fmt: skip

    def _aliases(self, entry: _LinedDict, label: str) -> tuple[str, ...] | None:
        aliases = entry.get("aliases", [])
        if isinstance(aliases, list) and all(isinstance(a, str) for a in aliases):
            return tuple(aliases)
        line = entry.key_lines.get("aliases", entry.line)
        self.fail(line, f"'aliases' in {label} must be a list of slugs")
        return None

    def _choice(
        self, entry: _LinedDict, key: str, label: str, convert: Callable[[str], _T]
    ) -> _T | None:
        value = entry.get(key)
        line = entry.key_lines.get(key, entry.line)
        if not isinstance(value, str):
            self.fail(line, f"missing required key '{key}' in {label}")
            return None
        try:
            return convert(value)
        except ValueError as exc:
            text = str(exc)
            message = text if "choose" in text else f"'{value}' is not a valid {key}"
            self.fail(line, f"{message} in {label}")
            return None

    def _docs(self, entry: _LinedDict, label: str) -> RuleDocs | None:
        docs = entry.get("docs")
        if not isinstance(docs, _LinedDict):
            self.fail(
                entry.key_lines.get("docs", entry.line), f"missing 'docs' in {label}"
            )
            return None
        # A missing section is reported at the 'docs:' key, where it belongs.
        docs.line = entry.key_lines.get("docs", docs.line)
        self._unknown_keys(docs, frozenset(DOC_KEYS), f"the docs of {label}")
        texts = {
            k: self._required_text(docs, k, f"the docs of {label}")
            for k in DOC_KEYS[:-1]
        }
        refs = docs.get("references")
        if (
            not isinstance(refs, list)
            or not refs
            or not all(isinstance(r, str) for r in refs)
        ):
            self.fail(
                docs.key_lines.get("references", docs.line),
                f"'references' in the docs of {label} must be a non-empty list",
            )
            return None
        if not all(texts.values()):
            return None
        return RuleDocs(references=tuple(refs), **texts)

    def _compile(self, entry: _LinedDict, label: str) -> object:
        kind = KINDS.get(str(entry.get("kind", "")))
        if kind is None:
            return None
        unsafe = None if self.trusted else regexsafety.unsafe_option(entry)
        if unsafe is not None:
            key, pattern, reason = unsafe
            self.fail(
                entry.key_lines.get(key, entry.line),
                f"pattern {pattern!r} in '{key}' of {label} can take exponential "
                f"time: {reason}",
            )
            return None
        try:
            return kind.compile_options(entry)
        except OptionError as exc:
            self.fail(entry.key_lines.get(exc.key, entry.line), f"{exc} in {label}")
            return None

    def _required_text(self, mapping: _LinedDict, key: str, label: str) -> str:
        value = mapping.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value is None:
            self.fail(mapping.line, f"missing required key '{key}' in {label}")
        else:
            self.fail(
                mapping.key_lines.get(key, mapping.line),
                f"'{key}' in {label} must be text",
            )
        return ""

    def _unknown_keys(
        self, mapping: _LinedDict, allowed: frozenset[str], label: str
    ) -> None:
        for key in mapping:
            if key not in allowed:
                import difflib  # noqa: PLC0415 (only to hint at a mistake)

                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.fail(
                    mapping.key_lines.get(key, mapping.line),
                    f"unknown key '{key}' in {label}{hint}",
                )


def _kind_name(value: str) -> str:
    if value not in KINDS:
        raise ValueError(f"unknown kind '{value}' (choose {', '.join(sorted(KINDS))})")
    return value


def _duplicates(rules: list[Rule]) -> list[str]:
    seen: dict[str, Rule] = {}
    errors = []
    for rule in rules:
        for name in rule.names:
            other = seen.get(name)
            if other is not None and other is not rule:
                also = f"(also in {other.origin})"
                errors.append(f"{rule.origin}: duplicate code or slug '{name}' {also}")
            seen[name] = rule
    return errors


def rules_by_name(rules: Iterable[Rule]) -> Mapping[str, Rule]:
    """Every name (code, slug, alias) to its rule."""
    return {name: rule for rule in rules for name in rule.names}
