"""Reading a cassette's YAML without PyYAML, for exactly the block style vcrpy's serializer writes.

Direct replay reads one cassette per item, and composing it with libyaml costs about 100 µs, plus
~9 ms to import PyYAML where nothing else needs it (its reader and resolver compile regexes).
The dumper's output is narrow: block mappings and sequences, plain, single- and double-quoted
scalars (folded over lines), `{}` and `[]`. `read` reads that and nothing else: scalars come back
as the strings the composed nodes hold (`200` is "200", `null` is "null"), as `direct._as_data`
gives them.

Whatever it does not recognise with certainty (tags, anchors, aliases, flow collections with
content, block scalars, comments, explicit keys, document markers, tabs, line breaks other than
"\\n", odd indentation) makes it return None, and the caller composes the text with PyYAML.
"""

from __future__ import annotations

import functools
import re
from itertools import accumulate
from typing import Any

from pytest_refusal.cassette.yamlquoted import Unsure, fold, unescape

__all__ = ["read"]

# A quoted scalar from its opening quote to its closing one (single: '' is a quote; double: a backslash escapes).
_SINGLE = re.compile(r"'([^']*(?:''[^']*)*)'")
_DOUBLE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"', re.DOTALL)
# Control characters (all but the line feed): libyaml refuses them unescaped. UTF-8 writes no other
# character with these bytes, so one C pass over a text's bytes finds them.
_CONTROL_BYTES = bytes([*range(0x0A), *range(0x0B, 0x20), 0x7F])
# Beyond ASCII: the C1 controls (NEL, a line break, among them), LS and PS (line breaks), the BOM, and
# the two non-characters; libyaml takes every other character (surrogates cannot be encoded).
_WIDE_UNSURE = "[\x80-\x9f\u2028\u2029\ufeff\ufffe\uffff]"
# Document markers ("---", "..."), read as such at a line's start; a key at the root is the only text there.
_MARKERS = ("---", "...")
# Characters that cannot start a plain scalar ("-", "?" and ":" can, when no space follows).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# libyaml requires a simple key within 1,024 characters; the dumper writes longer keys as explicit "? " keys.
_LONGEST_KEY = 1000


def read(text: str) -> dict[str, Any] | None:
    """The document as dicts, lists and strings (what composing it gives), or None when unsure."""
    if not text.endswith("\n"):
        return None
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    if len(raw.translate(None, _CONTROL_BYTES)) != len(raw):
        return None
    if not text.isascii() and _wide_unsure().search(text) is not None:  # the dumper escapes all but ASCII
        return None
    lines = text.split("\n")
    lines.pop()  # what follows the last line break
    reader = _Reader(text, lines)
    try:
        indent, content = reader.next_line()
        if indent != 0 or _is_entry(content) or content[:3] in _MARKERS:
            return None  # an empty document, a sequence, an indented root, directives: not a cassette's shape
        return reader.mapping(0, content)
    except (Unsure, RecursionError):
        return None


@functools.cache
def _wide_unsure() -> re.Pattern[str]:
    """Compiled on the first text that is not ASCII: a run whose cassettes vcrpy wrote never needs it."""
    return re.compile(_WIDE_UNSURE)


def _is_entry(content: str) -> bool:
    """Whether a line's content starts a sequence entry ("- " or a lone "-")."""
    return content[:2] == "- " or content == "-"


def _may_start_plain(content: str) -> bool:
    first = content[0]
    if first not in _INDICATORS:
        return True
    return first in "-?:" and len(content) > 1 and content[1] != " "


def _plain_part(part: str) -> bool:
    """Whether a line's part is plain text to libyaml: no value indicator, no comment, no trailing space."""
    return ": " not in part and " #" not in part and part[-1] != ":" and part[-1] != " "


