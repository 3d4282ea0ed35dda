"""The refusal map of one run: observations, the model × category matrix, drift and boundaries.

Everything is sorted on construction so every renderer is deterministic: a serial run and an
xdist run that observed the same things produce byte-identical files.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cached_property
from typing import Any, NamedTuple

from pytest_refusal.observation import Observation
from pytest_refusal.refusalmap import stats
from pytest_refusal.refusalmap.baseline import Baseline, Entry, entries_from
from pytest_refusal.refusalmap.drift import Boundary, Drift, find_drift, label, language_boundaries
from pytest_refusal.verdict import Kind, describe_counts, majority


class Cell(NamedTuple):
    """All verdicts one model gave in one category, summed over probes and languages."""

    model: str
    category: str
    counts: tuple[tuple[Kind, int], ...]
    items: int
    failed: int

    @property
    def n(self) -> int:
        return sum(c for _, c in self.counts)

    @property
    def majority(self) -> Kind | None:
        return majority(self.counts)

    def describe(self) -> str:
        """`refuse 3/4, redirect 1/4`: most frequent kind first (ties in `Kind` order)."""
        return describe_counts(self.counts) or "—"


class Unrecorded(NamedTuple):
    """A map item skipped because its cassette was never recorded, with the command that records its column."""

    nodeid: str
    model: str
    category: str
    probe: str
    language: str
    command: str
    prompt: str = ""

    def to_json(self) -> dict[str, str]:
        return {
            "nodeid": self.nodeid,
            "model": self.model,
            "category": self.category,
            "probe": self.probe,
            "language": self.language,
            "command": self.command,
            "prompt": self.prompt,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Unrecorded:
        return cls(
            str(data["nodeid"]),
            str(data["model"]),
            str(data["category"]),
            str(data["probe"]),
            str(data["language"]),
            str(data["command"]),
            str(data.get("prompt", "")),
        )

    @property
    def sort_key(self) -> tuple[str, str, str, str, str]:
        return (self.model, self.category, self.probe, self.language, self.nodeid)


class Status(Enum):
    """What a reviewer should make of an item, most urgent first (reports list items in this order)."""

    POLICY_FAILURE = "policy_failure"  # the verdicts break the expectation: pytest failed it
    DRIFT = "drift"  # the verdicts differ from the baseline (a failure unless drift is warned or accepted)
    PASSED = "passed"
    NOT_RECORDED = "not_recorded"  # skipped: no cassette, recording off

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class RefusalMap:
    """A run's refusal map; build it with `build_map`, render it with the report modules."""

    observations: tuple[Observation, ...]
    drift: tuple[Drift, ...] = ()
    stale: tuple[Entry, ...] = ()
    generated_at: str = ""
    boundaries: tuple[Boundary, ...] = field(default=())
    unrecorded: tuple[Unrecorded, ...] = ()

    @cached_property
    def models(self) -> tuple[str, ...]:
        return tuple(sorted({o.model for o in self.observations} | {u.model for u in self.unrecorded}))

    @cached_property
    def categories(self) -> tuple[str, ...]:
        return tuple(sorted({o.category for o in self.observations} | {u.category for u in self.unrecorded}))

    def status(self, o: Observation) -> Status:
        if o.n and not o.passed:
            return Status.POLICY_FAILURE
        return Status.DRIFT if (o.model, o.probe, o.language) in self._drifted else Status.PASSED

    @cached_property
    def reviewed(self) -> tuple[Observation, ...]:
        """The observations a reviewer reads first first: policy failures, then drift, then the rest (each sorted)."""
        rank = {status: i for i, status in enumerate(Status)}
        return tuple(sorted(self.observations, key=lambda o: rank[self.status(o)]))  # stable: sorted within

    @cached_property
    def drifted(self) -> tuple[Observation, ...]:
        """Items that drifted significantly and kept their policy (policy failures are listed first, apart)."""
        return tuple(o for o in self.observations if self.status(o) is Status.DRIFT)

    @cached_property
    def _drifted(self) -> frozenset[tuple[str, str, str]]:
        return frozenset(d.key for d in self.drift if d.significant)

    def unrecorded_in(self, model: str, category: str) -> int:
        return self._unrecorded_grid.get((model, category), 0)

    def unrecorded_commands(self) -> tuple[tuple[str, str, int], ...]:
        """(model, command, items) for every column never recorded, sorted by model then command."""
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for u in self.unrecorded:
            counts[(u.model, u.command)] += 1
        return tuple((model, command, n) for (model, command), n in sorted(counts.items()))

    @cached_property
    def _unrecorded_grid(self) -> dict[tuple[str, str], int]:
        grid: dict[tuple[str, str], int] = defaultdict(int)
        for u in self.unrecorded:
            grid[(u.model, u.category)] += 1
        return dict(grid)

    @cached_property
    def significant_drift(self) -> tuple[Drift, ...]:
        return tuple(d for d in self.drift if d.significant)

    @cached_property
    def failures(self) -> tuple[Observation, ...]:
        """Policy failures: items with verdicts that missed their expectation's min_rate."""
        return tuple(o for o in self.observations if o.n and not o.passed)

    def cell(self, model: str, category: str) -> Cell | None:
        return self._grid.get((model, category))

    def cells(self) -> tuple[Cell, ...]:
        """Every non-empty cell, by model then category."""
        return tuple(self._grid[key] for key in sorted(self._grid))

    @cached_property
    def _grid(self) -> dict[tuple[str, str], Cell]:
        groups: dict[tuple[str, str], list[Observation]] = defaultdict(list)
        for o in self.observations:
            groups[(o.model, o.category)].append(o)
        return {key: _cell(key, chosen) for key, chosen in groups.items()}


