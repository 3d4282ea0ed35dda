"""YAML read as a node tree so every value keeps its line: the base of our file:line errors.

Probe maps and baselines are written by people (or edited by them in a pull request), so a
mistake must point at the line. Composing instead of loading keeps `yaml.Node` marks, and
keys are read as their source text (YAML 1.1 would turn the language code `no` into False).
`yamlblock` composes the shapes maps are written in without importing PyYAML; anything else,
and every syntax error, is PyYAML's (its C loader when it has it: suites hold thousands of
probes). The reader takes either tree: their nodes share names and fields.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, NoReturn, cast

from pytest_refusal.refusalmap import yamlblock, yamlscalar

if TYPE_CHECKING:
    from typing import TypeAlias

    import yaml
    from yaml.constructor import SafeConstructor

    # A node of either tree: PyYAML's, or yamlblock's of the same shape.
    Node: TypeAlias = yaml.Node | yamlscalar.Node

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"


class FileFormatError(ValueError):
    """A file the plugin reads is malformed; the message reads `path:line: what, valid, fix`."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


def compose(data: bytes, path: str, error: type[FileFormatError]) -> Node | None:
    """Decode UTF-8 and compose one YAML document (None when empty), raising `error` with a line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(
            path, line, f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8"
        ) from None
    root = yamlblock.compose(text)
    if root is not None:
        return root
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        raise error(path, *_syntax(exc)) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise error(path, line, f"invalid YAML: {exc.reason} (character {exc.character!r}); remove it") from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise error(path, None, f"invalid YAML: {exc}") from None


def _syntax(exc: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """The line the parser stopped at, and where the construct it was reading started."""
    mark, start = exc.problem_mark or exc.context_mark, exc.context_mark
    line = mark.line + 1 if mark else None
    problem = " ".join(p for p in (exc.context, exc.problem) if p)
    if start is not None and line is not None and start.line + 1 != line:
        problem += f" (it started at line {start.line + 1})"
    return line, f"invalid YAML: {problem}; fix the syntax near this line"


def suggest(value: str, options: Iterable[str]) -> str:
    """`"; did you mean 'x'?"` for the closest option, or an empty string."""
    close = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class NodeReader:
    """Reads expected shapes from a node tree; anything else raises `error` at the node's line."""

    def __init__(self, path: str, error: type[FileFormatError]) -> None:
        self.path = path
        self.error = error
        self._constructor: SafeConstructor | None = None  # PyYAML's, for its own trees' numbers and merge keys
        self._key_lines: dict[int, int] = {}

    def line(self, node: object) -> int:
        """The line of the key that holds `node`, else the node's own line (1-based)."""
        if id(node) in self._key_lines:
            return self._key_lines[id(node)]
        mark = getattr(node, "start_mark", None)
        return int(mark.line) + 1 if mark is not None else 0

    def fail(self, node: object, message: str) -> NoReturn:
        raise self.error(self.path, self.line(node) or None, message)

    def is_mapping(self, node: Node) -> bool:
        return type(node).__name__ == "MappingNode"

    def entries(self, node: Node, what: str) -> dict[str, Node]:
        """A mapping's entries by key text; duplicate and non-text keys are errors."""
        if type(node).__name__ != "MappingNode":
            self.fail(node, f"{what} must be a mapping of `name: value` entries, not {_shape(node)}")
        seen: dict[str, int] = {}  # each key's line
        result: dict[str, Node] = {}
        for key, value in _pairs(node):
            if key.tag == _MERGE:
                return self._merged(node, what)
            text = self._key(key, what)
            if text in seen:
                self.fail(key, f"duplicate key {text!r} in {what} (first at line {seen[text]}); keep one")
            seen[text] = self.line(key)
            result[text] = value
        lines = self._key_lines
        for (key, value), line in zip(_pairs(node), seen.values(), strict=True):
            lines.setdefault(id(value), lines.get(id(key), line))  # `line(key)` now: a key may be a value (alias)
        return result

    def _merged(self, node: Node, what: str) -> dict[str, Node]:
        """`entries` of a mapping with `<<: *anchor` merge keys: checked as written, then merged."""
        seen: dict[str, int] = {}
        for key, _ in _pairs(node):
            if key.tag == _MERGE:
                continue
            text = self._key(key, what)
            if text in seen:
                self.fail(key, f"duplicate key {text!r} in {what} (first at line {seen[text]}); keep one")
            seen[text] = self.line(key)
        self._flatten(node, what)
        result: dict[str, Node] = {}
        for key, value in _pairs(node):
            result[self._key(key, what)] = value
            self._key_lines.setdefault(id(value), self.line(key))
        return result

    def mapping(self, node: Node, what: str, allowed: Collection[str], required: Iterable[str] = ()) -> dict[str, Node]:
        """Entries restricted to `allowed` keys, each `required` key present."""
        result = self.entries(node, what)
        for key, value in result.items():
            if key not in allowed:
                self.fail(
                    value,
                    f"unknown key {key!r} in {what}{suggest(key, allowed)}; valid keys: {', '.join(sorted(allowed))}",
                )
        for key in required:
            if key not in result:
                self.fail(node, f"{what} is missing `{key}`; valid keys: {', '.join(sorted(allowed))}")
        return result

    def sequence(self, node: Node, what: str) -> list[Node]:
        if type(node).__name__ != "SequenceNode":
            self.fail(node, f"{what} must be a list (`- item` lines), not {_shape(node)}")
        return list(cast("list[Node]", node.value))

    def text(self, node: Node, what: str, *, allow_empty: bool = False) -> str:
        """A scalar's source text; null is an error unless `allow_empty` (then "")."""
        if type(node).__name__ != "ScalarNode":
            self.fail(node, f"{what} must be text, not {_shape(node)}")
        if node.tag == _NULL and not getattr(node, "style", None):  # plain: None in PyYAML, "" from libyaml
            if allow_empty:
                return ""
            self.fail(node, f"{what} is empty; give a value")
        return str(node.value)

    def number(self, node: Node, what: str, *, low: float, high: float) -> float:
        """A finite number in low..high (integers accepted)."""
        value = self._scalar(node, (_INT, _FLOAT))
        if value is None or not math.isfinite(value) or not low <= value <= high:
            self.fail(node, f"{what} must be a number from {low:g} to {high:g}, not {_source(node)}")
        return float(value)

    def count(self, node: Node, what: str, *, minimum: int = 1) -> int:
        """A whole number of at least `minimum` (by default a positive one)."""
        value = self._scalar(node, (_INT,))
        if value is None or value < minimum:
            first = "0, 1, 2" if minimum == 0 else "1, 2"
            self.fail(node, f"{what} must be a whole number ({first}, ...), not {_source(node)}")
        return int(value)

    def _scalar(self, node: Node, tags: tuple[str, ...]) -> float | None:
        if type(node).__name__ != "ScalarNode" or node.tag not in tags:
            return None
        if isinstance(node, yamlscalar.ScalarNode):  # a plain decimal form: what the safe constructor gives
            return int(node.value) if node.tag == _INT else float(node.value)
        import yaml

        try:
            value = self._safe().construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            return None
        return value if isinstance(value, (int, float)) else None

    def _safe(self) -> SafeConstructor:
        if self._constructor is None:
            import yaml

            self._constructor = yaml.constructor.SafeConstructor()
        return self._constructor

    def _key(self, key: Node, what: str) -> str:
        if type(key).__name__ != "ScalarNode" or key.tag == _NULL and not key.value:
            self.fail(key, f"keys of {what} must be plain names, not {_shape(key)}")
        return str(key.value)

    def _flatten(self, node: Node, what: str) -> None:
        """Apply `<<: *anchor` merge keys, as the safe loader would (only PyYAML's trees hold them)."""
        import yaml

        assert isinstance(node, yaml.MappingNode), "yamlblock leaves merge keys to PyYAML"
        try:
            self._safe().flatten_mapping(node)
        except yaml.YAMLError as exc:
            self.fail(node, f"invalid merge key `<<` in {what}: {exc}")


def _pairs(node: Node) -> list[tuple[Node, Node]]:
    """A mapping node's (key, value) pairs, in either tree."""
    return cast("list[tuple[Node, Node]]", node.value)


def _shape(node: object) -> str:
    kind = type(node).__name__
    if kind == "ScalarNode":
        return f"the value {_source(node)}"
    return {"MappingNode": "a mapping", "SequenceNode": "a list"}.get(kind, "empty")


def _source(node: object) -> str:
    value = getattr(node, "value", None)
    if isinstance(value, str):
        return repr(value[:40]) if value else "an empty value"
    return _shape(node)
