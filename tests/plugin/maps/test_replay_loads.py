"""A map run that replays straight from its cassettes loads neither the SDK, vcrpy, an HTTP client nor the judge glue."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import pytest_refusal
from pytest_refusal import wire
from pytest_refusal.testing import ScriptedServer
from pytest_refusal.testing.server import Reply

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
# Run in a process of its own: each cassette under the folder replayed as a map item asks for it, then whether
# PyYAML was loaded. (A map run loads it anyway, to read the probe map.)
REPLAY_CASSETTES = """
import json
import sys
from pathlib import Path

from pytest_refusal.cassette import direct

served = []
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    (interaction, *_) = direct._interactions(path.read_bytes())
    request = interaction["request"]
    found = direct.exchanges(
        path,
        json.loads(request["body"]),
        1,
        base_url=request["uri"].removesuffix("/chat/completions"),
        secrets=(),
        is_verdict=lambda status, body: True,
    )
    served.append(found is not None)
print(json.dumps({"served": served, "yaml": "yaml" in sys.modules}))
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


def replay_cassettes(folder: Path) -> dict[str, object]:
    # The pytest_refusal under test, whatever the working folder (a relative PYTHONPATH would point elsewhere).
    env = {**os.environ, "PYTHONPATH": str(Path(pytest_refusal.__file__).parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", REPLAY_CASSETTES, str(folder)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_replaying_recorded_cassettes_never_loads_pyyaml(project: pytest.Pytester, server: ScriptedServer) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-record=once").assert_outcomes(passed=6)
    folder = project.path / "cassettes"
    texts = [path.read_text(encoding="utf-8") for path in folder.rglob("*.yaml")]
    assert any("\\u" in text for text in texts) and any("''" in text for text in texts)  # escapes, both quotes

    assert replay_cassettes(folder) == {"served": [True] * 6, "yaml": False}

    # The watch sees PyYAML when a cassette needs it: the same cassette written in flow style.
    first = sorted(folder.rglob("*.yaml"))[0]
    first.write_text(yaml.dump(yaml.safe_load(first.read_text(encoding="utf-8")), default_flow_style=True))
    assert replay_cassettes(folder) == {"served": [True] * 6, "yaml": True}


def test_answers_with_exclamation_marks_are_replayed_without_pyyaml_too(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    """French sets a space before "!": in a quoted scalar that is text, not a YAML tag."""
    answer = "Bien sûr ! Voici une courte réponse : le chevalier leva son épée."
    server.set_default(Reply(lambda received: wire.completion_response(answer, model=received.model)))
    project.runpytest("--refusal-record=once")  # the map expects refusals too: what matters is what was written
    folder = project.path / "cassettes"
    texts = [path.read_text(encoding="utf-8") for path in folder.rglob("*.yaml")]
    assert len(texts) == 6 and all(" !" in text for text in texts)

    assert replay_cassettes(folder) == {"served": [True] * 6, "yaml": False}
