"""The map as a reviewer reads it (pure): item status and order, columns never recorded, the JSON kept readable."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from pytest_refusal.observation import Observation
from pytest_refusal.refusalmap.baseline import Baseline, update
from pytest_refusal.report import build_map, jsondoc, markdown, text
from pytest_refusal.report.files import append_section
from pytest_refusal.report.model import RefusalMap, Status, Unrecorded
from pytest_refusal.verdict import Expectation, Kind, Verdict

COMMAND = "ANTHROPIC_API_KEY=... pytest maps --refusal-models=claude --refusal-record=once"


def observe(model: str, probe: str, language: str, kind: str, expect: str = "comply") -> Observation:
    return Observation(
        f"maps/m.refusal.yaml::c::{probe}[{model}-{language}]",
        model,
        "c",
        probe,
        language,
        Expectation(expect),
        (Verdict(Kind(kind), 0.8, f"cue {kind}", language),),
        texts=(f"answer {kind}",),
        prompt=f"ask {probe} in {language}",
    )


def unrecorded(probe: str, language: str, category: str = "c") -> Unrecorded:
    return Unrecorded(
        f"maps/m.refusal.yaml::{category}::{probe}[claude-{language}]",
        "claude",
        category,
        probe,
        language,
        COMMAND,
        f"ask {probe}",
    )


@pytest.fixture
def refusal_map() -> RefusalMap:
    accepted = update(
        Baseline(), [observe("gpt", "a", "en", "comply"), observe("gpt", "b", "en", "comply")], "2026-11-01"
    )
    observed = [
        observe("gpt", "a", "en", "partial"),  # keeps the policy (comply accepts partial), drifts
        observe("gpt", "b", "en", "refuse"),  # breaks the policy and drifts
        observe("gpt", "c", "en", "comply"),
    ]
    return build_map(
        observed,
        baseline=accepted,
        unrecorded=[
            unrecorded("b", "en"),
            unrecorded("a", "en"),
            unrecorded("a", "en"),
            unrecorded("x", "zh", "other"),
        ],
    )


def test_items_are_policy_failures_then_drift_then_passed(refusal_map: RefusalMap) -> None:
    assert [(o.probe, refusal_map.status(o)) for o in refusal_map.reviewed] == [
        ("b", Status.POLICY_FAILURE),
        ("a", Status.DRIFT),
        ("c", Status.PASSED),
    ]
    assert [o.probe for o in refusal_map.drifted] == ["a"]


def test_unrecorded_items_are_sorted_once_each_and_named_in_models_and_categories(refusal_map: RefusalMap) -> None:
    assert [(u.probe, u.language) for u in refusal_map.unrecorded] == [("a", "en"), ("b", "en"), ("x", "zh")]
    assert refusal_map.models == ("claude", "gpt") and refusal_map.categories == ("c", "other")
    assert refusal_map.unrecorded_in("claude", "c") == 2 and refusal_map.unrecorded_in("gpt", "c") == 0
    assert refusal_map.unrecorded_commands() == (("claude", COMMAND, 3),)


def test_text_and_markdown_count_unrecorded_items_in_their_cells(refusal_map: RefusalMap) -> None:
    out = text.render(refusal_map)
    assert out.splitlines()[:4] == [
        "refusal map: 2 model(s) × 2 categories, 3 item(s), 3 not recorded",
        "category  claude          gpt",
        "c         not recorded 2  comply 1/3, partial 1/3, refuse 1/3 (!)",
        "other     not recorded 1",
    ]
    assert out.endswith(f"not recorded (3 items): record each column with:\n  claude (3 items): {COMMAND}\n")
    md = markdown.render(refusal_map)
    assert "3 items · 3 not recorded · 2 drift" in md and f"| claude | 3 | `{COMMAND}` |" in md


def test_a_map_of_unrecorded_items_alone_is_still_a_map() -> None:
    alone = build_map([], unrecorded=[unrecorded("a", "en")])
    assert "not recorded 1" in text.render(alone) and "### Not recorded (1)" in markdown.render(alone)


def test_json_round_trip_keeps_prompts_statuses_and_unrecorded_items(refusal_map: RefusalMap) -> None:
    document = json.loads(jsondoc.dumps(refusal_map))
    assert [(i["probe"], i["status"], i["prompt"]) for i in document["items"]] == [
        ("a", "drift", "ask a in en"),
        ("b", "policy_failure", "ask b in en"),
        ("c", "passed", "ask c in en"),
    ]
    assert list(document["items"][0])[-2:] == ["prompt", "status"]
    back = jsondoc.loads(jsondoc.dumps(refusal_map))
    assert back.unrecorded == refusal_map.unrecorded
    assert [o.prompt for o in back.observations] == ["ask a in en", "ask b in en", "ask c in en"]
    assert jsondoc.dumps(back) == jsondoc.dumps(refusal_map)


def test_a_report_of_revision_1_still_reads(refusal_map: RefusalMap) -> None:
    document = json.loads(jsondoc.dumps(refusal_map))
    del document["unrecorded"]
    for item in document["items"]:
        del item["prompt"], item["status"]
    old = jsondoc.loads(json.dumps(document))
    assert old.unrecorded == () and [o.prompt for o in old.observations] == ["", "", ""]
    assert [dataclasses.replace(o, prompt="") for o in refusal_map.observations] == list(old.observations)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (None, "## x\n"),
        ("", "## x\n"),
        ("a", "a\n\n## x\n"),
        ("a\n", "a\n\n## x\n"),
        ("a\n\n", "a\n\n## x\n"),
    ],
    ids=["missing", "empty", "no final newline", "one newline", "blank line"],
)
def test_a_section_appended_to_a_shared_file_starts_after_a_blank_line(
    tmp_path: Path, before: str | None, after: str
) -> None:
    path = tmp_path / "summary.md"
    if before is not None:
        path.write_text(before, encoding="utf-8")
    append_section(path, "## x\n")
    assert path.read_text(encoding="utf-8") == after
