"""The scalars and nodes of `yamlblock`: PyYAML's node shapes, plain scalars resolved, quoted ones read.

Apart from the block structure, because these are YAML's rules for one value: which tag the
YAML 1.1 resolver gives a plain scalar, and where a quoted one ends on its line.
"""

from __future__ import annotations

from typing import TypeAlias

from pytest_refusal.cassette.yamlquoted import Unsure, unescape

__all__ = ["MappingNode", "Mark", "Node", "ScalarNode", "SequenceNode", "closing", "plain", "quoted"]

STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
_NULLS = frozenset(("~", "null", "Null", "NULL"))
_BOOLS = frozenset(
    ("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE")
    + ("on", "On", "ON", "off", "Off", "OFF")
)
_NUMBER_START = frozenset("+0123456789")
# Every character the resolver's int, float and timestamp forms can hold: a text with any other is a string.
_NUMERIC = frozenset("0123456789-+_.: \tabcdefABCDEFxXoOinINtTzZ")
# PyYAML's own parser gives plain scalars no style; libyaml (what PyYAML composes with when it has it) gives "".
PLAIN = ""


class Mark:
    """Where a node starts: its 0-based line, as in PyYAML's marks."""

    __slots__ = ("line",)

    def __init__(self, line: int) -> None:
        self.line = line


class ScalarNode:
    """A scalar as PyYAML composes it: the resolved tag, the text, and the quote it was written in (PLAIN: none)."""

    __slots__ = ("start_mark", "style", "tag", "value")

    def __init__(self, tag: str, value: str, line: int, style: str = PLAIN) -> None:
        self.tag = tag
        self.value = value
        self.start_mark = Mark(line)
        self.style = style


class MappingNode:
    """A mapping's (key, value) pairs in the order written, duplicates kept (the map reader reports them)."""

    __slots__ = ("start_mark", "tag", "value")

    def __init__(self, value: list[tuple[ScalarNode, Node]], line: int) -> None:
        self.tag = MAP
        self.value = value
        self.start_mark = Mark(line)


class SequenceNode:
    """A list's items."""

    __slots__ = ("start_mark", "tag", "value")

    def __init__(self, value: list[Node], line: int) -> None:
        self.tag = SEQ
        self.value = value
        self.start_mark = Mark(line)


Node: TypeAlias = ScalarNode | MappingNode | SequenceNode


def plain(text: str, line: int) -> ScalarNode:
    """A plain scalar with the tag the YAML 1.1 resolver gives it (Unsure where that takes more than a glance)."""
    first = text[0]
    if first in _NUMBER_START:
        digits = text[1:] if first == "+" else text
        whole, dot, fraction = digits.partition(".")
        if _decimal(whole) and not dot and (whole == "0" or whole[0] != "0"):
            return ScalarNode(INT, text, line)
        if _decimal(whole) and dot and (not fraction or _decimal(fraction)):
            return ScalarNode(FLOAT, text, line)
        if len(text) == 10 and text[4] == text[7] == "-" and _decimal(text[:4] + text[5:7] + text[8:]):
            return ScalarNode(TIMESTAMP, text, line)
        if _NUMERIC.issuperset(text):
            raise Unsure  # octal, sexagesimal, exponents, times: PyYAML's to resolve
        return ScalarNode(STR, text, line)
    if text in _NULLS:
        return ScalarNode(NULL, text, line)
    if text in _BOOLS:
        return ScalarNode(BOOL, text, line)
    if first == "<" or first == "=":
        raise Unsure  # a merge key, a value key
    return ScalarNode(STR, text, line)


def _decimal(text: str) -> bool:
    """Whether `text` is ASCII digits only ("١" and "²" are digits to `str.isdigit`, not to YAML)."""
    return text.isascii() and text.isdigit()


def closing(content: str, start: int) -> int:
    """Where the quoted scalar opening at `start` closes on this line (after its closing quote), else -1."""
    quote = content[start]
    at = start + 1
    while True:
        at = content.find(quote, at)
        if at == -1:
            return -1
        if quote == "'":
            if content[at + 1 : at + 2] != "'":
                return at + 1
            at += 2  # '' is a quote inside
        else:
            backslashes = at - len(content[start + 1 : at].rstrip("\\")) - start - 1
            if backslashes % 2 == 0:
                return at + 1
            at += 1


def quoted(content: str, start: int, line: int) -> tuple[ScalarNode, int]:
    """The quoted scalar at `start` (closed on this line) and where it ends."""
    end = closing(content, start)
    if end == -1:
        raise Unsure
    raw = content[start + 1 : end - 1]
    double = content[start] == '"'
    value = unescape(raw) if double else raw.replace("''", "'")
    return ScalarNode(STR, value, line, '"' if double else "'"), end
