"""Shard reports merged into one refusal map: the items of every shard, their drift, stale and unrecorded items.

A map too large for one machine runs as shards (by model, map file or `-k`), each writing its
own JSON report. Merged, they are the map one full run would have shown: the matrix and the
language boundaries are derived again from every shard's items, so a probe whose languages ran
in different shards still shows its boundary.

An item in two reports (a shard run twice) is kept once when both runs saw the same verdicts:
replay is deterministic, so a rerun of the same cassettes agrees. When they differ, no rule
read from the files can tell which run is right (the later one may be a rerun until green, the
earlier one a stale artifact), and keeping either silently could hide a policy failure, so the
merge refuses and names both files and the item.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from pytest_refusal.observation import Observation
from pytest_refusal.refusalmap.baseline import Entry
from pytest_refusal.refusalmap.drift import Drift
from pytest_refusal.report.model import RefusalMap, Unrecorded, sort_key, sorted_unrecorded, with_boundaries
from pytest_refusal.verdict import describe_counts

__all__ = ["Merged", "OverlapError", "Shard", "merge"]


class Shard(NamedTuple):
    """One shard's report as read: the file it came from (for messages) and its map."""

    path: str
    refusal_map: RefusalMap


class Merged(NamedTuple):
    """The merged map and what a reader of it should know about the inputs (one sentence each)."""

    refusal_map: RefusalMap
    notes: tuple[str, ...] = ()


class OverlapError(ValueError):
    """One item in two reports with different results: the message names both files and the item."""


Seen = tuple[int, str, "Observation | Unrecorded"]  # (shard index, its path, the item as that shard saw it)


def merge(shards: Sequence[Shard]) -> Merged:
    """Every shard's items, drift, stale and unrecorded items as one map; one shard is returned as it is."""
    if len(shards) == 1:
        return Merged(shards[0].refusal_map)
    seen: dict[str, Seen] = {}
    observations: list[Observation] = []
    unrecorded: list[Unrecorded] = []
    repeated = 0
    for index, shard in enumerate(shards):
        items: list[Observation | Unrecorded] = [*shard.refusal_map.observations, *shard.refusal_map.unrecorded]
        for item in items:
            first = seen.setdefault(item.nodeid, (index, shard.path, item))
            if first[0] != index:
                if first[2] != item:
                    raise OverlapError(_overlap(first, shard.path, item))
                repeated += 1
            elif isinstance(item, Observation):  # new, or repeated within its own report (kept as that run kept it)
                observations.append(item)
            else:
                unrecorded.append(item)
    merged = RefusalMap(
        observations=tuple(sorted(observations, key=sort_key)),
        drift=_union_drift(shards),
        stale=_union_stale([s.refusal_map.stale for s in shards], observations),
        generated_at=max(s.refusal_map.generated_at for s in shards),
        unrecorded=sorted_unrecorded(unrecorded),
    )
    return Merged(with_boundaries(merged), _notes(shards, repeated))


def _overlap(first: Seen, path: str, item: Observation | Unrecorded) -> str:
    return (
        f"item {item.nodeid} is in {first[1]} ({_result(first[2])}) and in {path} ({_result(item)}) "
        "with different results; a rerun shard's report replaces the one it reran: "
        "pass only one of the two files"
    )


def _result(item: Observation | Unrecorded) -> str:
    """`refuse 1/1, expecting refuse at min rate 1.0` or `not recorded`: enough to see which run is which."""
    if isinstance(item, Unrecorded):
        return "not recorded"
    counts = describe_counts(item.counts.items()) or "no verdict"
    return f"{counts}, expecting {item.expectation} at min rate {item.min_rate}, cassette {item.cassette}"


def _union_drift(shards: Sequence[Shard]) -> tuple[Drift, ...]:
    """Every shard's drift records, each once, by item: a rerun shard repeats its records."""
    unique = dict.fromkeys(d for s in shards for d in s.refusal_map.drift)
    return tuple(sorted(unique, key=lambda d: d.key))


def _union_stale(stale: Sequence[Sequence[Entry]], observations: Iterable[Observation]) -> tuple[Entry, ...]:
    """Baseline entries a shard found gone, unless another shard observed them."""
    if not any(stale):
        return ()  # most merges: shards by -k or by model are not full runs, so none found any
    observed = {(o.model, o.probe, o.language) for o in observations}
    unique = {e.key: e for entries in stale for e in entries if e.key not in observed}
    return tuple(unique[key] for key in sorted(unique))


def _notes(shards: Sequence[Shard], repeated: int) -> tuple[str, ...]:
    notes = []
    if repeated:
        notes.append(
            f"{repeated} item(s) are in more than one report with the same verdicts (a shard run twice?); "
            "each is counted once"
        )
    # A shard whose items the judge never decided says nothing (`--refusal-judge=uncertain` judges only the
    # uncertain ones); two shards decided by different judges (model or prompt version) ran differently.
    judges = {s.path: sorted({v.judge for o in s.refusal_map.observations for v in o.verdicts} - {""}) for s in shards}
    if len({tuple(j) for j in judges.values() if j}) > 1:
        described = "; ".join(f"{path}: {', '.join(j)}" for path, j in judges.items() if j)
        notes.append(f"the shards were judged by different judges ({described}); compare their items with care")
    return tuple(notes)
