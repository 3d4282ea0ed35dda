"""The map as a report may show it: every text it holds passed through the report's `clean`, once, before any rendering.

Every report is rendered from the map's own texts plus the renderer's constants (markup, key
names, numbers), so cleaning the texts is cleaning the report. Doing it here, not over each
rendered file, cleans each text once for every format, and cleans it as it was written: a
file's escapes (`\\n` and `\\"` in JSON, `&amp;` in HTML, `\\u003c` in the page's data) no longer
stand between a pattern and the text it has to find. The texts are found by walking the map's
fields, so a field added later is cleaned without being named here; a value of a type the walk
does not know raises instead of being written uncleaned.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

from pytest_refusal import scrub
from pytest_refusal.report.model import RefusalMap

Parts = Callable[[Any], Iterable[Any]]


def redacted_map(refusal_map: RefusalMap, clean: Callable[[str], str]) -> RefusalMap:
    """`refusal_map` with every text cleaned: the same object when `clean` changed nothing (the usual case)."""
    found: set[str] = set()  # each distinct text once: models, languages, answers repeat
    _collect(refusal_map, found)
    texts = list(found)  # in any order: each text is cleaned on its own
    changed = {text: new for text, new in zip(texts, scrub.clean_joined(texts, clean), strict=True) if new != text}
    rebuilt: RefusalMap = _rebuilt(refusal_map, changed) if changed else refusal_map
    return rebuilt


def _collect(value: Any, found: set[str]) -> None:
    """Add every string in `value` (not itself a string) to `found`: through tuples, lists, dicts, record fields.

    This walks every field of every item of the map, so it is written for speed: the parts of a
    type are found once (`_parts`), and strings and tuples of strings are taken without a call.
    """
    parts = _parts(type(value))
    if parts is None:
        return
    add = found.add
    for element in parts(value):
        kind = type(element)
        if kind is str:
            add(element)
        elif kind is tuple:
            for inner in element:
                if type(inner) is str:
                    add(inner)
                else:
                    _collect(inner, found)
        elif element is not None:
            _collect(element, found)


def _rebuilt(value: Any, changed: dict[str, str]) -> Any:
    """`value` with every string in `changed` replaced (rebuilt whole: only a map holding a secret comes here)."""
    kind = type(value)
    if kind is str:
        return changed.get(value, value)
    if _parts(kind) is None:
        return value
    if kind is tuple or kind is list:
        return kind(_rebuilt(element, changed) for element in value)
    if kind is dict:
        return {_rebuilt(k, changed): _rebuilt(v, changed) for k, v in value.items()}
    values = {name: _rebuilt(getattr(value, name), changed) for name in _fields(kind)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **values)
    return kind(**values)


_KNOWN: dict[type, Parts | None] = {}  # each type's parts, found once


def _parts(kind: type) -> Parts | None:
    """What of a value of `kind` may hold text: None for enums and numbers, else a function giving those parts."""
    if kind not in _KNOWN:
        _KNOWN[kind] = _find_parts(kind)
    return _KNOWN[kind]


def _find_parts(kind: type) -> Parts | None:
    if issubclass(kind, (Enum, int, float, type(None))):
        return None  # the domain's names (kinds, expectations) and numbers: never a secret
    if kind is tuple or kind is list:
        return _itself
    if kind is dict:
        return _keys_and_values
    names = _fields(kind)
    if len(names) == 1:
        return lambda value: (getattr(value, names[0]),)
    return operator.attrgetter(*names)


def _itself(value: Iterable[Any]) -> Iterable[Any]:
    return value


def _keys_and_values(value: dict[Any, Any]) -> Iterable[Any]:
    return [*value, *value.values()]


def _fields(kind: type) -> tuple[str, ...]:
    """The fields of a dataclass or a named tuple; TypeError for anything else (a field `__init__` cannot set too)."""
    if dataclasses.is_dataclass(kind):
        fields = dataclasses.fields(kind)
        if all(f.init for f in fields):
            return tuple(f.name for f in fields)
    if issubclass(kind, tuple) and hasattr(kind, "_fields"):
        return tuple(kind._fields)
    raise TypeError(f"a report cannot clean a {kind.__qualname__}: teach report.redaction its fields")
