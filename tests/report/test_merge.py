"""The merge of shard maps, and a merged map against one baseline: pure, no pytest run."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import pytest

from pytest_refusal.observation import Observation
from pytest_refusal.refusalmap import baseline
from pytest_refusal.refusalmap.baseline import Baseline, Entry
from pytest_refusal.report import RefusalMap, build_map
from pytest_refusal.report.merge import OverlapError, Shard, merge
from pytest_refusal.report.model import Unrecorded, sort_key
from pytest_refusal.report.shardbaseline import accept, against
from pytest_refusal.verdict import Expectation, Kind, Verdict


def item(
    model: str = "kimi", probe: str = "tiananmen", language: str = "zh", kinds: Sequence[str] = ("refuse",), **kw: str
) -> Observation:
    category = kw.get("category", "politics")
    return Observation(
        nodeid=f"map.refusal.yaml::{category}::{probe}[{model}-{language}]",
        model=model,
        category=category,
        probe=probe,
        language=language,
        expectation=Expectation(kw.get("expect", "refuse")),
        verdicts=tuple(Verdict(Kind(k), 0.9, f"cue for {k}", language, judge=kw.get("judge", "")) for k in kinds),
        cassette=f"map/{model}/{probe}-{language}.yaml",
    )


def unrecorded(model: str = "claude", language: str = "zh") -> Unrecorded:
    return Unrecorded(
        f"map.refusal.yaml::politics::tiananmen[{model}-{language}]",
        model,
        "politics",
        "tiananmen",
        language,
        "record it",
    )


def shard(path: str, *items: Observation, **kw: object) -> Shard:
    return Shard(path, build_map(items, **kw))  # type: ignore[arg-type]


def entry(model: str, probe: str, language: str, kinds: dict[Kind, int], category: str = "politics") -> Entry:
    return Entry(model, probe, language, category, tuple((k, kinds[k]) for k in Kind if kinds.get(k)), "2026-11-01")


def test_one_report_is_returned_as_it_is() -> None:
    only = shard("a.json", item())
    assert merge([only]).refusal_map is only.refusal_map and merge([only]).notes == ()


def test_every_shards_items_make_one_matrix_with_boundaries_across_shards() -> None:
    a = shard(
        "a.json",
        item(language="zh"),
        item("gpt", kinds=["comply"], expect="comply"),
        generated_at="2026-11-27T01:00:00+00:00",
    )
    b = shard(
        "b.json",
        item(language="en", kinds=["comply"]),
        item("kimi", "dragon", "en", ["comply"], category="fiction", expect="comply"),
        unrecorded=[unrecorded()],
        generated_at="2026-11-27T02:00:00+00:00",
    )
    merged = merge([a, b]).refusal_map
    assert list(merged.observations) == sorted(merged.observations, key=sort_key)
    assert len(merged.observations) == 4 and merged.unrecorded == (unrecorded(),)
    assert merged.models == ("claude", "gpt", "kimi") and merged.categories == ("fiction", "politics")
    cell = merged.cell("kimi", "politics")
    assert cell is not None and cell.describe() == "comply 1/2, refuse 1/2" and cell.failed == 1
    assert [b.line for b in merged.boundaries] == ["kimi · politics · tiananmen: en comply · zh refuse"]
    assert merged.generated_at == "2026-11-27T02:00:00+00:00"  # the latest shard's
    assert merged.failures == tuple(o for o in merged.observations if o.language == "en" and o.probe == "tiananmen")


def test_an_item_in_two_reports_with_the_same_verdicts_is_counted_once() -> None:
    merged = merge([shard("a.json", item()), shard("rerun.json", item(), item("gpt", kinds=["comply"]))])
    assert len(merged.refusal_map.observations) == 2
    assert merged.notes == (
        "1 item(s) are in more than one report with the same verdicts (a shard run twice?); each is counted once",
    )


@pytest.mark.parametrize(
    ("second", "says"),
    [
        (
            shard("b.json", item(kinds=["comply"])),
            "a.json (refuse 1/1, expecting refuse at min rate 1.0, cassette map/kimi/tiananmen-zh.yaml) and in b.json (comply 1/1,",
        ),
        (
            shard("b.json", dataclasses.replace(item(), min_rate=0.5)),
            "and in b.json (refuse 1/1, expecting refuse at min rate 0.5,",
        ),
        (Shard("b.json", build_map([], unrecorded=[unrecorded("kimi")])), "and in b.json (not recorded)"),
    ],
    ids=["other-verdict", "other-option", "not-recorded-there"],
)
def test_an_item_two_reports_disagree_on_is_refused_naming_both_files(second: Shard, says: str) -> None:
    with pytest.raises(OverlapError) as raised:
        merge([shard("a.json", item()), second])
    message = str(raised.value)
    assert message.startswith("item map.refusal.yaml::politics::tiananmen[kimi-zh] is in a.json (")
    assert says in message and message.endswith("pass only one of the two files")


def test_an_item_repeated_within_one_report_stays_as_that_report_had_it() -> None:
    twice = Shard("a.json", RefusalMap((item(), item())))
    assert len(merge([twice, shard("b.json", item("gpt"))]).refusal_map.observations) == 3


def test_drift_is_the_union_each_record_once_and_stale_entries_another_shard_observed_are_dropped() -> None:
    accepted = Baseline(
        "base.yaml",
        {
            e.key: e
            for e in (
                entry("kimi", "tiananmen", "zh", {Kind.COMPLY: 1}),
                entry("gpt", "tiananmen", "zh", {Kind.REFUSE: 1}),
                entry("kimi", "gone", "zh", {Kind.REFUSE: 1}),
            )
        },
    )
    gone = accepted.entries[("kimi", "gone", "zh")]
    a = shard("a.json", item(), baseline=accepted, stale=[gone, accepted.entries[("gpt", "tiananmen", "zh")]])
    b = shard("b.json", item("gpt", kinds=["comply"]), baseline=accepted)
    merged = merge([a, b, a]).refusal_map
    assert [d.line for d in merged.significant_drift] == [
        "gpt · politics · tiananmen [zh]: refuse → comply",
        "kimi · politics · tiananmen [zh]: comply → refuse",
    ]
    assert merged.stale == (gone,)
    assert [merged.status(o).value for o in merged.observations] == ["policy_failure", "drift"]


def test_shards_decided_by_different_judges_are_said_to_be_and_a_shard_the_judge_never_decided_is_not() -> None:
    a = shard("a.json", item(judge="openai:gpt judge-v1"))
    b = shard("b.json", item("gpt", judge="openai:gpt judge-v2"))
    assert merge([a, b]).notes == (
        "the shards were judged by different judges (a.json: openai:gpt judge-v1; b.json: openai:gpt judge-v2); "
        "compare their items with care",
    )
    assert merge([a, shard("c.json", item("gpt"))]).notes == ()


def sampled(model: str, probe: str, refuse: int, comply: int) -> Observation:
    return dataclasses.replace(item(model, probe, kinds=["refuse"] * refuse + ["comply"] * comply), min_rate=0.0)


def test_against_a_baseline_sampled_drift_is_decided_over_every_shard_as_one_run_would() -> None:
    # Shard a alone: one sampled item that moved (p 0.0325, BH with m = 1: drift). Shard b: forty
    # unchanged sampled items. One run of both tests 41 items, and BH calls the move noise.
    moved = sampled("kimi", "moved", 5, 5)
    steady = [sampled("gpt", f"steady-{i}", 10, 0) for i in range(40)]
    accepted = Baseline(
        "base.yaml",
        {(o.model, o.probe, "zh"): entry(o.model, o.probe, "zh", {Kind.REFUSE: 10}) for o in [moved, *steady]},
    )
    shards = [shard("a.json", moved, baseline=accepted), shard("b.json", *steady, baseline=accepted)]
    union = merge(shards).refusal_map
    decided, notes = against(union, shards, accepted)
    assert [d.significant for d in union.drift] == [True] and notes == []
    assert decided.drift == build_map([moved, *steady], baseline=accepted).drift
    assert [(d.significant, d.p_value, d.q_value) for d in decided.drift] == [(False, 0.0325, 1.0)]


def test_a_shard_run_against_another_baseline_is_named() -> None:
    old = Baseline("old.yaml", {("kimi", "tiananmen", "zh"): entry("kimi", "tiananmen", "zh", {Kind.COMPLY: 1})})
    new = Baseline(
        "refusal-baseline.yaml", {("kimi", "tiananmen", "zh"): entry("kimi", "tiananmen", "zh", {Kind.REFUSE: 1})}
    )
    shards = [shard("a.json", item(), baseline=old), shard("b.json", item("gpt", kinds=["comply"]), baseline=new)]
    decided, notes = against(merge(shards).refusal_map, shards, new)
    assert decided.drift == ()
    assert notes == [
        "a.json ran against another baseline than refusal-baseline.yaml (1 item(s) disagree, e.g. kimi · politics "
        "· tiananmen [zh]: its baseline had comply 1/1, refusal-baseline.yaml has refuse 1/1); its drift is decided "
        "here against refusal-baseline.yaml"
    ]


def test_a_shard_that_saw_a_change_and_recorded_no_drift_ran_against_another_baseline() -> None:
    new = Baseline("base.yaml", {("kimi", "tiananmen", "zh"): entry("kimi", "tiananmen", "zh", {Kind.COMPLY: 1})})
    shards = [shard("a.json", item()), shard("b.json", item("gpt"))]  # a first run: no baseline yet
    decided, notes = against(merge(shards).refusal_map, shards, new)
    assert [d.line for d in decided.significant_drift] == ["kimi · politics · tiananmen [zh]: comply → refuse"]
    assert notes == [
        "a.json ran against another baseline than base.yaml (1 item(s) disagree, e.g. kimi · politics · tiananmen "
        "[zh]: it saw refuse 1/1 and recorded no drift, base.yaml has comply 1/1); its drift is decided here "
        "against base.yaml"
    ]


def test_accepting_a_merged_map_keeps_unobserved_entries_and_never_a_policy_failure(tmp_path: Path) -> None:
    path = tmp_path / "refusal-baseline.yaml"
    kept = entry("kimi", "other", "zh", {Kind.REFUSE: 1})
    accepted = Baseline(str(path), {e.key: e for e in (kept, entry("gpt", "tiananmen", "zh", {Kind.REFUSE: 1}))})
    merged = merge(
        [
            shard("a.json", item("gpt", kinds=["comply"], expect="comply"), generated_at="2026-11-27T05:00:00+00:00"),
            shard("b.json", item(kinds=["comply"])),
        ]
    ).refusal_map
    result = accept(merged, accepted)
    assert result == (True, 1, 1, 1)
    written = baseline.load(path).entries
    assert written[("gpt", "tiananmen", "zh")].counts == ((Kind.COMPLY, 1),)
    assert written[("gpt", "tiananmen", "zh")].recorded == "2026-11-27"
    assert ("kimi", "tiananmen", "zh") not in written and written[kept.key] == kept
    assert accept(merged, baseline.load(path)).written is False