def _key(content: str) -> tuple[str, str | None]:
    """A simple key at the start of `content`, and what follows its ": " (None when ":" ends the line)."""
    first = content[0]
    if first == "'" or first == '"':
        match = (_SINGLE if first == "'" else _DOUBLE).match(content)
        if match is None:
            raise Unsure
        end = match.end()
        after = content[end : end + 2]
        if after != ": " and content[end:] != ":":
            raise Unsure
        raw = match.group(1)
        key = raw.replace("''", "'") if first == "'" else unescape(raw)
        rest: str | None = content[end + 2 :] if after == ": " else None
    else:
        if not _may_start_plain(content):
            raise Unsure
        key, separator, rest = content.partition(": ")
        if not separator:
            if content[-1] != ":":
                raise Unsure
            key, rest = content[:-1], None
        if " #" in key or key[-1] == " ":
            raise Unsure
        end = len(key)
    if end > _LONGEST_KEY:
        raise Unsure
    return key, rest


class _Reader:
    """The document's lines, each also without its indentation, and the line being read.

    Each method reads one node and leaves `_at` on the line after it (blank lines may be skipped).
    """

    __slots__ = ("_at", "_contents", "_lengths", "_lines", "_text")

    def __init__(self, text: str, lines: list[str]) -> None:
        self._text = text
        self._lines = lines
        self._contents = [line.lstrip(" ") for line in lines]
        self._at = 0
        self._lengths: list[int] | None = None  # the lines' total lengths before each, for multi-line quotes

    def next_line(self) -> tuple[int, str]:
        """The next line that is not blank: its indentation and content ((-1, "") at the end)."""
        contents = self._contents
        at = self._at
        while at < len(contents):
            content = contents[at]
            if content:
                self._at = at
                return len(self._lines[at]) - len(content), content
            at += 1
        self._at = at
        return -1, ""

    def mapping(self, column: int, content: str) -> dict[str, Any]:
        """A block mapping whose keys stand at `column`; `content` is its first line from there.

        The common entry (a plain key, a plain value on one line) is read here, without calls.
        """
        lines, contents = self._lines, self._contents
        count = len(contents)
        result: dict[str, Any] = {}
        while True:
            if content[0] in _INDICATORS:
                key, rest = _key(content)
            else:
                key, separator, rest = content.partition(": ")  # partition: the cheapest split in CPython
                if not separator:
                    if content[-1] != ":":
                        raise Unsure
                    key, rest = content[:-1], None
                if " #" in key or key[-1] == " " or len(key) > _LONGEST_KEY:
                    raise Unsure
            if rest is None:
                self._at += 1
                result[key] = self._below(column)
            elif not rest or rest[0] == " ":
                raise Unsure  # nothing or more spaces after ": "
            elif rest[0] in _INDICATORS:
                result[key] = self._scalar(rest, column + 1)
            else:
                if ": " in rest or " #" in rest or rest[-1] == ":" or rest[-1] == " ":
                    raise Unsure
                at = self._at + 1
                self._at = at
                if at == count or contents[at] and len(lines[at]) - len(contents[at]) <= column:
                    result[key] = rest  # the next line is another node's: no continuation
                else:
                    result[key] = self._plain_lines(rest, column + 1)
            at = self._at
            while at < count and not contents[at]:
                at += 1
            self._at = at
            if at == count:
                return result
            content = contents[at]
            indent = len(lines[at]) - len(content)
            if indent < column:
                return result
            if indent > column or content[:2] == "- " or content == "-" or not indent and content[:3] in _MARKERS:
                raise Unsure

    def _below(self, column: int) -> Any:
        """The value of a key at `column` whose ":" ends the line: the block below, or ""."""
        indent, content = self.next_line()
        if indent > column:
            return self.sequence(indent, content) if _is_entry(content) else self.mapping(indent, content)
        if indent == column and _is_entry(content):
            return self.sequence(column, content)  # PyYAML writes a mapping's sequences unindented
        return ""

    def sequence(self, column: int, content: str) -> list[Any]:
        """A block sequence whose "-" stand at `column`; `content` is its first line from there."""
        result: list[Any] = []
        while True:
            if content == "-":  # the item is the block below, or empty
                self._at += 1
                indent, below = self.next_line()
                if indent <= column:
                    result.append("")
                elif _is_entry(below):
                    result.append(self.sequence(indent, below))
                else:
                    result.append(self.mapping(indent, below))
            else:
                item = content[2:]
                if not item or item[0] == " ":
                    raise Unsure
                result.append(self._item(item, column + 2, column))
            indent, content = self.next_line()
            if indent < column or (indent == column and not _is_entry(content)):
                return result  # at the same column, the mapping this sequence is the value of goes on
            if indent > column:
                raise Unsure

    def _item(self, content: str, column: int, dash: int) -> Any:
        """A sequence item after "- " (at `column`): a nested sequence, a mapping, or a scalar."""
        first = content[0]
        if first == "-" and _is_entry(content):
            return self.sequence(column, content)
        if first == "'" or first == '"':
            match = (_SINGLE if first == "'" else _DOUBLE).match(content)
            if match is not None and content[match.end() : match.end() + 1] == ":":
                return self.mapping(column, content)
        elif ": " in content or content[-1] == ":":
            return self.mapping(column, content)
        return self._scalar(content, dash + 1)

    def _scalar(self, content: str, least: int) -> Any:
        """A scalar (or `{}`, `[]`) that is the rest of the line; lines it continues on are indented `least` or more."""
        first = content[0]
        if first == "'" or first == '"':
            double = first == '"'
            # Only a line that ends with the quote may hold the whole scalar (a failed match costs a backtrack).
            match = (_DOUBLE if double else _SINGLE).match(content) if content[-1] == first else None
            if match is None or match.end() != len(content):
                return self._quoted_lines(content, least, double)
            self._at += 1
            raw = match.group(1)
            return unescape(raw) if double else raw.replace("''", "'")
        if first == "{" or first == "[":
            if content != "{}" and content != "[]":
                raise Unsure
            self._at += 1
            return {} if first == "{" else []
        if not _may_start_plain(content) or not _plain_part(content):
            raise Unsure
        at = self._at + 1
        self._at = at
        contents = self._contents
        if at == len(contents) or contents[at] and len(self._lines[at]) - len(contents[at]) < least:
            return content  # the next line is another node's: the common case
        return self._plain_lines(content, least)

    def _plain_lines(self, first: str, least: int) -> str:
        """A plain scalar's lines folded (one break: a space; n blank lines: n newlines)."""
        lines, contents = self._lines, self._contents
        chunks = [first]
        breaks = 0
        at = self._at
        while at < len(contents):
            content = contents[at]
            if not content:
                breaks += 1
            elif len(lines[at]) - len(content) < least:
                break
            else:
                if content[0] == "#" or not _plain_part(content):
                    raise Unsure
                chunks.append("\n" * breaks if breaks else " ")
                chunks.append(content)
                breaks = 0
            at += 1
        self._at = at
        return "".join(chunks)

    def _quoted_lines(self, content: str, least: int, double: bool) -> str:
        """A quoted scalar over several lines (the last ends with its quote), indented `least` or more."""
        at = self._at
        text = self._text
        if self._lengths is None:
            self._lengths = list(accumulate(map(len, self._lines), initial=0))
        start = self._lengths[at] + at + len(self._lines[at]) - len(content)
        match = (_DOUBLE if double else _SINGLE).match(text, start)
        if match is None or text[match.end()] != "\n":
            raise Unsure
        raw = match.group(1)
        if not double:
            raw = raw.replace("''", "'")
        lines = raw.split("\n")
        self._at = at + len(lines)
        for line in lines[1:-1]:
            inside = line.lstrip(" ")
            if inside and len(line) - len(inside) < least:
                raise Unsure
        last = lines[-1]
        if len(last) - len(last.lstrip(" ")) < least:  # the closing quote's line (maybe only the quote)
            raise Unsure
        return fold(lines, double)
