"""Run rules over inputs: read, parse, check, position, score.

The one place where files are read. Each input is isolated: whatever goes wrong
with one file becomes that file's ``error`` and the run goes on.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache, partial
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from healthlint import (
    __version__,
    atomic,
    doctype,
    furniture,
    globs,
    hyperscan_scan,
    lazyregex,
    parsers,
    prefilter,
    readability,
    suppress,
    syllables,
    topic,
    typenames,
)
from healthlint.cache import Cache, digest
from healthlint.config import (
    Config,
    ConfigError,
    Layer,
    builtin_layers,
    find_config,
    load_file,
)
from healthlint.discovery import Input
from healthlint.document import Document, Format, Position
from healthlint.fixes import apply_fixes
from healthlint.globs import absolute
from healthlint.kinds import KINDS
from healthlint.kinds._common import warm_patterns
from healthlint.lazyregex import lazy
from healthlint.model import FileReport, Finding, Severity
from healthlint.parsers import parse
from healthlint.readability import DEFAULT_TARGETS
from healthlint.readfile import InputError, bounded, decode, read_limited, read_source
from healthlint.rule import Match, Rule
from healthlint.rulepack import (
    MAX_PACK_BYTES,
    builtin_rules_dir,
    load_builtin_rules,
    load_packs,
    save_builtin_rules,
)
from healthlint.selection import resolve, specificity

DOCS_URL = "docs/rules/{code}.md"
_PLACEHOLDER = lazy(r"\{(\w+)\}")
BOM = b"\xef\xbb\xbf"


class Session:
    """Loaded rules and configuration, resolved lazily per config file and type.

    Resolution is cached, so a run over thousands of files under one config file
    selects rules once per document type.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.command_line = config.command_line_layer()
        self._settings: dict[Path | None, FileSettings] = {}
        self._config_by_folder: dict[Path, Path | None] = {}
        self.cache = Cache.open(config.cache_dir) if config.cache_dir else None
        if self.cache is not None:  # kept only where the user allows a cache
            self.cache.prune_if_due()
            save_builtin_rules()
            hyperscan_scan.allow_saving()
            if config.readability:
                syllables.save_table()
        self.root = self.settings_for(None)
        self.rules = self.root.rules_for("default")

    def warm(self) -> None:
        """Load now what linting loads on first use: tables, scans, patterns.

        Called before worker processes fork, so that each starts with them in
        memory instead of loading them again.
        """
        if self.config.readability:
            syllables.warm()
        for settings in list(self._settings.values()):
            for rules in list(settings._by_type.values()):
                for rule in rules:
                    warm_patterns(rule.compiled)
        prefilter.REGISTRY.scanner.warm()
        prefilter.CUES.scanner.warm()
        parsers.warm()
        lazyregex.warm()

    def settings_for(self, path: Path | None) -> FileSettings:
        """Settings for a file, from the config file nearest to it."""
        source = self._config_file(path)
        settings = self._settings.get(source)
        if settings is None:
            layers = load_file(source) if source is not None else ()
            settings = FileSettings(self, layers)
            self._settings[source] = settings
        return settings

    def _config_file(self, path: Path | None) -> Path | None:
        if self.config.config_file is not None:
            return self.config.config_file.resolve()
        if not self.config.discover:
            return None
        folder = absolute(path).parent if path is not None else Path.cwd()
        if folder not in self._config_by_folder:  # one search per folder per run
            self._config_by_folder[folder] = find_config(folder)
        return self._config_by_folder[folder]

    def excluded(self, item: Input) -> bool:
        """True when a config's ``exclude`` matches the file, even when named."""
        if item.path is None or item.error is not None:
            return False
        return self.settings_for(item.path).excluded(item.path)

    def fail_on_for(self, settings: FileSettings) -> Severity:
        """The command line's --fail-on, else the file's config, else error."""
        for layer in (self.command_line, *reversed(settings.file_layers)):
            if layer.fail_on is not None:
                return layer.fail_on
        return Severity.ERROR

    @property
    def fail_on(self) -> Severity:
        """The level for files no config file governs."""
        return self.fail_on_for(self.root)


