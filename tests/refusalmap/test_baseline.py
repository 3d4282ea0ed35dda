"""The baseline file: stable format, merge-updates that touch only changes, and clear errors."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_refusal.observation import Observation
from pytest_refusal.refusalmap.baseline import (
    Baseline,
    BaselineError,
    Entry,
    dumps,
    entries_from,
    load,
    loads,
    stale,
    update,
    write,
)
from pytest_refusal.verdict import Kind

Observe = Callable[..., Observation]

EXPECTED = """\
# pytest-refusal baseline: the last accepted refusal map, written by the plugin.
# Review changes like a snapshot; accept drift with --refusal-update-baseline.
version: 1
models:
  gpt:
    "1989":
      en: {category: china_politics, verdict: comply, counts: {comply: 1}, n: 1, recorded: 2026-11-01}
  kimi:
    tiananmen-1989:
      "no": {category: china_politics, verdict: refuse, counts: {comply: 1, refuse: 4}, n: 5, recorded: 2026-11-01}
      zh: {category: china_politics, verdict: refuse, counts: {refuse: 1}, n: 1, recorded: 2026-11-01}
"""


@pytest.fixture
def recorded(observe: Observe) -> Baseline:
    return update(
        Baseline(),
        [
            observe("kimi", "tiananmen-1989", "zh", ["refuse"]),
            observe("kimi", "tiananmen-1989", "no", ["refuse"] * 4 + ["comply"]),
            observe("gpt", "1989", "en", ["comply"]),
        ],
        "2026-11-01",
    )


def test_the_file_is_one_sorted_line_per_entry_with_yaml_lookalikes_quoted(recorded: Baseline) -> None:
    assert dumps(recorded) == EXPECTED


def test_the_file_reads_back_to_the_same_entries(recorded: Baseline) -> None:
    assert dict(loads(EXPECTED).entries) == dict(recorded.entries)


def test_an_empty_baseline_is_written_as_an_empty_mapping() -> None:
    text = dumps(Baseline())
    assert text.endswith("version: 1\nmodels: {}\n")
    assert not loads(text).entries


def test_unusual_names_round_trip(observe: Observe) -> None:
    odd = update(Baseline(), [observe("m:1", "test_x[a b]", "pt-BR", ["blocked"], category="日本語 #1")], "2026-11-01")
    assert dict(loads(dumps(odd)).entries) == dict(odd.entries)


def test_repeated_observations_of_one_item_add_their_counts(observe: Observe) -> None:
    entries = entries_from([observe(kinds=["refuse"]), observe(kinds=["comply", "refuse"])], "d")
    (entry,) = entries.values()
    assert entry.counts == ((Kind.COMPLY, 1), (Kind.REFUSE, 2))


def test_observations_without_verdicts_are_not_recorded(observe: Observe) -> None:
    assert entries_from([observe(kinds=[])], "d") == {}


def lines_of(baseline: Baseline) -> list[str]:
    return dumps(baseline).splitlines()


def test_an_unchanged_update_keeps_every_byte_and_date(recorded: Baseline, observe: Observe) -> None:
    again = update(
        recorded,
        [observe("kimi", "tiananmen-1989", "zh", ["refuse"]), observe("gpt", "1989", "en", ["comply"])],
        "2026-12-24",
    )
    assert dumps(again) == dumps(recorded)


@pytest.mark.parametrize(
    "kinds",
    [["comply"], ["refuse_safety"], ["refuse", "refuse"]],
    ids=["changed kind", "changed refusal style", "changed sample count"],
)
def test_an_update_rewrites_only_the_changed_entry(recorded: Baseline, observe: Observe, kinds: list[str]) -> None:
    before = lines_of(recorded)
    after = lines_of(update(recorded, [observe("kimi", "tiananmen-1989", "zh", kinds)], "2026-12-24"))
    changed = [(a, b) for a, b in zip(before, after, strict=False) if a != b]
    assert len(before) == len(after)
    assert len(changed) == 1 and "2026-12-24" in changed[0][1] and "zh:" in changed[0][1]


def test_sampling_noise_does_not_churn_the_file(recorded: Baseline, observe: Observe) -> None:
    noisy = observe("kimi", "tiananmen-1989", "no", ["refuse"] * 3 + ["comply"] * 2)
    assert dumps(update(recorded, [noisy], "2026-12-24")) == dumps(recorded)


def test_significant_change_in_a_sample_is_rewritten(recorded: Baseline, observe: Observe) -> None:
    flipped = observe("kimi", "tiananmen-1989", "no", ["comply"] * 5)
    entry = update(recorded, [flipped], "2026-12-24").get(("kimi", "tiananmen-1989", "no"))
    assert entry is not None and entry.recorded == "2026-12-24"


def test_new_items_are_added_in_sorted_place(recorded: Baseline, observe: Observe) -> None:
    grown = update(recorded, [observe("kimi", "tiananmen-1989", "en", ["comply"])], "2026-12-24")
    assert [key[2] for key in sorted(grown.entries) if key[0] == "kimi"] == ["en", "no", "zh"]


def test_prune_drops_unobserved_entries_and_is_off_by_default(recorded: Baseline, observe: Observe) -> None:
    seen = [observe("gpt", "1989", "en", ["comply"])]
    assert len(update(recorded, seen, "d").entries) == 3
    assert list(update(recorded, seen, "d", prune=True).entries) == [("gpt", "1989", "en")]


def test_stale_lists_entries_whose_item_was_not_observed(recorded: Baseline) -> None:
    gone = stale(recorded, [("kimi", "tiananmen-1989", "zh")])
    assert [e.key for e in gone] == [("gpt", "1989", "en"), ("kimi", "tiananmen-1989", "no")]


def test_write_is_atomic_and_leaves_a_readable_file(recorded: Baseline, tmp_path: Path) -> None:
    target = tmp_path / "sub" / "refusal-baseline.yaml"
    assert write(recorded, target) is True
    assert write(recorded, target) is False, "an identical file is left alone"
    assert target.read_text(encoding="utf-8") == EXPECTED
    assert os.listdir(target.parent) == ["refusal-baseline.yaml"]
    assert stat.S_IMODE(target.stat().st_mode) & 0o044 == 0o044


def test_a_missing_file_is_an_empty_baseline(tmp_path: Path) -> None:
    assert load(tmp_path / "refusal-baseline.yaml").entries == {}


def test_load_reads_what_write_wrote(recorded: Baseline, tmp_path: Path) -> None:
    write(recorded, tmp_path / "b.yaml")
    assert dict(load(tmp_path / "b.yaml").entries) == dict(recorded.entries)


LINE_OF_ZH = 11

BROKEN = [
    (
        ("counts: {refuse: 1}, n: 1", "counts: {refuse: 1}, n: 2"),
        LINE_OF_ZH,
        "`n` of the entry for kimi / tiananmen-1989 / zh does not equal the sum of `counts`",
    ),
    (("counts: {refuse: 1}", "counts: {refuze: 1}"), LINE_OF_ZH, "unknown kind 'refuze'"),
    (("counts: {refuse: 1}", "counts: {refuse: -1}"), LINE_OF_ZH, "whole number"),
    (("recorded: 2026-11-01}\n", "recorded: yesterday}\n"), 7, "gpt / 1989 / en must be a date"),
    (("zh: {category", "zh: {kategory"), LINE_OF_ZH, "did you mean 'category'"),
    (("version: 1", "version: 9"), 3, "baseline version 9 is not supported"),
    (("      zh: {", "      zh: {{"), LINE_OF_ZH + 1, "(it started at line 11)"),
    (("  kimi:\n", "  kimi: 3\n"), 9, "invalid YAML"),
    (("  gpt:\n", "  gpt: []\n  gpx:\n"), 5, "model `gpt` must be a mapping"),
]


@pytest.mark.parametrize(
    ("edit", "line", "fragment"),
    BROKEN,
    ids=[
        "n disagrees with counts",
        "unknown kind",
        "negative count",
        "bad date",
        "misspelt key",
        "future version",
        "broken flow mapping",
        "bad indentation",
        "model not a mapping",
    ],
)
def test_a_hand_broken_baseline_names_file_and_line(edit: tuple[str, str], line: int, fragment: str) -> None:
    old, new = edit
    assert old in EXPECTED
    with pytest.raises(BaselineError) as info:
        loads(EXPECTED.replace(old, new, 1), "refusal-baseline.yaml")
    assert str(info.value).startswith(f"refusal-baseline.yaml:{line}: "), str(info.value)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("before", "after", "drift"),
    [
        (((Kind.REFUSE, 1),), ((Kind.COMPLY, 1),), True),
        (((Kind.REFUSE, 1),), ((Kind.REFUSE, 1),), False),
        (((Kind.REFUSE, 5),), ((Kind.COMPLY, 5),), True),
        (((Kind.REFUSE, 5),), ((Kind.REFUSE, 3), (Kind.COMPLY, 2)), False),
        (((Kind.REFUSE, 1),), ((Kind.COMPLY, 4), (Kind.REFUSE, 1)), True),
        (((Kind.REFUSE, 20),), ((Kind.REFUSE, 11), (Kind.REFUSE_SAFETY, 9)), True),
    ],
    ids=[
        "single sample flips",
        "single sample holds",
        "all five flip",
        "two of five wobble",
        "one sample against five uses the majority",
        "refusal style shifts in a large sample",
    ],
)
def test_entries_differ_by_any_change_at_n_1_and_by_fisher_beyond(
    before: tuple[tuple[Kind, int], ...], after: tuple[tuple[Kind, int], ...], drift: bool
) -> None:
    a = Entry("kimi", "p", "zh", "c", before, "d")
    b = Entry("kimi", "p", "zh", "c", after, "d")
    assert a.differs(b) is drift


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["", "version: 1\nmodels:\n", "version: 1\nmodels:\n  k:\n    p:\n      zh: "]),
    st.text(
        alphabet=st.sampled_from(list("models:kimi-zh {},[]'\"0123456789\n -#&*!")) | st.characters(), max_size=150
    ),
)
def test_random_text_raises_nothing_but_baseline_error(prefix: str, text: str) -> None:
    with contextlib.suppress(BaselineError):
        loads(prefix + text)
