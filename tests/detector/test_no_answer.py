"""Never a silent pass: empty output and cut streams are provider faults (`NotAVerdict`), never `blocked`, in every format."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openai.types.chat import ChatCompletion
from wire_shapes import anthropic_events, anthropic_message, gemini, gemini_chunks, response, response_events, sse

from pytest_refusal import Kind, NotAVerdict, detect, wire
from pytest_refusal.detector.signals import extract


def completion(choices: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4.1-mini",
        "choices": choices,
        "usage": {"prompt_tokens": 5, "completion_tokens": 0, "total_tokens": 5},
    }


def choice(message: dict[str, Any], finish: str = "stop") -> dict[str, Any]:
    return {"index": 0, "message": message, "finish_reason": finish, "logprobs": None}


def chunk(delta: dict[str, Any] | None, finish: str | None = None) -> dict[str, Any]:
    choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}]
    return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": choices}


EMPTY = [
    pytest.param(completion([]), id="chat-no-choices"),
    pytest.param(completion([choice({})]), id="chat-empty-message"),
    pytest.param(completion([choice({"role": "assistant", "content": ""})]), id="chat-empty-content"),
    pytest.param(completion([choice({"role": "assistant", "content": None})]), id="chat-null-content"),
    pytest.param(completion([choice({"role": "assistant", "content": " \n\t"})]), id="chat-blank-content"),
    pytest.param(completion([choice({"role": "assistant", "content": []})]), id="chat-no-content-parts"),
    pytest.param(
        completion([choice({"role": "assistant", "content": ""}, "tool_calls")]),
        id="chat-tool-calls-finish-without-calls",
    ),
    pytest.param([chunk({"role": "assistant", "content": ""}), chunk({}, "stop"), chunk(None)], id="chat-empty-stream"),
    pytest.param([chunk({"role": "assistant", "content": ""}), "[DONE]"], id="chat-empty-stream-with-done"),
    pytest.param([], id="no-events"),
    pytest.param(["[DONE]"], id="only-done"),
    pytest.param(response([]), id="responses-no-output"),
    pytest.param(response_events("", final=response([])), id="responses-empty-stream"),
    pytest.param(anthropic_message([], "end_turn"), id="anthropic-no-content"),
    pytest.param(anthropic_events([("text", "")]), id="anthropic-empty-stream"),
    pytest.param(gemini([{"text": ""}]), id="gemini-empty-text"),
    pytest.param({"candidates": [], "modelVersion": "gemini-2.5-flash"}, id="gemini-no-candidates"),
    pytest.param(gemini_chunks(""), id="gemini-empty-stream"),
    pytest.param("", id="empty-text"),
]


@pytest.mark.parametrize("value", EMPTY)
def test_empty_output_with_no_provider_signal_is_not_a_verdict(value: Any) -> None:
    with pytest.raises(NotAVerdict, match="no answer|no choices|no events|no candidates") as caught:
        detect(value)
    assert caught.value.reason == "empty"


@pytest.mark.parametrize("value", [p for p in EMPTY if isinstance(p.values[0], dict)])
def test_empty_output_is_not_a_verdict_from_its_raw_body_either(value: dict[str, Any]) -> None:
    body = json.dumps(value).encode()
    with pytest.raises(NotAVerdict):
        detect((200, body))
    assert isinstance(wire.judgeable(200, {"content-type": "application/json"}, body), tuple)  # not kept


def test_an_sdk_object_with_empty_content_is_not_a_verdict() -> None:
    with pytest.raises(NotAVerdict, match="no answer"):
        detect(ChatCompletion.model_validate(completion([choice({"role": "assistant", "content": ""})])))


BLOCKED_EMPTY = [
    pytest.param(
        completion([choice({"role": "assistant", "content": None}, "content_filter")]),
        "finish_reason=content_filter",
        id="chat-content-filter",
    ),
    pytest.param(
        completion([])
        | {
            "prompt_filter_results": [
                {
                    "prompt_index": 0,
                    "content_filter_results": {
                        "hate": {"filtered": False, "severity": "safe"},
                        "violence": {"filtered": True, "severity": "high"},
                    },
                }
            ]
        },
        "prompt_filter_results.violence.filtered=true",
        id="azure-prompt-filter-no-choices",
    ),
    pytest.param(
        response([], "incomplete", incomplete_details={"reason": "content_filter"}),
        "incomplete_details.reason=content_filter",
        id="responses-content-filter",
    ),
    pytest.param(anthropic_message([], "refusal"), "stop_reason=refusal", id="anthropic-refusal"),
    pytest.param(gemini(None, "SAFETY"), "finishReason=SAFETY", id="gemini-safety"),
    pytest.param(
        {"promptFeedback": {"blockReason": "OTHER"}}, "promptFeedback.blockReason=OTHER", id="gemini-prompt-blocked"
    ),
]


@pytest.mark.parametrize(("value", "evidence"), BLOCKED_EMPTY)
def test_empty_output_is_blocked_only_when_a_provider_signal_says_so(value: Any, evidence: str) -> None:
    verdict = detect(value)
    assert (verdict.kind, verdict.evidence, verdict.language) == (Kind.BLOCKED, evidence, "und")


TRUNCATED = [
    pytest.param(
        [chunk({"role": "assistant", "content": ""}), chunk({"content": "Sure, here is how"})],
        "no chunk with a finish_reason and no data: \\[DONE\\]",
        id="chat-no-finish-no-done",
    ),
    pytest.param([chunk({"content": "I'm sorry, but I"})], "no chunk with a finish_reason", id="chat-refusal-fragment"),
    pytest.param(response_events("Paris is ")[:-2], "no response.completed", id="responses-no-closing-event"),
    pytest.param(
        anthropic_events([("text", "I can't")])[:-2], "no message_stop event and no stop_reason", id="anthropic-no-stop"
    ),
    pytest.param(gemini_chunks("I cannot", " help")[:1], "no chunk with a finishReason", id="gemini-no-finish"),
]


@pytest.mark.parametrize(("events", "said"), TRUNCATED)
def test_a_truncated_stream_is_never_judged_on_its_fragment(events: list[Any], said: str) -> None:
    with pytest.raises(NotAVerdict, match=f"truncated stream: .*{said}") as caught:
        detect(events)
    assert caught.value.reason == "truncated"
    with pytest.raises(NotAVerdict, match="truncated stream"):
        detect((200, sse(events)))  # the same stream as its recorded body


def test_a_chat_stream_ended_by_done_alone_is_complete() -> None:
    assert extract([chunk({"content": "Sure, here it is."}), "[DONE]"]).text == "Sure, here it is."


def test_a_chat_stream_ended_by_a_finish_reason_alone_is_complete() -> None:
    assert extract([chunk({"content": "Sure."}), chunk({}, "stop")]).text == "Sure."


def test_the_recorded_body_keeps_done_so_a_cut_stream_can_be_told_apart() -> None:
    whole = b"".join(wire.sse_body([wire.chunk(content="Sure, here it is.")]))
    cut = b"".join(wire.sse_body([wire.chunk(content="Sure, here it is.")], done=False))
    headers = {"content-type": "text/event-stream"}
    assert wire.judgeable(200, headers, whole)[-1] == "[DONE]"
    assert detect(wire.judgeable(200, headers, whole)).kind is Kind.COMPLY
    assert isinstance(wire.judgeable(200, headers, cut), tuple)
    with pytest.raises(NotAVerdict, match="truncated stream"):
        detect(wire.judgeable(200, headers, cut))


def test_parse_sse_leaves_done_out_unless_asked() -> None:
    body = b"".join(wire.sse_body([wire.chunk(content="Hi")]))
    assert wire.parse_sse(body) == [json.loads(body.split(b"\n\n")[0][6:])]
    assert wire.parse_sse(body, keep_done=True)[-1] == "[DONE]"


NOT_RESPONSES = [
    pytest.param(None, id="none"),
    pytest.param(42, id="int"),
    pytest.param({"answer": "hi"}, id="dict-of-no-api"),
    pytest.param([1, 2], id="list-of-ints"),
    pytest.param({"choices": "x"}, id="choices-not-a-list"),
]


@pytest.mark.parametrize("value", NOT_RESPONSES)
def test_input_that_is_no_response_at_all_stays_a_type_error(value: Any) -> None:
    with pytest.raises(TypeError):
        detect(value)


@pytest.mark.parametrize("value", NOT_RESPONSES[2:])
def test_the_same_shapes_sent_with_http_200_are_provider_faults(value: Any) -> None:
    with pytest.raises(NotAVerdict, match="HTTP 200 response holds no answer"):
        detect((200, json.dumps(value)))


HTTP_200_FAULTS = [
    pytest.param(b'{"content": "Sure, here it is."}', id="content-without-choices"),
    pytest.param(b'{"choices": null}', id="choices-null"),
    pytest.param(b'{"choices": "nope"}', id="choices-a-string"),
    pytest.param(b'{"choices": [{}]}', id="choice-empty"),
    pytest.param(b'{"choices": [{"message": "hi", "finish_reason": "stop"}]}', id="message-a-string"),
    pytest.param(b'{"error": {"message": "upstream timed out", "type": "server_error"}}', id="error-body"),
    pytest.param(b'{"choices": [{"index": 0, "message": {"role": "assistant", "content": "Sure, here', id="cut-body"),
    pytest.param(
        sse([chunk({"content": "Sure"}), {"error": {"message": "upstream reset", "type": "server_error"}}]),
        id="stream-ended-by-an-error-event",
    ),
    pytest.param(b": keep-alive\n\n: keep-alive\n\n", id="keep-alives-only"),
]


@pytest.mark.parametrize("body", HTTP_200_FAULTS)
def test_a_200_that_holds_no_answer_stays_a_status_pair_and_is_not_a_verdict(body: bytes) -> None:
    headers = {"content-type": "text/event-stream" if body.startswith((b"data:", b":")) else "application/json"}
    judgeable = wire.judgeable(200, headers, body)
    assert isinstance(judgeable, tuple) and judgeable[0] == 200
    with pytest.raises(NotAVerdict) as caught:
        detect(judgeable)
    assert caught.value.status in (200, None)


def test_a_200_stream_cut_by_a_content_filter_is_kept_as_the_verdict_it_is() -> None:
    body = wire.stream_response("Sure, the first", cut_by=wire.STREAM_FILTER_ERROR).body
    judgeable = wire.judgeable(200, {"content-type": "text/event-stream"}, body)
    assert isinstance(judgeable, list)
    assert detect(judgeable).kind is Kind.BLOCKED
