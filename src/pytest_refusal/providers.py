"""Provider presets and model definitions: where each model lives and which environment variable holds its key."""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from pytest_refusal.apis import API_NAMES, Api, auth_headers

__all__ = [
    "LOCAL",
    "LOCAL_BASE_URL",
    "PRESETS",
    "ModelSpec",
    "Preset",
    "ProviderError",
    "parse_model",
    "parse_model_lines",
    "select",
    "url_problem",
]


@dataclass(frozen=True)
class Preset:
    """A provider: its base URL, the variable its API key comes from, and the API it speaks.

    The API also says how the key is sent (see `apis.auth_headers`): a Bearer token for chat and
    Responses, `x-api-key` with `anthropic-version` for Anthropic's Messages, `x-goog-api-key` for Gemini.
    """

    name: str
    base_url: str
    key_env: str | None
    api: Api = Api.CHAT


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("openai", "https://api.openai.com/v1", "OPENAI_API_KEY"),
        Preset("moonshot", "https://api.moonshot.ai/v1", "MOONSHOT_API_KEY"),
        Preset("anthropic", "https://api.anthropic.com/v1", "ANTHROPIC_API_KEY"),  # its OpenAI-compatible endpoint
        Preset("deepseek", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY"),
        Preset("openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY"),
        Preset("anthropic-messages", "https://api.anthropic.com/v1", "ANTHROPIC_API_KEY", Api.MESSAGES),
        Preset("gemini", "https://generativelanguage.googleapis.com/v1beta", "GEMINI_API_KEY", Api.GEMINI),
    )
}

LOCAL = "local"
# The embedded model (`provider: local`) has no fixed address: while recording the plugin starts it
# on a free port and records this placeholder instead, so cassettes never depend on that port.
# It is also where `python -m pytest_refusal.localmodel` listens by default.
LOCAL_BASE_URL = "http://127.0.0.1:8080/v1"
PRESETS[LOCAL] = Preset(LOCAL, LOCAL_BASE_URL, None)

# Local servers (llama.cpp, vLLM, Ollama) accept any key; the SDK still insists on one.
LOCAL_KEY = "local-no-key"


class ProviderError(ValueError):
    """A model definition that cannot be used; the message says what is valid."""


@dataclass(frozen=True)
class ModelSpec:
    """A named model the tests run against: `kimi` → moonshot's kimi-k2-0905-preview."""

    name: str
    model: str
    provider: str
    base_url: str
    key_env: str | None
    api: Api = Api.CHAT

    @property
    def is_local(self) -> bool:
        """The embedded model: the plugin starts its server when recording."""
        return self.provider == LOCAL

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    def api_key(self, environ: Mapping[str, str]) -> str | None:
        """The key from the environment, `LOCAL_KEY` for keyless servers, or None when it is missing."""
        if self.key_env is None:
            return LOCAL_KEY
        return environ.get(self.key_env) or None

    def auth_headers(self, key: str) -> dict[str, str]:
        """The headers that carry `key` in this model's API."""
        return auth_headers(self.api, key)

    def describe(self) -> str:
        """`kimi (moonshot:kimi-k2 at https://api.moonshot.ai/v1)`, without credentials written into the URL."""
        from pytest_refusal.scrub import scrub_url

        return f"{self.name} ({self.provider}:{self.model} at {scrub_url(self.base_url)})"

    def __repr__(self) -> str:
        """The dataclass repr with the base URL scrubbed: a failing test's parameters and locals show it."""
        from pytest_refusal.scrub import scrub_url

        return (
            f"ModelSpec(name={self.name!r}, model={self.model!r}, provider={self.provider!r}, "
            f"base_url={scrub_url(self.base_url)!r}, key_env={self.key_env!r})"
        )


def parse_model(name: str, fields: Mapping[str, object], presets: Mapping[str, Preset] = PRESETS) -> ModelSpec:
    """Build a model from a mapping such as the `models:` section of a refusal map.

    Keys: `model` (required), and `provider` (a preset) and/or `base_url`; `api_key_env`
    overrides the preset's key variable (a `base_url` without it needs no key); `api` overrides
    the preset's API (chat unless the preset says otherwise).
    """
    unknown = set(fields) - {"model", "provider", "base_url", "api_key_env", "api"}
    if unknown:
        raise ProviderError(
            f"model {name!r} has unknown field(s) {', '.join(sorted(unknown))}; "
            "valid fields: model, provider, base_url, api_key_env, api"
        )
    model = fields.get("model")
    if not isinstance(model, str) or not model:
        raise ProviderError(f"model {name!r} names no model; add e.g. model: gpt-4.1-mini")
    provider = fields.get("provider")
    base_url = fields.get("base_url")
    key_env = fields.get("api_key_env")
    if provider is None and base_url is None:
        raise ProviderError(
            f"model {name!r} needs a provider ({', '.join(presets)}) or a base_url "
            "(e.g. http://127.0.0.1:8080/v1 for llama.cpp, vLLM or Ollama)"
        )
    preset: Preset | None = None
    if provider is not None:
        if not isinstance(provider, str) or provider not in presets:
            raise ProviderError(
                f"model {name!r} names unknown provider {provider!r}; known providers: {', '.join(presets)}"
                " (or give a base_url for any OpenAI-compatible server)"
            )
        preset = presets[provider]
    if base_url is not None and (
        not isinstance(base_url, str) or not urlsplit(base_url).scheme.startswith("http") or url_problem(base_url)
    ):
        from pytest_refusal.scrub import clean  # a base_url may carry user:password

        raise ProviderError(
            clean(f"model {name!r} has base_url {base_url!r}; expected an http(s) URL such as http://127.0.0.1:8080/v1")
        )
    if key_env is not None and not isinstance(key_env, str):
        raise ProviderError(f"model {name!r} has api_key_env {key_env!r}; expected a variable name")
    api = fields.get("api", preset.api if preset else Api.CHAT.value)
    if api not in API_NAMES:
        raise ProviderError(f"model {name!r} has api {api!r}; valid: {', '.join(API_NAMES)}")
    return ModelSpec(
        name=name,
        model=model,
        provider=preset.name if preset else "base_url",
        base_url=str(base_url or (preset.base_url if preset else "")).rstrip("/"),
        key_env=key_env if key_env is not None else (preset.key_env if preset else None),
        api=Api(api),
    )