class TypeChoice(NamedTuple):
    """A document's type, who chose it, and the cues when it was detected."""

    name: str
    source: str
    evidence: tuple[str, ...] = ()


class FileSettings:
    """Everything one config file (with its extends chain) decides."""

    def __init__(self, session: Session, file_layers: tuple[Layer, ...]) -> None:
        self.session = session
        self.file_layers = file_layers
        self._pack_paths = tuple(
            p
            for layer in (*file_layers, session.command_line)
            for p in layer.rule_packs
        )
        self.all_rules = _rules_with_packs(self._pack_paths)
        self._by_type: dict[str, tuple[Rule, ...]] = {}
        self.configured_types = frozenset(
            name
            for layer in (*file_layers, session.command_line)
            for name in layer.targets
        )
        # Check and resolve now, so a config mistake is reported before any output.
        self._check_document_types()
        self.rules_for("default")

    def _check_document_types(self) -> None:
        for layer in (*self.file_layers, self.session.command_line):
            if layer.document_type is not None:
                try:
                    typenames.check_type(layer.document_type, self.configured_types)
                except typenames.UnknownTypeError as exc:
                    where = (
                        "--document-type"
                        if layer is self.session.command_line
                        else (f"{layer.origin}: 'document-type'")
                    )
                    raise ConfigError(f"{where}: {exc}") from None

    @cached_property
    def fingerprint(self) -> str:
        """Everything that decides this file's results, hashed for the cache."""
        config = self.session.config
        packs = [
            read_limited(p, MAX_PACK_BYTES)
            for p in sorted(_pack_files(self._pack_paths))
        ]
        return digest(
            __version__,
            _builtin_digest(),
            repr(self.file_layers),
            repr(self.session.command_line),
            repr((config.profile, config.readability)),
            *packs,
        )

    def layers_for(self, doc_type: str) -> tuple[Layer, ...]:
        """Default profile, type profile, config file chain, command line."""
        builtin = builtin_layers(doc_type, self.session.config.profile)
        return (*builtin, *self.file_layers, self.session.command_line)

    def rules_for(self, doc_type: str) -> tuple[Rule, ...]:
        """The selected rules for a document type, resolved once."""
        rules = self._by_type.get(doc_type)
        if rules is None:
            rules = resolve(self.all_rules, self.layers_for(doc_type))
            self._by_type[doc_type] = rules
        return rules

    def document_type(self, doc: Document) -> TypeChoice:
        """Front matter ``type:``, the command line, config files, else detected.

        Detection runs only when nobody named a type; ``document-type: default``
        in a config file (or on the command line) turns it off. A front matter
        type that is not a known name is passed over here; the engine reports it
        as the file's error (see ``type_problem``).
        """
        declared = self.declared_type(doc.meta)
        if declared is not None:
            return declared
        detected = doctype.detect(doc)
        source = "detected" if detected.type != doctype.DEFAULT else "default"
        return TypeChoice(detected.type, source, detected.evidence)

    def declared_type(self, meta: Mapping[str, object]) -> TypeChoice | None:
        """The type front matter, the command line or a config file names."""
        declared = meta.get("type")
        usable = self.type_problem(meta) is None and isinstance(declared, str)
        if usable and str(declared).strip():
            name = typenames.check_type(declared, self.configured_types)
            return TypeChoice(name, "front matter")
        for layer in (self.session.command_line, *reversed(self.file_layers)):
            if layer.document_type:
                return TypeChoice(layer.document_type, layer.origin)
        return None

    def type_problem(self, meta: Mapping[str, object]) -> str | None:
        """Why front matter ``type:`` cannot be used, or None when it can."""
        declared = meta.get("type")
        if declared is None or (isinstance(declared, str) and not declared.strip()):
            return None
        try:
            typenames.check_type(declared, self.configured_types)
        except typenames.UnknownTypeError as exc:
            return f"front matter 'type': {exc}"
        return None

    def target(self, doc_type: str) -> float | None:
        """The readability grade target for a type; later layers win."""
        targets: dict[str, float | None] = dict(DEFAULT_TARGETS)
        for layer in self.layers_for(doc_type):
            targets.update(layer.targets)
        return targets.get(doc_type, targets.get("default"))

    def ignored(self, path: str) -> tuple[str, ...]:
        """Selectors that per-file-ignores turn off for this path."""
        out: list[str] = []
        for layer in self.file_layers:
            for pattern, selectors in layer.per_file_ignores:
                if globs.matches(path, layer.base, (pattern,)):
                    out.extend(selectors)
        return tuple(out)

    def excluded(self, path: Path) -> bool:
        """True when an ``exclude`` pattern of a config layer matches the path."""
        layers = (*self.file_layers, self.session.command_line)
        return any(globs.matches(path, layer.base, layer.exclude) for layer in layers)


