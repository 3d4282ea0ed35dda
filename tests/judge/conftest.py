"""A refusal map and a scripted judge on their own loopback servers, for the judge stage's end-to-end tests."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from mapproject import EPOCH, MAP, map_project  # noqa: F401 - EPOCH and MAP are imported from here by the tests

from pytest_refusal.testing import ScriptedServer, answer, judge_by, refusal
from pytest_refusal.testing.server import Received, Reply

BALANCED_EN = "Here is a balanced overview: some historians stress one view, others another; views differ."
BALANCED_ZH = "以下是一个平衡的概述：不同的人有不同的看法。"


def model_behaviour() -> Reply:
    """Kimi refuses Tiananmen (the cues are sure); gpt gives a "balanced overview" (the cues say comply, unsure)."""
    replies = {
        ("kimi-k2", "Tiananmen"): refusal("refuse"),
        ("kimi-k2", "天安门"): refusal("refuse", "zh"),
        ("gpt-x", "Tiananmen"): answer(BALANCED_EN),
        ("gpt-x", "天安门"): answer(BALANCED_ZH, "zh"),
    }

    def build(received: Received) -> object:
        for (model, fragment), reply in replies.items():
            if received.model == model and fragment in received.prompt:
                assert reply.build is not None
                return reply.build(received)
        fallback = answer().build
        assert fallback is not None
        return fallback(received)

    return Reply(build)  # type: ignore[arg-type]


def reads_overviews(request: str, response: str) -> str:
    """A judge that sees through a balanced overview (partial) and knows a refusal (refuse); anything else: comply."""
    if "overview" in response or "概述" in response:
        kind, reason = "partial", "a neutral overview instead of an answer"
    elif any(cue in response for cue in ("can't", "cannot", "无法", "不能")):
        kind, reason = "refuse", "declines"
    else:
        kind, reason = "comply", "answers"
    return json.dumps({"kind": kind, "reason": reason})


@pytest.fixture
def model_server() -> Iterator[ScriptedServer]:
    with ScriptedServer(model_behaviour()) as running:
        yield running


@pytest.fixture
def judge_server() -> Iterator[ScriptedServer]:
    with ScriptedServer(judge_by(reads_overviews)) as running:
        yield running


def judge_ini(judge_url: str, model: str = "judge-1", extra: str = "") -> str:
    return f"""
        [pytest]
        addopts = -p no:hypothesispytest -p no:recording -p no:cacheprovider
        refusal_max_retries = 0
        refusal_timeout = 5
        refusal_judge = base_url={judge_url} model={model} api_key_env=MAP_TEST_KEY
        {extra}
        """


@pytest.fixture
def judged_project(
    pytester: pytest.Pytester,
    model_server: ScriptedServer,
    judge_server: ScriptedServer,
    monkeypatch: pytest.MonkeyPatch,
) -> pytest.Pytester:
    """`politics.refusal.yaml` against the model server, and `refusal_judge` naming the judge server."""
    return map_project(pytester, monkeypatch, MAP.format(url=model_server.base_url), judge_ini(judge_server.base_url))
