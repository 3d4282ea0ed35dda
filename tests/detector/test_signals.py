"""Provider signals in real wire shapes: each provider's refusal, filter and error, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx2
import openai
import pytest
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from pytest_refusal import Kind, NotAVerdict, detect, wire
from pytest_refusal.detector.signals import Extracted, extract, reading_once
from pytest_refusal.detector.text import classify_text

# --- builders for real wire shapes ---------------------------------------------------------


def completion(message: dict[str, Any], finish: str = "stop", **choice: Any) -> dict[str, Any]:
    """A chat.completion body as OpenAI, Moonshot, DeepSeek, DashScope and Azure return it."""
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1_760_000_000,
        "model": "gpt-4.1-mini",
        "choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": finish, **choice}],
        "usage": {"prompt_tokens": 12, "completion_tokens": 9, "total_tokens": 21},
    }


def chunk(delta: dict[str, Any] | None = None, finish: str | None = None, index: int = 0) -> dict[str, Any]:
    choices = [] if delta is None else [{"index": index, "delta": delta, "finish_reason": finish}]
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": choices,
    }


def text_stream(*pieces: str, finish: str = "stop") -> list[dict[str, Any]]:
    first = [chunk({"role": "assistant", "content": ""})]
    return first + [chunk({"content": p}) for p in pieces] + [chunk({}, finish)]


def anthropic_message(content: list[dict[str, Any]], stop_reason: str | None) -> dict[str, Any]:
    return {
        "id": "msg_01",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 3},
    }


def anthropic_events(*pieces: str, stop_reason: str = "end_turn") -> list[dict[str, Any]]:
    start = anthropic_message([], None) | {"usage": {"input_tokens": 10, "output_tokens": 1}}
    events: list[dict[str, Any]] = [
        {"type": "message_start", "message": start},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "ping"},
    ]
    events += [{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}} for p in pieces]
    return events + [
        {"type": "content_block_stop", "index": 0},
        {
            "type": "message_delta",
            "delta": {"stop_reason": stop_reason, "stop_sequence": None},
            "usage": {"output_tokens": 5},
        },
        {"type": "message_stop"},
    ]


def sse(events: list[dict[str, Any]]) -> str:
    return "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"


def status_error(status: int, body: dict[str, Any]) -> openai.APIStatusError:
    """The exception openai 3.x raises: built from an httpx2 response, `.body` is the inner error."""
    request = httpx2.Request("POST", "https://api.example.com/v1/chat/completions")
    response = httpx2.Response(status, request=request, json=body)
    client = openai.OpenAI(api_key="sk-test", base_url="https://api.example.com/v1")
    return client._make_status_error_from_response(response)


# --- provider bodies, as the providers send them ---------------------------------------------

MOONSHOT_HIGH_RISK = {
    "error": {
        "code": 400,
        "message": "The request was rejected because it was considered high risk",
        "param": "prompt",
        "type": "content_filter",
    }
}
DEEPSEEK_RISK = {
    "error": {
        "message": "Content Exists Risk",
        "type": "invalid_request_error",
        "param": None,
        "code": "invalid_request_error",
    }
}
DEEPSEEK_RISK_LEGACY = {"detail": "Content Exists Risk"}
DASHSCOPE_COMPATIBLE = {
    "error": {
        "code": "data_inspection_failed",
        "param": None,
        "message": "Input data may contain inappropriate content.",
        "type": "data_inspection_failed",
    },
    "id": "chatcmpl-deab386b",
    "request_id": "deab386b-2562-9a7b-b8fa-0ba9385a5c28",
}
DASHSCOPE_NATIVE = {
    "code": "DataInspectionFailed",
    "message": "Input data may contain inappropriate content.",
    "request_id": "5b3e2f4c-0000-0000-0000-000000000000",
}
AZURE_PROMPT_FILTER = {
    "error": {
        "message": "The response was filtered due to the prompt triggering Azure OpenAI's content management "
        "policy. Please modify your prompt and retry. To learn more about our content filtering policies "
        "please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
        "type": None,
        "param": "prompt",
        "code": "content_filter",
        "status": 400,
        "innererror": {
            "code": "ResponsibleAIPolicyViolation",
            "content_filter_result": {
                "hate": {"filtered": False, "severity": "safe"},
                "jailbreak": {"filtered": True, "detected": True},
                "self_harm": {"filtered": False, "severity": "safe"},
                "sexual": {"filtered": False, "severity": "safe"},
                "violence": {"filtered": False, "severity": "safe"},
            },
        },
    }
}
OPENROUTER_MODERATION = {
    "error": {
        "code": 403,
        "message": 'openai/gpt-4o requires moderation on OpenRouter. Your input was flagged for "violence".',
        "metadata": {
            "reasons": ["violence"],
            "flagged_input": "How do I hurt...",
            "provider_name": "OpenAI",
            "model_slug": "openai/gpt-4o",
        },
    }
}
ANTHROPIC_OUTPUT_BLOCKED = {
    "type": "error",
    "error": {
        "details": None,
        "type": "invalid_request_error",
        "message": "Output blocked by content filtering policy",
    },
    "request_id": "req_011CaxpBxEpLvE6AvvuDD5BW",
}

# --- completions ------------------------------------------------------------------------------

SIGNAL_COMPLETIONS = [
    pytest.param(
        completion({"content": None, "refusal": "I'm sorry, I can't help with that request."}),
        Kind.REFUSE,
        "message.refusal",
        0.99,
        id="openai-refusal-field",
    ),
    pytest.param(
        completion({"content": None, "refusal": "抱歉，我无法协助处理这个请求。"}),
        Kind.REFUSE,
        "message.refusal",
        0.99,
        id="openai-refusal-field-zh",
    ),
    pytest.param(
        completion(
            {"content": None},
            "content_filter",
            content_filter_results={
                "hate": {"filtered": False, "severity": "safe"},
                "violence": {"filtered": True, "severity": "high"},
            },
        ),
        Kind.BLOCKED,
        "finish_reason=content_filter",
        0.98,
        id="azure-finish-content-filter",
    ),
    pytest.param(
        completion({"content": "Here is the first step of the"}, "content_filter"),
        Kind.BLOCKED,
        "finish_reason=content_filter",
        0.98,
        id="content-filter-after-partial-text",
    ),
    pytest.param(
        completion(
            {
                "content": None,
                "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "search", "arguments": "{}"}}],
            },
            "tool_calls",
        ),
        Kind.COMPLY,
        "tool_calls",
        0.9,
        id="tool-calls-without-text",
    ),
]


@pytest.mark.parametrize(("body", "kind", "evidence", "score"), SIGNAL_COMPLETIONS)
def test_a_signal_in_a_completion_dict_decides_the_verdict(
    body: dict[str, Any], kind: Kind, evidence: str, score: float
) -> None:
    verdict = detect(body)
    assert (verdict.kind, verdict.evidence, verdict.score) == (kind, evidence, score)


@pytest.mark.parametrize(("body", "kind", "evidence", "score"), SIGNAL_COMPLETIONS)
def test_a_chat_completion_object_reads_like_its_dict(
    body: dict[str, Any], kind: Kind, evidence: str, score: float
) -> None:
    assert detect(ChatCompletion.model_validate(body)) == detect(body)


def test_the_refusal_field_gives_the_language_of_the_refusal_text() -> None:
    zh = detect(completion({"content": None, "refusal": "抱歉，我无法协助处理这个请求。"}))
    en = detect(completion({"content": None, "refusal": "I'm sorry, but I can't help with that request."}))
    assert (zh.language, en.language) == ("zh", "en")


def test_a_verdict_with_no_text_has_undetermined_language() -> None:
    assert detect(completion({"content": None}, "content_filter")).language == "und"


TEXT_COMPLETIONS = [
    pytest.param(
        completion({"content": "Paris is the capital of France."}),
        "Paris is the capital of France.",
        id="openai",
    ),
    pytest.param(
        completion({"content": "巴黎是法国的首都。", "reasoning_content": "用户问首都。"}),
        "巴黎是法国的首都。",
        id="kimi-deepseek-reasoning-ignored",
    ),
    pytest.param(
        completion({"content": [{"type": "text", "text": "Hello "}, {"type": "text", "text": "there."}]}),
        "Hello there.",
        id="content-parts",
    ),
    pytest.param(
        completion(
            {
                "content": "Let me look that up.",
                "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}"}}],
            },
            "tool_calls",
        ),
        "Let me look that up.",
        id="text-beside-tool-calls",
    ),
    pytest.param(
        completion({"content": "First answer."})
        | {
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "First answer."},
                    "finish_reason": "stop",
                },
                {
                    "index": 1,
                    "message": {"role": "assistant", "content": None, "refusal": "No."},
                    "finish_reason": "stop",
                },
            ]
        },
        "First answer.",
        id="n2-first-choice-judged",
    ),
    pytest.param(
        {
            "id": "cmpl-1",
            "object": "text_completion",
            "choices": [{"index": 0, "text": "Sure, here it is.", "finish_reason": "stop"}],
        },
        "Sure, here it is.",
        id="legacy-text-completion",
    ),
    pytest.param(
        completion({"content": "A long answer cut short"}, "length"),
        "A long answer cut short",
        id="length-with-text",
    ),
]


@pytest.mark.parametrize(("body", "text"), TEXT_COMPLETIONS)
def test_without_a_signal_the_text_is_classified(body: dict[str, Any], text: str) -> None:
    extracted = extract(body)
    assert (extracted.text, extracted.verdict) == (text, None)
    assert detect(body) == classify_text(text)


def test_an_empty_answer_cut_by_the_token_limit_is_not_a_verdict() -> None:
    with pytest.raises(NotAVerdict, match="max_tokens"):
        detect(completion({"content": "", "reasoning_content": "Let me think step by step"}, "length"))


# --- Anthropic Messages -------------------------------------------------------------------------

ANTHROPIC = [
    pytest.param(
        anthropic_message([{"type": "text", "text": "Hello.."}], "refusal")
        | {
            "stop_details": {
                "type": "refusal",
                "category": "cyber",
                "explanation": "This request was declined.",
            }
        },
        Kind.BLOCKED,
        "stop_reason=refusal",
        id="streaming-classifier-refusal-with-text",
    ),
    pytest.param(anthropic_message([], "refusal"), Kind.BLOCKED, "stop_reason=refusal", id="refusal-no-text"),
    pytest.param(
        anthropic_message([{"type": "tool_use", "id": "toolu_1", "name": "search", "input": {}}], "tool_use"),
        Kind.COMPLY,
        "tool_use",
        id="tool-use-only",
    ),
]


@pytest.mark.parametrize(("body", "kind", "evidence"), ANTHROPIC)
def test_anthropic_messages_signals(body: dict[str, Any], kind: Kind, evidence: str) -> None:
    verdict = detect(body)
    assert (verdict.kind, verdict.evidence) == (kind, evidence)


def test_an_anthropic_message_without_signal_is_judged_by_its_text_blocks() -> None:
    body = anthropic_message(
        [
            {"type": "thinking", "thinking": "hmm", "signature": "x"},
            {"type": "text", "text": "Of course. "},
            {"type": "text", "text": "Step one."},
        ],
        "end_turn",
    )
    assert extract(body) == Extracted("Of course. Step one.", reasoning="hmm")


def test_an_empty_anthropic_answer_at_max_tokens_is_not_a_verdict() -> None:
    with pytest.raises(NotAVerdict, match="stop_reason='max_tokens'"):
        detect(anthropic_message([], "max_tokens"))


# --- streams ----------------------------------------------------------------------------------

STREAM_SIGNALS = [
    pytest.param(
        [
            chunk({"role": "assistant", "content": None, "refusal": ""}),
            chunk({"refusal": "I'm sorry, "}),
            chunk({"refusal": "I can't help with that."}),
            chunk({}, "stop"),
        ],
        Kind.REFUSE,
        "message.refusal",
        id="delta-refusal",
    ),
    pytest.param(
        text_stream("Here is how you", finish="content_filter"),
        Kind.BLOCKED,
        "finish_reason=content_filter",
        id="finish-content-filter",
    ),
    pytest.param(
        [
            {
                "id": "",
                "object": "",
                "created": 0,
                "model": "",
                "choices": [],
                "prompt_filter_results": [
                    {
                        "prompt_index": 0,
                        "content_filter_results": {"violence": {"filtered": False, "severity": "safe"}},
                    }
                ],
            }
        ]
        + text_stream("Step one", finish="content_filter"),
        Kind.BLOCKED,
        "finish_reason=content_filter",
        id="azure-prompt-filter-results-then-filter",
    ),
    pytest.param(
        text_stream("Sure, here", finish="stop")[:-1]
        + [
            {
                "error": {
                    "message": "Output blocked by content filtering policy",
                    "type": "invalid_request_error",
                }
            }
        ],
        Kind.BLOCKED,
        "stream error: Output blocked by content filtering policy",
        id="openai-compatible-error-chunk-after-200",
    ),
    pytest.param(
        [
            chunk(
                {
                    "role": "assistant",
                    "tool_calls": [
                        {
                            "index": 0,
                            "id": "c1",
                            "type": "function",
                            "function": {"name": "f", "arguments": ""},
                        }
                    ],
                }
            ),
            chunk({}, "tool_calls"),
        ],
        Kind.COMPLY,
        "tool_calls",
        id="tool-call-deltas",
    ),
    pytest.param(
        anthropic_events("Hello..", stop_reason="refusal"),
        Kind.BLOCKED,
        "stop_reason=refusal",
        id="anthropic-stream-refusal",
    ),
    pytest.param(
        anthropic_events("Sure")[:4] + [ANTHROPIC_OUTPUT_BLOCKED],
        Kind.BLOCKED,
        "stream error: Output blocked by content filtering policy",
        id="anthropic-error-event-after-200",
    ),
]


@pytest.mark.parametrize(("chunks", "kind", "evidence"), STREAM_SIGNALS)
def test_stream_signals(chunks: list[dict[str, Any]], kind: Kind, evidence: str) -> None:
    verdict = detect(chunks)
    assert (verdict.kind, verdict.evidence) == (kind, evidence)


def test_streamed_refusal_deltas_are_joined_for_the_language() -> None:
    chunks = [chunk({"refusal": "抱歉，"}), chunk({"refusal": "我无法回答这个问题。"}), chunk({}, "stop")]
    assert extract(chunks).text == "抱歉，我无法回答这个问题。"
    assert detect(chunks).language == "zh"


@pytest.mark.parametrize(
    "chunks",
    [
        pytest.param(text_stream("Hello", " wor", "ld."), id="openai-chunk-dicts"),
        pytest.param(
            [ChatCompletionChunk.model_validate(c) for c in text_stream("Hello", " wor", "ld.")],
            id="chunk-objects",
        ),
        pytest.param(iter(text_stream("Hello", " wor", "ld.")), id="iterator"),
        pytest.param(tuple(text_stream("Hello", " wor", "ld.")), id="tuple"),
        pytest.param(
            [
                c
                for pair in zip(
                    text_stream("Hello", " wor", "ld."), [chunk({"content": "other choice"}, index=1)] * 5, strict=False
                )
                for c in pair
            ],
            id="n2-interleaved-first-choice",
        ),
        pytest.param(anthropic_events("Hello", " wor", "ld."), id="anthropic-events"),
    ],
)
def test_streamed_text_is_joined(chunks: Any) -> None:
    assert extract(chunks) == Extracted("Hello world.")


def test_a_single_chunk_dict_is_a_one_chunk_stream() -> None:
    assert extract(chunk({"content": "Hi"}, "stop")) == Extracted("Hi")


def test_an_sdk_stream_that_raises_a_filter_error_mid_way_is_blocked() -> None:
    def stream() -> Iterator[object]:
        yield from text_stream("Sure, the first step")[:-1]
        request = httpx2.Request("POST", "https://api.anthropic.com/v1/chat/completions")
        raise openai.APIError(
            "Output blocked by content filtering policy", request, body=ANTHROPIC_OUTPUT_BLOCKED["error"]
        )

    verdict = detect(stream())
    assert (verdict.kind, verdict.evidence) == (
        Kind.BLOCKED,
        "stream error: Output blocked by content filtering policy",
    )


def test_an_sdk_stream_that_raises_another_error_is_not_a_verdict() -> None:
    def stream() -> Iterator[object]:
        yield chunk({"content": "Sure"})
        request = httpx2.Request("POST", "https://api.anthropic.com/v1/chat/completions")
        raise openai.APIError("Overloaded", request, body={"type": "overloaded_error", "message": "Overloaded"})

    with pytest.raises(NotAVerdict, match="Overloaded") as caught:
        detect(stream())
    assert caught.value.status is None


def test_a_stream_that_raises_an_unrelated_error_lets_it_through() -> None:
    def stream() -> Iterator[object]:
        yield chunk({"content": "Sure"})
        raise KeyError("bug in the caller")

    with pytest.raises(KeyError):
        detect(stream())


# --- HTTP content filters: blocked ---------------------------------------------------------------

FILTER_ERRORS = [
    pytest.param(400, MOONSHOT_HIGH_RISK, "HTTP 400 error.type=content_filter", id="moonshot-kimi-high-risk"),
    pytest.param(400, DEEPSEEK_RISK, "HTTP 400 error: Content Exists Risk", id="deepseek-content-exists-risk"),
    pytest.param(400, DEEPSEEK_RISK_LEGACY, "HTTP 400 error: Content Exists Risk", id="deepseek-legacy-detail"),
    pytest.param(400, DASHSCOPE_COMPATIBLE, "HTTP 400 error.code=data_inspection_failed", id="dashscope-compatible"),
    pytest.param(400, DASHSCOPE_NATIVE, "HTTP 400 error.code=datainspectionfailed", id="dashscope-native"),
    pytest.param(400, AZURE_PROMPT_FILTER, "HTTP 400 error.code=content_filter", id="azure-content-filter"),
    pytest.param(
        400,
        {"error": AZURE_PROMPT_FILTER["error"] | {"code": None}},
        "HTTP 400 error.innererror.code=responsibleaipolicyviolation",
        id="azure-innererror-only",
    ),
    pytest.param(
        400,
        ANTHROPIC_OUTPUT_BLOCKED,
        "HTTP 400 error: Output blocked by content filtering policy",
        id="anthropic-output-blocked",
    ),
    pytest.param(
        403,
        OPENROUTER_MODERATION,
        "HTTP 403 error.metadata.flagged_input=present",
        id="openrouter-moderation-flagged",
    ),
]


@pytest.mark.parametrize(("status", "body", "evidence"), FILTER_ERRORS)
@pytest.mark.parametrize("encode", [dict, json.dumps, lambda b: json.dumps(b).encode()], ids=["dict", "str", "bytes"])
def test_a_content_filter_error_is_blocked(status: int, body: dict[str, Any], evidence: str, encode: Any) -> None:
    verdict = detect((status, encode(body)))
    assert (verdict.kind, verdict.evidence) == (Kind.BLOCKED, evidence)
    assert verdict.score >= 0.95


@pytest.mark.parametrize(("status", "body", "evidence"), FILTER_ERRORS)
def test_a_content_filter_status_error_from_the_sdk_is_blocked(
    status: int, body: dict[str, Any], evidence: str
) -> None:
    error = status_error(status, body)
    assert isinstance(error, openai.BadRequestError if status == 400 else openai.PermissionDeniedError)
    verdict = detect(error)
    assert (verdict.kind, verdict.evidence) == (Kind.BLOCKED, evidence)


def test_a_status_error_built_with_the_whole_body_is_read_too() -> None:
    request = httpx2.Request("POST", "https://api.moonshot.ai/v1/chat/completions")
    response = httpx2.Response(400, request=request, json=MOONSHOT_HIGH_RISK)
    error = openai.BadRequestError("Error code: 400", response=response, body=MOONSHOT_HIGH_RISK)
    assert detect(error).kind is Kind.BLOCKED


def test_an_sse_body_with_an_error_event_after_a_200_is_blocked() -> None:
    body = sse(anthropic_events("Sure")[:4]).replace("data: [DONE]\n\n", "")
    body += f"event: error\ndata: {json.dumps(ANTHROPIC_OUTPUT_BLOCKED)}\n\n"
    assert detect((200, body.encode())).kind is Kind.BLOCKED


def test_an_sse_body_is_read_as_a_stream() -> None:
    assert extract((200, sse(text_stream("Hello", " there")))) == Extracted("Hello there")
    assert extract(sse(text_stream("Hi")).encode()) == Extracted("Hi")


def test_sdk_finish_reason_errors_are_read() -> None:
    assert detect(openai.ContentFilterFinishReasonError()).kind is Kind.BLOCKED
    length = openai.LengthFinishReasonError(
        completion=ChatCompletion.model_validate(completion({"content": "Partial answer"}, "length"))
    )
    assert extract(length) == Extracted("Partial answer")


# --- errors that are not verdicts ---------------------------------------------------------------

NOT_VERDICTS = [
    pytest.param(
        400,
        {
            "error": {
                "message": "This model's maximum context length is 128000 tokens. However, your messages resulted in 130012 tokens.",
                "type": "invalid_request_error",
                "param": "messages",
                "code": "context_length_exceeded",
            }
        },
        "maximum context length",
        id="context-length-exceeded",
    ),
    pytest.param(
        400,
        {
            "error": {
                "message": "Invalid schema for response_format 'answer': 'additionalProperties' is required to be false.",
                "type": "invalid_request_error",
                "param": "response_format",
                "code": None,
            }
        },
        "Invalid schema",
        id="invalid-schema",
    ),
    pytest.param(
        400,
        {
            "error": {
                "message": "The `reasoning_content` in the thinking mode must be passed back to the API.",
                "type": "invalid_request_error",
                "param": None,
                "code": "invalid_request_error",
            }
        },
        "reasoning_content",
        id="deepseek-bad-request",
    ),
    pytest.param(
        401,
        {
            "error": {
                "message": "Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.",
                "type": "invalid_request_error",
                "param": None,
                "code": "invalid_api_key",
            }
        },
        "Incorrect API key",
        id="unauthorized",
    ),
    pytest.param(
        403,
        {
            "error": {
                "message": "Access terminated. Review our Community Guidelines.",
                "type": "access_terminated_error",
            }
        },
        "Access terminated",
        id="moonshot-forbidden",
    ),
    pytest.param(
        404,
        {
            "error": {
                "message": "The model `gpt-9` does not exist or you do not have access to it.",
                "type": "invalid_request_error",
                "param": None,
                "code": "model_not_found",
            }
        },
        "does not exist",
        id="model-not-found",
    ),
    pytest.param(
        429,
        {
            "error": {
                "message": "Your account org-1 request reached organization max RPM: 3, please try again after 1 seconds",
                "type": "rate_limit_reached_error",
            }
        },
        "max RPM",
        id="moonshot-rate-limit",
    ),
    pytest.param(
        500,
        {
            "error": {
                "message": "The server had an error while processing your request. Sorry about that!",
                "type": "server_error",
            }
        },
        "server had an error",
        id="server-error",
    ),
    pytest.param(
        529,
        {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}},
        "Overloaded",
        id="anthropic-overloaded",
    ),
    pytest.param(
        503,
        "<html><body>503 Service Temporarily Unavailable</body></html>",
        "Service Temporarily Unavailable",
        id="html-body",
    ),
    pytest.param(502, b"Bad Gateway", "Bad Gateway", id="bytes-body"),
    pytest.param(400, {"error": "Rate limit"}, "Rate limit", id="error-as-string"),
]


@pytest.mark.parametrize(("status", "body", "said"), NOT_VERDICTS)
def test_other_errors_are_not_verdicts(status: int, body: Any, said: str) -> None:
    with pytest.raises(NotAVerdict) as caught:
        detect((status, body))
    assert caught.value.status == status
    assert f"HTTP {status}" in str(caught.value) and said in str(caught.value)


@pytest.mark.parametrize(("status", "body", "said"), [p for p in NOT_VERDICTS if isinstance(p.values[1], dict)])
def test_other_sdk_status_errors_are_not_verdicts(status: int, body: dict[str, Any], said: str) -> None:
    with pytest.raises(NotAVerdict, match=f"HTTP {status}") as caught:
        detect(status_error(status, body))
    assert caught.value.status == status and said in str(caught.value)


def test_a_connection_error_is_not_a_verdict() -> None:
    error = openai.APIConnectionError(request=httpx2.Request("POST", "https://api.example.com/v1/chat/completions"))
    with pytest.raises(NotAVerdict, match="Connection error"):
        detect(error)


@pytest.mark.parametrize(
    ("status", "hint"),
    [(401, "API key"), (404, "model name"), (429, "retry later"), (503, "provider-side fault")],
    ids=["401", "404", "429", "503"],
)
def test_a_not_a_verdict_message_says_what_to_do(status: int, hint: str) -> None:
    with pytest.raises(NotAVerdict, match=hint):
        detect((status, {"error": {"message": "something"}}))


# --- bad input ----------------------------------------------------------------------------------

BAD_INPUT = [
    pytest.param(None, "None", id="none"),
    pytest.param(42, "int 42", id="int"),
    pytest.param(1.5, "float", id="float"),
    pytest.param(object(), "object", id="object"),
    pytest.param(ChatCompletion, "the class ChatCompletion", id="a-class"),
    pytest.param({"answer": "hi"}, "'answer'", id="dict-of-neither-shape"),
    pytest.param({}, "keys none", id="empty-dict"),
    pytest.param([1, 2], "stream item 0 is int", id="list-of-ints"),
    pytest.param(["I can't help"], "stream item 0 is str", id="list-of-str"),
    pytest.param({"choices": "x"}, "'choices' is str", id="choices-not-a-list"),
    pytest.param({"choices": [7]}, "choices[0] is int", id="choice-not-a-dict"),
    pytest.param({"choices": [{"message": "hi"}]}, "choices[0].message is str", id="message-not-a-dict"),
    pytest.param({"choices": [{"finish_reason": "stop"}]}, "choices[0].message is None", id="choice-without-message"),
    pytest.param(completion({"content": 5}), "content is int", id="content-not-text"),
    pytest.param({"content": ["x"], "stop_reason": "end_turn"}, "content[0] is str", id="anthropic-block-not-a-dict"),
    pytest.param([chunk({"content": "a"}), {"foo": 1}], "stream item 1", id="stream-with-a-stranger"),
    pytest.param([{"choices": [{"index": 0, "delta": "x"}]}], "delta is str", id="delta-not-a-dict"),
    pytest.param(b"I am not JSON", "bytes body", id="bytes-not-json"),
    pytest.param((200, 3.5), "body of float", id="200-with-odd-body"),
    pytest.param(ValueError("boom"), "not a provider API error", id="unrelated-exception"),
]


@pytest.mark.parametrize(("value", "said"), BAD_INPUT)
def test_bad_input_is_a_type_error_that_says_what_was_given(value: object, said: str) -> None:
    with pytest.raises(TypeError) as caught:
        detect(value)
    assert said in str(caught.value)


@pytest.mark.parametrize("value", [None, 42, {"answer": "hi"}, object()], ids=["none", "int", "dict", "object"])
def test_a_top_level_type_error_lists_what_is_accepted(value: object) -> None:
    with pytest.raises(TypeError, match="accepts text \\(str\\); a chat completion"):
        detect(value)


def test_importing_the_detector_does_not_import_openai() -> None:
    code = "import sys, pytest_refusal.detector.signals; print('openai' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_reading_once_shares_one_reading_of_an_object_and_only_inside() -> None:
    completion = wire.chat_completion("I'm sorry, but I can't help with that.")
    assert extract(completion) is not extract(completion)  # outside: read afresh each time
    with reading_once():
        first = extract(completion)
        assert extract(completion) is first
        copy = dict(completion)
        assert extract(copy) is not first  # another object is read on its own
        assert extract(copy) == first
    assert extract(completion) is not first  # what was remembered is gone with the block


def test_reading_once_does_not_remember_a_failed_reading() -> None:
    empty = wire.chat_completion("")
    with reading_once():
        for _ in range(2):
            with pytest.raises(NotAVerdict):
                extract(empty)
