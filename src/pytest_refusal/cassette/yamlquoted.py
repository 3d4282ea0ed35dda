"""Quoted YAML scalars as libyaml reads them: lines folded, double-quoted escapes decoded (for `yamlread`).

Apart from the block structure `yamlread` walks, because these are YAML's own rules for one
value, and the part most easily checked on its own against libyaml.
"""

from __future__ import annotations

import re

__all__ = ["Unsure", "fold", "unescape"]

# A backslash not starting an escape that Python's unicode_escape codec reads as YAML does.
_NOT_PYTHON_ESCAPE = re.compile(
    r'\\(?![abtnvfr"\\]|x[0-9A-Fa-f]{2}|u(?![Dd][89A-Fa-f])[0-9A-Fa-f]{4}|U(?:000[1-9A-Fa-f]|0010)[0-9A-Fa-f]{4})'
)
_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_CODE_LENGTHS = {"x": 2, "u": 4, "U": 8}
_HEX = "0123456789abcdefABCDEF"


class Unsure(Exception):
    """Raised wherever the text leaves the shapes this reader knows: `read` then returns None."""


def fold(lines: list[str], double: bool) -> str:
    """A quoted scalar's lines joined as YAML folds them.

    A line break is a space, unless blank lines follow (then one newline each); spaces around a
    break go. In double quotes an escaped space stays, and a backslash before the break joins the
    lines without a space.
    """
    chunks: list[str] = []
    last = len(lines) - 1
    index = 0
    line = lines[0]
    while index < last:
        joined = False
        if double:
            kept = line.rstrip("\\")
            joined = (len(line) - len(kept)) % 2 == 1
        if joined:
            line = line[:-1]
        else:
            kept = line.rstrip(" ")
            if double and len(kept) < len(line) and (len(kept) - len(kept.rstrip("\\"))) % 2 == 1:
                kept += " "  # the first space was escaped
            line = kept
        chunks.append(unescape(line) if double else line)
        index += 1
        blanks = 0
        while index < last and not lines[index].strip(" "):
            blanks += 1
            index += 1
        chunks.append("\n" * blanks if blanks else "" if joined else " ")
        line = lines[index].lstrip(" ")
    chunks.append(unescape(line) if double else line)
    return "".join(chunks)


def unescape(raw: str) -> str:
    """A double-quoted line's escapes decoded (by Python's codec when it reads them as YAML does)."""
    if "\\" not in raw:
        return raw
    if raw.isascii() and _NOT_PYTHON_ESCAPE.search(raw) is None:
        return raw.encode("ascii").decode("unicode_escape")
    chunks: list[str] = []
    start = 0
    while True:
        at = raw.find("\\", start)
        if at == -1:
            chunks.append(raw[start:])
            return "".join(chunks)
        chunks.append(raw[start:at])
        escape = raw[at + 1 : at + 2]
        if escape in _ESCAPES:
            chunks.append(_ESCAPES[escape])
            start = at + 2
            continue
        length = _CODE_LENGTHS.get(escape)
        digits = raw[at + 2 : at + 2 + length] if length else ""
        if not length or len(digits) != length or digits.strip(_HEX):
            raise Unsure
        code = int(digits, 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            raise Unsure  # libyaml refuses it
        chunks.append(chr(code))
        start = at + 2 + length
