"""The JSON report: a versioned document other tools can read (schema in docs/report-schema.md).

Only `items`, `drift`, `stale`, `unrecorded` and `generated_at` are read back (by `pytest_refusal report`);
`matrix`, `language_boundaries`, `failures` and the per-item statistics are derived from
them and written for consumers that do not want to recompute.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
from collections.abc import Iterator
from types import GeneratorType
from typing import Any

from pytest_refusal.observation import Observation
from pytest_refusal.refusalmap import stats
from pytest_refusal.refusalmap.baseline import Entry
from pytest_refusal.refusalmap.drift import Drift, entry_from_json
from pytest_refusal.refusalmap.yamlnodes import FileFormatError
from pytest_refusal.report.model import Cell, RefusalMap, Unrecorded, sort_key, sorted_unrecorded, with_boundaries
from pytest_refusal.verdict import Verdict

SCHEMA = "pytest-refusal/report"
VERSION = 1


class ReportError(FileFormatError):
    """A JSON report cannot be read (not JSON, another schema, or a newer version)."""


def to_json(refusal_map: RefusalMap) -> dict[str, Any]:
    """The whole document as one value, in memory (`chunks` writes it one element at a time)."""
    return {key: list(value) if isinstance(value, GeneratorType) else value for key, value in _document(refusal_map)}


def _document(refusal_map: RefusalMap) -> Iterator[tuple[str, Any]]:
    """(key, value) in the document's order; the lists are generators, so a writer holds one element at a time."""
    yield "schema", SCHEMA
    yield "version", VERSION
    yield "generated_at", refusal_map.generated_at
    yield "models", list(refusal_map.models)
    yield "categories", list(refusal_map.categories)
    yield "matrix", (_cell(c) for c in refusal_map.cells())
    yield "items", (item_json(refusal_map, o) for o in refusal_map.observations)
    yield "drift", (d.to_json() for d in refusal_map.drift)
    yield "language_boundaries", (b.to_json() for b in refusal_map.boundaries)
    yield "failures", [o.nodeid for o in refusal_map.failures]
    yield "stale", (e.to_json() for e in refusal_map.stale)
    yield "unrecorded", (u.to_json() for u in refusal_map.unrecorded)


def _cell(c: Cell) -> dict[str, Any]:
    return {
        "model": c.model,
        "category": c.category,
        "n": c.n,
        "items": c.items,
        "failed": c.failed,
        "counts": {k.value: n for k, n in c.counts},
    }


def item_json(refusal_map: RefusalMap, o: Observation) -> dict[str, Any]:
    """One item as the report writes it: the observation, its statistics, its prompt and its status."""
    item = o.to_json()
    item.pop("prompt", None)  # one key order for every item, with or without a prompt
    rate, low, high = _rounded(o.matching, o.n)
    majority = o.majority
    item.update(
        n=o.n,
        counts={k.value: c for k, c in o.counts.items()},
        majority=None if majority is None else majority.value,
        matching=o.matching,
        rate=rate,
        wilson=[low, high],
        passed=o.passed,
        prompt=o.prompt,
        status=refusal_map.status(o).value,
    )
    return item


@functools.lru_cache(maxsize=4096)  # a few distinct (matching, n) among thousands of items
def _rounded(matching: int, n: int) -> tuple[float, float, float]:
    """The rate and its Wilson interval as the report writes them: 4 decimals."""
    interval = stats.wilson(matching, n)
    return round(matching / n if n else 0.0, 4), round(interval.low, 4), round(interval.high, 4)


def dumps(refusal_map: RefusalMap) -> str:
    """The document as one string (see `chunks`)."""
    return "".join(chunks(refusal_map))


def chunks(refusal_map: RefusalMap) -> Iterator[str]:
    """The document in pieces, each list element on a line of its own, for a writer to stream.

    Fixed key order, lists one element a line (a diff of two reports shows the items that
    changed), UTF-8 kept readable, final newline. Each element is encoded by the json module's
    C encoder: pretty-printing a whole report through the pure-Python one cost most of its
    writing time.
    """
    yield "{"
    sep = "\n"
    for key, value in _document(refusal_map):
        yield f"{sep}  {_ENCODE(key)}: "
        sep = ",\n"
        if isinstance(value, GeneratorType):
            yield from _list(value)
        else:
            yield _ENCODE(value)
    yield "\n}\n"


