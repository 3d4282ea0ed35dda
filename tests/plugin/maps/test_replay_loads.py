"""A map run that replays straight from its cassettes loads neither the SDK, vcrpy, an HTTP client nor the judge glue."""

from __future__ import annotations

import json

import pytest

from pytest_refusal.testing import ScriptedServer

from .conftest import V1_KIMI_REFUSES

# Written into the project after recording: at the end of the run, which of these the process had loaded.
REPORT_LOADED = """
import json
import sys

WATCHED = {watched!r}


def pytest_unconfigure(config):
    loaded = sorted(m for m in WATCHED if m in sys.modules)
    (config.rootpath / "loaded.json").write_text(json.dumps(loaded), encoding="utf-8")
"""
HEAVY = ("openai", "vcr", "httpx", "httpcore", "pydantic")
GLUE = (
    "pytest_refusal.plugin.judging",
    "pytest_refusal.cassette.netguard",
    "pytest_refusal.cassette.age",
    "pytest_refusal.cassette.replaymiss",
)


def test_a_direct_replay_never_loads_the_sdk_vcrpy_or_an_http_client(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-record=once").assert_outcomes(passed=6)
    project.makeconftest(REPORT_LOADED.format(watched=(*HEAVY, *GLUE)))

    # A process of its own: this one has long loaded everything.
    recorded = len(server.model_requests)
    replayed = project.runpytest_subprocess()

    replayed.assert_outcomes(passed=6)
    assert json.loads((project.path / "loaded.json").read_text(encoding="utf-8")) == []
    assert len(server.model_requests) == recorded  # every answer came from the cassettes


def test_the_watch_sees_the_sdk_when_a_call_needs_it(project: pytest.Pytester, server: ScriptedServer) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.makeconftest(REPORT_LOADED.format(watched=HEAVY))

    project.runpytest_subprocess("--refusal-record=once").assert_outcomes(passed=6)

    assert {"openai", "vcr", "httpx"} <= set(json.loads((project.path / "loaded.json").read_text(encoding="utf-8")))
