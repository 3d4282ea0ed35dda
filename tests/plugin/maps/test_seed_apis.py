"""The seed map records through any API: its probes sent to one model per API, then replayed offline alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mapproject import FAKE_KEY

from pytest_refusal.testing import ScriptedServer, refusal

from .conftest import QUIET

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_map" / "seed.refusal.yaml"
# The seed map's own model names (its expectations name them), each speaking another API here.
MODELS = """models:
  kimi:   {{base_url: "{url}", model: kimi-k2, api_key_env: MAP_TEST_KEY}}
  gpt:    {{base_url: "{url}", model: gpt-r, api: responses, api_key_env: MAP_TEST_KEY}}
  claude: {{base_url: "{url}", model: claude-x, api: messages, api_key_env: MAP_TEST_KEY}}
  local:  {{base_url: "{url}", model: gemini-2.0-flash, api: gemini, api_key_env: MAP_TEST_KEY}}
"""
MODEL_NAMES = ("kimi", "gpt", "claude", "local")


def seed_map_for(server: ScriptedServer) -> str:
    """The seed map's categories and probes, its models replaced by one per API on the scripted server."""
    text = SEED.read_text(encoding="utf-8")
    models = re.search(r"^models:\n(?:  .*\n)+", text, re.MULTILINE)
    assert models is not None, "the seed map's models block moved"
    return text[: models.start()] + MODELS.format(url=server.base_url) + text[models.end() :]


def test_the_seed_map_records_through_every_api_and_replays_offline(
    pytester: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAP_TEST_KEY", FAKE_KEY)
    pytester.makeini("[pytest]\nrefusal_max_retries = 0\nrefusal_timeout = 5\n")
    (pytester.path / "seed.refusal.yaml").write_text(seed_map_for(server), encoding="utf-8")
    server.set_default(refusal("refuse", "en"))

    recorded = pytester.runpytest(*QUIET, "--refusal-record=once", "--refusal-concurrency=4")
    counts = recorded.parseoutcomes()
    assert counts.get("errors", 0) == 0 and counts.get("skipped", 0) == 0, recorded.stdout.str()
    assert {r.path for r in server.model_requests} == {
        "/v1/chat/completions",
        "/v1/responses",
        "/v1/messages",
        "/v1/models/gemini-2.0-flash:generateContent",
    }
    per_model = {m: len(list((pytester.path / "cassettes" / "seed" / m).glob("*.yaml"))) for m in MODEL_NAMES}
    assert set(per_model.values()) == {len(server.model_requests) // 4}, per_model
    assert sum(counts.values()) == sum(per_model.values())  # one item, one cassette, one call each
    server.clear()

    replayed = pytester.runpytest(*QUIET)
    assert replayed.parseoutcomes() == counts
    assert server.received == []
