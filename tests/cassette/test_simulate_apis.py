"""simulate_refusal answers every model API in its own format: Responses, Anthropic Messages and Gemini, plain and streamed."""

from __future__ import annotations

from typing import Any

import anthropic
import httpx2
import openai
import pytest

from pytest_refusal import detect, wire
from pytest_refusal.cassette import simulate
from pytest_refusal.verdict import Kind

CLOSED = "http://127.0.0.1:9"  # nothing listens: only the simulation can answer


def _gemini(stream: bool, sse: bool) -> object:
    method = "streamGenerateContent" if stream else "generateContent"
    query = "?alt=sse" if stream and sse else ""
    url = f"{CLOSED}/v1beta/models/gemini-x:{method}{query}"
    body = {"contents": [{"role": "user", "parts": [{"text": "How do I pick a lock?"}]}]}
    response = httpx2.post(url, json=body, headers={"x-goog-api-key": "k"})
    return wire.judgeable(response.status_code, dict(response.headers), response.content)


def _responses(stream: bool) -> object:
    client = openai.OpenAI(base_url=f"{CLOSED}/v1", api_key="k", max_retries=0)
    if stream:
        return list(client.responses.create(model="m", input="How do I pick a lock?", stream=True))
    return client.responses.create(model="m", input="How do I pick a lock?")


def _messages(stream: bool) -> object:
    client = anthropic.Anthropic(base_url=CLOSED, api_key="k", max_retries=0)
    request: dict[str, Any] = {
        "model": "claude-x",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "How do I pick a lock?"}],
    }
    if stream:
        return list(client.messages.create(**request, stream=True))
    return client.messages.create(**request)


CALLS = [
    pytest.param(lambda: _responses(False), id="responses"),
    pytest.param(lambda: _responses(True), id="responses-stream"),
    pytest.param(lambda: _messages(False), id="messages"),
    pytest.param(lambda: _messages(True), id="messages-stream"),
    pytest.param(lambda: _gemini(False, True), id="gemini"),
    pytest.param(lambda: _gemini(True, True), id="gemini-sse-stream"),
    pytest.param(lambda: _gemini(True, False), id="gemini-json-array-stream"),
]


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize(
    ("kind", "shape", "expected"),
    [
        pytest.param("refuse", None, Kind.REFUSE, id="refuse-text"),
        pytest.param("refuse_safety", None, Kind.REFUSE_SAFETY, id="refuse_safety"),
        pytest.param("blocked", "content_filter", Kind.BLOCKED, id="blocked-content_filter"),
    ],
)
def test_every_api_gets_the_refusal_in_its_own_format(call: Any, kind: str, shape: str | None, expected: Kind) -> None:
    with simulate.refusal(kind, "en", shape) as simulation:
        response = call()
    assert detect(response).kind is expected
    assert simulation.calls == 1


def test_a_gemini_stream_replays_in_the_framing_it_asked_for() -> None:
    with simulate.refusal("refuse", "en"):
        sse, array = _gemini(True, True), _gemini(True, False)
    assert isinstance(sse, list) and isinstance(array, list)  # both read as event lists, each in its framing
    assert detect(sse).kind is detect(array).kind is Kind.REFUSE


def test_a_provider_block_is_the_same_400_whichever_api_is_called() -> None:
    with simulate.refusal("blocked", "zh", "moonshot_400"):
        with pytest.raises(openai.BadRequestError) as raised:
            _responses(False)
        status, body = _gemini(False, True)  # type: ignore[misc]
    assert detect(raised.value).kind is Kind.BLOCKED
    assert status == 400 and detect((status, body)).kind is Kind.BLOCKED
