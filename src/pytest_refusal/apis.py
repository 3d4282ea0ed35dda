"""The model APIs a request can call (chat, Responses, Anthropic Messages, Gemini): how to tell them apart and read their requests.

Every rule about "which request is a call to a model, which model, which prompt, does it stream"
lives here, so the cassette, the markers, the map items and the scripted server agree. Pure: no
SDK, no HTTP library, no pytest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from enum import Enum
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

__all__ = [
    "ANTHROPIC_VERSION",
    "API_NAMES",
    "JUDGE_HEADER",
    "Api",
    "answer_keys",
    "api_of",
    "auth_headers",
    "is_judge_request",
    "parse_api",
    "prompt_of",
    "request_body",
    "request_model",
    "request_path",
    "sse_requested",
    "streams",
]


class Api(str, Enum):
    """A model API: the wire format of its requests and responses."""

    CHAT = "chat"  # OpenAI-compatible /chat/completions
    RESPONSES = "responses"  # OpenAI Responses API: /responses
    MESSAGES = "messages"  # Anthropic Messages API: /messages
    GEMINI = "gemini"  # Google Gemini: /models/{model}:generateContent and :streamGenerateContent

    def __str__(self) -> str:
        return self.value

    def describe(self) -> str:
        """How messages name the API: `OpenAI Responses (/responses)`."""
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    Api.CHAT: "chat completions (/chat/completions)",
    Api.RESPONSES: "OpenAI Responses (/responses)",
    Api.MESSAGES: "Anthropic Messages (/messages)",
    Api.GEMINI: "Gemini (/models/{model}:generateContent)",
}
API_NAMES: tuple[str, ...] = tuple(api.value for api in Api)
# Anthropic's API refuses a request without a version header; this is the one its SDK sends.
ANTHROPIC_VERSION = "2023-06-01"

# `…/models/gemini-2.0-flash:generateContent`, also tuned models and Vertex AI's long paths.
_GEMINI_PATH = re.compile(
    r"/(?:models|tunedModels)/(?P<model>[^/:]+):(?P<method>generateContent|streamGenerateContent)\Z"
)


def parse_api(value: object) -> Api:
    """The API named `value`; anything else is a ValueError listing the valid names."""
    try:
        return Api(value)
    except ValueError:
        raise ValueError(f"unknown api {value!r}; valid: {', '.join(API_NAMES)}") from None


def api_of(path: str) -> Api | None:
    """The model API a request path calls, whatever the base URL before it; None for any other request.

    Only the calls that produce a model's answer count: `/responses/{id}` (a lookup), Anthropic's
    `/messages/count_tokens` and the Assistants API's `/threads/{id}/messages` do not.
    """
    path = path.rstrip("/")
    if path.endswith("/chat/completions"):
        return Api.CHAT
    if path.endswith("/responses"):
        return Api.RESPONSES
    if path.endswith("/messages") and "/threads/" not in path:
        return Api.MESSAGES
    if _GEMINI_PATH.search(path):
        return Api.GEMINI
    return None


# Every request of the LLM judge carries this header (its value: the judge's prompt version), and
# cassettes keep it: a judge call is never one of the model's own answers, wherever it was recorded.
JUDGE_HEADER = "x-refusal-judge"


def is_judge_request(headers: Mapping[str, object]) -> bool:
    """Whether a request is the judge's (it carries `JUDGE_HEADER`): never judged as the model's answer."""
    return any(str(name).lower() == JUDGE_HEADER for name in headers)


def streams(api: Api | None, path: str, body: object) -> bool:
    """Whether the request asks for a streamed answer: Gemini says so in its path (`alt=sse` only picks the
    framing), the others with `stream: true`."""
    if api is Api.GEMINI:
        match = _GEMINI_PATH.search(path.rstrip("/"))
        return match is not None and match["method"] == "streamGenerateContent"
    return isinstance(body, Mapping) and bool(body.get("stream"))


def sse_requested(query: str) -> bool:
    """Whether a Gemini stream asks for server-sent events (`alt=sse`) rather than one JSON array."""
    return ("alt", "sse") in parse_qsl(query)


def request_model(api: Api | None, path: str, body: object) -> str:
    """The model a request names: Gemini's is in the path, the others' in the body's `model`."""
    if api is Api.GEMINI:
        match = _GEMINI_PATH.search(path.rstrip("/"))
        return match["model"] if match else ""
    return str(body.get("model", "")) if isinstance(body, Mapping) else ""


def prompt_of(api: Api | None, body: object) -> str:
    """The last user turn of a request body, as text (instructions and system prompts are not the prompt)."""
    if not isinstance(body, Mapping):
        return ""
    if api is Api.RESPONSES:
        return _responses_prompt(body.get("input"))
    if api is Api.GEMINI:
        return _gemini_prompt(body.get("contents"))
    return _messages_prompt(body.get("messages"))  # chat and Anthropic Messages share the shape


