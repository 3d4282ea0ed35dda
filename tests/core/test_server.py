"""The scripted server users can import: replies in order, streaming, errors, latency, cookies, echoes, resets."""

from __future__ import annotations

import time

import httpx2
import openai
import pytest

from pytest_refusal import wire
from pytest_refusal.testing import ScriptedServer, answer, fault, refusal, reset


def chat(server: ScriptedServer, **body: object) -> httpx2.Response:
    payload = {"model": "m", "messages": [{"role": "user", "content": "hi"}], **body}
    return httpx2.post(f"{server.base_url}/chat/completions", json=payload, headers={"Authorization": "Bearer t"})


def test_queued_replies_answer_in_order_then_the_default(server: ScriptedServer) -> None:
    server.enqueue(refusal("refuse", "de"), fault(500))
    assert chat(server).json()["choices"][0]["message"]["content"] == wire.refusal_text("refuse", "de")
    assert chat(server).status_code == 500
    assert chat(server).json()["choices"][0]["message"]["content"] == wire.refusal_text("comply", "en")
    assert len(server.chat_requests) == 3


def test_a_streaming_request_gets_server_sent_events_in_pieces(server: ScriptedServer) -> None:
    server.enqueue(refusal("refuse_safety", "fr"))
    with httpx2.stream(
        "POST", f"{server.base_url}/chat/completions", json={"model": "m", "messages": [], "stream": True}
    ) as r:
        assert r.headers["content-type"] == "text/event-stream"
        assert r.headers["transfer-encoding"] == "chunked"
        body = r.read()
    assert wire.assistant_text(wire.parse_sse(body)) == wire.refusal_text("refuse_safety", "fr")


def test_latency_set_cookie_extra_headers_and_gzip(server: ScriptedServer) -> None:
    server.enqueue(answer("slow").but(delay=0.2, set_cookie="sid=1", gzip=True, headers=(("x-request-id", "r1"),)))
    started = time.monotonic()
    response = chat(server)
    assert time.monotonic() - started >= 0.2
    assert (response.headers["set-cookie"], response.headers["x-request-id"]) == ("sid=1", "r1")
    assert response.headers["content-encoding"] == "gzip"
    assert response.json()["choices"][0]["message"]["content"] == "slow"  # httpx decodes it


def test_echoed_request_headers_come_back_as_x_echo(server: ScriptedServer) -> None:
    server.enqueue(answer().but(echo_headers=True))
    assert chat(server).headers["x-echo-authorization"] == "Bearer t"


def test_a_reset_drops_the_connection(server: ScriptedServer) -> None:
    server.enqueue(reset())
    with pytest.raises(httpx2.TransportError):
        chat(server)


def test_requests_are_kept_with_their_query_string(server: ScriptedServer) -> None:
    httpx2.post(f"{server.base_url}/chat/completions?api-version=2024-10-21", json={"model": "x", "stream": True})
    [received] = server.received
    assert (received.path, received.target, received.model, received.stream) == (
        "/v1/chat/completions",
        "/v1/chat/completions?api-version=2024-10-21",
        "x",
        True,
    )


def test_unknown_routes_are_404_and_models_are_listed(server: ScriptedServer) -> None:
    assert httpx2.get(f"{server.base_url}/embeddings").status_code == 404
    assert [m.id for m in openai.OpenAI(base_url=server.base_url, api_key="k").models.list()] == ["scripted"]


def test_the_openai_sdk_honours_retry_after_from_the_server(server: ScriptedServer) -> None:
    server.enqueue(fault(429, retry_after=0.3), answer("after the wait"))
    client = openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=1)
    started = time.monotonic()
    reply = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert time.monotonic() - started >= 0.3
    assert reply.choices[0].message.content == "after the wait"


def test_a_bad_refusal_is_rejected_when_scripted_not_when_served() -> None:
    with pytest.raises(ValueError, match="valid kinds"):
        refusal("grumble")


def test_the_server_must_be_started_before_its_url_is_read() -> None:
    with pytest.raises(RuntimeError, match="not running"):
        _ = ScriptedServer().base_url
