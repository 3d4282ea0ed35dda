"""The JSON report: a versioned document other tools can read (schema in docs/report-schema.md).

Only `items`, `drift`, `stale`, `unrecorded` and `generated_at` are read back (by `pytest_refusal report`);
`matrix`, `language_boundaries`, `failures` and the per-item statistics are derived from
them and written for consumers that do not want to recompute.
"""

from __future__ import annotations

import json
from typing import Any

from pytest_refusal.observation import Observation
from pytest_refusal.refusalmap import stats
from pytest_refusal.refusalmap.drift import Drift, entry_from_json
from pytest_refusal.refusalmap.yamlnodes import FileFormatError
from pytest_refusal.report.model import RefusalMap, Unrecorded, sort_key, sorted_unrecorded, with_boundaries

SCHEMA = "pytest-refusal/report"
VERSION = 1


class ReportError(FileFormatError):
    """A JSON report cannot be read (not JSON, another schema, or a newer version)."""


def to_json(refusal_map: RefusalMap) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "generated_at": refusal_map.generated_at,
        "models": list(refusal_map.models),
        "categories": list(refusal_map.categories),
        "matrix": [
            {
                "model": c.model,
                "category": c.category,
                "n": c.n,
                "items": c.items,
                "failed": c.failed,
                "counts": {k.value: n for k, n in c.counts},
            }
            for c in refusal_map.cells()
        ],
        "items": [item_json(refusal_map, o) for o in refusal_map.observations],
        "drift": [d.to_json() for d in refusal_map.drift],
        "language_boundaries": [b.to_json() for b in refusal_map.boundaries],
        "failures": [o.nodeid for o in refusal_map.failures],
        "stale": [e.to_json() for e in refusal_map.stale],
        "unrecorded": [u.to_json() for u in refusal_map.unrecorded],
    }


def item_json(refusal_map: RefusalMap, o: Observation) -> dict[str, Any]:
    """One item as the report writes it: the observation, its statistics, its prompt and its status."""
    item = _item(o)
    item.pop("prompt", None)  # one key order for every item, with or without a prompt
    return {**item, "prompt": o.prompt, "status": refusal_map.status(o).value}


def _item(o: Observation) -> dict[str, Any]:
    interval = stats.wilson(o.matching, o.n)
    derived = {
        "n": o.n,
        "counts": {k.value: c for k, c in o.counts.items()},
        "majority": None if o.majority is None else o.majority.value,
        "matching": o.matching,
        "rate": round(o.rate, 4),
        "wilson": [round(interval.low, 4), round(interval.high, 4)],
        "passed": o.passed,
    }
    return {**o.to_json(), **derived}


def dumps(refusal_map: RefusalMap) -> str:
    """Stable text: fixed key order, two-space indent, UTF-8 kept readable, final newline."""
    return json.dumps(to_json(refusal_map), indent=2, ensure_ascii=False) + "\n"


def loads(text: str | bytes, path: str = "<report>") -> RefusalMap:
    """Read a JSON report back into a map; anything malformed raises `ReportError`."""
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        raise ReportError(path, None, "not UTF-8 text; is this a pytest-refusal JSON report?") from None
    except json.JSONDecodeError as exc:
        raise ReportError(path, exc.lineno, f"not valid JSON: {exc.msg}") from None
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
        return with_boundaries(
            RefusalMap(
                observations=tuple(sorted((Observation.from_json(i) for i in data["items"]), key=sort_key)),
                drift=tuple(Drift.from_json(d) for d in data.get("drift", ())),
                stale=tuple(entry_from_json(e) for e in data.get("stale", ())),
                generated_at=str(data.get("generated_at", "")),
                unrecorded=sorted_unrecorded(Unrecorded.from_json(u) for u in data.get("unrecorded", ())),
            )
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReportError(
            path,
            None,
            f"malformed report ({type(exc).__name__}: {exc}); "
            "was it edited by hand? re-run the suite to write it again",
        ) from None