def parse_model_lines(lines: Iterable[str], presets: Mapping[str, Preset] = PRESETS) -> dict[str, ModelSpec]:
    """Read the `refusal_models` ini lines.

    Each line is `NAME = PROVIDER:MODEL` (`kimi = moonshot:kimi-k2-0905-preview`) or
    `NAME = key=value ...` with the fields of `parse_model`
    (`local = base_url=http://127.0.0.1:8080/v1 model=smollm2`).
    """
    models: dict[str, ModelSpec] = {}
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, definition = (part.strip() for part in line.partition("="))
        if not sep or not name or not definition:
            raise ProviderError(
                f"cannot read refusal_models line {line!r}; write NAME = PROVIDER:MODEL "
                "(kimi = moonshot:kimi-k2-0905-preview) or NAME = base_url=URL model=MODEL"
            )
        if name in models:
            raise ProviderError(f"model {name!r} is defined twice in refusal_models")
        models[name] = parse_model(name, _fields(name, definition), presets)
    return models


def _fields(name: str, definition: str) -> dict[str, object]:
    tokens = shlex.split(definition)
    if len(tokens) == 1 and "=" not in tokens[0]:
        provider, colon, model = tokens[0].partition(":")
        if not colon or not model:
            raise ProviderError(f"model {name!r}: {definition!r} is not PROVIDER:MODEL")
        return {"provider": provider, "model": model}
    fields: dict[str, object] = {}
    for token in tokens:
        key, eq, value = token.partition("=")
        if not eq:
            from pytest_refusal import scrub

            shown = scrub.clean(f"{token!r} is not key=value (in {_shown(tokens)!r})")
            raise ProviderError(f"model {name!r}: {shown}")
        fields[key] = value
    return fields


# Fields whose values an error message may show; any other value (an `api_key=` typed into the ini
# file, say) is shown as [redacted], since the message ends up in CI logs.
_SHOWN_FIELDS = frozenset({"model", "provider", "api", "api_key_env"})


def _shown(tokens: list[str]) -> str:
    """The definition as an error message may echo it: base URLs without userinfo, unknown fields' values hidden."""
    from pytest_refusal import scrub

    shown = []
    for token in tokens:
        key, eq, value = token.partition("=")
        if eq and key == "base_url":
            token = f"base_url={scrub.scrub_url(value)}"
        elif eq and key not in _SHOWN_FIELDS:
            token = f"{key}=[redacted]"
        shown.append(token)
    return " ".join(shown)


def select(models: Mapping[str, ModelSpec], names: Iterable[str] | None) -> list[ModelSpec]:
    """The models named (all, in definition order, when `names` is None); unknown names are an error."""
    if names is None:
        return list(models.values())
    chosen: list[ModelSpec] = []
    for name in names:
        if name not in models:
            known = ", ".join(models) or "none (define them in the refusal_models ini key or a models file)"
            raise ProviderError(f"--refusal-models names unknown model {name!r}; defined models: {known}")
        if models[name] not in chosen:
            chosen.append(models[name])
    return chosen


def key_env_for_host(host: str, models: Iterable[ModelSpec], presets: Mapping[str, Preset] = PRESETS) -> str | None:
    """The key variable a request to `host` needs, from the defined models first, then the presets."""
    for spec in models:
        if spec.host == host and spec.key_env:
            return spec.key_env
    for preset in presets.values():
        if urlsplit(preset.base_url).hostname == host:
            return preset.key_env
    return None


def url_problem(url: str) -> str | None:
    """Why `url` cannot be sent to (an unclosed IPv6 bracket, a port that is no number), None when it can."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsing the port is the check
    except ValueError as exc:
        return str(exc)
    if parts.scheme in ("http", "https") and not parts.hostname:
        return "it names no host"
    return None
