"""Composing a probe map's YAML without PyYAML: the shapes people write, as the nodes PyYAML gives.

Importing PyYAML costs a map run about 9 ms (its reader and resolver compile regexes), and a
replay needs it for nothing else. Maps are narrow: block mappings and sequences, plain, single-
and double-quoted scalars on one line, flow mappings and lists on one line, comments.
`compose` reads that and nothing else, into nodes with PyYAML's names and fields (`yamlscalar`:
`tag`, `value`, `style`, `start_mark.line`), so `yamlnodes.NodeReader` reads either tree alike.

Whatever it does not recognise with certainty (anchors, aliases, tags, merge keys, block
scalars, scalars over several lines, explicit keys, document markers, tabs, numbers beyond the
plain decimal forms, plain scalars that readers resolve differently) makes it return None, and
the caller composes the text with PyYAML, which also reports every syntax error.
"""

from __future__ import annotations

from pytest_refusal.cassette.yamlquoted import Unsure
from pytest_refusal.refusalmap.yamlscalar import (
    NULL,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    closing,
    plain,
    quoted,
)

__all__ = ["compose"]

# Control characters (the tab and the carriage return too; all but "\n"): as bytes, so one C pass finds them.
_CONTROL_BYTES = bytes([*range(0x0A), *range(0x0B, 0x20), 0x7F])
# Beyond ASCII: the C1 controls (NEL, a line break, among them), LS and PS (line breaks), the BOM, two
# non-characters. No regex: compiling one costs more than reading a map.
_WIDE_UNSURE = "".join(map(chr, range(0x80, 0xA0))) + "\u2028\u2029\ufeff\ufffe\uffff"
# Characters that cannot start a plain scalar here ("-", "?" and ":" could, before a non-space; "." may be a float).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`.")
# Where a plain scalar in a flow collection may end, or mean something this reader leaves to PyYAML.
_FLOW_STOPS = frozenset(",[]{}#:?")
_LONGEST_KEY = 1000  # libyaml requires a simple key within 1,024 characters


def compose(text: str) -> Node | None:
    """The document's root node as PyYAML composes it, or None when unsure (or empty)."""
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        return None  # a lone surrogate
    if len(raw.translate(None, _CONTROL_BYTES)) != len(raw):
        return None
    if not text.isascii() and any(character in text for character in _WIDE_UNSURE):
        return None
    lines = text.split("\n")
    try:
        reader = _Reader(lines)
        at = reader.next(0)
        if at == len(lines) or reader.indent(at) != 0:
            return None
        content = reader.contents[at]
        if content[:3] in ("---", "...") or content[0] == "%":
            return None
        root, at = reader.block(at, 0)
        if reader.next(at) != len(lines):
            return None
        return root
    except (Unsure, RecursionError, IndexError):
        return None


def _only_comment(rest: str) -> bool:
    """Whether what follows a node on its line is nothing, or spaces and a comment."""
    stripped = rest.lstrip(" ")
    return not stripped or (stripped[0] == "#" and len(stripped) < len(rest))


