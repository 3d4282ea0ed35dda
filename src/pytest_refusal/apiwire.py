"""Builders for what the other model APIs send back: OpenAI Responses, Anthropic Messages and Gemini.

The chat-completions builders and the shapes of a refusal live in `wire`; here each shape is
expressed the way each of these APIs expresses it, so the scripted server and
`simulate_refusal` answer a Responses, Messages or Gemini call in its own format.
"""

from __future__ import annotations

import json
import time
from typing import Any

from pytest_refusal.wire import (
    BLOCK_SHAPES,
    JSON,
    SSE,
    Shape,
    WireResponse,
    completion_response,
    dump_json,
    parse_shape,
    provider_block,
    refusal_response,
    refusal_text,
    shapes_for,
    split_words,
    stream_response,
)

# --- the other model APIs: OpenAI Responses, Anthropic Messages, Gemini -----------------------------
# Each API answers in its own format; `api_refusal` and `api_answer` pick the builder for the path asked.


def responses_object(
    text: str | None,
    *,
    model: str = "scripted",
    refusal: str | None = None,
    incomplete_reason: str | None = None,
) -> dict[str, Any]:
    """An OpenAI Responses `response` object: one assistant message with an `output_text` (or `refusal`) part.

    `incomplete_reason` makes it `status: incomplete` with that `incomplete_details.reason`
    (`content_filter` when the provider's filter stopped it, `max_output_tokens` when cut short).
    """
    parts: list[dict[str, Any]] = []
    if refusal is not None:
        parts.append({"type": "refusal", "refusal": refusal})
    elif text:
        parts.append({"type": "output_text", "text": text, "annotations": []})
    status = "incomplete" if incomplete_reason else "completed"
    output = [{"id": "msg_scripted", "type": "message", "role": "assistant", "status": status, "content": parts}]
    return {
        "id": "resp_scripted",
        "object": "response",
        "created_at": int(time.time()),
        "status": status,
        "error": None,
        "incomplete_details": {"reason": incomplete_reason} if incomplete_reason else None,
        "model": model,
        "output": output if parts else [],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": {
            "input_tokens": 12,
            "output_tokens": 9,
            "total_tokens": 21,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens_details": {"reasoning_tokens": 0},
        },
    }


def responses_response(
    text: str | None, *, model: str = "scripted", refusal: str | None = None, incomplete_reason: str | None = None
) -> WireResponse:
    """A 200 JSON Responses object."""
    body = responses_object(text, model=model, refusal=refusal, incomplete_reason=incomplete_reason)
    return WireResponse(200, dump_json(body))


def responses_stream(
    text: str,
    *,
    model: str = "scripted",
    refusal: bool = False,
    incomplete_reason: str | None = None,
    cut_by: dict[str, Any] | None = None,
) -> WireResponse:
    """A 200 SSE stream of Responses events, as the openai SDK's `responses.create(stream=True)` reads them.

    `text` arrives in `response.output_text.delta` events (`response.refusal.delta` with
    `refusal=True`); the stream ends with `response.completed`, or `response.incomplete` with
    `incomplete_reason`, or the `cut_by` event (an `error` event) instead of either.
    """
    final = responses_object(
        None if refusal else text, model=model, refusal=text if refusal else None, incomplete_reason=incomplete_reason
    )
    started = {**final, "status": "in_progress", "output": [], "incomplete_details": None, "usage": None}
    item = {"id": "msg_scripted", "type": "message", "role": "assistant", "status": "in_progress", "content": []}
    kind = "refusal" if refusal else "output_text"
    empty_part = (
        {"type": "refusal", "refusal": ""} if refusal else {"type": "output_text", "text": "", "annotations": []}
    )
    where = {"item_id": "msg_scripted", "output_index": 0, "content_index": 0}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": started},
        {"type": "response.in_progress", "response": started},
        {"type": "response.output_item.added", "output_index": 0, "item": item},
        {"type": "response.content_part.added", **where, "part": empty_part},
    ]
    events += [{"type": f"response.{kind}.delta", **where, "delta": piece} for piece in split_words(text) if piece]
    if cut_by is not None:
        events.append(cut_by)
    else:
        done_part = final["output"][0]["content"][0] if final["output"] else empty_part
        done = {"type": f"response.{kind}.done", **where, ("refusal" if refusal else "text"): text}
        events += [
            done,
            {"type": "response.content_part.done", **where, "part": done_part},
            {
                "type": "response.output_item.done",
                "output_index": 0,
                "item": {**item, "status": final["status"], "content": [done_part]},
            },
            {"type": "response.incomplete" if incomplete_reason else "response.completed", "response": final},
        ]
    return _named_events([{**e, "sequence_number": n} for n, e in enumerate(events)])


