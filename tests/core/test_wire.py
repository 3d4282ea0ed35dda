"""Every refusal shape, in every language it exists in, is what a real provider sends and is judged as it should be."""

from __future__ import annotations

import re

import pytest

from pytest_refusal import detect, wire
from pytest_refusal.verdict import Kind

CASES = [
    pytest.param(kind, language, shape, stream, id=f"{kind}-{shape.value}-{language}-{'sse' if stream else 'json'}")
    for kind in wire.SIMULATED_KINDS
    for shape in wire.shapes_for(kind)
    for language in (wire.LANGUAGES if not shape.is_block else ("en",))
    if kind != "redirect" or language in ("en", "zh", "ru", "es", "fr")
    if kind != "refuse_safety" or language in wire.LANGUAGES
    for stream in (False, True)
]


@pytest.mark.parametrize(("kind", "language", "shape", "stream"), CASES)
def test_each_refusal_shape_is_judged_as_its_kind(kind: str, language: str, shape: wire.Shape, stream: bool) -> None:
    response = wire.refusal_response(kind, language, shape, stream=stream)
    verdict = detect(wire.judgeable(response.status, dict(response.headers), response.body))
    assert verdict.kind is Kind(kind)


@pytest.mark.parametrize("language", wire.LANGUAGES)
def test_the_canned_answer_is_judged_compliant_in_every_language(language: str) -> None:
    assert detect(wire.refusal_text("comply", language)).kind is Kind.COMPLY


def test_provider_blocks_are_400_errors_whatever_the_client_asked_for() -> None:
    for shape in (wire.Shape.MOONSHOT_400, wire.Shape.DEEPSEEK_400, wire.Shape.DASHSCOPE_400, wire.Shape.AZURE_400):
        for stream in (False, True):
            response = wire.refusal_response("blocked", shape=shape, stream=stream)
            assert response.status == 400
            assert "error" in response.json()


def test_a_streamed_refusal_joins_back_into_the_exact_text() -> None:
    text = wire.refusal_text("refuse", "zh")
    events = wire.parse_sse(wire.stream_response(text).body)
    assert wire.assistant_text(events) == text
    assert events[-1]["choices"][0]["finish_reason"] == "stop"


def test_a_filtered_stream_ends_with_an_error_event_and_no_done_marker() -> None:
    response = wire.refusal_response("blocked", shape="stream_filter", stream=True)
    assert b"[DONE]" not in response.body
    assert wire.parse_sse(response.body)[-1] == wire.STREAM_FILTER_ERROR


def test_message_refusal_leaves_content_empty_and_sets_the_refusal_field() -> None:
    message = wire.refusal_response("refuse", shape="message_refusal").json()["choices"][0]["message"]
    assert message["content"] is None
    assert message["refusal"] == wire.refusal_text("refuse", "en")


@pytest.mark.parametrize(
    ("kind", "language", "shape", "complaint"),
    [
        pytest.param("comply", "en", None, "valid kinds: refuse, refuse_safety, redirect, blocked", id="kind"),
        pytest.param(
            "refuse", "en", "moonshot_400", "shapes for refuse: text, message_refusal, stream", id="shape-for-kind"
        ),
        pytest.param("refuse", "en", "smoke_signal", "valid shapes: text, message_refusal", id="unknown-shape"),
        pytest.param("refuse", "tlh", None, "available: en, zh", id="language"),
    ],
)
def test_an_impossible_refusal_is_refused_with_the_valid_choices(
    kind: str, language: str, shape: str | None, complaint: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(complaint)):
        wire.refusal_response(kind, language, shape)


def test_judgeable_turns_errors_streams_and_completions_into_detector_input() -> None:
    assert wire.judgeable(429, {}, b'{"error": {"message": "slow down"}}') == (429, {"error": {"message": "slow down"}})
    stream = wire.sse_body([wire.chunk(content="Hi"), wire.chunk(finish_reason="stop")])
    assert wire.judgeable(200, {"Content-Type": "text/event-stream"}, b"".join(stream)) == [
        *wire.parse_sse(b"".join(stream)),
        "[DONE]",
    ]
    assert wire.judgeable(200, {}, b'{"choices": []}') == (200, {"choices": []})  # no answer, no signal: a fault
    assert wire.judgeable(200, {}, b"plain words") == (200, "plain words")  # no answer: not judged as prose
