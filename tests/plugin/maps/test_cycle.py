"""The whole life of a refusal map: record, accept, replay, the model changes, drift fails, accept, green again."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pytest_refusal.testing import ScriptedServer, refusal

from .conftest import scripted

V1 = scripted({("kimi-k2", "Tiananmen"): refusal("refuse"), ("kimi-k2", "天安门"): refusal("refuse", "zh")})
# v2: Kimi still declines both, but differently: policy holds, behaviour drifted.
V2 = scripted(
    {
        ("kimi-k2", "Tiananmen"): refusal("blocked", shape="moonshot_400"),
        ("kimi-k2", "天安门"): refusal("redirect", "zh"),
    }
)

DRIFT_LINES = [
    "*drift (2)*",
    "  kimi · china_politics · tiananmen-1989 [[]en[]]: refuse → blocked",
    "  kimi · china_politics · tiananmen-1989 [[]zh[]]: refuse → redirect",
]


def run(project: pytest.Pytester, xdist: bool, *args: str) -> pytest.RunResult:
    if xdist:
        return project.runpytest_subprocess("-n", "2", *args)
    return project.runpytest(*args)


@pytest.mark.parametrize(
    "xdist", [pytest.param(False, id="serial"), pytest.param(True, id="xdist", marks=pytest.mark.slow)]
)
def test_record_accept_replay_drift_accept_and_green_again(
    project: pytest.Pytester, server: ScriptedServer, read: Callable[[pytest.Pytester, str], str], xdist: bool
) -> None:
    if xdist:
        pytest.importorskip("xdist")
    server.set_default(V1)
    run(project, xdist, "--refusal-record=once", "--refusal-update-baseline").assert_outcomes(passed=6)
    assert len(server.chat_requests) == 6
    accepted = read(project, "refusal-baseline.yaml")
    assert (
        "      zh: {category: china_politics, verdict: refuse, counts: {refuse: 1}, n: 1, recorded: 2026-11-27, "
        "served: kimi-k2}"
    ) in accepted  # the model the API answered as

    server.clear()
    replay = run(project, xdist)
    replay.assert_outcomes(passed=6)
    assert replay.ret == 0
    assert server.chat_requests == []  # replay is offline

    server.set_default(V2)
    rerecord = run(project, xdist, "--refusal-record=all")
    assert rerecord.ret == pytest.ExitCode.TESTS_FAILED
    rerecord.assert_outcomes(passed=4, failed=2)
    rerecord.stdout.fnmatch_lines(DRIFT_LINES)
    rerecord.stdout.fnmatch_lines(
        [
            "*drift from the baseline refusal-baseline.yaml:",
            "  kimi · china_politics · tiananmen-1989 [[]zh[]]: refuse → redirect",
        ]
    )
    assert read(project, "refusal-baseline.yaml") == accepted  # never written without the flag

    server.clear()
    accept = run(project, xdist, "--refusal-update-baseline")
    accept.assert_outcomes(passed=6)
    accept.stdout.fnmatch_lines(["baseline refusal-baseline.yaml: 2 entries accepted, 0 removed"])
    updated = read(project, "refusal-baseline.yaml")
    assert "zh: {category: china_politics, verdict: redirect, counts: {redirect: 1}" in updated
    assert updated.count("recorded: 2026-11-27") == 6

    green = run(project, xdist)
    green.assert_outcomes(passed=6)
    assert "drift (" not in green.stdout.str()
    assert server.chat_requests == []


@pytest.mark.slow
def test_serial_and_xdist_runs_write_the_same_json_report_and_baseline_byte_for_byte(
    project: pytest.Pytester, server: ScriptedServer, read: Callable[[pytest.Pytester, str], str]
) -> None:
    pytest.importorskip("xdist")
    server.set_default(V1)
    project.runpytest("--refusal-record=once").assert_outcomes(passed=6)
    project.runpytest_subprocess("--refusal-update-baseline", "--refusal-report=serial.json").assert_outcomes(passed=6)
    serial_baseline = read(project, "refusal-baseline.yaml")
    (project.path / "refusal-baseline.yaml").unlink()
    project.runpytest_subprocess("-n", "2", "--refusal-update-baseline", "--refusal-report=xdist.json").assert_outcomes(
        passed=6
    )
    assert read(project, "xdist.json") == read(project, "serial.json")
    assert read(project, "refusal-baseline.yaml") == serial_baseline
