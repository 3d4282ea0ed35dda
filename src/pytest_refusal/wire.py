"""Builders for what a chat API sends back, in every refusal shape, so the test server and `simulate_refusal` agree.

Each builder returns a `WireResponse`: the status, headers and body bytes one HTTP response
would carry. Shapes follow what providers really send (OpenAI, Moonshot/Kimi, DeepSeek,
DashScope/Qwen, Azure OpenAI); their texts (`cannedtexts`) exist in several languages so tests
can cover the language boundary. Reading wire bytes back (`parse_sse`, `judgeable`) is in
`wirereading`; both are re-exported here. The other model APIs' formats (Responses, Anthropic
Messages, Gemini) are built in `apiwire`.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pytest_refusal.cannedtexts import LANGUAGES, refusal_text
from pytest_refusal.wirereading import assistant_reasoning, assistant_text, judgeable, parse_sse

__all__ = [
    "LANGUAGES",
    "Shape",
    "WireResponse",
    "assistant_reasoning",
    "assistant_text",
    "chat_completion",
    "chunk",
    "completion_response",
    "error_response",
    "judgeable",
    "parse_sse",
    "provider_block",
    "refusal_response",
    "refusal_text",
    "sse_body",
    "stream_response",
]

JSON = "application/json"
SSE = "text/event-stream"


@dataclass(frozen=True)
class WireResponse:
    """One HTTP response as bytes on the wire: status, headers and body (JSON, SSE or empty)."""

    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = (("content-type", JSON),)
    # Bodies of streamed responses are sent in these pieces (one SSE event each); empty means one piece.
    pieces: tuple[bytes, ...] = field(default=(), compare=False)

    @property
    def content_type(self) -> str:
        return dict(self.headers).get("content-type", "")

    def json(self) -> Any:
        return json.loads(self.body)


class Shape(str, Enum):
    """How a refusal reaches the client."""

    TEXT = "text"  # the assistant says no in plain words
    MESSAGE_REFUSAL = "message_refusal"  # OpenAI structured outputs: message.refusal set, content null
    CONTENT_FILTER = "content_filter"  # finish_reason "content_filter", content empty
    MOONSHOT_400 = "moonshot_400"  # Kimi rejects "high risk" input with HTTP 400
    DEEPSEEK_400 = "deepseek_400"  # DeepSeek: 400 "Content Exists Risk"
    DASHSCOPE_400 = "dashscope_400"  # Qwen on DashScope: 400 data_inspection_failed
    AZURE_400 = "azure_400"  # Azure OpenAI: 400 code content_filter with per-category results
    STREAM = "stream"  # a text refusal, streamed as SSE chunks
    STREAM_FILTER = "stream_filter"  # streaming starts, then the provider cuts it with a filter error

    def __str__(self) -> str:
        return self.value

    @property
    def is_block(self) -> bool:
        """True when the provider, not the model, says no (judged `blocked`)."""
        return self not in (Shape.TEXT, Shape.MESSAGE_REFUSAL, Shape.STREAM)


def chat_completion(
    text: str | None,
    *,
    model: str = "scripted",
    finish_reason: str = "stop",
    refusal: str | None = None,
) -> dict[str, Any]:
    """A chat.completion object as OpenAI-compatible APIs return it."""
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text, "refusal": refusal},
                "finish_reason": finish_reason,
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 12, "completion_tokens": 9, "total_tokens": 21},
    }


def chunk(
    *,
    model: str = "scripted",
    content: str | None = None,
    refusal: str | None = None,
    role: str | None = None,
    finish_reason: str | None = None,
) -> dict[str, Any]:
    """One chat.completion.chunk; only the delta fields given are set."""
    delta: dict[str, Any] = {}
    if role is not None:
        delta["role"] = role
    if content is not None:
        delta["content"] = content
    if refusal is not None:
        delta["refusal"] = refusal
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}],
    }


def sse_body(events: list[dict[str, Any]], *, done: bool = True) -> tuple[bytes, ...]:
    """Server-sent event pieces for `events`, ending with `data: [DONE]` unless cut short."""
    pieces = [f"data: {json.dumps(e, ensure_ascii=False)}\n\n".encode() for e in events]
    if done:
        pieces.append(b"data: [DONE]\n\n")
    return tuple(pieces)


def completion_response(
    text: str | None,
    *,
    model: str = "scripted",
    finish_reason: str = "stop",
    refusal: str | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> WireResponse:
    """A 200 JSON chat completion."""
    body = chat_completion(text, model=model, finish_reason=finish_reason, refusal=refusal)
    return WireResponse(200, dump_json(body), (("content-type", JSON), *headers))


def stream_response(
    text: str,
    *,
    model: str = "scripted",
    finish_reason: str = "stop",
    refusal: bool = False,
    cut_by: dict[str, Any] | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> WireResponse:
    """A 200 SSE stream of `text` in word-sized chunks.

    `refusal=True` streams it in `delta.refusal` instead of `delta.content`; `cut_by` ends the
    stream early with that error event instead of a finish reason (a mid-stream filter).
    """
    events = [chunk(model=model, role="assistant", content="")]
    field_name = "refusal" if refusal else "content"
    for piece in split_words(text):
        events.append(chunk(model=model, **{field_name: piece}))
    if cut_by is not None:
        events.append(cut_by)
    else:
        events.append(chunk(model=model, finish_reason=finish_reason))
    pieces = sse_body(events, done=cut_by is None)
    return WireResponse(200, b"".join(pieces), (("content-type", SSE), *headers), pieces)


def error_response(
    status: int,
    error: dict[str, Any],
    *,
    headers: tuple[tuple[str, str], ...] = (),
    extra: dict[str, Any] | None = None,
) -> WireResponse:
    """An error answer: `{"error": {...}}` with `status` (4xx filter blocks, 429, 5xx)."""
    body: dict[str, Any] = {"error": error, **(extra or {})}
    return WireResponse(status, dump_json(body), (("content-type", JSON), *headers))


# The provider-side blocks, as each provider words them.
_BLOCKS: dict[Shape, tuple[dict[str, Any], dict[str, Any]]] = {
    Shape.MOONSHOT_400: (
        {
            "message": "The request was rejected because it was considered high risk",
            "type": "content_filter",
        },
        {},
    ),
    Shape.DEEPSEEK_400: (
        {
            "message": "Content Exists Risk",
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_request_error",
        },
        {},
    ),
    Shape.DASHSCOPE_400: (
        {
            "code": "data_inspection_failed",
            "param": None,
            "message": "Input data may contain inappropriate content.",
            "type": "data_inspection_failed",
        },
        {"id": "chatcmpl-scripted", "request_id": "00000000-0000-0000-0000-000000000000"},
    ),
    Shape.AZURE_400: (
        {
            "message": (
                "The response was filtered due to the prompt triggering Azure OpenAI's content "
                "management policy. Please modify your prompt and retry."
            ),
            "type": None,
            "param": "prompt",
            "code": "content_filter",
            "status": 400,
            "innererror": {
                "code": "ResponsibleAIPolicyViolation",
                "content_filter_result": {
                    "hate": {"filtered": False, "severity": "safe"},
                    "self_harm": {"filtered": False, "severity": "safe"},
                    "sexual": {"filtered": False, "severity": "safe"},
                    "violence": {"filtered": True, "severity": "medium"},
                },
            },
        },
        {},
    ),
}

# What a filter that cuts a running stream sends (the error event the openai SDK raises on).
STREAM_FILTER_ERROR: dict[str, Any] = {
    "error": {
        "message": "Output data may contain inappropriate content.",
        "type": "content_filter",
        "code": "content_filter",
    }
}


def provider_block(shape: Shape) -> WireResponse:
    """The 400 body a provider sends when its input filter blocks the request."""
    if shape not in _BLOCKS:
        raise ValueError(f"{shape} is not a provider 400 shape; those are: {', '.join(s.value for s in _BLOCKS)}")
    error, extra = _BLOCKS[shape]
    return error_response(400, error, extra=extra)


_KIND_SHAPES: dict[str, tuple[Shape, ...]] = {
    "refuse": (Shape.TEXT, Shape.MESSAGE_REFUSAL, Shape.STREAM),
    "refuse_safety": (Shape.TEXT, Shape.STREAM),
    "redirect": (Shape.TEXT, Shape.STREAM),
    "blocked": (
        Shape.CONTENT_FILTER,
        Shape.MOONSHOT_400,
        Shape.DEEPSEEK_400,
        Shape.DASHSCOPE_400,
        Shape.AZURE_400,
        Shape.STREAM_FILTER,
    ),
}
SIMULATED_KINDS: tuple[str, ...] = tuple(_KIND_SHAPES)
# The shapes that are a provider's 400 error, the same JSON whichever API was called.
BLOCK_SHAPES: frozenset[Shape] = frozenset(_BLOCKS)


def shapes_for(kind: str) -> tuple[Shape, ...]:
    """The shapes a refusal of `kind` can take; the first is the default."""
    if kind not in _KIND_SHAPES:
        raise ValueError(f"cannot simulate kind {kind!r}; valid kinds: {', '.join(SIMULATED_KINDS)}")
    return _KIND_SHAPES[kind]


def refusal_response(
    kind: str = "refuse",
    language: str = "en",
    shape: Shape | str | None = None,
    *,
    stream: bool = False,
    model: str = "scripted",
) -> WireResponse:
    """The response a provider sends when it refuses: `kind` in `shape`, in `language`.

    `stream` is whether the client asked for SSE; every shape answers in the matching form
    (a streamed text refusal becomes plain JSON for a non-streaming client and vice versa),
    except the 400 blocks, which are JSON errors either way, as on the real APIs.
    """
    allowed = shapes_for(kind)
    chosen = allowed[0] if shape is None else parse_shape(shape)
    if chosen not in allowed:
        raise ValueError(
            f"a {kind} refusal cannot take shape {chosen.value!r}; "
            f"shapes for {kind}: {', '.join(s.value for s in allowed)}"
        )
    if chosen in _BLOCKS:
        return provider_block(chosen)
    if chosen is Shape.CONTENT_FILTER:
        if stream:
            return stream_response("", model=model, finish_reason="content_filter")
        return completion_response("", model=model, finish_reason="content_filter")
    if chosen is Shape.STREAM_FILTER:
        # A stream that starts to answer, then is cut by the provider's output filter.
        opening = refusal_text("comply", language)[:12]
        if stream:
            return stream_response(opening, model=model, cut_by=STREAM_FILTER_ERROR)
        return completion_response(opening, model=model, finish_reason="content_filter")
    text = refusal_text("refuse" if chosen is Shape.MESSAGE_REFUSAL else kind, language)
    if chosen is Shape.MESSAGE_REFUSAL:
        if stream:
            return stream_response(text, model=model, refusal=True)
        return completion_response(None, model=model, refusal=text)
    if stream:
        return stream_response(text, model=model)
    return completion_response(text, model=model)


def parse_shape(shape: Shape | str) -> Shape:
    try:
        return Shape(shape)
    except ValueError:
        valid = ", ".join(s.value for s in Shape)
        raise ValueError(f"unknown refusal shape {shape!r}; valid shapes: {valid}") from None


def split_words(text: str) -> list[str]:
    """Word-sized pieces (character pairs for scripts without spaces), joined back exactly."""
    if " " not in text:
        return [text[i : i + 2] for i in range(0, len(text), 2)] or [""]
    words = text.split(" ")
    return [w if i == 0 else " " + w for i, w in enumerate(words)]


def dump_json(obj: object) -> bytes:
    """`obj` as UTF-8 JSON bytes, non-ASCII kept readable (what providers send)."""
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")
