"""`n > 1`: `split_choices` hands every choice over as its own response, so each is judged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx2
import openai
import pytest
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from wire_shapes import anthropic_message, gemini, response

from pytest_refusal import Kind, NotAVerdict, detect
from pytest_refusal.detector import split_choices

ANSWER = "Paris is the capital of France."
REFUSAL = "I'm sorry, but I can't help with that."


def completion(*messages: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4.1-mini",
        "choices": [
            {"index": i, "message": {"role": "assistant", **m}, "finish_reason": "stop", "logprobs": None}
            for i, m in enumerate(messages)
        ],
        "usage": {"prompt_tokens": 5, "completion_tokens": 20, "total_tokens": 25},
    }


def chunk(index: int, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "c",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": index, "delta": delta, "finish_reason": finish}],
    }


def two_choice_stream() -> list[Any]:
    """What the API streams for n=2: chunks of both choices interleaved, a usage chunk, then [DONE]."""
    return [
        chunk(0, {"role": "assistant", "content": ""}),
        chunk(1, {"role": "assistant", "content": ""}),
        chunk(0, {"content": "Paris is "}),
        chunk(1, {"refusal": REFUSAL}),
        chunk(0, {"content": "the capital of France."}),
        chunk(1, {}, "stop"),
        chunk(0, {}, "stop"),
        {
            "id": "c",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [],
            "usage": {"prompt_tokens": 5, "completion_tokens": 20, "total_tokens": 25},
        },
        "[DONE]",
    ]


def kinds(response: object) -> list[Kind]:
    return [detect(piece).kind for piece in split_choices(response)]


def test_every_choice_of_a_completion_is_judged() -> None:
    body = completion(
        {"content": ANSWER}, {"content": None, "refusal": REFUSAL}, {"content": "抱歉，我无法回答这个问题。"}
    )
    pieces = split_choices(body)
    assert [p["choices"][0]["index"] for p in pieces] == [0, 1, 2]
    assert all(p["usage"] == body["usage"] and len(p["choices"]) == 1 for p in pieces)
    assert kinds(body) == [Kind.COMPLY, Kind.REFUSE, Kind.REFUSE]


def test_an_sdk_completion_splits_like_its_dict() -> None:
    body = completion({"content": ANSWER}, {"content": None, "refusal": REFUSAL})
    pieces = split_choices(ChatCompletion.model_validate(body))
    assert [p["choices"][0]["index"] for p in pieces] == [0, 1]
    assert [detect(p) for p in pieces] == [detect(p) for p in split_choices(body)]


def test_every_choice_of_a_stream_is_judged_with_what_the_stream_carries_besides() -> None:
    pieces = split_choices(two_choice_stream())
    assert len(pieces) == 2
    assert all(piece[-1] == "[DONE]" and "usage" in piece[-2] for piece in pieces)
    assert [detect(p).kind for p in pieces] == [Kind.COMPLY, Kind.REFUSE]


def test_an_sdk_stream_iterator_is_read_once_and_split() -> None:
    objects = (ChatCompletionChunk.model_validate(c) for c in two_choice_stream() if isinstance(c, dict))
    assert kinds(objects) == [Kind.COMPLY, Kind.REFUSE]


def test_each_choice_of_a_stream_is_truncated_on_its_own() -> None:
    events = [chunk(0, {"content": ANSWER}), chunk(1, {"content": "I'm sorry"}), chunk(0, {}, "stop")]
    first, second = split_choices(events)
    assert detect(first).kind is Kind.COMPLY
    with pytest.raises(NotAVerdict, match="truncated stream"):
        detect(second)


def test_a_raw_200_body_splits_into_status_pairs() -> None:
    body = json.dumps(completion({"content": ANSWER}, {"content": None, "refusal": REFUSAL})).encode()
    pieces = split_choices((200, body))
    assert [status for status, _ in pieces] == [200, 200]
    assert [detect(p).kind for p in pieces] == [Kind.COMPLY, Kind.REFUSE]


def test_an_sse_body_splits_into_event_lists() -> None:
    text = "".join(f"data: {e if isinstance(e, str) else json.dumps(e)}\n\n" for e in two_choice_stream())
    assert kinds(text.encode()) == [Kind.COMPLY, Kind.REFUSE]


def test_gemini_candidates_are_split_too() -> None:
    body = gemini([{"text": ANSWER}])
    body["candidates"].append(
        {"index": 1, "content": {"parts": [{"text": REFUSAL}], "role": "model"}, "finishReason": "STOP"}
    )
    assert kinds(body) == [Kind.COMPLY, Kind.REFUSE]


ONE_PIECE = [
    pytest.param(completion({"content": ANSWER}), id="one-choice"),
    pytest.param(ChatCompletion.model_validate(completion({"content": ANSWER})), id="sdk-object-one-choice"),
    pytest.param(response([]), id="responses"),
    pytest.param(anthropic_message([{"type": "text", "text": ANSWER}], "end_turn"), id="anthropic"),
    pytest.param(ANSWER, id="text"),
    pytest.param((429, {"error": {"message": "slow down"}}), id="error-pair"),
    pytest.param(completion() | {"choices": []}, id="no-choices"),
    pytest.param({"answer": 1}, id="no-response-at-all"),
    pytest.param(42, id="not-even-a-dict"),
]


@pytest.mark.parametrize("value", ONE_PIECE)
def test_a_response_with_one_choice_or_none_comes_back_itself(value: object) -> None:
    pieces = split_choices(value)
    assert len(pieces) == 1 and pieces[0] is value


def test_a_one_choice_iterator_comes_back_read_into_a_list() -> None:
    chunks = [chunk(0, {"content": ANSWER}), chunk(0, {}, "stop")]
    assert split_choices(iter(chunks)) == [chunks]


def test_an_api_error_raised_mid_stream_is_kept_as_the_last_item() -> None:
    error = openai.APIError(
        "Output blocked by content filtering policy",
        httpx2.Request("POST", "https://api.example.com/v1/chat/completions"),
        body={"message": "Output blocked by content filtering policy"},
    )

    def stream() -> Iterator[object]:
        yield chunk(0, {"content": "Sure"})
        yield chunk(1, {"content": "No"})
        raise error

    pieces = split_choices(stream())
    assert [piece[-1] for piece in pieces] == [error, error]
    assert kinds(stream()) == [Kind.BLOCKED, Kind.BLOCKED]
