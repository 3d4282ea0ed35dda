"""A merged map against one baseline: drift decided over every shard at once, shards run against another found, drift accepted.

Each shard decides its drift alone, and a sampled item's drift depends on every sampled item
of the run (Benjamini–Hochberg), so the union of the shards' decisions is not what one full
run would decide. Given the baseline, the merged map's drift is computed again, as a full run
computes it; a shard whose recorded drift does not fit that baseline ran against another one
(an older commit, a baseline updated since), and is named.

Accepting is `--refusal-update-baseline` for the merged map: every item that kept its policy
is accepted, no policy failure ever is, and an unchanged entry keeps its bytes. Unlike a full
run it removes nothing: shards cannot prove that a probe no shard ran is gone (a shard may be
missing), so entries nobody observed stay and are counted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from pytest_refusal.refusalmap import baseline as baseline_module
from pytest_refusal.refusalmap.baseline import Baseline, Entry, entries_from
from pytest_refusal.refusalmap.drift import compare, find_drift, label
from pytest_refusal.refusalmap.runresult import now
from pytest_refusal.report.merge import Shard
from pytest_refusal.report.model import RefusalMap
from pytest_refusal.scrub import clean
from pytest_refusal.verdict import describe_counts

__all__ = ["PER_SHARD_DRIFT", "Accepted", "accept", "against"]

PER_SHARD_DRIFT = (
    "drift is as each shard decided it against the baseline it ran with (sampled items by "
    "Benjamini–Hochberg within each shard); pass --baseline FILE to decide it over the whole map "
    "and check every shard ran against that file"
)


class Accepted(NamedTuple):
    """What accepting the merged map did to the baseline file."""

    written: bool
    changed: int
    refused_policy: int  # policy failures left out, as a full run leaves them out
    unobserved: int  # entries no shard observed, kept


def against(refusal_map: RefusalMap, shards: Sequence[Shard], accepted: Baseline) -> tuple[RefusalMap, list[str]]:
    """The map with its drift decided against `accepted`, and one note per shard that ran against another baseline."""
    decided = dataclasses.replace(refusal_map, drift=find_drift(refusal_map.observations, accepted))
    notes = [note for shard in shards if (note := _other_baseline(shard, accepted))]
    return decided, notes


def _other_baseline(shard: Shard, accepted: Baseline) -> str:
    """`B.json ran against another baseline ...` when its recorded drift disagrees with `accepted`, else ""."""
    recorded = {d.key: d.before for d in shard.refusal_map.drift}
    disagree: list[tuple[Entry, str]] = []
    for key, seen in entries_from(shard.refusal_map.observations, "").items():
        before = accepted.get(key)
        if key in recorded:
            if before is None or not _same(recorded[key], before):
                disagree.append((seen, f"its baseline had {_described(recorded[key])}"))
        elif before is not None and compare(before, seen) is not None:
            disagree.append((seen, f"it saw {_described(seen)} and recorded no drift"))
    if not disagree:
        return ""
    (seen, theirs), ours = disagree[0], _described(accepted.get(disagree[0][0].key))
    where = label(seen.model, seen.category, seen.probe, seen.language)
    return (
        f"{shard.path} ran against another baseline than {accepted.path} ({len(disagree)} item(s) disagree, "
        f"e.g. {where}: {theirs}, {accepted.path} has {ours}); its drift is decided here against {accepted.path}"
    )


def _same(a: Entry, b: Entry) -> bool:
    return a.counts == b.counts and not a.identity_changed(b) and a.judge == b.judge


def _described(entry: Entry | None) -> str:
    """`refuse 1/1`, or `no entry`: what each baseline says of the item."""
    return "no entry" if entry is None else describe_counts(entry.counts)


def accept(refusal_map: RefusalMap, accepted: Baseline) -> Accepted:
    """Accept the merged map's passing items into the baseline file (as `--refusal-update-baseline`, without removal)."""
    passing = [o for o in refusal_map.observations if o.passed]
    updated = _cleaned(baseline_module.update(accepted, passing, _recorded(refusal_map.generated_at)), accepted)
    changed = sum(1 for key, entry in updated.entries.items() if accepted.entries.get(key) != entry)
    observed = {(o.model, o.probe, o.language) for o in refusal_map.observations}
    unobserved = sum(1 for key in updated.entries if key not in observed)
    written = baseline_module.write(updated, accepted.path)
    return Accepted(written, changed, len(refusal_map.observations) - len(passing), unobserved)


def _cleaned(updated: Baseline, accepted: Baseline) -> Baseline:
    """Each new entry's texts cleaned of keys: a shard report written by an older version or edited by hand may hold one."""
    entries = {}
    for key, entry in updated.entries.items():
        if accepted.entries.get(key) is entry:  # kept as the file had it
            entries[key] = entry
            continue
        cleaned = dataclasses.replace(
            entry,
            model=clean(entry.model),
            probe=clean(entry.probe),
            language=clean(entry.language),
            category=clean(entry.category),
            recorded=clean(entry.recorded),
            judge=clean(entry.judge),
            served=clean(entry.served),
            fingerprint=clean(entry.fingerprint),
            task=clean(entry.task),
        )
        entries[cleaned.key] = entry if cleaned == entry else cleaned
    return dataclasses.replace(updated, entries=entries)


def _recorded(generated_at: str) -> str:
    """The date the samples were taken (the latest shard's), as the baseline records it; today for an undated report."""
    try:
        return datetime.fromisoformat(generated_at).date().isoformat()
    except ValueError:
        return now().date().isoformat()
