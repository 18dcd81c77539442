"""YAML that a repository commits, loaded with limits.

Config files, rule packs and front matter come from the repository under
review, so a pull request controls them. Safe loading alone stops code from
running but not a 400-byte file from costing gigabytes: nested aliases (a
"billion laughs") expand when anything walks the data, deep nesting exhausts
the recursion limit, and values such as a 5,000-digit integer or the date
2024-02-30 raise errors that are not YAML errors. Here every limit is checked
before it can bite, and each violation is a ``yaml.YAMLError`` with the line
where it happens, so callers report it like any other YAML mistake.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 50  # nesting of mappings and sequences
MAX_NODES = 100_000  # values after every alias is expanded
MAX_INT_DIGITS = 100


class LimitError(yaml.YAMLError):
    """YAML that is well formed but over a limit; carries a ``problem_mark``."""

    def __init__(self, problem: str, mark: object) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class SafeLoader(yaml.SafeLoader):
    """Safe loading where dates stay text and integers stay short.

    Nothing healthlint reads needs a date object (front matter ``date:`` is
    shown, not computed with), and text cannot be out of range. The pure-Python
    loader points its errors at the line a person would fix.
    """


# libyaml's loader, where installed, is several times faster and keeps node marks.
_CLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FastSafeLoader(_CLoader):  # type: ignore[misc]
    """The same limits on libyaml's loader, for the large shipped rule packs."""


def _text(loader: yaml.SafeLoader, node: ScalarNode) -> str:
    return str(loader.construct_scalar(node))


def _integer(loader: yaml.SafeLoader, node: ScalarNode) -> int:
    digits = sum(ch.isdigit() for ch in str(node.value))
    if digits > MAX_INT_DIGITS:
        raise ConstructorError(
            None, None, f"a number with {digits} digits is too long", node.start_mark
        )
    return int(loader.construct_yaml_int(node))


for _loader in (SafeLoader, FastSafeLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _text)
    _loader.add_constructor("tag:yaml.org,2002:int", _integer)


def load(text: str, loader: type[Any] = SafeLoader) -> object:
    """Parse one YAML document within the limits; raise yaml.YAMLError if not."""
    _check_depth(text, loader)
    instance = loader(text)
    try:
        node = instance.get_single_node()
        if node is None:
            return None
        _check_expansion(node)
        return instance.construct_document(node)
    finally:
        instance.dispose()


def _check_depth(text: str, loader: type[Any]) -> None:
    """Walk the events (iteratively) and refuse nesting deeper than MAX_DEPTH."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise LimitError(
                    f"nested more than {MAX_DEPTH} levels deep", event.start_mark
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_expansion(root: Node) -> None:
    """Count the values the data holds once aliases are expanded, without expanding.

    An alias is the same node object as its anchor, so sizes are memoised by
    identity: the count costs one visit per distinct node, however large the
    expansion it measures.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in _children(node))
            if sizes[key] > MAX_NODES:
                raise LimitError(
                    f"expands to more than {MAX_NODES} values (aliases nested "
                    "inside aliases)",
                    node.start_mark,
                )
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise LimitError("an alias refers to itself", node.start_mark)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)