class _Reader:
    """The document's lines, each also without its indentation; every method takes and returns a line index."""

    __slots__ = ("contents", "lines")

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.contents = [line.lstrip(" ") for line in lines]

    def indent(self, at: int) -> int:
        return len(self.lines[at]) - len(self.contents[at])

    def next(self, at: int) -> int:
        """The first line from `at` with content that is not a comment (len(lines) at the end)."""
        contents = self.contents
        while at < len(contents):
            content = contents[at]
            if content and content[0] != "#":
                return at
            at += 1
        return at

    def block(self, at: int, column: int) -> tuple[Node, int]:
        """The block sequence or mapping whose first line is `at`, indented by `column`."""
        content = self.contents[at]
        if content[:2] == "- " or content == "-":
            return self.sequence(at, column)
        return self.mapping(at, column, content)

    def mapping(self, at: int, column: int, content: str) -> tuple[MappingNode, int]:
        """A block mapping whose keys stand at `column`; `content` is its first line from there."""
        pairs: list[tuple[ScalarNode, Node]] = []
        node = MappingNode(pairs, at)
        while True:
            key, rest = self._key(content, at)
            value, at = self._value(rest, at, column)
            pairs.append((key, value))
            at = self.next(at)
            if at == len(self.lines):
                return node, at
            indent = self.indent(at)
            if indent < column:
                return node, at
            content = self.contents[at]
            if indent > column or content[:2] == "- " or content == "-":
                raise Unsure

    def _key(self, content: str, at: int) -> tuple[ScalarNode, str]:
        """A simple key at the start of `content`, and what follows its ":" (from the space after it)."""
        first = content[0]
        if first == "'" or first == '"':
            key, end = quoted(content, 0, at)
            if content[end : end + 1] != ":":
                raise Unsure
            rest = content[end + 1 :]
            if rest and rest[0] != " ":
                raise Unsure
        else:
            if first in _INDICATORS:
                raise Unsure
            text, separator, _ = content.partition(": ")
            if not separator:
                if content[-1] != ":":
                    raise Unsure
                text = content[:-1]
            rest = content[len(text) + 1 :]
            if " #" in text or text[-1] == " " or text[-1] == ":":
                raise Unsure
            key, end = plain(text, at), len(text)
        if end > _LONGEST_KEY:
            raise Unsure
        return key, rest

    def _value(self, rest: str, at: int, column: int) -> tuple[Node, int]:
        """The value of a key at `column` on line `at`, `rest` being what follows its ":"."""
        stripped = rest.lstrip(" ")
        if not stripped or stripped[0] == "#":
            if stripped and len(stripped) == len(rest):
                raise Unsure  # "#" right after ":"
            below = self.next(at + 1)
            if below < len(self.lines):
                indent, content = self.indent(below), self.contents[below]
                entry = content[:2] == "- " or content == "-"
                if indent > column or (indent == column and entry):
                    return self.block(below, indent)
            return ScalarNode(NULL, "", at), at + 1
        return self._inline(stripped, at), at + 1

    def _inline(self, content: str, at: int) -> Node:
        """A node written whole on the rest of line `at` (a scalar, or a flow collection), comments after it dropped."""
        first = content[0]
        node: Node
        if first == "'" or first == '"':
            node, end = quoted(content, 0, at)
        elif first == "{" or first == "[":
            node, end = _Flow(content, at).collection(0)
        else:
            if first in _INDICATORS:
                raise Unsure
            comment = content.find(" #")
            text = (content if comment == -1 else content[:comment]).rstrip(" ")
            if ": " in text or text[-1] == ":":
                raise Unsure
            return plain(text, at)
        if not _only_comment(content[end:]):
            raise Unsure
        return node

    def sequence(self, at: int, column: int) -> tuple[SequenceNode, int]:
        """A block sequence whose "-" stand at `column`, from line `at`."""
        items: list[Node] = []
        node = SequenceNode(items, at)
        while True:
            content = self.contents[at]
            item = content[1:].lstrip(" ")
            if not item or item[0] == "#":
                below = self.next(at + 1)
                if below < len(self.lines) and self.indent(below) > column:
                    value, at = self.block(below, self.indent(below))
                    items.append(value)
                else:
                    items.append(ScalarNode(NULL, "", at))
                    at += 1
            elif item[:2] == "- " or item == "-":
                raise Unsure  # a list in a list on one line
            elif self._is_entry(item):
                inner = column + len(content) - len(item)
                value, at = self.mapping(at, inner, item)
                items.append(value)
            else:
                items.append(self._inline(item, at))
                at += 1
            at = self.next(at)
            if at == len(self.lines):
                return node, at
            indent = self.indent(at)
            content = self.contents[at]
            if indent < column or (indent == column and content[:2] != "- " and content != "-"):
                return node, at  # at the same column: the mapping this list is the value of goes on
            if indent > column:
                raise Unsure

    @staticmethod
    def _is_entry(item: str) -> bool:
        """Whether a sequence item starts a mapping (`- key: value`)."""
        first = item[0]
        if first == "{" or first == "[":
            return False  # a flow collection (one followed by ": " is left to PyYAML by `_inline`)
        if first == "'" or first == '"':
            end = closing(item, 0)
            if end == -1:
                raise Unsure
            after = item[end : end + 2]
            return after == ":" or after == ": "
        comment = item.find(" #")
        text = item if comment == -1 else item[:comment]
        return ": " in text or text.rstrip(" ")[-1:] == ":"


class _Flow:
    """A flow mapping or list written on one line (keys are scalars)."""

    __slots__ = ("at", "content")

    def __init__(self, content: str, at: int) -> None:
        self.content = content
        self.at = at

    def collection(self, start: int) -> tuple[Node, int]:
        """The `{...}` or `[...]` at `start`, and where it ends."""
        content = self.content
        mapping = content[start] == "{"
        closing = "}" if mapping else "]"
        pairs: list[tuple[ScalarNode, Node]] = []
        items: list[Node] = []
        node: Node = MappingNode(pairs, self.at) if mapping else SequenceNode(items, self.at)
        index = self._skip(start + 1)
        if content[index] == closing:
            return node, index + 1
        while True:
            if mapping:
                key, index = self._scalar(index, key=True)
                if content[index : index + 2] != ": ":
                    raise Unsure
                value, index = self._node(self._skip(index + 2))
                pairs.append((key, value))
            else:
                item, index = self._node(index)
                items.append(item)
            index = self._skip(index)
            if content[index] == closing:
                return node, index + 1
            if content[index] != ",":
                raise Unsure
            index = self._skip(index + 1)
            if content[index] in "]}":
                raise Unsure  # a trailing comma

    def _skip(self, index: int) -> int:
        content = self.content
        while content[index] == " ":
            index += 1
        return index

    def _node(self, index: int) -> tuple[Node, int]:
        """An item or a value at `index` (a scalar or a collection), and where it ends."""
        if self.content[index] in "{[":
            return self.collection(index)
        return self._scalar(index)

    def _scalar(self, index: int, *, key: bool = False) -> tuple[ScalarNode, int]:
        """A quoted or plain scalar at `index`, and where it ends."""
        content = self.content
        first = content[index]
        if first == "'" or first == '"':
            return quoted(content, index, self.at)
        if first in _INDICATORS:
            raise Unsure
        end = index
        while content[end] not in _FLOW_STOPS:  # an IndexError at the line's end: unsure
            end += 1
        stop = content[end]
        if stop in "[{#?" or stop == ":" and not key:
            raise Unsure
        text = content[index:end].rstrip(" ")
        if key and (stop != ":" or len(text) < end - index):
            raise Unsure
        return plain(text, self.at), end
