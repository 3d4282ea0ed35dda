"""Provider presets and model definitions, and the errors that say how to fix a bad one."""

from __future__ import annotations

import re

import pytest

from pytest_refusal.providers import (
    PRESETS,
    ModelSpec,
    Preset,
    ProviderError,
    key_env_for_host,
    parse_model,
    parse_model_lines,
    select,
)


@pytest.mark.parametrize(
    ("name", "host", "key_env"),
    [
        ("openai", "api.openai.com", "OPENAI_API_KEY"),
        ("moonshot", "api.moonshot.ai", "MOONSHOT_API_KEY"),
        ("anthropic", "api.anthropic.com", "ANTHROPIC_API_KEY"),
        ("deepseek", "api.deepseek.com", "DEEPSEEK_API_KEY"),
        ("openrouter", "openrouter.ai", "OPENROUTER_API_KEY"),
    ],
)
def test_each_preset_names_its_endpoint_and_key_variable(name: str, host: str, key_env: str) -> None:
    spec = parse_model("m", {"provider": name, "model": "x"})
    assert (spec.host, spec.key_env, spec.provider) == (host, key_env, name)


def test_ini_lines_accept_the_short_and_the_key_value_forms() -> None:
    models = parse_model_lines(
        [
            "kimi = moonshot:kimi-k2-0905-preview",
            "# a comment",
            "",
            "local = base_url=http://127.0.0.1:8080/v1/ model=smollm2",
            "proxy = provider=openai base_url=https://proxy.example/v1 model=gpt-4.1-mini api_key_env=PROXY_KEY",
        ]
    )
    assert models["kimi"] == ModelSpec(
        "kimi", "kimi-k2-0905-preview", "moonshot", "https://api.moonshot.ai/v1", "MOONSHOT_API_KEY"
    )
    assert models["local"] == ModelSpec("local", "smollm2", "base_url", "http://127.0.0.1:8080/v1", None)
    assert models["proxy"].base_url == "https://proxy.example/v1" and models["proxy"].key_env == "PROXY_KEY"


def test_a_local_server_needs_no_key_but_a_preset_reads_only_its_variable() -> None:
    local = parse_model("local", {"base_url": "http://127.0.0.1:1/v1", "model": "m"})
    kimi = parse_model("kimi", {"provider": "moonshot", "model": "k"})
    assert local.api_key({}) == "local-no-key"
    assert kimi.api_key({}) is None
    assert kimi.api_key({"MOONSHOT_API_KEY": "sk-x", "OPENAI_API_KEY": "sk-y"}) == "sk-x"


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        pytest.param("kimi", "write NAME = PROVIDER:MODEL", id="no-equals"),
        pytest.param("kimi = moonshot", "is not PROVIDER:MODEL", id="no-model"),
        pytest.param(
            "kimi = moonshine:k2",
            "known providers: openai, moonshot, anthropic, deepseek, openrouter",
            id="unknown-provider",
        ),
        pytest.param("x = model=m", "needs a provider", id="nowhere"),
        pytest.param("x = base_url=ftp://h model=m", "expected an http(s) URL", id="bad-url"),
        pytest.param(
            "x = provider=openai model=m colour=red",
            "valid fields: model, provider, base_url, api_key_env",
            id="unknown-field",
        ),
    ],
)
def test_a_bad_model_line_says_what_is_valid(line: str, complaint: str) -> None:
    with pytest.raises(ProviderError, match=re.escape(complaint)):
        parse_model_lines([line])


def test_a_model_defined_twice_is_an_error() -> None:
    with pytest.raises(ProviderError, match="defined twice"):
        parse_model_lines(["a = openai:x", "a = openai:y"])


def test_selection_keeps_the_order_asked_for_and_rejects_unknown_names() -> None:
    models = parse_model_lines(["a = openai:x", "b = deepseek:y"])
    assert [m.name for m in select(models, None)] == ["a", "b"]
    assert [m.name for m in select(models, ["b", "a", "b"])] == ["b", "a"]
    with pytest.raises(ProviderError, match="unknown model 'c'; defined models: a, b"):
        select(models, ["c"])


def test_extra_presets_extend_the_builtin_ones() -> None:
    qwen = Preset("qwen", "https://dashscope.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY")
    models = parse_model_lines(["q = qwen:qwen-plus"], {**PRESETS, "qwen": qwen})
    assert models["q"].key_env == "DASHSCOPE_API_KEY"


def test_the_key_variable_for_a_host_comes_from_models_then_presets() -> None:
    models = parse_model_lines(["local = base_url=http://127.0.0.1:9/v1 model=m api_key_env=LOCAL_KEY"])
    assert key_env_for_host("127.0.0.1", models.values()) == "LOCAL_KEY"
    assert key_env_for_host("api.deepseek.com", []) == "DEEPSEEK_API_KEY"
    assert key_env_for_host("example.org", []) is None


def test_a_model_description_never_shows_credentials_written_into_its_base_url() -> None:
    spec = parse_model(
        "gw", {"base_url": "https://user:s3cret-password@gateway.example/v1?api_key=k3y-value", "model": "m"}
    )
    assert spec.describe() == "gw (base_url:m at https://gateway.example/v1?api_key=[redacted])"
