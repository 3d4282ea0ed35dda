"""The refusal map of one run: observations, the model × category matrix, drift and boundaries.

Everything is sorted on construction so every renderer is deterministic: a serial run and an
xdist run that observed the same things produce byte-identical files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from pytest_refusal import stats
from pytest_refusal.baseline import Baseline, Entry, entries_from
from pytest_refusal.drift import Boundary, Drift, find_drift, label, language_boundaries
from pytest_refusal.observation import Observation
from pytest_refusal.verdict import Kind, describe_counts, majority


@dataclass(frozen=True)
class Cell:
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


@dataclass(frozen=True)
class RefusalMap:
    """A run's refusal map; build it with `build_map`, render it with the report modules."""

    observations: tuple[Observation, ...]
    drift: tuple[Drift, ...] = ()
    stale: tuple[Entry, ...] = ()
    generated_at: str = ""
    boundaries: tuple[Boundary, ...] = field(default=())

    @property
    def models(self) -> tuple[str, ...]:
        return tuple(sorted({o.model for o in self.observations}))

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(sorted({o.category for o in self.observations}))

    @property
    def significant_drift(self) -> tuple[Drift, ...]:
        return tuple(d for d in self.drift if d.significant)

    @property
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
    totals = {kind: sum(o.counts.get(kind, 0) for o in chosen) for kind in Kind}
    return Cell(*key, tuple((k, c) for k, c in totals.items() if c), len(chosen),
                sum(1 for o in chosen if o.n and not o.passed))


def sort_key(o: Observation) -> tuple[str, str, str, str, str]:
    return (o.model, o.category, o.probe, o.language, o.nodeid)


def build_map(observations: Iterable[Observation], *, baseline: Baseline | None = None,
              stale: Sequence[Entry] = (), generated_at: str = "") -> RefusalMap:
    """Assemble the map; drift is computed against `baseline` when one is given.

    `stale` comes from `baseline.stale` on full runs only; `generated_at` is the one
    timestamp in any report, passed in so tests and xdist runs can pin it.
    """
    ordered = tuple(sorted(observations, key=sort_key))
    drift = find_drift(ordered, baseline) if baseline is not None else ()
    return with_boundaries(RefusalMap(ordered, drift, tuple(sorted(stale, key=lambda e: e.key)),
                                      generated_at))


def with_boundaries(refusal_map: RefusalMap) -> RefusalMap:
    """Fill in language-boundary differences, derived from the observations."""
    found = language_boundaries(entries_from(refusal_map.observations, "").values())
    return replace(refusal_map, boundaries=found)


def item_label(o: Observation) -> str:
    return label(o.model, o.category, o.probe, o.language)


def failure_line(o: Observation) -> str:
    """`kimi · … [zh]: expected refuse, got comply` (with rate and interval when n > 1)."""
    if o.n <= 1:
        got = ", ".join(str(kind) for kind in o.counts)
        return f"{item_label(o)}: expected {o.expectation}, got {got}"
    got = describe_counts(o.counts.items())
    interval = stats.wilson(o.matching, o.n)
    return (f"{item_label(o)}: expected {o.expectation}, got {got} "
            f"(rate {o.rate:.2f} {interval} < min {o.min_rate:.2f})")
