"""Hooks pytest-refusal calls, so a conftest.py or another plugin can extend it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pytest_refusal.observation import Observation
    from pytest_refusal.providers import Preset
    from pytest_refusal.report.model import RefusalMap
    from pytest_refusal.verdict import Verdict


@pytest.hookspec(firstresult=True)
def pytest_refusal_classify(response: object, config: pytest.Config, prompt: str | None) -> Verdict | None:
    """Judge one model response; the first non-None result wins (the built-in detector runs last).

    `response` is what `pytest_refusal.detect` accepts: a chat completion (object or dict),
    a list of streamed chunks, an API error, `(status, body)` or text. `prompt` is the last
    user message of the request it answers, when known (leave it out of your signature if
    you do not need it). Raise `pytest_refusal.NotAVerdict` for a provider error that says
    nothing about refusal. Treat `response` as read-only: the run reads it once for the verdict
    and the report together; to judge a changed response, pass `detect` a copy.

    Recipe (conftest.py) — treat your product's canned fallback as a refusal::

        from pytest_refusal import Kind, Verdict

        def pytest_refusal_classify(response, config):
            if isinstance(response, dict) and "I can only talk about cooking" in str(response):
                return Verdict(Kind.REDIRECT, 1.0, "cooking-only fallback", "en")
            return None  # let the built-in detector decide

    Under ``--refusal-judge=uncertain`` the LLM judge then takes every verdict scored below
    ``refusal_judge_threshold``, yours included: score 1.0 what you are sure of, lower what
    the judge should decide.
    """


@pytest.hookspec
def pytest_refusal_providers(config: pytest.Config) -> Mapping[str, Preset] | Sequence[Preset] | None:
    """Add provider presets beside openai, moonshot, anthropic, deepseek and openrouter.

    Recipe (conftest.py)::

        from pytest_refusal.providers import Preset
    from pytest_refusal.report.model import RefusalMap

        def pytest_refusal_providers(config):
            return [Preset("qwen", "https://dashscope.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY")]

    then in the ini file: ``refusal_models = qwen = qwen:qwen-plus``.
    """


@pytest.hookspec
def pytest_refusal_report(
    config: pytest.Config, observations: Sequence[Observation], refusal_map: RefusalMap | None
) -> None:
    """Receive every observation of the session once, at its end (on the xdist controller only).

    `refusal_map` is the final map (matrix, drift, language boundaries, policy failures; see
    `pytest_refusal.report.model.RefusalMap`), or None when no item had a model and a category.
    Take only the arguments you need.

    Recipe (conftest.py) — send refusal analytics to your dashboard::

        import json
        from pytest_refusal.report import jsondoc

        def pytest_refusal_report(config, refusal_map):
            if refusal_map is not None:
                with open("refusal-analytics.json", "w") as out:
                    out.write(jsondoc.dumps(refusal_map))
    """
