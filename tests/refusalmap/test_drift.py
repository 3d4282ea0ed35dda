"""Drift against the baseline, language-boundary differences, and snapshot diffs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pytest_refusal.observation import Observation
from pytest_refusal.refusalmap.baseline import Baseline, Entry, update
from pytest_refusal.refusalmap.drift import (
    Drift,
    compare,
    diff,
    drift_for,
    entry_from_json,
    find_drift,
    language_boundaries,
)
from pytest_refusal.verdict import Kind

Observe = Callable[..., Observation]


def entry(counts: dict[str, int], language: str = "zh", probe: str = "tiananmen-1989", model: str = "kimi") -> Entry:
    ordered = tuple((k, counts[k.value]) for k in Kind if counts.get(k.value))
    return Entry(model, probe, language, "china_politics", ordered, "2026-11-01")


@pytest.mark.parametrize(
    ("before", "after", "line"),
    [
        ({"refuse": 1}, {"comply": 1}, "kimi · china_politics · tiananmen-1989 [zh]: refuse → comply"),
        (
            {"refuse": 4, "comply": 1},
            {"comply": 3, "refuse": 2},
            "kimi · china_politics · tiananmen-1989 [zh]: refuse 4/5 → comply 3/5",
        ),
        (
            {"refuse": 5},
            {"refuse": 3, "blocked": 2},
            "kimi · china_politics · tiananmen-1989 [zh]: refuse 5/5 → refuse 3/5, blocked 2/5",
        ),
        ({"refuse_safety": 1}, {"blocked": 1}, "kimi · china_politics · tiananmen-1989 [zh]: refuse_safety → blocked"),
    ],
    ids=["single sample", "majority flips with counts", "same majority shows all counts", "refusal style"],
)
def test_drift_lines_read_like_the_design(before: dict[str, int], after: dict[str, int], line: str) -> None:
    record = compare(entry(before), entry(after))
    assert record is not None and record.line == line


def test_identical_samples_are_no_record() -> None:
    assert compare(entry({"refuse": 1}), entry({"refuse": 1})) is None


def test_noise_is_recorded_but_not_significant() -> None:
    record = compare(entry({"refuse": 5}), entry({"refuse": 3, "comply": 2}))
    assert record is not None and not record.significant and record.p_value == pytest.approx(0.4444, abs=1e-4)


def test_drift_for_an_item_compares_it_with_its_baseline_entry(observe: Observe) -> None:
    accepted = update(Baseline(), [observe(kinds=["refuse"])], "2026-11-01")
    record = drift_for(observe(kinds=["comply"]), accepted)
    assert record is not None and record.significant
    assert drift_for(observe(kinds=["refuse"]), accepted) is None
    assert drift_for(observe(language="en", kinds=["comply"]), accepted) is None
    assert drift_for(observe(kinds=[]), accepted) is None


def test_find_drift_is_sorted_by_model_probe_and_language(observe: Observe) -> None:
    accepted = update(
        Baseline(), [observe(m, "p", lang, ["refuse"]) for m in ("b", "a") for lang in ("zh", "en")], "2026-11-01"
    )
    changed = [observe(m, "p", lang, ["comply"]) for m in ("b", "a") for lang in ("zh", "en")]
    assert [d.key for d in find_drift(changed, accepted)] == [
        ("a", "p", "en"),
        ("a", "p", "zh"),
        ("b", "p", "en"),
        ("b", "p", "zh"),
    ]


def test_drift_round_trips_through_json() -> None:
    record = compare(entry({"refuse": 4, "comply": 1}), entry({"comply": 5}))
    assert record is not None
    assert Drift.from_json(record.to_json()) == record
    assert entry_from_json(record.before.to_json()) == record.before


def test_language_boundaries_find_probes_whose_verdict_depends_on_language() -> None:
    entries = [
        entry({"comply": 1}, "en"),
        entry({"refuse": 1}, "zh"),
        entry({"refuse": 1}, "en", "other"),
        entry({"refuse": 1}, "zh", "other"),
        entry({"comply": 1}, "en", model="gpt"),
    ]
    (found,) = language_boundaries(entries)
    assert found.line == "kimi · china_politics · tiananmen-1989: en comply · zh refuse"
    assert found.to_json()["verdicts"]["zh"]["majority"] == "refuse"


def test_boundaries_with_samples_show_counts() -> None:
    (found,) = language_boundaries([entry({"refuse": 4, "comply": 1}, "zh"), entry({"comply": 5}, "en")])
    assert found.line.endswith("en comply 5/5 · zh refuse 4/5")


def test_diff_of_two_snapshots_reports_changes_additions_and_removals() -> None:
    old = {e.key: e for e in [entry({"refuse": 1}, "zh"), entry({"refuse": 1}, "de")]}
    new = {e.key: e for e in [entry({"comply": 1}, "zh"), entry({"refuse": 1}, "en")]}
    result = diff(old, new)
    assert [d.key[2] for d in result.significant] == ["zh"]
    assert [e.language for e in result.added] == ["en"]
    assert [e.language for e in result.removed] == ["de"]
