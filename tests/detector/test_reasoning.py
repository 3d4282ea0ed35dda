"""Reasoning is never judged: think blocks and reasoning fields are set apart, the final answer decides."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from probes import cases

from pytest_refusal import Kind, NotAVerdict, detect
from pytest_refusal.detector.reasoning import Split, split_reasoning
from pytest_refusal.detector.signals import extract
from pytest_refusal.detector.text import classify_text

ANSWER = "Paris is the capital of France."
REFUSAL = "I'm sorry, but I can't help with that."
# Reasoning that reads as a refusal: judged, it would turn an answer into one.
DOUBT = "I can't help with weapons. But the user asks about geography, which is fine."

SPLITS = [
    pytest.param(f"<think>\n{DOUBT}\n</think>\n\n{ANSWER}", Split(ANSWER, DOUBT), id="think-block"),
    pytest.param(f"◁think▷{DOUBT}◁/think▷{ANSWER}", Split(ANSWER, DOUBT), id="kimi-think-block"),
    pytest.param(f"<thinking>{DOUBT}</thinking>\n{ANSWER}", Split(ANSWER, DOUBT), id="thinking-block"),
    pytest.param(f"[THINK]{DOUBT}[/THINK]{ANSWER}", Split(ANSWER, DOUBT), id="magistral-think-block"),
    pytest.param(f"<seed:think>{DOUBT}</seed:think>{ANSWER}", Split(ANSWER, DOUBT), id="seed-think-block"),
    pytest.param(f"  \n<think>{DOUBT}</think>{ANSWER}", Split(ANSWER, DOUBT), id="leading-whitespace"),
    pytest.param(
        f"<think>first</think><think>second</think>{ANSWER}", Split(ANSWER, "first\n\nsecond"), id="two-leading-blocks"
    ),
    pytest.param(f"<think></think>\n\n{ANSWER}", Split(ANSWER), id="empty-think-block-qwen3-no-think"),
    pytest.param(f"{DOUBT}\n</think>\n\n{ANSWER}", Split(ANSWER, DOUBT), id="opening-marker-in-the-template"),
    pytest.param(f"<think>{DOUBT}", Split("", DOUBT, unclosed=True), id="unclosed-block"),
    pytest.param(
        f"{ANSWER} Tags like <think>x</think> wrap reasoning.",
        Split(f"{ANSWER} Tags like <think>x</think> wrap reasoning."),
        id="tag-quoted-later-is-the-answer",
    ),
    pytest.param(ANSWER, Split(ANSWER), id="no-reasoning"),
]


@pytest.mark.parametrize(("text", "split"), SPLITS)
def test_leading_reasoning_blocks_are_set_apart(text: str, split: Split) -> None:
    assert split_reasoning(text) == split


def test_a_refusal_the_model_considered_is_not_its_answer() -> None:
    text = f"<think>{DOUBT}</think>{ANSWER}"
    assert classify_text(DOUBT).kind is not Kind.COMPLY  # the reasoning alone reads as a refusal
    assert detect(text) == classify_text(ANSWER)


def test_an_answer_the_model_considered_is_not_its_answer_either() -> None:
    text = f"<think>I could explain how it works: {ANSWER}</think>{REFUSAL}"
    assert detect(text).kind is Kind.REFUSE


def test_the_reasoning_is_kept_for_a_reviewer() -> None:
    extracted = extract(f"<think>{DOUBT}</think>{ANSWER}")
    assert (extracted.text, extracted.reasoning) == (ANSWER, DOUBT)


def completion(message: dict[str, Any], finish: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1_760_000_000,
        "model": "deepseek-reasoner",
        "choices": [
            {"index": 0, "message": {"role": "assistant", **message}, "finish_reason": finish, "logprobs": None}
        ],
    }


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "c",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


CHAT_REASONING = [
    pytest.param(completion({"content": ANSWER, "reasoning_content": DOUBT}), id="deepseek-kimi-reasoning-content"),
    pytest.param(completion({"content": ANSWER, "reasoning": DOUBT}), id="vllm-openrouter-reasoning"),
    pytest.param(completion({"content": f"<think>\n{DOUBT}\n</think>\n\n{ANSWER}"}), id="qwen3-think-in-content"),
    pytest.param(completion({"content": f"◁think▷{DOUBT}◁/think▷{ANSWER}"}), id="kimi-think-in-content"),
    pytest.param(
        [
            chunk({"role": "assistant", "content": None, "reasoning_content": ""}),
            chunk({"reasoning_content": DOUBT[:20]}),
            chunk({"reasoning_content": DOUBT[20:]}),
            chunk({"content": ANSWER}),
            chunk({}, "stop"),
        ],
        id="deepseek-stream-reasoning-deltas",
    ),
    pytest.param(
        [chunk({"reasoning": DOUBT}), chunk({"content": ANSWER}), chunk({}, "stop")], id="vllm-stream-reasoning-deltas"
    ),
    pytest.param(
        [
            chunk({"content": "<think>"}),
            chunk({"content": DOUBT}),
            chunk({"content": "</think>"}),
            chunk({"content": ANSWER}),
            chunk({}, "stop"),
        ],
        id="stream-think-in-content",
    ),
]


@pytest.mark.parametrize("response", CHAT_REASONING)
def test_chat_reasoning_is_never_judged(response: Any) -> None:
    extracted = extract(response)
    assert (extracted.text, extracted.reasoning) == (ANSWER, DOUBT)
    assert detect(response) == classify_text(ANSWER)


def test_sdk_objects_keep_the_reasoning_field_through_model_dump() -> None:
    body = completion({"content": ANSWER, "reasoning_content": DOUBT})
    assert extract(ChatCompletion.model_validate(body)).reasoning == DOUBT
    chunks = [
        ChatCompletionChunk.model_validate(c)
        for c in [chunk({"reasoning_content": DOUBT}), chunk({"content": ANSWER}), chunk({}, "stop")]
    ]
    assert extract(chunks).reasoning == DOUBT


NO_ANSWER = [
    pytest.param(
        completion({"content": f"<think>{DOUBT}"}, "length"),
        "token_limit",
        "Raise max_tokens",
        id="unclosed-think-at-length",
    ),
    pytest.param(
        completion({"content": f"<think>{DOUBT}"}), "reasoning", "unclosed think block", id="unclosed-think-at-stop"
    ),
    pytest.param(
        completion({"content": "", "reasoning_content": DOUBT}, "length"),
        "token_limit",
        "it was spent on reasoning",
        id="reasoning-content-only-at-length",
    ),
    pytest.param(
        completion({"content": "", "reasoning_content": DOUBT}),
        "empty",
        "holds reasoning but no answer",
        id="reasoning-content-only-at-stop",
    ),
    pytest.param(
        completion({"content": f"<think>{DOUBT}</think>"}),
        "empty",
        "holds reasoning but no answer",
        id="closed-think-with-nothing-after",
    ),
    pytest.param(f"◁think▷{DOUBT}", "reasoning", "unclosed think block", id="text-unclosed-kimi-block"),
]


@pytest.mark.parametrize(("response", "reason", "said"), NO_ANSWER)
def test_reasoning_with_no_answer_is_not_a_verdict(response: Any, reason: str, said: str) -> None:
    with pytest.raises(NotAVerdict, match=said) as caught:
        detect(response)
    assert caught.value.reason == reason


def test_classify_text_reads_the_answer_only() -> None:
    assert classify_text(f"<think>{DOUBT}</think>{ANSWER}") == classify_text(ANSWER)
    with pytest.raises(NotAVerdict, match="only reasoning") as caught:
        classify_text(f"<think>{DOUBT}</think>  ")
    assert caught.value.reason == "reasoning"


def test_a_refusal_field_still_decides_beside_reasoning() -> None:
    verdict = detect(completion({"content": None, "refusal": REFUSAL, "reasoning_content": "Policy says no."}))
    assert (verdict.kind, verdict.evidence) == (Kind.REFUSE, "message.refusal")


# Every probe of the robustness table (every language, every structure), behind each reasoning
# shape a model may emit: the verdict is the one the answer alone gets, to the evidence and score.
TRACES = {
    "think-block": f"<think>\n{DOUBT} 我无法回答。\n</think>\n\n",
    "kimi-think-block": f"◁think▷{DOUBT}◁/think▷",
    "thinking-block": f"<thinking>{DOUBT}</thinking>\n",
    "magistral-think-block": f"[THINK]{DOUBT}[/THINK]",
    "seed-think-block": f"<seed:think>请注意这是违法的。{DOUBT}</seed:think>",
    "opening-marker-in-the-template": f"{DOUBT}\n</think>\n\n",
}


@pytest.mark.parametrize("trace", list(TRACES.values()), ids=list(TRACES))
def test_an_answer_after_its_reasoning_reads_as_the_answer_alone(trace: str) -> None:
    changed = [
        (language, structure) for language, structure, reply, _ in cases() if detect(trace + reply) != detect(reply)
    ]
    assert not changed