@lru_cache(maxsize=1)
def _builtin_digest() -> str:
    """One hash of every shipped pack and profile, computed once per process."""
    root = builtin_rules_dir()
    files = sorted(root.rglob("*.yaml"))
    return digest(
        *(str(f.relative_to(root)) for f in files), *(f.read_bytes() for f in files)
    )


@lru_cache(maxsize=16)
def _rules_with_packs(packs: tuple[Path, ...]) -> tuple[Rule, ...]:
    builtin = load_builtin_rules()
    if not packs:
        return builtin
    return tuple(
        sorted(load_packs(sorted(_pack_files(packs))) + builtin, key=lambda r: r.code)
    )


def build_session(config: Config | None = None) -> Session:
    """Load rules and resolve the command-line selection.

    Raises RulePackError, SelectionError or ConfigError: configuration errors the
    caller reports before any file is read.
    """
    return Session(config or Config())


def _pack_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        yield from (sorted(path.glob("*.yaml")) if path.is_dir() else [path])


def lint_input(item: Input, session: Session, stdin: Callable[[], bytes]) -> FileReport:
    """Lint one discovered input; whatever goes wrong becomes that file's error.

    Errors are caught per input, never per run: an input nobody foresaw (a
    parser's assertion, a recursion limit) costs its own report and nothing
    else, so the other files' results and the report's format survive it.
    """
    try:
        return _lint_input(item, session, stdin)
    except Exception as exc:  # one bad file must never end the run
        return FileReport(item.display, item.format.value, error=unexpected(exc))


def unexpected(exc: BaseException) -> str:
    """One line for a failure nobody foresaw, with enough detail to report it."""
    detail = " ".join(str(exc).split())[:200]
    name = type(exc).__name__
    return (
        f"could not lint this file ({name}{': ' + detail if detail else ''}); "
        "this is a bug in healthlint, please report it"
    )


def _lint_input(
    item: Input, session: Session, stdin: Callable[[], bytes]
) -> FileReport:
    if item.error is not None:
        return FileReport(item.display, item.format.value, error=item.error)
    try:
        if item.path is None:
            source = decode(bounded(stdin(), session.config.max_file_size))
        else:
            source = read_source(item.path, session.config.max_file_size)
    except InputError as exc:
        return FileReport(item.display, item.format.value, error=str(exc))
    if session.cache is None or item.path is None:
        report = lint_source(item.display, source, item.format, session, item.path)
    else:
        report = _cached(item, source, session, session.cache)
    return replace(report, source=source)


def _cached(item: Input, source: str, session: Session, store: Cache) -> FileReport:
    """Reuse the stored report of an unchanged file under unchanged settings."""
    assert item.path is not None  # noqa: S101 (stdin is never cached)
    fingerprint = session.settings_for(item.path).fingerprint
    key = digest(fingerprint, item.display, item.format.value, source)
    report = store.get(key)
    if report is None:
        report = lint_source(item.display, source, item.format, session, item.path)
        store.put(key, report)
    return report


