"""The scripted server answers each model API in its own format, read back by the real SDKs over HTTP."""

from __future__ import annotations

import json

import anthropic
import httpx2
import openai
import pytest

from pytest_refusal import apiwire, wire
from pytest_refusal.testing import ScriptedServer, answer, refusal

REFUSE_EN = wire.refusal_text("refuse", "en")
GEMINI_BODY = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}


def responses_client(server: ScriptedServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0)


def claude(server: ScriptedServer) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=server.root_url, api_key="k", max_retries=0)


def gemini(server: ScriptedServer, method: str = "generateContent", query: str = "") -> httpx2.Response:
    url = f"{server.base_url}/models/gemini-2.0-flash:{method}{query}"
    return httpx2.post(url, json=GEMINI_BODY, headers={"x-goog-api-key": "k"})


@pytest.mark.parametrize(
    ("reply", "status", "text", "refusal_part", "reason"),
    [
        pytest.param(refusal("refuse"), "completed", REFUSE_EN, None, None, id="text"),
        pytest.param(refusal("refuse", shape="message_refusal"), "completed", "", REFUSE_EN, None, id="refusal-part"),
        pytest.param(
            refusal("blocked", shape="content_filter"), "incomplete", "", None, "content_filter", id="content-filter"
        ),
        pytest.param(answer(language="zh"), "completed", wire.refusal_text("comply", "zh"), None, None, id="answer"),
    ],
)
def test_responses_calls_get_response_objects(
    server: ScriptedServer, reply: object, status: str, text: str, refusal_part: str | None, reason: str | None
) -> None:
    server.enqueue(reply)  # type: ignore[arg-type]
    response = responses_client(server).responses.create(model="gpt-x", input="hi")
    assert (response.status, response.output_text, response.model) == (status, text, "gpt-x")
    parts = [p for item in response.output for p in getattr(item, "content", [])]
    assert [p.refusal for p in parts if p.type == "refusal"] == ([refusal_part] if refusal_part else [])
    assert (response.incomplete_details.reason if response.incomplete_details else None) == reason


def test_a_streamed_responses_call_gets_the_events_the_sdk_assembles(server: ScriptedServer) -> None:
    server.enqueue(refusal("refuse", "ja"), refusal("refuse", shape="message_refusal"))
    with responses_client(server).responses.stream(model="gpt-x", input="hi") as stream:
        final = stream.get_final_response()
    assert final.output_text == wire.refusal_text("refuse", "ja")
    events = list(responses_client(server).responses.create(model="gpt-x", input="hi", stream=True))
    assert [e.type for e in events][-1] == "response.completed"
    assert "".join(e.delta for e in events if e.type == "response.refusal.delta") == REFUSE_EN


def test_a_filter_cuts_a_responses_stream_with_an_error_event(server: ScriptedServer) -> None:
    server.enqueue(refusal("blocked", shape="stream_filter"))
    events = list(responses_client(server).responses.create(model="gpt-x", input="hi", stream=True))
    assert events[-1].type == "error" and events[-1].code == "content_filter"
    assert not any(e.type == "response.completed" for e in events)


@pytest.mark.parametrize(
    ("reply", "text", "stop_reason"),
    [
        pytest.param(refusal("refuse_safety", "de"), wire.refusal_text("refuse_safety", "de"), "end_turn", id="text"),
        pytest.param(refusal("blocked", shape="content_filter"), "", "refusal", id="stop-reason-refusal"),
        pytest.param(answer("ok"), "ok", "end_turn", id="answer"),
    ],
)
def test_anthropic_messages_calls_get_native_messages(
    server: ScriptedServer, reply: object, text: str, stop_reason: str
) -> None:
    server.enqueue(reply)  # type: ignore[arg-type]
    message = claude(server).messages.create(
        model="claude-x", max_tokens=64, messages=[{"role": "user", "content": "hi"}]
    )
    assert "".join(b.text for b in message.content if b.type == "text") == text
    assert (message.stop_reason, message.model) == (stop_reason, "claude-x")
    assert server.model_requests[-1].path == "/v1/messages"


def test_a_streamed_anthropic_message_is_assembled_by_the_sdk(server: ScriptedServer) -> None:
    server.enqueue(refusal("refuse", "ru"), refusal("blocked", shape="stream_filter"))
    with claude(server).messages.stream(model="c", max_tokens=64, messages=[{"role": "user", "content": "hi"}]) as s:
        assert s.get_final_text() == wire.refusal_text("refuse", "ru")
    with claude(server).messages.stream(model="c", max_tokens=64, messages=[{"role": "user", "content": "hi"}]) as s:
        final = s.get_final_message()
    assert final.stop_reason == "refusal" and final.content[0].text == wire.refusal_text("comply", "en")[:12]


def test_anthropic_native_errors_reach_the_sdk_as_its_own_errors(server: ScriptedServer) -> None:
    from pytest_refusal.testing import Reply

    server.enqueue(Reply(lambda r: apiwire.messages_error(529, "overloaded_error", "Overloaded")))
    with pytest.raises(anthropic.APIStatusError) as raised:
        claude(server).messages.create(model="c", max_tokens=8, messages=[{"role": "user", "content": "hi"}])
    assert raised.value.status_code == 529 and raised.value.body["error"]["type"] == "overloaded_error"  # type: ignore[index]


@pytest.mark.parametrize(
    ("reply", "text", "finish"),
    [
        pytest.param(refusal("redirect", "es"), wire.refusal_text("redirect", "es"), "STOP", id="text"),
        pytest.param(refusal("blocked", shape="content_filter"), "", "SAFETY", id="finish-safety"),
    ],
)
def test_gemini_calls_get_generate_content_responses(
    server: ScriptedServer, reply: object, text: str, finish: str
) -> None:
    server.enqueue(reply)  # type: ignore[arg-type]
    candidate = gemini(server).json()["candidates"][0]
    assert "".join(p["text"] for p in candidate["content"]["parts"]) == text
    assert candidate["finishReason"] == finish
    assert server.model_requests[-1].model == "gemini-2.0-flash"


def test_a_gemini_stream_is_sse_with_alt_sse_and_a_json_array_without(server: ScriptedServer) -> None:
    server.enqueue(refusal("refuse", "fr"), refusal("refuse", "fr"))
    sse = gemini(server, "streamGenerateContent", "?alt=sse")
    assert sse.headers["content-type"] == wire.SSE
    chunks = [json.loads(line[5:]) for line in sse.text.splitlines() if line.startswith("data:")]
    array = gemini(server, "streamGenerateContent").json()
    for answer_chunks in (chunks, array):
        assert "".join(p["text"] for c in answer_chunks for p in c["candidates"][0]["content"]["parts"]) == (
            wire.refusal_text("refuse", "fr")
        )
        assert answer_chunks[-1]["candidates"][0]["finishReason"] == "STOP"


def test_a_prompt_blocked_by_gemini_has_no_candidates() -> None:
    blocked = apiwire.gemini_response("", block_reason="SAFETY").json()
    assert "candidates" not in blocked and blocked["promptFeedback"]["blockReason"] == "SAFETY"


def test_other_paths_are_not_model_calls_and_get_a_404(server: ScriptedServer) -> None:
    assert httpx2.post(f"{server.base_url}/embeddings", json={"input": "x"}).status_code == 404
    assert httpx2.post(f"{server.base_url}/messages/count_tokens", json={}).status_code == 404
    assert server.model_requests == []
