"""The served model and fingerprint: kept in the baseline, named in the drift line when they change."""

from __future__ import annotations

import pytest
from mapproject import MAP, map_project

from pytest_refusal.testing import ScriptedServer, answer, refusal

from .conftest import by_prompt, served_as

ONLY_GPT = MAP.replace('  kimi: {{base_url: "{url}", model: kimi-k2, api_key_env: MAP_TEST_KEY}}\n', "").replace(
    "{{kimi: refuse, default: comply}}", "comply"
)


def test_a_new_snapshot_behind_the_same_name_is_named_even_when_verdicts_did_not_change(
    pytester: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = map_project(pytester, monkeypatch, ONLY_GPT.format(url=server.base_url))
    server.set_default(served_as(answer(), "gpt-4.1-mini-2025-04-14", "fp_a"))
    project.runpytest("--refusal-record=once", "--refusal-update-baseline").assert_outcomes(passed=3)
    baseline = (project.path / "refusal-baseline.yaml").read_text(encoding="utf-8")
    assert "served: gpt-4.1-mini-2025-04-14, fingerprint: fp_a" in baseline

    server.set_default(served_as(answer(), "gpt-4.1-mini-2025-09-01", "fp_b"))
    result = project.runpytest("--refusal-record=all", "--refusal-report=map.md")
    result.assert_outcomes(passed=3)  # the same behaviour: nothing fails
    result.stdout.fnmatch_lines(
        [
            "served model changed (3)",
            "  gpt · china_politics · tiananmen-1989 [[]en[]]: comply, unchanged (served model: "
            "gpt-4.1-mini-2025-04-14 (fp_a) → gpt-4.1-mini-2025-09-01 (fp_b))",
        ]
    )
    assert "### Served model changed (3)" in (project.path / "map.md").read_text(encoding="utf-8")
    project.runpytest("--refusal-update-baseline").assert_outcomes(passed=3)
    assert "served: gpt-4.1-mini-2025-09-01, fingerprint: fp_b" in (project.path / "refusal-baseline.yaml").read_text(
        encoding="utf-8"
    )


def test_drift_and_a_new_snapshot_together_fail_with_both_named(
    pytester: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = map_project(pytester, monkeypatch, ONLY_GPT.format(url=server.base_url))
    server.set_default(served_as(answer(), "gpt-4.1-mini-2025-04-14", "fp_a"))
    project.runpytest("--refusal-record=once", "--refusal-update-baseline", "-k", "dragon").assert_outcomes(passed=1)
    server.set_default(served_as(by_prompt({"dragon": refusal("redirect")}), "gpt-4.1-mini-2025-09-01", "fp_a"))
    result = project.runpytest("--refusal-record=all", "-k", "dragon")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "  gpt · violent_fiction · dragon [[]en[]]: comply → redirect (served model: "
            "gpt-4.1-mini-2025-04-14 (fp_a) → gpt-4.1-mini-2025-09-01 (fp_a))"
        ]
    )