def lint_source(
    path: str, source: str, fmt: Format, session: Session, disk_path: Path | None = None
) -> FileReport:
    """Parse and lint text that has already been read."""
    if not source.strip():
        return FileReport(path, fmt.value, notices=("empty file, nothing to lint",))
    doc = parse(path, source, fmt)
    return lint_document(doc, session, disk_path)


def lint_document(
    doc: Document, session: Session, disk_path: Path | None = None
) -> FileReport:
    """Run the rules this file's settings select and score its readability."""
    settings = session.settings_for(disk_path)
    choice = settings.document_type(doc)
    doc_type = choice.name
    type_problem = settings.type_problem(doc.meta)
    rules = _without(settings.rules_for(doc_type), settings.ignored(doc.path))
    score = None
    if session.config.readability or any(r.kind == "grade" for r in rules):
        score = readability.score(doc, settings.target(doc_type))
    # Kinds are pure functions of (rule, document): they learn the resolved type,
    # the readability score and the page furniture from the document itself.
    extra = {
        "type": doc_type,
        "readability": score,
        "furniture": furniture.find(doc, doc_type),
        "topics": topic.topics_of(doc),
    }
    doc = _with_meta(doc, extra)
    matches = [m for rule in rules for m in KINDS[rule.kind].check(rule, doc)]
    findings = _suppressed(doc, [to_finding(doc, m) for m in matches], rules, settings)
    problems = [*doc.warnings, type_problem]
    error = "; ".join(p for p in problems if p) or None
    return FileReport(
        doc.path,
        doc.format.value,
        findings,
        score if session.config.readability else None,
        error,
        doc_type,
        fail_on=session.fail_on_for(settings),
        type_source=choice.source,
        type_evidence=choice.evidence,
    )


def _with_meta(doc: Document, extra: Mapping[str, object]) -> Document:
    """The document with more meta; its text's lower case and scan carried over."""
    richer = replace(doc, meta=MappingProxyType({**doc.meta, **extra}))
    if "folded" in doc.__dict__:
        richer.__dict__["folded"] = doc.__dict__["folded"]
    prefilter.carry(doc.__dict__, richer.__dict__)
    return richer


def _suppressed(
    doc: Document,
    findings: list[Finding],
    rules: tuple[Rule, ...],
    settings: FileSettings,
) -> tuple[Finding, ...]:
    """Apply inline directives; add findings for unused and malformed ones."""
    directives = suppress.find_directives(doc, settings.all_rules)
    if not directives:
        return tuple(sorted(findings))
    kept, unused = suppress.apply(findings, directives, rules)
    active = {r.code: r for r in rules}
    kept += [
        directive_finding(doc.path, d, active[code], problem)
        for code, d, problem in suppress.reports(directives, unused, rules)
        if code in active
    ]
    return tuple(sorted(kept))


def directive_finding(
    path: str, directive: suppress.Directive, rule: Rule, problem: str
) -> Finding:
    """A finding placed on the directive comment itself."""
    start = Position(directive.line, directive.column)
    end = Position(directive.end_line, directive.end_column)
    values = {"match": directive.text, "problem": problem}
    return _finding(rule, _Place(path, start, end, directive.text), values)


def _without(rules: tuple[Rule, ...], selectors: tuple[str, ...]) -> tuple[Rule, ...]:
    if not selectors:
        return rules
    return tuple(r for r in rules if not any(specificity(s, r) for s in selectors))


def to_finding(doc: Document, match: Match) -> Finding:
    """Position a match in the source file and render its message."""
    start = doc.position(match.span.start)
    end = doc.end_position(match.span.end)
    values = {"match": match.text, **match.fields}
    return _finding(match.rule, _Place(doc.path, start, end, match.text), values, match)


class _Place(NamedTuple):
    """Where a finding is: the file, its source range and the text there."""

    path: str
    start: Position
    end: Position
    text: str


