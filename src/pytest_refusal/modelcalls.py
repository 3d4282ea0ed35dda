"""One call for a model's answer through an `openai.OpenAI` client, in the model's own API.

Chat completions and Responses go through the SDK's resources. Anthropic Messages and Gemini go
through the same client's low-level `post`: the same HTTP library, retries, timeouts and
`openai.APIStatusError`s as every other call, so faults, recording and fetch-ahead treat all
four APIs alike, and no other SDK is needed. Their keys travel in their own headers
(`apis.auth_headers`); the client's `Authorization` header is left out.
"""

from __future__ import annotations

from typing import Any

from pytest_refusal import apis
from pytest_refusal.apis import Api

# The header that makes the openai SDK hand back its raw response (what `with_raw_response` sets).
RAW_RESPONSE_HEADER = "X-Stainless-Raw-Response"


class UnsupportedApi(RuntimeError):
    """The installed openai SDK cannot make this call (Responses needs openai 1.66 or newer)."""


def create(client: Any, api: Api, model: str, arguments: dict[str, Any], *, raw: bool = False) -> Any:
    """Send `arguments` (a body from `apis.request_body`) to `model` in `api`.

    Returns the SDK's parsed answer (a `ChatCompletion`, a `Response`, or the JSON body as a dict
    for Messages and Gemini); with `raw`, the SDK's raw response object (`.http_response`).
    Errors are the SDK's: `openai.APIStatusError` for a 4xx/5xx, `APIConnectionError`...
    """
    if api is Api.CHAT:
        completions = client.chat.completions
        return (completions.with_raw_response if raw else completions).create(**arguments)
    if api is Api.RESPONSES:
        responses = getattr(client, "responses", None)
        if responses is None:
            import openai

            raise UnsupportedApi(
                f"openai {openai.__version__} has no Responses API (client.responses); models with "
                "`api: responses` need openai 1.66 or newer: pip install -U openai"
            )
        return (responses.with_raw_response if raw else responses).create(**arguments)
    headers: dict[str, Any] = {"Authorization": _omit(), **apis.auth_headers(api, str(client.api_key))}
    if raw:
        headers[RAW_RESPONSE_HEADER] = "true"
    path = apis.request_path(api, model)  # relative to the client's base URL, which the SDK joins
    return client.post(path, cast_to=object, body=arguments, options={"headers": headers})


def _omit() -> Any:
    """The SDK's marker that removes a default header (public as `openai.Omit` in newer versions)."""
    import openai

    omit: Any = getattr(openai, "Omit", None)
    if omit is None:
        from openai import _types  # older SDKs keep it here

        omit = _types.Omit
    return omit()
