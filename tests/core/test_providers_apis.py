"""Presets and models name the API they speak; the API says how the key is sent."""

from __future__ import annotations

import re

import pytest

from pytest_refusal.apis import ANTHROPIC_VERSION, Api
from pytest_refusal.providers import PRESETS, ProviderError, parse_model, parse_model_lines


@pytest.mark.parametrize(
    ("preset", "api", "key_env", "headers"),
    [
        pytest.param("openai", Api.CHAT, "OPENAI_API_KEY", {"authorization": "Bearer k"}, id="openai"),
        pytest.param(
            "anthropic", Api.CHAT, "ANTHROPIC_API_KEY", {"authorization": "Bearer k"}, id="anthropic-openai-compatible"
        ),
        pytest.param(
            "anthropic-messages",
            Api.MESSAGES,
            "ANTHROPIC_API_KEY",
            {"x-api-key": "k", "anthropic-version": ANTHROPIC_VERSION},
            id="anthropic-native",
        ),
        pytest.param("gemini", Api.GEMINI, "GEMINI_API_KEY", {"x-goog-api-key": "k"}, id="gemini"),
    ],
)
def test_each_preset_names_its_api_key_variable_and_key_headers(
    preset: str, api: Api, key_env: str, headers: dict[str, str]
) -> None:
    spec = parse_model("m", {"provider": preset, "model": "x"})
    assert (spec.api, spec.key_env, spec.auth_headers("k")) == (api, key_env, headers)
    assert PRESETS[preset].api is api


@pytest.mark.parametrize(
    ("line", "api"),
    [
        pytest.param("m = provider=openai model=gpt-4.1-mini api=responses", Api.RESPONSES, id="openai-responses"),
        pytest.param(
            "m = base_url=http://127.0.0.1:1/v1 model=claude api=messages", Api.MESSAGES, id="base-url-messages"
        ),
        pytest.param("m = provider=gemini model=gemini-2.0-flash", Api.GEMINI, id="preset-default"),
        pytest.param("m = openai:gpt-4.1-mini", Api.CHAT, id="short-form-is-chat"),
    ],
)
def test_a_model_line_may_choose_its_api(line: str, api: Api) -> None:
    assert parse_model_lines([line])["m"].api is api


def test_a_model_with_an_unknown_api_says_which_are_valid() -> None:
    with pytest.raises(
        ProviderError, match=re.escape("model 'm' has api 'claude'; valid: chat, responses, messages, gemini")
    ):
        parse_model_lines(["m = provider=openai model=x api=claude"])