def _list(elements: Iterator[Any]) -> Iterator[str]:
    """`[]`, or `[` then one element a line, indented under its key."""
    sep = "[\n    "
    for element in elements:
        yield sep + _ENCODE(element)
        sep = ",\n    "
    yield "[]" if sep.startswith("[") else "\n  ]"


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _not_json(exc: json.JSONDecodeError) -> str:
    """Why the text is no report: empty, cut short (a copy or upload stopped mid-file), or not JSON at all."""
    text = exc.doc.rstrip()
    if not text:
        return "the file is empty, not a report; fetch it again, or re-run the run that wrote it"
    if text.lstrip().startswith("{") and (exc.pos >= len(text) or not text.endswith("}")):
        return (
            f"the report is truncated (it ends at line {text.count(chr(10)) + 1} before the document does): "
            "a copy or an artifact upload stopped mid-file (a run writes its report whole or not at all); "
            "fetch the file again, or re-run the run that wrote it"
        )
    return f"not valid JSON: {exc.msg}"


def loads(text: str | bytes, path: str = "<report>", *, boundaries: bool = True) -> RefusalMap:
    """Read a JSON report back into a map; anything malformed raises `ReportError`.

    `boundaries=False` leaves the language boundaries out, for a caller that derives them again
    from more than this report (a merge of shards).
    """
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        raise ReportError(path, None, "not UTF-8 text; is this a pytest-refusal JSON report?") from None
    except json.JSONDecodeError as exc:
        raise ReportError(path, exc.lineno, _not_json(exc)) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ReportError(
            path,
            None,
            f'not a pytest-refusal report (expected "schema": "{SCHEMA}"); write one with --refusal-report=PATH.json',
        )
    if data.get("version") != VERSION:
        raise ReportError(
            path,
            None,
            f"report version {data.get('version')!r} is not "
            f"supported (this plugin reads version {VERSION}); upgrade "
            "pytest-refusal or re-run the suite",
        )
    try:
        read = RefusalMap(
            observations=tuple(sorted((Observation.from_json(i) for i in data["items"]), key=sort_key)),
            drift=tuple(Drift.from_json(d) for d in data.get("drift", ())),
            stale=tuple(entry_from_json(e) for e in data.get("stale", ())),
            generated_at=str(data.get("generated_at", "")),
            unrecorded=sorted_unrecorded(Unrecorded.from_json(u) for u in data.get("unrecorded", ())),
        )
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise ReportError(
            path,
            None,
            f"malformed report ({type(exc).__name__}: {exc}); "
            "was it edited by hand? re-run the suite to write it again",
        ) from None
    problem = _mistyped(read)
    if problem:
        raise ReportError(path, None, f"{problem}; was it edited by hand? re-run the suite to write it again")
    return with_boundaries(read) if boundaries else read


def _mistyped(read: RefusalMap) -> str:
    """The first field that holds the wrong kind of value (`item 2 (nodeid ...): `model` is 1, not text`), or "".

    The readers take JSON values as they come; a hand-edited number where a name stands would
    otherwise fail later, in a sort or a renderer, as a traceback.
    """
    for what, records in (("item", read.observations), ("stale entry", read.stale), ("drift record", read.drift)):
        for index, record in enumerate(records, 1):
            problem = _record(record, "")
            if problem:
                nodeid = getattr(record, "nodeid", None)
                named = f" (nodeid {nodeid})" if isinstance(nodeid, str) else ""
                return f"{what} {index}{named}: {problem}"
    return ""


def _record(record: object, prefix: str) -> str:
    """Check each text, number and nested record of an Observation, Verdict, Entry or Drift against its field."""
    for name, value in ((f, getattr(record, f)) for f in _FIELDS[type(record)]):
        field = f"`{prefix}{name}`"
        if name in _TEXTS and not isinstance(value, str):
            return f"{field} is {_shown(value)}, not text"
        if name in _TEXT_LISTS and (bad := next((t for t in value if not isinstance(t, str)), None)) is not None:
            return f"{field} holds {_shown(bad)}, not text"
        if name == "min_rate" and not (_number(value) and 0 <= value <= 1):
            return f"{field} is {_shown(value)}, not a number from 0 to 1"
        if name in ("score", "p_value", "q_value") and not (value is None and name != "score" or _number(value)):
            return f"{field} is {_shown(value)}, not a number"
        nested = value if isinstance(value, tuple) and name == "verdicts" else (value,)
        for part in nested:
            if type(part) in _FIELDS and (problem := _record(part, f"{prefix}{name}.")):
                return problem
    return ""


def _number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, float | int):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer past any float
        return False


def _shown(value: object) -> str:
    return "null" if value is None else repr(value)[:60]


_TEXTS = frozenset(
    {"nodeid", "model", "category", "probe", "language", "cassette", "prompt", "served", "fingerprint", "task"}
    | {"evidence", "judge", "recorded"}
)
_TEXT_LISTS = frozenset({"texts", "reasonings"})
_FIELDS: dict[type, tuple[str, ...]] = {
    Observation: tuple(f.name for f in dataclasses.fields(Observation)),
    Verdict: tuple(f.name for f in dataclasses.fields(Verdict)),
    Entry: tuple(f.name for f in dataclasses.fields(Entry)),
    Drift: Drift._fields,
}
