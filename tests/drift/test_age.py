"""Cassette age: each interaction carries its recording time; stale cassettes fail or warn; only they are recorded again.

The clock is the test's: recordings are stamped at SOURCE_DATE_EPOCH, and REFUSAL_NOW moves "now".
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from mapproject import EPOCH, MAP, map_project

from pytest_refusal.cassette.age import parse_max_age
from pytest_refusal.testing import ScriptedServer, refusal

from .conftest import by_prompt

DAY = 86400


def later(days: int) -> str:
    return str(int(EPOCH) + days * DAY)


@pytest.fixture
def project(pytester: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    server.set_default(by_prompt({"Tiananmen": refusal("refuse"), "天安门": refusal("refuse", "zh")}, model="kimi-k2"))
    project = map_project(pytester, monkeypatch, MAP.format(url=server.base_url))
    project.runpytest("--refusal-record=once", "--refusal-update-baseline").assert_outcomes(passed=6)
    return project


def test_every_interaction_carries_its_recording_time(project: pytest.Pytester) -> None:
    cassette = (project.path / "cassettes" / "politics" / "kimi" / "tiananmen-1989-zh.yaml").read_text(encoding="utf-8")
    assert "recorded_at: '2026-11-27T00:00:00Z'" in cassette


def test_cassettes_older_than_the_max_age_fail_naming_each_and_its_age(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUSAL_NOW", later(10))
    project.runpytest("--refusal-max-age=30d").assert_outcomes(passed=6)
    monkeypatch.setenv("REFUSAL_NOW", later(41))
    result = project.runpytest("--refusal-max-age=30d")
    result.assert_outcomes(errors=6)
    result.stdout.fnmatch_lines(
        [
            "*stale cassette cassettes/politics/kimi/tiananmen-1989-zh.yaml: 41 days old (recorded 2026-11-27), older than "
            "refusal_max_age=30d. Record it again with --refusal-record=stale --refusal-max-age=30d*",
        ]
    )
    result.stdout.fnmatch_lines(["*= stale cassettes (6) =*", "cassettes/politics/gpt/dragon-en.yaml: 41 days old*"])


def test_under_xdist_the_end_of_run_list_names_what_the_workers_found(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUSAL_NOW", later(41))
    result = project.runpytest("-n", "2", "--refusal-max-age=30d")
    result.assert_outcomes(errors=6)
    result.stdout.fnmatch_lines(["*= stale cassettes (6) =*", "cassettes/politics/gpt/dragon-en.yaml: 41 days old*"])


def test_warn_reports_stale_cassettes_without_failing_and_the_ini_sets_the_limit(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUSAL_NOW", later(41))
    project.makeini(
        "[pytest]\naddopts = -p no:hypothesispytest -p no:recording -p no:cacheprovider\n"
        "refusal_max_age = 4w\nrefusal_stale = warn\n"
    )
    result = project.runpytest()
    result.assert_outcomes(passed=6, warnings=6)
    result.stdout.fnmatch_lines(
        ["*RefusalStaleWarning: stale cassette cassettes/politics/gpt/dragon-en.yaml: 41 days*"]
    )


def test_record_stale_records_again_only_the_stale_cassettes(
    project: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", later(20))  # kimi's cassettes recorded again twenty days on
    project.runpytest("--refusal-record=all", "-k", "kimi").assert_outcomes(passed=3)
    monkeypatch.setenv("REFUSAL_NOW", later(41))  # gpt's are now 41 days old, kimi's 21
    server.clear()
    result = project.runpytest("--refusal-record=stale", "--refusal-max-age=30d")
    result.assert_outcomes(passed=3, deselected=3)
    assert sorted({r.model for r in server.chat_requests}) == ["gpt-x"] and len(server.chat_requests) == 3
    gpt = (project.path / "cassettes" / "politics" / "gpt" / "dragon-en.yaml").read_text(encoding="utf-8")
    assert f"recorded_at: '{'2027-01-07'}T00:00:00Z'" in gpt
    project.runpytest("--refusal-max-age=30d").assert_outcomes(passed=6)  # every cassette fresh again


def test_record_stale_needs_a_max_age_and_bad_ages_say_how_to_write_one(project: pytest.Pytester) -> None:
    result = project.runpytest("--refusal-record=stale")
    result.stderr.fnmatch_lines(["*--refusal-record=stale needs --refusal-max-age (ini refusal_max_age), e.g. 30d*"])
    assert project.runpytest("--refusal-max-age=30 days").ret == pytest.ExitCode.USAGE_ERROR
    assert parse_max_age("2w") == timedelta(days=14) and parse_max_age("") is None
    with pytest.raises(ValueError, match="e.g. 30d, 12h or 2w"):
        parse_max_age("0d")