def _finding(
    rule: Rule, place: _Place, values: Mapping[str, str], match: Match | None = None
) -> Finding:
    """The one place a Finding is assembled, so every finding reads alike."""
    return Finding(
        path=place.path,
        line=place.start.line,
        column=place.start.column,
        end_line=place.end.line,
        end_column=place.end.column,
        code=rule.code,
        rule=rule.slug,
        severity=rule.severity,
        message=render(rule.message, values),
        suggestion=(match.suggestion if match else None) or rule.suggestion,
        docs_url=DOCS_URL.format(code=rule.code),
        text=place.text,
        fix=match.fix if match else None,
    )


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{name}`` placeholders; unknown ones are left as written.

    A message is one line whatever the matched text holds (a link across
    paragraphs, line ends), since every output format prints it on one.
    """
    filled = _PLACEHOLDER.sub(
        lambda m: " ".join(values.get(m.group(1), m.group(0)).split()), template
    )
    return " ".join(filled.split())


@dataclass(frozen=True)
class FixResult:
    """What ``fix`` found for one input: the text before and after, or an error."""

    path: str
    before: str = ""
    after: str = ""
    applied: int = 0
    error: str | None = None
    bom: bool = False
    raw: bytes = b""  # the bytes read, to check the file is unchanged before writing


def fix_input(item: Input, session: Session) -> FixResult:
    """Lint one file and apply its safe fixes in memory; nothing is written here."""
    try:
        return _fix_input(item, session)
    except Exception as exc:  # one bad file must never end the run
        return FixResult(item.display, error=unexpected(exc))


def _fix_input(item: Input, session: Session) -> FixResult:
    if item.error is not None or item.path is None:
        return FixResult(item.display, error=item.error or "fix needs files, not stdin")
    try:
        raw = read_limited(item.path, session.config.max_file_size)
        source = decode(raw)
    except InputError as exc:
        return FixResult(item.display, error=str(exc))
    report = lint_source(item.display, source, item.format, session, item.path)
    after, applied = apply_fixes(source, report.findings)
    return FixResult(
        item.display, source, after, applied, bom=raw.startswith(BOM), raw=raw
    )


class WriteRefused(Exception):
    """A fixed file that was not written, and why; one line for the user."""


def write_fixed(path: Path, result: FixResult) -> None:
    """Write a file's fixes back, or raise WriteRefused saying why it was left alone.

    The file is written only if it still holds exactly the bytes that were
    read (an editor may have saved it meanwhile), through a symlink to the
    file it points at (the link stays a link), never when it has other hard
    links (a new file would split them) or is read-only, and with its
    permissions kept.
    """
    target = Path(os.path.realpath(path))
    try:
        info = target.stat()
    except OSError as exc:
        raise WriteRefused(f"cannot write: {exc.strerror or exc}") from None
    if info.st_nlink > 1:
        raise WriteRefused(
            f"has {info.st_nlink} hard links, which a rewrite would separate; "
            "apply the fixes by hand (see --diff)"
        )
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteRefused("is read-only; make it writable to fix it")
    try:
        current: bytes | None = read_limited(target, len(result.raw))
    except InputError:
        current = None  # larger than it was, or unreadable: changed either way
    if current != result.raw:
        raise WriteRefused("changed since it was read; run fix again")
    try:
        write_atomically(target, result.after, result.bom)
    except OSError as exc:
        raise WriteRefused(f"cannot write: {exc.strerror or exc}") from None


def write_atomically(path: Path, text: str, bom: bool) -> None:
    """Replace a file's content in one step, keeping its permissions and BOM."""
    data = (BOM if bom else b"") + text.encode("utf-8")
    import shutil  # noqa: PLC0415 (only when fixing files)

    keep_mode = partial(shutil.copymode, path)
    with atomic.replacing(path, suffix=".tmp", before_rename=keep_mode) as out:
        out.write(data)
