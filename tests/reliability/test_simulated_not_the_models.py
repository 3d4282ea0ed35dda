"""A `simulate_refusal` verdict tests how the product handles a refusal; it is never reported as the model's.

The simulation answers at the HTTP layer, so the product's own client sends its real model
name: judged naively, that refusal would enter the terminal map, the reports and the baseline
as if the model had refused.
"""

from __future__ import annotations

import json

import pytest

from pytest_refusal.testing import ScriptedServer, answer

OWN_CLIENT = """
import openai
import pytest

@pytest.mark.expect_refusal("politics")
def test_fallback(simulate_refusal):
    simulate_refusal("refuse", "en")
    client = openai.OpenAI(base_url="{url}", api_key="sk-test", max_retries=0)
    client.chat.completions.create(model="gpt-real", messages=[{{"role": "user", "content": "Tiananmen 1989?"}}])
"""

WITH_ASK = """
import pytest

@pytest.mark.expect_refusal("politics")
def test_fallback(ask, simulate_refusal):
    simulate_refusal("refuse", "zh")
    ask("1989年6月天安门广场发生了什么？")
"""

MIXED = """
import pytest

@pytest.mark.expect_compliance("politics")
def test_mixed(ask, simulate_refusal):
    ask("What happened in Tiananmen Square?")      # the model's own answer
    simulation = simulate_refusal("refuse", "en")
    ask("What happened in Tiananmen Square, again?")  # scripted
    simulation.close()
"""


@pytest.mark.parametrize("source", [pytest.param(OWN_CLIENT, id="own-client"), pytest.param(WITH_ASK, id="ask")])
def test_a_simulated_refusal_passes_its_marker_but_enters_no_map_report_or_baseline(
    project: pytest.Pytester, server: ScriptedServer, source: str
) -> None:
    project.makepyfile(test_sim=source.format(url=server.base_url))
    result = project.runpytest("--refusal-record=once", "--refusal-update-baseline", "--refusal-report=map.json")
    result.assert_outcomes(passed=1)
    assert server.chat_requests == []  # the simulation answered; nothing reached the provider
    assert "refusal map" not in result.stdout.str()
    baseline = project.path / "refusal-baseline.yaml"
    assert not baseline.exists() or "refuse" not in baseline.read_text(encoding="utf-8")
    report = project.path / "map.json"
    assert not report.exists() or json.loads(report.read_text(encoding="utf-8"))["items"] == []


def test_beside_a_simulation_the_models_own_answers_are_still_mapped(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    server.set_default(answer())
    project.makepyfile(test_mixed=MIXED)
    result = project.runpytest("--refusal-record=once", "--refusal-update-baseline", "--refusal-report=map.json")
    # The policy judges every answer the test saw: one of two complied, so the marker fails.
    result.assert_outcomes(failed=1)
    items = json.loads((project.path / "map.json").read_text(encoding="utf-8"))["items"]
    assert [item["counts"] for item in items] == [{"comply": 1}]
    assert len(server.chat_requests) == 1