# What the Responses API streams when a filter stops a running answer.
RESPONSES_STREAM_ERROR: dict[str, Any] = {
    "type": "error",
    "code": "content_filter",
    "message": "Output data may contain inappropriate content.",
    "param": None,
}


def messages_object(text: str, *, model: str = "scripted", stop_reason: str = "end_turn") -> dict[str, Any]:
    """An Anthropic Messages `message`: one text block (none when `text` is empty), with its `stop_reason`.

    Claude's safety classifiers stop an answer with `stop_reason: "refusal"`.
    """
    return {
        "id": "msg_scripted",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": text}] if text else [],
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": 12, "output_tokens": 9},
    }


def messages_response(text: str, *, model: str = "scripted", stop_reason: str = "end_turn") -> WireResponse:
    """A 200 JSON Anthropic message."""
    return WireResponse(200, dump_json(messages_object(text, model=model, stop_reason=stop_reason)))


def messages_stream(
    text: str, *, model: str = "scripted", stop_reason: str = "end_turn", cut_by: dict[str, Any] | None = None
) -> WireResponse:
    """A 200 SSE stream of Anthropic events (`message_start` … `content_block_delta` … `message_stop`).

    `cut_by` (e.g. `messages_error_body("overloaded_error", ...)`) replaces the closing events:
    an `error` event in the middle of the stream, as Anthropic sends one.
    """
    start = {**messages_object("", model=model), "stop_reason": None, "usage": {"input_tokens": 12, "output_tokens": 1}}
    events: list[dict[str, Any]] = [
        {"type": "message_start", "message": start},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "ping"},
    ]
    events += [
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": piece}}
        for piece in split_words(text)
        if piece
    ]
    if cut_by is not None:
        events.append(cut_by)
    else:
        events += [
            {"type": "content_block_stop", "index": 0},
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                "usage": {"output_tokens": 9},
            },
            {"type": "message_stop"},
        ]
    return _named_events(events)


def messages_error_body(error_type: str, message: str) -> dict[str, Any]:
    """Anthropic's native error body (also the `error` event of a stream): `{"type": "error", "error": {...}}`."""
    return {"type": "error", "error": {"type": error_type, "message": message}}


def messages_error(status: int, error_type: str, message: str) -> WireResponse:
    """An Anthropic error answer: 400 `invalid_request_error`, 429 `rate_limit_error`, 529 `overloaded_error`..."""
    return WireResponse(status, dump_json(messages_error_body(error_type, message)))


_GEMINI_RATINGS = [
    {"category": c, "probability": "NEGLIGIBLE"}
    for c in (
        "HARM_CATEGORY_HATE_SPEECH",
        "HARM_CATEGORY_DANGEROUS_CONTENT",
        "HARM_CATEGORY_HARASSMENT",
        "HARM_CATEGORY_SEXUALLY_EXPLICIT",
    )
]
_GEMINI_BLOCKED_RATINGS = [{"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": True}]


def gemini_object(
    text: str,
    *,
    model: str = "scripted",
    finish_reason: str | None = "STOP",
    block_reason: str | None = None,
) -> dict[str, Any]:
    """A Gemini `GenerateContentResponse`: one candidate with `text` and its `finishReason`.

    `finish_reason` SAFETY, PROHIBITED_CONTENT or BLOCKLIST is the provider stopping the answer;
    `block_reason` (SAFETY, OTHER...) blocks the prompt itself: no candidates, only `promptFeedback`.
    `finish_reason=None` is a chunk in the middle of a stream.
    """
    usage = {"promptTokenCount": 12, "candidatesTokenCount": 9, "totalTokenCount": 21}
    if block_reason is not None:
        return {
            "promptFeedback": {"blockReason": block_reason, "safetyRatings": _GEMINI_BLOCKED_RATINGS},
            "usageMetadata": usage,
            "modelVersion": model,
        }
    candidate: dict[str, Any] = {"content": {"parts": [{"text": text}] if text else [], "role": "model"}, "index": 0}
    if finish_reason is not None:
        candidate["finishReason"] = finish_reason
        candidate["safetyRatings"] = _GEMINI_RATINGS if finish_reason == "STOP" else _GEMINI_BLOCKED_RATINGS
    return {"candidates": [candidate], "usageMetadata": usage, "modelVersion": model}


def gemini_response(
    text: str, *, model: str = "scripted", finish_reason: str = "STOP", block_reason: str | None = None
) -> WireResponse:
    """A 200 JSON answer of `generateContent`."""
    return WireResponse(
        200, dump_json(gemini_object(text, model=model, finish_reason=finish_reason, block_reason=block_reason))
    )


