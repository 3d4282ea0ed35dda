"""The chat service's fallback, tested against every refusal shape a provider can send.

`simulate_refusal` (a pytest-refusal fixture) answers each chat call over real HTTP with a
refusal in the chosen shape and language, so the service's own client code runs unchanged.
Provider faults come from the scripted server in `pytest_refusal.testing`.
"""

from __future__ import annotations

import openai
import pytest
from chat_service import DECLINED, SAFETY, UNAVAILABLE, ChatService, Option, RefusalEvent

from pytest_refusal.testing import ScriptedServer, answer, fault
from pytest_refusal.wire import SIMULATED_KINDS, shapes_for

LANGUAGES = ["en", "zh", "es", "ja"]
STREAMED_SHAPES = {"stream", "stream_filter"}
RAW_PROVIDER_WORDS = ["content_filter", "high risk", "Content Exists Risk", "data_inspection_failed", "Error code"]
EVERY_SHAPE = [
    pytest.param(kind, shape.value, language, id=f"{kind}-{shape.value}-{language}")
    for kind in SIMULATED_KINDS
    for shape in shapes_for(kind)
    for language in LANGUAGES
]


@pytest.fixture
def events() -> list[RefusalEvent]:
    return []


@pytest.fixture
def service(events: list[RefusalEvent]) -> ChatService:
    # Port 9 (discard) on loopback: any call the simulation does not answer fails loudly.
    client = openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key="test-key", max_retries=0)
    return ChatService(client, model="kimi-k2", alternate_model="gpt-4.1-mini", analytics=events.append)


@pytest.mark.parametrize(("kind", "shape", "language"), EVERY_SHAPE)
def test_a_refusal_in_any_shape_becomes_a_clear_message_with_a_way_forward(
    service: ChatService, events: list[RefusalEvent], simulate_refusal, kind: str, shape: str, language: str
) -> None:
    simulation = simulate_refusal(kind, language=language, shape=shape)

    reply = service.ask("a question the model declines", language=language, stream=shape in STREAMED_SHAPES)

    assert simulation.exchanges, "the service made no chat call"
    assert reply.text.strip(), "silence is the worst answer"
    assert DECLINED[language] in reply.text
    assert not any(word in reply.text for word in RAW_PROVIDER_WORDS)
    assert reply.answered is False
    assert reply.options == (Option.REPHRASE, Option.OTHER_MODEL, Option.HUMAN)
    assert [(e.model, e.language) for e in events] == [("kimi-k2", language)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refusal_with_crisis_routing_keeps_the_safety_message(
    service: ChatService, simulate_refusal, language: str
) -> None:
    simulate_refusal("refuse_safety", language=language)

    reply = service.ask("a message about self-harm", language=language)

    assert reply.kind == "refuse_safety"
    assert reply.text.startswith(SAFETY[language])


def test_the_service_never_switches_models_on_its_own(service: ChatService, simulate_refusal) -> None:
    simulation = simulate_refusal("refuse", language="en")

    reply = service.ask("a question the model declines")

    assert reply.model == "kimi-k2"
    assert reply.notice == ""
    assert [exchange.request_json["model"] for exchange in simulation.exchanges] == ["kimi-k2"]


def test_another_model_answers_only_when_asked_and_the_reply_says_so(events: list[RefusalEvent]) -> None:
    with ScriptedServer(default=answer("Tiananmen Square is a large public square in Beijing.")) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="test-key", max_retries=0)
        service = ChatService(client, model="kimi-k2", alternate_model="gpt-4.1-mini", analytics=events.append)

        reply = service.ask_other_model("What happened in Tiananmen Square?")

        assert reply.answered
        assert reply.model == "gpt-4.1-mini"
        assert "gpt-4.1-mini" in reply.notice and "kimi-k2" in reply.notice
        assert [r.model for r in server.chat_requests] == ["gpt-4.1-mini"]


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_provider_fault_is_not_a_refusal_and_never_reaches_the_user_raw(
    status: int, events: list[RefusalEvent]
) -> None:
    with ScriptedServer(default=fault(status)) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="test-key", max_retries=0)
        service = ChatService(client, model="kimi-k2", analytics=events.append)

        reply = service.ask("hello", language="zh")

    assert reply.text == UNAVAILABLE["zh"]
    assert reply.kind == "unavailable"
    assert events == [], "a fault is not a refusal: analytics must not count it"


def test_an_answer_passes_through_untouched(events: list[RefusalEvent]) -> None:
    with ScriptedServer(default=answer("Paris is the capital of France.")) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="test-key", max_retries=0)
        reply = ChatService(client, model="kimi-k2", analytics=events.append).ask("Capital of France?")

    assert reply.text == "Paris is the capital of France."
    assert reply.answered and events == []
