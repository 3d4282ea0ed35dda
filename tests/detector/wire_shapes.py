"""Response bodies as the real APIs send them (OpenAI Responses, Anthropic Messages, Gemini), for the detector's tables."""

from __future__ import annotations

import json
from typing import Any


def response(output: list[dict[str, Any]], status: str = "completed", **fields: Any) -> dict[str, Any]:
    """An OpenAI Responses `response` object, with every field `responses.create` returns."""
    return {
        "id": "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
        "object": "response",
        "created_at": 1741476542,
        "status": status,
        "background": False,
        "error": None,
        "incomplete_details": None,
        "instructions": None,
        "max_output_tokens": None,
        "model": "gpt-4.1-2025-04-14",
        "output": output,
        "parallel_tool_calls": True,
        "previous_response_id": None,
        "reasoning": {"effort": None, "summary": None},
        "store": True,
        "temperature": 1.0,
        "text": {"format": {"type": "text"}},
        "tool_choice": "auto",
        "tools": [],
        "top_p": 1.0,
        "truncation": "disabled",
        "usage": {
            "input_tokens": 36,
            "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
            "output_tokens": 87,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": 123,
        },
        "user": None,
        "metadata": {},
        **fields,
    }


def message_item(*parts: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "message",
        "id": "msg_67ccd2bf17f0819081ff3bb2cf6508e60bb6a6b452d3795b",
        "status": "completed",
        "role": "assistant",
        "content": list(parts),
    }


def output_text(text: str) -> dict[str, Any]:
    return {"type": "output_text", "text": text, "annotations": [], "logprobs": []}


def refusal_part(text: str) -> dict[str, Any]:
    return {"type": "refusal", "refusal": text}


def reasoning_item(summary: str = "") -> dict[str, Any]:
    parts = [{"type": "summary_text", "text": summary}] if summary else []
    return {"type": "reasoning", "id": "rs_6876cf02e0bc8192b74af0fb64b715ff", "summary": parts}


FUNCTION_CALL = {
    "type": "function_call",
    "id": "fc_12345xyz",
    "call_id": "call_12345xyz",
    "name": "get_weather",
    "arguments": '{"location":"Paris, France"}',
    "status": "completed",
}


def response_events(
    *deltas: str, closing: str = "response.completed", final: dict[str, Any] | None = None, kind: str = "output_text"
) -> list[dict[str, Any]]:
    """The events `responses.create(stream=True)` sends for a text answer, closed by `closing`."""
    text = "".join(deltas)
    part = output_text(text) if kind == "output_text" else refusal_part(text)
    done = final or response([message_item(part)], "completed" if closing == "response.completed" else "incomplete")
    started = response([], "in_progress")
    events: list[dict[str, Any]] = [
        {"type": "response.created", "sequence_number": 0, "response": started},
        {"type": "response.in_progress", "sequence_number": 1, "response": started},
        {
            "type": "response.output_item.added",
            "sequence_number": 2,
            "output_index": 0,
            "item": message_item() | {"status": "in_progress"},
        },
        {
            "type": "response.content_part.added",
            "sequence_number": 3,
            "item_id": "msg_1",
            "output_index": 0,
            "content_index": 0,
            "part": output_text("") if kind == "output_text" else refusal_part(""),
        },
    ]
    for i, delta in enumerate(deltas):
        event = {
            "type": f"response.{kind}.delta",
            "sequence_number": 4 + i,
            "item_id": "msg_1",
            "output_index": 0,
            "content_index": 0,
            "delta": delta,
        }
        events.append(event | ({"logprobs": []} if kind == "output_text" else {}))
    n = 4 + len(deltas)
    events += [
        {"type": "response.output_item.done", "sequence_number": n, "output_index": 0, "item": message_item(part)},
        {"type": closing, "sequence_number": n + 1, "response": done},
    ]
    return events


def anthropic_message(content: list[dict[str, Any]], stop_reason: str | None) -> dict[str, Any]:
    return {
        "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": 2095, "output_tokens": 503},
    }


def anthropic_events(blocks: list[tuple[str, str]], stop_reason: str = "end_turn") -> list[dict[str, Any]]:
    """A Messages stream: one content block per (type, text) pair ("text" or "thinking"), then the stop."""
    start = anthropic_message([], None) | {"usage": {"input_tokens": 10, "output_tokens": 1}}
    events: list[dict[str, Any]] = [{"type": "message_start", "message": start}]
    for index, (kind, text) in enumerate(blocks):
        block = (
            {"type": "text", "text": ""} if kind == "text" else {"type": "thinking", "thinking": "", "signature": ""}
        )
        delta = {"type": "text_delta", "text": text} if kind == "text" else {"type": "thinking_delta", "thinking": text}
        events += [
            {"type": "content_block_start", "index": index, "content_block": block},
            {"type": "ping"},
            {"type": "content_block_delta", "index": index, "delta": delta},
            {"type": "content_block_stop", "index": index},
        ]
    return events + [
        {
            "type": "message_delta",
            "delta": {"stop_reason": stop_reason, "stop_sequence": None},
            "usage": {"output_tokens": 15},
        },
        {"type": "message_stop"},
    ]


SAFETY_RATINGS = [
    {"category": "HARM_CATEGORY_HATE_SPEECH", "probability": "NEGLIGIBLE"},
    {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": True},
    {"category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"},
    {"category": "HARM_CATEGORY_SEXUALLY_EXPLICIT", "probability": "NEGLIGIBLE"},
]


def gemini(parts: list[dict[str, Any]] | None, finish: str | None = "STOP", **fields: Any) -> dict[str, Any]:
    """A GenerateContentResponse with one candidate (`parts` None: a candidate without content)."""
    candidate: dict[str, Any] = {"index": 0}
    if parts is not None:
        candidate["content"] = {"parts": parts, "role": "model"}
    if finish is not None:
        candidate["finishReason"] = finish
    return {
        "candidates": [candidate],
        "usageMetadata": {"promptTokenCount": 8, "candidatesTokenCount": 12, "totalTokenCount": 20},
        "modelVersion": "gemini-2.5-flash",
        "responseId": "mcF_aO7dJLSjz7IPxNzm8Qg",
        **fields,
    }


def gemini_chunks(*pieces: str, finish: str = "STOP") -> list[dict[str, Any]]:
    """What streamGenerateContent sends: a response per chunk, the finish reason on the last."""
    chunks = [gemini([{"text": p}], None) for p in pieces]
    chunks[-1]["candidates"][0]["finishReason"] = finish
    return chunks


def sse(events: list[Any]) -> bytes:
    """An SSE body of `events`; the string "[DONE]" becomes the closing `data: [DONE]`."""
    return "".join(
        f"data: {e if isinstance(e, str) else json.dumps(e, ensure_ascii=False)}\n\n" for e in events
    ).encode()
