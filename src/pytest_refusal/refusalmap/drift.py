"""Drift: observed behaviour that differs from the baseline, and verdicts that differ by language.

Drift is about behaviour, not policy: the expectation decides pass or fail, the baseline
decides whether the model still does what it did when someone last accepted it. The rule
for "differs" is any change of the majority kind for n = 1; for n > 1 it is a Fisher exact
test per item (`baseline.Entry.p_value`) with Benjamini–Hochberg over every sampled item of
the run (`fdr`), so many probes do not raise false alarms. A change of the served model or
fingerprint is recorded beside the verdicts, drift or not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from pytest_refusal.observation import Observation
from pytest_refusal.refusalmap import fdr, stats
from pytest_refusal.refusalmap.baseline import Baseline, Entry, Key, entries_from
from pytest_refusal.verdict import Kind

__all__ = [
    "Boundary",
    "Diff",
    "Drift",
    "compare",
    "diff",
    "drift_for",
    "entry_from_json",
    "find_drift",
    "label",
    "language_boundaries",
]


def label(model: str, category: str, probe: str, language: str | None = None, task: str = "") -> str:
    """`kimi · china_politics · tiananmen-1989 [zh]`: how every list in every report names an item.

    A workflow probe names its task: `local · china_politics · tiananmen-translate (translate) [zh]`.
    """
    where = f"{model} · {category} · {probe}" + (f" ({task})" if task else "")
    return f"{where} [{language}]" if language else where


class Drift(NamedTuple):
    """One item whose sample changed since the baseline; `significant` says whether it is drift."""

    before: Entry
    after: Entry
    significant: bool
    p_value: float | None = None  # Fisher exact, two-sided; None when either side has one sample
    q_value: float | None = None  # the Benjamini–Hochberg adjusted p-value over the run's sampled items

    @property
    def identity_changed(self) -> bool:
        return self.before.identity_changed(self.after)

    @property
    def verdict_changed(self) -> bool:
        return self.before.counts != self.after.counts

    @property
    def key(self) -> Key:
        return self.after.key

    @property
    def judge_drift(self) -> bool:
        """The judge changed (model, prompt version, or whether it decided): the change may be the judge's, not the model's."""
        return self.before.judge != self.after.judge

    @property
    def line(self) -> str:
        """`kimi · china_politics · tiananmen-1989 [zh]: refuse → comply` (counts when n > 1; the judge when it changed)."""
        a, b = self.before, self.after
        full = a.majority == b.majority
        where = label(b.model, b.category, b.probe, b.language, b.task)
        judge = f" (judge drift: {a.judge or 'cues'} → {b.judge or 'cues'})" if self.judge_drift else ""
        served = f" (served model: {a.identity} → {b.identity})" if self.identity_changed else ""
        verdicts = (
            f"{a.describe(full=full)} → {b.describe(full=full)}"
            if self.verdict_changed
            else f"{b.describe(full=True)}, unchanged"
        )
        return f"{where}: {verdicts}{judge}{served}"

    @property
    def evidence(self) -> str:
        """` (p 0.0012, BH q 0.0360)` for sampled items, "" for one sample: the numbers behind the decision."""
        if self.p_value is None:
            return ""
        q = "" if self.q_value is None else f", BH q {self.q_value:.4f}"
        return f" (p {self.p_value:.4f}{q})"

    def to_json(self) -> dict[str, Any]:
        after = self.after
        return {
            "model": after.model,
            "category": after.category,
            "probe": after.probe,
            "language": after.language,
            "before": self.before.to_json(),
            "after": after.to_json(),
            "significant": self.significant,
            "p_value": self.p_value,
            "q_value": self.q_value,
            "judge_drift": self.judge_drift,
            "identity_changed": self.identity_changed,
            "line": self.line,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Drift:
        return cls(
            entry_from_json(data["before"]),
            entry_from_json(data["after"]),
            bool(data["significant"]),
            data.get("p_value"),
            data.get("q_value"),
        )


def entry_from_json(data: Mapping[str, Any]) -> Entry:
    """Read `Entry.to_json` output back (counts in `Kind` order, zeros dropped)."""
    counts = {Kind(k): int(c) for k, c in data["counts"].items()}
    return Entry(
        data["model"],
        data["probe"],
        data["language"],
        data["category"],
        tuple((k, counts[k]) for k in Kind if counts.get(k)),
        data.get("recorded", ""),
        str(data.get("judge") or ""),
        str(data.get("served") or ""),
        str(data.get("fingerprint") or ""),
        str(data.get("task") or ""),
    )


def compare(before: Entry, after: Entry, q_value: float | None = None) -> Drift | None:
    """A record when the kind counts or the served model changed; None when both are identical.

    With samples on both sides, `q_value` (from `diff`, over the whole run) decides; without
    one, the single test's p-value does (a run of one sampled item: BH with m = 1 is the same).
    """
    if before.counts == after.counts and not before.identity_changed(after):
        return None
    p = before.p_value(after)
    if p is None:
        significant = before.majority != after.majority
    else:
        q_value = p if q_value is None else q_value
        significant = before.counts != after.counts and q_value < stats.ALPHA
    return Drift(
        before,
        after,
        significant,
        None if p is None else round(p, 4),
        None if p is None or q_value is None else round(q_value, 4),
    )


def drift_for(observation: Observation, baseline: Baseline) -> Drift | None:
    """The per-item check the plugin runs: None when new to the baseline or unchanged.

    A sampled item (n > 1 on both sides) is never significant here: whether its change is
    drift depends on every other sampled item of the run (Benjamini–Hochberg), so the run's
    end decides (`diff`, through the map) and fails the run for it.
    """
    key = (observation.model, observation.probe, observation.language)
    before = baseline.get(key)
    if before is None:  # new to the baseline (every item of a first run): no entry to build
        return None
    after = entries_from([observation], "").get(key)
    found = compare(before, after) if before and after else None
    if found is not None and found.p_value is not None:
        return Drift(found.before, found.after, False, found.p_value)
    return found


def find_drift(observations: Iterable[Observation], baseline: Baseline) -> tuple[Drift, ...]:
    """Every changed item (significant or not), sorted by model, probe and language."""
    return diff(baseline.entries, entries_from(observations, "")).drift


class Diff(NamedTuple):
    """Two snapshots compared: changed items, and items only in the new or only in the old."""

    drift: tuple[Drift, ...]
    added: tuple[Entry, ...]
    removed: tuple[Entry, ...]

    @property
    def significant(self) -> tuple[Drift, ...]:
        return tuple(d for d in self.drift if d.significant)

    @property
    def served_changed(self) -> tuple[Drift, ...]:
        """Items the API answered with another model or fingerprint, whatever their verdicts did."""
        return tuple(d for d in self.drift if d.identity_changed)


def diff(old: Mapping[Key, Entry], new: Mapping[Key, Entry]) -> Diff:
    """Compare two snapshots (baselines, or reports read as entries), all sorted by key.

    Every item sampled on both sides is one hypothesis of the Benjamini–Hochberg family, the
    unchanged ones too (their p-value is 1): m counts what was tested, not what moved.
    """
    common = sorted(old.keys() & new.keys())
    tested = [(key, p) for key in common if (p := old[key].p_value(new[key])) is not None]
    q_values = dict(zip((key for key, _ in tested), fdr.adjusted([p for _, p in tested]), strict=False))
    changes = (compare(old[key], new[key], q_values.get(key)) for key in common)
    return Diff(
        drift=tuple(d for d in changes if d is not None),
        added=tuple(new[key] for key in sorted(new.keys() - old.keys())),
        removed=tuple(old[key] for key in sorted(old.keys() - new.keys())),
    )


class Boundary(NamedTuple):
    """One probe and model whose majority verdict differs between languages."""

    model: str
    category: str
    probe: str
    verdicts: tuple[Entry, ...]

    @property
    def task(self) -> str:
        return self.verdicts[0].task if self.verdicts else ""

    @property
    def line(self) -> str:
        """`kimi · china_politics · tiananmen-1989: en comply · zh refuse`."""
        parts = " · ".join(f"{e.language} {e.describe()}" for e in self.verdicts)
        return f"{label(self.model, self.category, self.probe, task=self.task)}: {parts}"

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "category": self.category,
            "probe": self.probe,
            "task": self.task,
            "verdicts": {
                e.language: {"majority": str(e.majority), "counts": {k.value: c for k, c in e.counts}, "n": e.n}
                for e in self.verdicts
            },
            "line": self.line,
        }


def language_boundaries(entries: Iterable[Entry]) -> tuple[Boundary, ...]:
    """Probes whose majority kind differs across languages for the same model.

    These are the silent failures of translation workflows: a model that refuses in Chinese
    what it answers in English (or the reverse) passes every single-language test.
    """
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[(entry.model, entry.probe)].append(entry)
    found = []
    for (model, probe), group in sorted(groups.items()):
        if len({e.majority for e in group}) > 1:
            group.sort(key=lambda e: e.language)
            found.append(Boundary(model, group[0].category, probe, tuple(group)))
    return tuple(found)