def _messages_prompt(messages: object) -> str:
    for message in reversed(messages if isinstance(messages, list) else []):
        if isinstance(message, Mapping) and message.get("role") == "user":
            return _content_text(message.get("content"))
    return ""


def _responses_prompt(given: object) -> str:
    if isinstance(given, str):
        return given
    for item in reversed(given if isinstance(given, list) else []):
        if isinstance(item, Mapping) and item.get("role", "user") == "user" and "content" in item:
            return _content_text(item.get("content"))
    return ""


def _gemini_prompt(contents: object) -> str:
    for content in reversed(contents if isinstance(contents, list) else []):
        if isinstance(content, Mapping) and content.get("role", "user") == "user":
            parts = content.get("parts")
            parts = parts if isinstance(parts, list) else []
            return "\n".join(str(p["text"]) for p in parts if isinstance(p, Mapping) and "text" in p)
    return ""


def _content_text(content: object) -> str:
    """A turn's text: a string as is; the text parts of a list (`text`, `input_text`), else the parts as JSON."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [str(p["text"]) for p in content if isinstance(p, Mapping) and isinstance(p.get("text"), str)]
        if texts:
            return "\n".join(texts)
    return json.dumps(content, ensure_ascii=False) if content is not None else ""


# Where each API's response carries its answer (a 2xx body with none of these and an `error` is a fault).
_ANSWER_KEYS: dict[Api, tuple[str, ...]] = {
    Api.CHAT: ("choices",),
    Api.RESPONSES: ("output",),
    Api.MESSAGES: ("content",),
    Api.GEMINI: ("candidates", "promptFeedback"),
}


def answer_keys(api: Api) -> tuple[str, ...]:
    """The top-level keys of a JSON response that hold the model's answer (or the provider's block)."""
    return _ANSWER_KEYS[api]


def request_path(api: Api, model: str, *, stream: bool = False) -> str:
    """The path, relative to the base URL, a call to `api` is sent to (`/chat/completions`, `/models/x:generateContent`)."""
    if api is Api.GEMINI:
        method = "streamGenerateContent?alt=sse" if stream else "generateContent"
        return f"/models/{quote(model, safe='')}:{method}"
    return {Api.CHAT: "/chat/completions", Api.RESPONSES: "/responses", Api.MESSAGES: "/messages"}[api]


def request_body(
    api: Api,
    model: str,
    prompt: str,
    *,
    system: str | None = None,
    temperature: float | None = None,
    max_tokens: int | None = None,
) -> dict[str, Any]:
    """The JSON body that asks `model` one question in `api`'s format, with the optional settings it names its own way."""
    if api is Api.RESPONSES:
        body: dict[str, Any] = {"model": model, "input": prompt}
        settings: dict[str, Any] = {"instructions": system, "temperature": temperature, "max_output_tokens": max_tokens}
    elif api is Api.MESSAGES:
        # Anthropic requires max_tokens; 1024 is what its own documentation's examples send.
        body = {"model": model, "max_tokens": max_tokens or 1024, "messages": [{"role": "user", "content": prompt}]}
        settings = {"system": system, "temperature": temperature}
    elif api is Api.GEMINI:
        body = {"contents": [{"role": "user", "parts": [{"text": prompt}]}]}
        if system:
            body["systemInstruction"] = {"parts": [{"text": system}]}
        generation = {"temperature": temperature, "maxOutputTokens": max_tokens}
        settings = {"generationConfig": {k: v for k, v in generation.items() if v is not None} or None}
    else:
        messages = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": prompt}]
        body = {"model": model, "messages": messages}
        settings = {"temperature": temperature, "max_tokens": max_tokens}
    return {**body, **{k: v for k, v in settings.items() if v is not None}}


def auth_headers(api: Api, key: str) -> dict[str, str]:
    """How `api` takes its key: a Bearer token (OpenAI and compatible), `x-api-key` (Anthropic), `x-goog-api-key` (Gemini)."""
    if api is Api.MESSAGES:
        return {"x-api-key": key, "anthropic-version": ANTHROPIC_VERSION}
    if api is Api.GEMINI:
        return {"x-goog-api-key": key}
    return {"authorization": f"Bearer {key}"}


# Base URL paths that the SDK and vcrpy turn into a request path the same way we do.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9/._~-]*")


def call_url(base_url: str, path: str) -> str | None:
    """The URL the SDK posts a call to `path` (`request_path`) for `base_url`; None for a base URL with surprises.

    A query, a fragment, a scheme other than http(s) or characters the SDK might encode make it
    None: direct replay and direct calls then leave the call to the SDK.
    """
    if not base_url:
        return None
    parts = urlsplit(base_url)
    if parts.query or parts.fragment or parts.scheme not in ("http", "https") or not _PLAIN_PATH.fullmatch(parts.path):
        return None
    if parts.path.endswith("//"):
        return None
    return base_url.rstrip("/") + path
