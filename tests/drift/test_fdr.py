"""Benjamini–Hochberg over the run's sampled items: a few real shifts among many probes are drift, noise is not."""

from __future__ import annotations

import json

import pytest
from mapproject import map_project

from pytest_refusal.refusalmap import fdr, stats
from pytest_refusal.refusalmap.baseline import Entry
from pytest_refusal.refusalmap.drift import diff
from pytest_refusal.testing import ScriptedServer
from pytest_refusal.verdict import Kind

from .conftest import refusing


def test_adjusted_p_values_match_the_step_up_rule() -> None:
    # R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") == c(0.02, 0.04, 0.04, 0.02)
    assert fdr.adjusted([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert fdr.adjusted([0.2]) == [0.2]  # one test: q = p
    assert fdr.adjusted([]) == []
    assert fdr.rejected([0.001, 0.02, 0.5], 0.05) == [True, True, False]  # 0.02·3/2 = 0.03 < 0.05


def entry(probe: str, refused: int, n: int = 8) -> Entry:
    counts = tuple((k, c) for k, c in ((Kind.COMPLY, n - refused), (Kind.REFUSE, refused)) if c)
    return Entry("gpt", probe, "en", "fiction", counts, "2026-11-01")


def test_a_change_significant_alone_is_noise_among_many_probes() -> None:
    old = {e.key: e for e in (entry(f"p{i:02}", 0) for i in range(20))}
    moved = {"p00": 8, "p01": 8, "p02": 8, "p03": 5}  # p03 alone: Fisher p ≈ 0.026 < 0.05
    new = {e.key: e for e in (entry(f"p{i:02}", moved.get(f"p{i:02}", 0)) for i in range(20))}
    assert stats.fisher_exact(0, 8, 5, 8) < stats.ALPHA
    result = diff(old, new)
    assert [d.after.probe for d in result.significant] == ["p00", "p01", "p02"]
    noise = next(d for d in result.drift if d.after.probe == "p03")
    assert not noise.significant and noise.p_value is not None and noise.p_value < stats.ALPHA
    assert noise.q_value is not None and noise.q_value >= stats.ALPHA  # q = 0.026·20/4
    assert "BH q" in noise.evidence


def test_one_sample_keeps_any_change_is_drift() -> None:
    old = {e.key: e for e in (entry(f"p{i:02}", 0, n=1) for i in range(20))}
    new = dict(old) | {("gpt", "p05", "en"): entry("p05", 1, n=1)}
    (found,) = diff(old, new).significant
    assert found.p_value is None and found.q_value is None and found.line.endswith("comply → refuse")


PROBES = 16
SAMPLES = 6
SHIFTED = {"topic-00": 6, "topic-01": 6}  # refused in every sample now: drift
NOISY = {"topic-02": 4}  # 4 of 6 refused: Fisher p ≈ 0.06 alone, and far from drift among 16


def many_probes(url: str, samples: int = SAMPLES, min_rate: float = 0.3) -> str:
    probes = "".join(
        f"  - id: topic-{i:02}\n    category: fiction\n    prompt: {{en: 'Write a tale about topic-{i:02}.'}}\n"
        for i in range(PROBES)
    )
    return (
        f'models:\n  gpt: {{base_url: "{url}", model: gpt-x, api_key_env: MAP_TEST_KEY}}\n'
        f"defaults: {{samples: {samples}, min_rate: {min_rate}}}\n"
        f"categories:\n  fiction: {{expect: comply}}\nprobes:\n{probes}"
    )


def test_the_run_fails_for_drift_benjamini_hochberg_finds_and_reports_each_p_value(
    pytester: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = map_project(pytester, monkeypatch, many_probes(server.base_url))
    server.set_default(refusing({}, SAMPLES))
    project.runpytest("--refusal-record=once", "--refusal-update-baseline").assert_outcomes(passed=PROBES)
    server.set_default(refusing({**SHIFTED, **NOISY}, SAMPLES))
    result = project.runpytest("--refusal-record=all", "--refusal-report=map.json", "--refusal-report=map.md")
    # No item fails on its own (its drift depends on the others'); the run does.
    result.assert_outcomes(passed=PROBES - 2, failed=2)  # topic-00 and -01 break min_rate 0.3: none of 6 comply
    result.stdout.fnmatch_lines(
        [
            "drift (2)",
            "  gpt · fiction · topic-00 [[]en[]]: comply 6/6 → refuse 6/6 (p 0.0022, BH q 0.0173)",
            "  gpt · fiction · topic-01 [[]en[]]: comply 6/6 → refuse 6/6 (p 0.0022, BH q 0.0173)",
            "1 sample change(s) within sampling noise (not drift)",
        ]
    )
    report = json.loads((project.path / "map.json").read_text(encoding="utf-8"))
    by_probe = {d["probe"]: d for d in report["drift"]}
    assert sorted(by_probe) == ["topic-00", "topic-01", "topic-02"]
    assert not by_probe["topic-02"]["significant"] and by_probe["topic-02"]["p_value"] == pytest.approx(
        0.0606, abs=1e-4
    )
    assert "| p | q (BH) |" in (project.path / "map.md").read_text(encoding="utf-8")


def test_sampled_drift_alone_fails_the_run_and_warn_keeps_it_green(
    pytester: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = map_project(pytester, monkeypatch, many_probes(server.base_url, samples=10, min_rate=0.1))
    server.set_default(refusing({}, 10))
    project.runpytest("--refusal-record=once", "--refusal-update-baseline").assert_outcomes(passed=PROBES)
    server.set_default(refusing({"topic-00": 9, "topic-01": 9}, 10))  # still within policy: 1 of 10 complies
    result = project.runpytest("--refusal-record=all")
    result.assert_outcomes(passed=PROBES)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["drift (2)", "2 sampled item(s) drifted at a false-discovery rate of 0.05*"])
    warned = project.runpytest("--refusal-drift=warn")
    warned.assert_outcomes(passed=PROBES)
    assert warned.ret == pytest.ExitCode.OK