def gemini_stream(text: str, *, model: str = "scripted", finish_reason: str = "STOP", sse: bool = True) -> WireResponse:
    """A 200 answer of `streamGenerateContent`: one chunk per word, the last with `finishReason`.

    With `alt=sse` (what Google's SDKs ask for, `sse=True`) each chunk is one `data:` event;
    without it the chunks arrive as one JSON array, written piece by piece.
    """
    chunks = [gemini_object(piece, model=model, finish_reason=None) for piece in split_words(text) if piece]
    chunks.append(gemini_object("", model=model, finish_reason=finish_reason))
    if sse:
        pieces = tuple(f"data: {json.dumps(c, ensure_ascii=False)}\r\n\r\n".encode() for c in chunks)
        return WireResponse(200, b"".join(pieces), (("content-type", SSE),), pieces)
    dumped = [dump_json(c) for c in chunks]
    pieces = tuple((b"[" if i == 0 else b",\r\n") + d for i, d in enumerate(dumped)) + (b"]",)
    return WireResponse(200, b"".join(pieces), (("content-type", JSON),), pieces)


def _named_events(events: list[dict[str, Any]]) -> WireResponse:
    """SSE with an `event:` line naming each event's type, as the Responses and Anthropic APIs send them."""
    pieces = tuple(f"event: {e['type']}\ndata: {json.dumps(e, ensure_ascii=False)}\n\n".encode() for e in events)
    return WireResponse(200, b"".join(pieces), (("content-type", SSE),), pieces)


def api_answer(api: str, text: str, *, stream: bool = False, sse: bool = True, model: str = "scripted") -> WireResponse:
    """A plain answer of `text` in the format of `api` (`chat`, `responses`, `messages`, `gemini`)."""
    if api == "responses":
        return responses_stream(text, model=model) if stream else responses_response(text, model=model)
    if api == "messages":
        return messages_stream(text, model=model) if stream else messages_response(text, model=model)
    if api == "gemini":
        return gemini_stream(text, model=model, sse=sse) if stream else gemini_response(text, model=model)
    return stream_response(text, model=model) if stream else completion_response(text, model=model)


def api_refusal(
    api: str,
    kind: str = "refuse",
    language: str = "en",
    shape: Shape | str | None = None,
    *,
    stream: bool = False,
    sse: bool = True,
    model: str = "scripted",
) -> WireResponse:
    """What `refusal_response` sends, in the format of `api`: each shape as that API expresses it.

    text and stream: the words in the API's text fields; message_refusal: a Responses `refusal`
    part (plain words elsewhere); content_filter: Responses `incomplete` with reason
    content_filter, Anthropic `stop_reason: "refusal"`, Gemini `finishReason: SAFETY`;
    stream_filter: the answer starts, then the filter stops it. The providers' 400 blocks are
    the same JSON errors whichever path was asked.
    """
    if api == "chat":
        return refusal_response(kind, language, shape, stream=stream, model=model)
    allowed = shapes_for(kind)
    chosen = allowed[0] if shape is None else parse_shape(shape)
    if chosen not in allowed:
        raise ValueError(
            f"a {kind} refusal cannot take shape {chosen.value!r}; "
            f"shapes for {kind}: {', '.join(s.value for s in allowed)}"
        )
    if chosen in BLOCK_SHAPES:
        return provider_block(chosen)
    if chosen in (Shape.CONTENT_FILTER, Shape.STREAM_FILTER):
        opening = refusal_text("comply", language)[:12] if chosen is Shape.STREAM_FILTER else ""
        return _filtered(api, opening, stream=stream, sse=sse, model=model)
    text = refusal_text("refuse" if chosen is Shape.MESSAGE_REFUSAL else kind, language)
    if chosen is Shape.MESSAGE_REFUSAL and api == "responses":
        if stream:
            return responses_stream(text, model=model, refusal=True)
        return responses_response(None, model=model, refusal=text)
    return api_answer(api, text, stream=stream, sse=sse, model=model)


def _filtered(api: str, opening: str, *, stream: bool, sse: bool, model: str) -> WireResponse:
    """The provider's filter stopping an answer after `opening` (nothing, for a block before the first word)."""
    if api == "responses":
        if stream and opening:
            return responses_stream(opening, model=model, cut_by=RESPONSES_STREAM_ERROR)
        if stream:
            return responses_stream("", model=model, incomplete_reason="content_filter")
        return responses_response(opening, model=model, incomplete_reason="content_filter")
    if api == "messages":
        if stream:
            return messages_stream(opening, model=model, stop_reason="refusal")
        return messages_response(opening, model=model, stop_reason="refusal")
    if api == "gemini":
        if stream:
            return gemini_stream(opening, model=model, finish_reason="SAFETY", sse=sse)
        return gemini_response(opening, model=model, finish_reason="SAFETY")
    raise ValueError(f"unknown api {api!r}; valid: chat, responses, messages, gemini")