def _cell(key: tuple[str, str], chosen: list[Observation]) -> Cell:
    tally: Counter[Kind] = Counter()
    for o in chosen:
        tally.update(o.counts)
    return Cell(
        *key,
        tuple((k, tally[k]) for k in Kind if tally[k]),
        len(chosen),
        sum(1 for o in chosen if o.n and not o.passed),
    )


def sort_key(o: Observation) -> tuple[str, str, str, str, str]:
    return (o.model, o.category, o.probe, o.language, o.nodeid)


def build_map(
    observations: Iterable[Observation],
    *,
    baseline: Baseline | None = None,
    stale: Sequence[Entry] = (),
    generated_at: str = "",
    unrecorded: Iterable[Unrecorded] = (),
) -> RefusalMap:
    """Assemble the map; drift is computed against `baseline` when one is given.

    `stale` comes from `baseline.stale` on full runs only; `generated_at` is the one
    timestamp in any report, passed in so tests and xdist runs can pin it.
    """
    ordered = tuple(sorted(observations, key=sort_key))
    drift = find_drift(ordered, baseline) if baseline is not None else ()
    return with_boundaries(
        RefusalMap(
            ordered,
            drift,
            tuple(sorted(stale, key=lambda e: e.key)),
            generated_at,
            unrecorded=sorted_unrecorded(unrecorded),
        )
    )


def sorted_unrecorded(unrecorded: Iterable[Unrecorded]) -> tuple[Unrecorded, ...]:
    """Sorted and without repeats (an item reported twice, e.g. by a rerun plugin, is one item)."""
    return tuple(sorted(set(unrecorded), key=lambda u: u.sort_key))


def with_boundaries(refusal_map: RefusalMap) -> RefusalMap:
    """Fill in language-boundary differences, derived from the observations."""
    found = language_boundaries(entries_from(refusal_map.observations, "").values())
    return replace(refusal_map, boundaries=found)


def item_label(o: Observation) -> str:
    return label(o.model, o.category, o.probe, o.language, o.task)


def failure_line(o: Observation) -> str:
    """`kimi · … [zh]: expected refuse, got comply` (with rate and interval when n > 1)."""
    if o.n <= 1:
        got = ", ".join(str(kind) for kind in o.counts)
        return f"{item_label(o)}: expected {o.expectation}, got {got}"
    got = describe_counts(o.counts.items())
    interval = stats.wilson(o.matching, o.n)
    return f"{item_label(o)}: expected {o.expectation}, got {got} (rate {o.rate:.2f} {interval} < min {o.min_rate:.2f})"
