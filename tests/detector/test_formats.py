"""Every wire format judged: OpenAI Responses, Anthropic Messages and Gemini, whole and streamed, as the APIs send them."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types.responses import Response
from wire_shapes import (
    FUNCTION_CALL,
    SAFETY_RATINGS,
    anthropic_events,
    anthropic_message,
    gemini,
    gemini_chunks,
    message_item,
    output_text,
    reasoning_item,
    refusal_part,
    response,
    response_events,
    sse,
)

from pytest_refusal import Kind, NotAVerdict, detect
from pytest_refusal.detector.signals import extract
from pytest_refusal.detector.text import classify_text

REFUSAL = "I'm sorry, but I can't help with that."
ANSWER = "Paris is the capital of France."

# --- OpenAI Responses ---------------------------------------------------------------------------

RESPONSES_SIGNALS = [
    pytest.param(
        response([message_item(refusal_part(REFUSAL))]),
        Kind.REFUSE,
        "refusal content part",
        id="refusal-content-part",
    ),
    pytest.param(
        response([message_item(refusal_part("抱歉，我无法协助处理这个请求。"))]),
        Kind.REFUSE,
        "refusal content part",
        id="refusal-content-part-zh",
    ),
    pytest.param(
        response([], "incomplete", incomplete_details={"reason": "content_filter"}),
        Kind.BLOCKED,
        "incomplete_details.reason=content_filter",
        id="incomplete-content-filter-no-output",
    ),
    pytest.param(
        response(
            [message_item(output_text("Here is how the first step"))],
            "incomplete",
            incomplete_details={"reason": "content_filter"},
        ),
        Kind.BLOCKED,
        "incomplete_details.reason=content_filter",
        id="incomplete-content-filter-after-text",
    ),
    pytest.param(
        response([reasoning_item("Looking up the weather."), FUNCTION_CALL]),
        Kind.COMPLY,
        "function_call",
        id="function-call-item",
    ),
    pytest.param(
        response(
            [
                {
                    "type": "web_search_call",
                    "id": "ws_1",
                    "status": "completed",
                    "action": {"type": "search", "query": "weather"},
                }
            ]
        ),
        Kind.COMPLY,
        "web_search_call",
        id="web-search-call-item",
    ),
    pytest.param(
        response(
            [],
            "failed",
            error={
                "code": "image_content_policy_violation",
                "message": "The image was rejected by our content policy.",
            },
        ),
        Kind.BLOCKED,
        "status=failed error.code=image_content_policy_violation",
        id="failed-content-policy",
    ),
]


@pytest.mark.parametrize(("body", "kind", "evidence"), RESPONSES_SIGNALS)
def test_a_responses_signal_decides(body: dict[str, Any], kind: Kind, evidence: str) -> None:
    verdict = detect(body)
    assert (verdict.kind, verdict.evidence) == (kind, evidence)


@pytest.mark.parametrize(("body", "kind", "evidence"), RESPONSES_SIGNALS)
def test_an_openai_response_object_reads_like_its_dict(body: dict[str, Any], kind: Kind, evidence: str) -> None:
    assert detect(Response.model_validate(body)) == detect(body)


def test_a_refusal_part_gives_the_language_of_the_refusal() -> None:
    assert detect(response([message_item(refusal_part("抱歉，我无法回答这个问题。"))])).language == "zh"


RESPONSES_TEXTS = [
    pytest.param(response([message_item(output_text(ANSWER))]), ANSWER, "", id="output-text"),
    pytest.param(
        response([message_item(output_text("Paris is "), output_text("the capital of France."))]),
        ANSWER,
        "",
        id="several-text-parts",
    ),
    pytest.param(
        response([reasoning_item("The user asks for a capital."), message_item(output_text(ANSWER))]),
        ANSWER,
        "The user asks for a capital.",
        id="reasoning-item-never-judged",
    ),
    pytest.param(
        response([message_item(output_text(REFUSAL))]),
        REFUSAL,
        "",
        id="refusal-in-plain-text",
    ),
    pytest.param(
        {"id": "resp_1", "object": "response", "status": "completed", "output": [], "output_text": ANSWER},
        ANSWER,
        "",
        id="output-text-convenience-field",
    ),
    pytest.param(
        response(
            [message_item(output_text("A long answer cut"))],
            "incomplete",
            incomplete_details={"reason": "max_output_tokens"},
        ),
        "A long answer cut",
        "",
        id="max-output-tokens-with-text",
    ),
]


@pytest.mark.parametrize(("body", "text", "reasoning"), RESPONSES_TEXTS)
def test_a_responses_answer_is_judged_by_its_text(body: dict[str, Any], text: str, reasoning: str) -> None:
    extracted = extract(body)
    assert (extracted.text, extracted.verdict, extracted.reasoning) == (text, None, reasoning)
    assert detect(body) == classify_text(text)


def test_the_sdk_object_carries_its_output_text_property_through() -> None:
    body = response([message_item(output_text(ANSWER))])
    assert Response.model_validate(body).output_text == extract(Response.model_validate(body)).text


RESPONSES_NOT_VERDICTS = [
    pytest.param(
        response(
            [reasoning_item("Let me think about")], "incomplete", incomplete_details={"reason": "max_output_tokens"}
        ),
        "token_limit",
        "Raise max_output_tokens",
        id="max-output-tokens-no-text",
    ),
    pytest.param(
        response([], "failed", error={"code": "server_error", "message": "The server had an error."}),
        "error",
        "status=failed error from the provider \\(The server had an error\\.\\)",
        id="failed-server-error",
    ),
    pytest.param(
        response([], "failed", error={"code": "rate_limit_exceeded", "message": "Rate limit reached."}),
        "error",
        "busy or rate limited",
        id="failed-rate-limit",
    ),
    pytest.param(response([], "in_progress"), "truncated", "not finished", id="background-in-progress"),
    pytest.param(response([], "queued"), "truncated", "not finished", id="background-queued"),
    pytest.param(response([message_item(output_text(""))]), "empty", "no answer", id="empty-output-text"),
    pytest.param(response([]), "empty", "no answer", id="no-output-items"),
]


@pytest.mark.parametrize(("body", "reason", "said"), RESPONSES_NOT_VERDICTS)
def test_a_responses_fault_is_not_a_verdict(body: dict[str, Any], reason: str, said: str) -> None:
    with pytest.raises(NotAVerdict, match=said) as caught:
        detect(body)
    assert caught.value.reason == reason


def test_an_invalid_prompt_flag_of_a_reasoning_model_is_blocked() -> None:
    body = {
        "error": {
            "message": "Invalid prompt: your prompt was flagged as potentially violating our usage policy. "
            "Please try again with a different prompt: https://platform.openai.com/docs/guides/reasoning",
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_prompt",
        }
    }
    assert detect((400, body)).kind is Kind.BLOCKED


RESPONSES_STREAMS = [
    pytest.param(response_events("Paris is ", "the capital", " of France."), None, ANSWER, id="completed"),
    pytest.param(
        response_events(
            "I'm sorry, but ",
            "I can't help with that.",
            kind="refusal",
            final=response([message_item(refusal_part(REFUSAL))]),
        ),
        Kind.REFUSE,
        REFUSAL,
        id="refusal-deltas",
    ),
    pytest.param(
        response_events(
            "Here is how",
            closing="response.incomplete",
            final=response(
                [message_item(output_text("Here is how"))],
                "incomplete",
                incomplete_details={"reason": "content_filter"},
            ),
        ),
        Kind.BLOCKED,
        "Here is how",
        id="incomplete-content-filter",
    ),
    pytest.param(
        response_events("Paris is ", "the capital of France.", final=response([], "completed")),
        None,
        ANSWER,
        id="final-response-without-output-uses-deltas",
    ),
    pytest.param(
        [
            {"type": "response.created", "sequence_number": 0, "response": response([], "in_progress")},
            {
                "type": "response.output_item.added",
                "sequence_number": 1,
                "output_index": 0,
                "item": FUNCTION_CALL | {"status": "in_progress", "arguments": ""},
            },
            {
                "type": "response.function_call_arguments.delta",
                "sequence_number": 2,
                "item_id": "fc_12345xyz",
                "output_index": 0,
                "delta": '{"location":"Paris"}',
            },
            {"type": "response.completed", "sequence_number": 3, "response": response([FUNCTION_CALL])},
        ],
        Kind.COMPLY,
        "",
        id="function-call",
    ),
]


@pytest.mark.parametrize(("events", "kind", "text"), RESPONSES_STREAMS)
def test_a_responses_stream_is_judged_from_its_final_response(
    events: list[dict[str, Any]], kind: Kind | None, text: str
) -> None:
    extracted = extract(events)
    assert extracted.text == text
    assert (extracted.verdict.kind if extracted.verdict else None) is kind


def test_the_closing_event_is_preferred_over_the_deltas() -> None:
    events = response_events("draft that was replaced", final=response([message_item(output_text(ANSWER))]))
    assert extract(events).text == ANSWER


def test_a_responses_stream_read_from_its_sse_body_is_judged() -> None:
    body = sse(response_events("Paris is ", "the capital of France."))
    assert extract((200, body)).text == ANSWER


RESPONSES_STREAM_FAULTS = [
    pytest.param(
        response_events("Sure, here")[:5]
        + [
            {
                "type": "error",
                "code": "server_error",
                "message": "The server had an error",
                "param": None,
                "sequence_number": 6,
            }
        ],
        "error",
        "stream error from the provider",
        id="error-event",
    ),
    pytest.param(
        response_events(
            "Sure",
            closing="response.failed",
            final=response([], "failed", error={"code": "server_error", "message": "Something broke"}),
        ),
        "error",
        "Something broke",
        id="response-failed",
    ),
    pytest.param(response_events("Paris is ", "the capital")[:-2], "truncated", "truncated stream", id="cut"),
    pytest.param(
        response_events(
            "x",
            closing="response.incomplete",
            final=response(
                [reasoning_item("Thinking")], "incomplete", incomplete_details={"reason": "max_output_tokens"}
            ),
        )[:4]
        + [
            {
                "type": "response.incomplete",
                "sequence_number": 9,
                "response": response(
                    [reasoning_item("Thinking")], "incomplete", incomplete_details={"reason": "max_output_tokens"}
                ),
            }
        ],
        "token_limit",
        "Raise max_output_tokens",
        id="incomplete-max-output-tokens",
    ),
]


@pytest.mark.parametrize(("events", "reason", "said"), RESPONSES_STREAM_FAULTS)
def test_a_responses_stream_fault_is_not_a_verdict(events: list[dict[str, Any]], reason: str, said: str) -> None:
    with pytest.raises(NotAVerdict, match=said) as caught:
        detect(events)
    assert caught.value.reason == reason


def test_a_responses_stream_filter_error_event_is_blocked() -> None:
    events = response_events("Sure")[:5] + [
        {
            "type": "error",
            "code": "content_filter",
            "message": "Output blocked by content filtering policy",
            "param": None,
            "sequence_number": 6,
        }
    ]
    verdict = detect(events)
    assert (verdict.kind, verdict.evidence) == (Kind.BLOCKED, "stream error.code=content_filter")


# --- Anthropic Messages -------------------------------------------------------------------------

ANTHROPIC_MESSAGES = [
    pytest.param(
        anthropic_message([{"type": "text", "text": "Hello.."}], "refusal"),
        Kind.BLOCKED,
        "stop_reason=refusal",
        "Hello..",
        id="refusal-after-text",
    ),
    pytest.param(
        anthropic_message([{"type": "thinking", "thinking": "I must not.", "signature": "EqQBCgIYAhIM"}], "refusal"),
        Kind.BLOCKED,
        "stop_reason=refusal",
        "",
        id="refusal-after-thinking",
    ),
    pytest.param(
        anthropic_message(
            [{"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "weather"}}],
            "pause_turn",
        ),
        Kind.COMPLY,
        "server_tool_use",
        "",
        id="server-tool-use",
    ),
]


@pytest.mark.parametrize(("body", "kind", "evidence", "text"), ANTHROPIC_MESSAGES)
def test_an_anthropic_signal_decides(body: dict[str, Any], kind: Kind, evidence: str, text: str) -> None:
    extracted = extract(body)
    assert extracted.verdict is not None
    assert (extracted.verdict.kind, extracted.verdict.evidence, extracted.text) == (kind, evidence, text)


def test_anthropic_thinking_is_reasoning_and_never_judged() -> None:
    body = anthropic_message(
        [
            {
                "type": "thinking",
                "thinking": "I can't help with weapons, but this is about geography.",
                "signature": "EqQBCgIYAhIM",
            },
            {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"},
            {"type": "text", "text": ANSWER},
        ],
        "end_turn",
    )
    extracted = extract(body)
    assert (extracted.text, extracted.reasoning) == (ANSWER, "I can't help with weapons, but this is about geography.")
    assert detect(body).kind is Kind.COMPLY


ANTHROPIC_NOT_VERDICTS = [
    pytest.param(
        529,
        {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}},
        "busy or rate limited \\(overloaded_error\\)",
        id="overloaded",
    ),
    pytest.param(
        429,
        {
            "type": "error",
            "error": {
                "type": "rate_limit_error",
                "message": "Number of request tokens has exceeded your per-minute rate limit",
            },
        },
        "busy or rate limited \\(rate_limit_error\\)",
        id="rate-limit",
    ),
    pytest.param(
        400,
        {"type": "error", "error": {"type": "invalid_request_error", "message": "max_tokens: Field required"}},
        "max_tokens: Field required",
        id="invalid-request",
    ),
    pytest.param(
        401,
        {"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}},
        "invalid x-api-key",
        id="authentication",
    ),
    pytest.param(200, anthropic_message([], "end_turn"), "no answer \\(stop_reason='end_turn'\\)", id="empty-end-turn"),
    pytest.param(200, anthropic_message([{"type": "text", "text": "  "}], "end_turn"), "no answer", id="blank-text"),
]


@pytest.mark.parametrize(("status", "body", "said"), ANTHROPIC_NOT_VERDICTS)
def test_an_anthropic_fault_is_not_a_verdict(status: int, body: dict[str, Any], said: str) -> None:
    with pytest.raises(NotAVerdict, match=said):
        detect((status, body))


ANTHROPIC_STREAMS = [
    pytest.param(anthropic_events([("text", ANSWER)]), None, ANSWER, "", id="text"),
    pytest.param(
        anthropic_events([("thinking", "The user wants a capital."), ("text", ANSWER)]),
        None,
        ANSWER,
        "The user wants a capital.",
        id="thinking-deltas-set-apart",
    ),
    pytest.param(
        anthropic_events([("text", "Hello..")], stop_reason="refusal"), Kind.BLOCKED, "Hello..", "", id="refusal"
    ),
    pytest.param(
        anthropic_events([("text", ANSWER)])[:-1] + [{"type": "future_event", "data": {}}, {"type": "message_stop"}],
        None,
        ANSWER,
        "",
        id="unknown-event-type-skipped",
    ),
]


@pytest.mark.parametrize(("events", "kind", "text", "reasoning"), ANTHROPIC_STREAMS)
def test_an_anthropic_stream_is_judged(
    events: list[dict[str, Any]], kind: Kind | None, text: str, reasoning: str
) -> None:
    extracted = extract(events)
    assert (extracted.text, extracted.reasoning) == (text, reasoning)
    assert (extracted.verdict.kind if extracted.verdict else None) is kind


ANTHROPIC_STREAM_FAULTS = [
    pytest.param(
        anthropic_events([("text", "Sure")])[:3]
        + [{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}],
        "error",
        "stream error from the provider \\(Overloaded\\)",
        id="overloaded-error-event",
    ),
    pytest.param(
        anthropic_events([("text", "Sure, the first")])[:4],
        "truncated",
        "no message_stop event and no stop_reason",
        id="cut-before-stop",
    ),
    pytest.param(
        anthropic_events([("thinking", "Let me think step by step")], stop_reason="max_tokens"),
        "token_limit",
        "it was spent on reasoning\\)\\. Raise max_tokens",
        id="thinking-only-at-max-tokens",
    ),
]


@pytest.mark.parametrize(("events", "reason", "said"), ANTHROPIC_STREAM_FAULTS)
def test_an_anthropic_stream_fault_is_not_a_verdict(events: list[dict[str, Any]], reason: str, said: str) -> None:
    with pytest.raises(NotAVerdict, match=said) as caught:
        detect(events)
    assert caught.value.reason == reason


def test_an_anthropic_sse_body_with_event_lines_is_judged() -> None:
    body = "".join(
        f"event: {e['type']}\ndata: {__import__('json').dumps(e)}\n\n" for e in anthropic_events([("text", ANSWER)])
    )
    assert extract((200, body.encode())).text == ANSWER


# --- Gemini -------------------------------------------------------------------------------------

GEMINI_SIGNALS = [
    pytest.param(
        {
            "promptFeedback": {"blockReason": "SAFETY", "safetyRatings": SAFETY_RATINGS},
            "usageMetadata": {"promptTokenCount": 8, "totalTokenCount": 8},
            "modelVersion": "gemini-2.5-flash",
        },
        "promptFeedback.blockReason=SAFETY",
        id="prompt-blocked-safety",
    ),
    pytest.param(
        {"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}, "modelVersion": "gemini-2.5-pro"},
        "promptFeedback.blockReason=PROHIBITED_CONTENT",
        id="prompt-blocked-prohibited",
    ),
    pytest.param(
        gemini(
            None,
            "SAFETY",
        )
        | {"candidates": [{"index": 0, "finishReason": "SAFETY", "safetyRatings": SAFETY_RATINGS}]},
        "finishReason=SAFETY",
        id="candidate-safety-no-content",
    ),
    pytest.param(gemini([{"text": "Step one: take the"}], "SAFETY"), "finishReason=SAFETY", id="safety-after-text"),
    pytest.param(gemini([], "PROHIBITED_CONTENT"), "finishReason=PROHIBITED_CONTENT", id="prohibited-content"),
    pytest.param(gemini(None, "BLOCKLIST"), "finishReason=BLOCKLIST", id="blocklist"),
    pytest.param(gemini(None, "SPII"), "finishReason=SPII", id="spii"),
    pytest.param(gemini(None, "IMAGE_SAFETY"), "finishReason=IMAGE_SAFETY", id="image-safety"),
    pytest.param(
        gemini([{"text": "It was a bright cold day in"}], "RECITATION"), "finishReason=RECITATION", id="recitation"
    ),
]


@pytest.mark.parametrize(("body", "evidence"), GEMINI_SIGNALS)
def test_a_gemini_block_is_blocked(body: dict[str, Any], evidence: str) -> None:
    verdict = detect(body)
    assert (verdict.kind, verdict.evidence) == (Kind.BLOCKED, evidence)


GEMINI_TEXTS = [
    pytest.param(gemini([{"text": ANSWER}]), ANSWER, "", id="text"),
    pytest.param(gemini([{"text": "Paris is "}, {"text": "the capital of France."}]), ANSWER, "", id="parts-joined"),
    pytest.param(
        gemini(
            [
                {"text": "**Identifying the capital**\n\nThe user asks...", "thought": True},
                {"text": ANSWER, "thoughtSignature": "CiIBVKhc7oDPpJkt"},
            ]
        ),
        ANSWER,
        "**Identifying the capital**\n\nThe user asks...",
        id="thought-parts-never-judged",
    ),
    pytest.param(
        gemini([{"text": "A long answer cut"}], "MAX_TOKENS"), "A long answer cut", "", id="max-tokens-with-text"
    ),
]


@pytest.mark.parametrize(("body", "text", "reasoning"), GEMINI_TEXTS)
def test_a_gemini_answer_is_judged_by_its_text(body: dict[str, Any], text: str, reasoning: str) -> None:
    extracted = extract(body)
    assert (extracted.text, extracted.verdict, extracted.reasoning) == (text, None, reasoning)


def test_a_gemini_function_call_means_the_model_acted() -> None:
    body = gemini([{"functionCall": {"name": "get_weather", "args": {"location": "Paris"}}}])
    verdict = detect(body)
    assert (verdict.kind, verdict.evidence) == (Kind.COMPLY, "functionCall")


GEMINI_NOT_VERDICTS = [
    pytest.param(
        200,
        gemini([{"text": "Let me think", "thought": True}], "MAX_TOKENS"),
        "token_limit",
        "Raise generationConfig.maxOutputTokens",
        id="thoughts-only-at-max-tokens",
    ),
    pytest.param(200, gemini([], "MAX_TOKENS"), "token_limit", "finishReason='MAX_TOKENS'", id="max-tokens-no-text"),
    pytest.param(200, gemini([{"text": ""}], "STOP"), "empty", "no answer \\(finishReason='STOP'\\)", id="empty-text"),
    pytest.param(
        200,
        {"candidates": [], "usageMetadata": {"promptTokenCount": 8}, "modelVersion": "gemini-2.5-flash"},
        "empty",
        "no candidates",
        id="no-candidates",
    ),
    pytest.param(
        400,
        {
            "error": {
                "code": 400,
                "message": "API key not valid. Please pass a valid API key.",
                "status": "INVALID_ARGUMENT",
            }
        },
        "error",
        "API key not valid",
        id="invalid-argument",
    ),
    pytest.param(
        429,
        {
            "error": {
                "code": 429,
                "message": "Resource has been exhausted (e.g. check quota).",
                "status": "RESOURCE_EXHAUSTED",
            }
        },
        "error",
        "busy or rate limited",
        id="resource-exhausted",
    ),
    pytest.param(
        503,
        {
            "error": {
                "code": 503,
                "message": "The model is overloaded. Please try again later.",
                "status": "UNAVAILABLE",
            }
        },
        "error",
        "model is overloaded",
        id="unavailable",
    ),
]


@pytest.mark.parametrize(("status", "body", "reason", "said"), GEMINI_NOT_VERDICTS)
def test_a_gemini_fault_is_not_a_verdict(status: int, body: dict[str, Any], reason: str, said: str) -> None:
    with pytest.raises(NotAVerdict, match=said) as caught:
        detect((status, body))
    assert caught.value.reason == reason


GEMINI_STREAMS = [
    pytest.param(gemini_chunks("Paris is ", "the capital", " of France."), None, ANSWER, id="json-array"),
    pytest.param(
        gemini_chunks("Step one: take", finish="SAFETY"), Kind.BLOCKED, "Step one: take", id="safety-mid-stream"
    ),
    pytest.param(
        [
            {
                "promptFeedback": {"blockReason": "SAFETY", "safetyRatings": SAFETY_RATINGS},
                "usageMetadata": {"promptTokenCount": 8},
                "modelVersion": "gemini-2.5-flash",
            }
        ],
        Kind.BLOCKED,
        "",
        id="prompt-blocked-one-chunk",
    ),
    pytest.param(
        [gemini([{"text": "Thinking...", "thought": True}], None)]
        + gemini_chunks("Paris is ", "the capital of France."),
        None,
        ANSWER,
        id="thought-chunk-first",
    ),
]


@pytest.mark.parametrize(("chunks", "kind", "text"), GEMINI_STREAMS)
def test_a_gemini_stream_is_judged(chunks: list[dict[str, Any]], kind: Kind | None, text: str) -> None:
    for shape in (chunks, (200, sse(chunks)), (200, __import__("json").dumps(chunks).encode())):
        extracted = extract(shape)
        assert extracted.text == text
        assert (extracted.verdict.kind if extracted.verdict else None) is kind


def test_a_gemini_sse_stream_without_a_finish_reason_is_truncated() -> None:
    with pytest.raises(NotAVerdict, match="no chunk with a finishReason") as caught:
        detect((200, sse(gemini_chunks("Paris is ", "the capital")[:-1])))
    assert caught.value.reason == "truncated"


def test_a_gemini_error_mid_stream_is_not_a_verdict() -> None:
    chunks = gemini_chunks("Paris is ", "the")[:-1] + [
        {"error": {"code": 500, "message": "An internal error has occurred.", "status": "INTERNAL"}}
    ]
    with pytest.raises(NotAVerdict, match="An internal error has occurred"):
        detect((200, sse(chunks)))


# --- one stream holds one API --------------------------------------------------------------------


def test_a_stream_that_mixes_apis_is_rejected() -> None:
    events = gemini_chunks("Paris") + anthropic_events([("text", "x")])
    with pytest.raises(TypeError, match="messages event in a gemini stream"):
        detect(events)


# --- SDK objects whose fields are aliased (google-genai's shape) ---------------------------------


def test_an_sdk_object_with_snake_case_fields_and_enums_reads_as_its_wire_body() -> None:
    """google-genai's models name fields in snake case and hold enums; dumped by alias they are the API's JSON."""
    import enum

    from pydantic import BaseModel, ConfigDict
    from pydantic.alias_generators import to_camel

    class FinishReason(str, enum.Enum):
        SAFETY = "SAFETY"

    class Model(BaseModel):
        model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    class Part(Model):
        text: str
        thought: bool | None = None

    class Content(Model):
        parts: list[Part]
        role: str = "model"

    class Candidate(Model):
        content: Content
        finish_reason: FinishReason
        index: int = 0

    class GenerateContentResponse(Model):
        candidates: list[Candidate]
        model_version: str = "gemini-2.5-flash"

    sdk_object = GenerateContentResponse(
        candidates=[Candidate(content=Content(parts=[Part(text="Step one: take")]), finish_reason=FinishReason.SAFETY)]
    )
    verdict = detect(sdk_object)
    assert (verdict.kind, verdict.evidence) == (Kind.BLOCKED, "finishReason=SAFETY")


def test_an_object_whose_model_dump_takes_no_keywords_is_still_read() -> None:
    class Legacy:
        def model_dump(self) -> dict[str, Any]:
            return gemini([{"text": ANSWER}])

    assert extract(Legacy()).text == ANSWER
