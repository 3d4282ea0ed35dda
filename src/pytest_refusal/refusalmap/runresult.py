"""The end of a run: every observation becomes the refusal map; the baseline is updated when asked; report files.

Runs once per session, in the process that sees every observation (the only process under
xdist that writes files: the controller). Pure: no pytest here; the plugin passes in what the
run was (full or selected) and renders the result.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from pytest_refusal.observation import Observation
from pytest_refusal.refusalmap import baseline as baseline_module
from pytest_refusal.refusalmap.baseline import Baseline, Key
from pytest_refusal.report.model import RefusalMap, build_map


class Outcome(NamedTuple):
    """The run's map and what happened to the baseline (`updated` is None when no update was asked)."""

    refusal_map: RefusalMap
    baseline_path: Path
    updated: bool | None = None
    changed: int = 0
    removed: int = 0
    refused_policy: int = 0  # policy failures an update left out of the baseline


def now(environ: Mapping[str, str] = os.environ) -> datetime:
    """The run's one timestamp; `SOURCE_DATE_EPOCH` pins it (reproducible reports, as reproducible builds do)."""
    pinned = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if pinned.isdigit():
        return datetime.fromtimestamp(int(pinned), tz=timezone.utc)
    return datetime.now(tz=timezone.utc).replace(microsecond=0)


def mapped(observations: Iterable[Observation]) -> list[Observation]:
    """The observations that have a place in the map: a model and a category (map items, categorised markers)."""
    return [o for o in observations if o.model and o.category and o.n]


def finish(
    observations: Iterable[Observation],
    accepted: Baseline,
    *,
    full_run: bool,
    update: bool,
    when: datetime,
) -> Outcome:
    """Build the map against the accepted baseline; with `update`, accept what passed policy and write it.

    Baseline entries nobody observed are reported as stale, and an update removes them, only
    when `full_run` (no -k, -m, node ids, deselection or skips): a partial run proves nothing gone.
    """
    chosen = mapped(observations)
    observed: set[Key] = {(o.model, o.probe, o.language) for o in chosen}
    stale = baseline_module.stale(accepted, observed) if full_run else ()
    refusal_map = build_map(chosen, baseline=accepted, stale=stale, generated_at=when.isoformat())
    path = Path(accepted.path)
    if not update:
        return Outcome(refusal_map, path)
    passing = [o for o in chosen if o.passed]
    merged = baseline_module.update(accepted, passing, when.date().isoformat())
    entries = dict(merged.entries)
    if full_run:
        entries = {key: entry for key, entry in entries.items() if key in observed}
    new = Baseline(accepted.path, entries)
    changed = sum(1 for key, entry in entries.items() if accepted.entries.get(key) != entry)
    removed = sum(1 for key in accepted.entries if key not in entries)
    written = baseline_module.write(new, path)
    return Outcome(refusal_map, path, written, changed, removed, len(chosen) - len(passing))
