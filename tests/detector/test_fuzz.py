"""Fuzzing: `detect` judges any text without raising, and rejects malformed shapes only with TypeError.

Example counts come from the profile in tests/conftest.py (10,000 in CI); a property too slow for
that many caps it with `at_most`, and says beside it what one example costs.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesisprofile import at_most

from pytest_refusal import Kind, NotAVerdict, Verdict, detect
from pytest_refusal.detector.reasoning import split_reasoning
from pytest_refusal.detector.signals import extract

# Near-miss cue fragments in many scripts: the inputs a cue table is most likely to trip on.
FRAGMENTS = [
    "I can",
    "I'm sorr",
    "I can't",
    "I cannot help",
    "Sorry, but",
    "As an AI",
    "I won't",
    "无法回",
    "抱歉",
    "我不能",
    "對不起",
    "無法",
    "申し訳",
    "お答えでき",
    "죄송하지만",
    "도와드릴 수",
    "Lo siento",
    "no puedo",
    "Je ne peux",
    "Désolé",
    "Es tut mir leid",
    "Ich kann nicht",
    "Mi dispiace",
    "Non posso",
    "Desculpe",
    "não posso",
    "Извините",
    "Я не могу",
    "لا أست",
    "عذرًا",
    "मैं नहीं",
    "क्षमा",
    "988",
    "hotline",
    "\u200b",
    "\u202e",
    "’",
    "＇",
    "，",
    "\ufeff",
]

SCRIPTS = st.characters(
    categories=["L", "M", "N", "P", "S", "Z", "Cc", "Cf"],  # every script, marks, digits, controls
)
ANY_CODE_POINT = st.characters(categories=["L", "M", "N", "P", "S", "Z", "C"])  # with surrogates and unassigned
CONTROLS = st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"])

TEXTS = st.one_of(
    st.text(),
    st.text(SCRIPTS),
    st.text(ANY_CODE_POINT, max_size=300),
    st.text(CONTROLS),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(SCRIPTS, max_size=8)), max_size=80).map("".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join),
)


def assert_valid(verdict: Verdict) -> None:
    assert isinstance(verdict, Verdict)
    assert isinstance(verdict.kind, Kind)
    assert 0.0 <= verdict.score <= 1.0
    assert isinstance(verdict.evidence, str)
    assert isinstance(verdict.language, str) and verdict.language


def judge_text(text: str) -> None:
    """A verdict for any text with an answer in it; NotAVerdict only for blank text or reasoning alone."""
    try:
        verdict = detect(text)
    except NotAVerdict:
        assert not split_reasoning(text).answer.strip()
        return
    assert_valid(verdict)


# ~7 ms an example, most of it drawing text: 10,000 took 70 s at the ci profile, 2,000 take ~14 s.
@at_most(2_000)
@given(TEXTS)
def test_detect_judges_any_text_without_raising(text: str) -> None:
    judge_text(text)


# Each example judges up to 120,000 repeated fragments (~5 ms, and long texts shrink slowly): 30 suffice.
@at_most(30)
@given(st.sampled_from(FRAGMENTS + ["I can", "无法回", "申し訳", "لا أست"]), st.integers(1_000, 120_000))
def test_detect_judges_huge_repetitive_text(fragment: str, times: int) -> None:
    assert_valid(detect(fragment * times))


# As above: texts of up to 150,000 characters; 30 examples suffice.
@at_most(30)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=30), st.integers(100, 5_000))
def test_detect_judges_huge_mixed_script_text(fragments: list[str], times: int) -> None:
    assert_valid(detect(" ".join(fragments) * times))


# --- malformed shapes ---------------------------------------------------------------------------

KEYS = st.sampled_from(
    [
        "choices",
        "message",
        "delta",
        "content",
        "refusal",
        "finish_reason",
        "tool_calls",
        "index",
        "text",
        "type",
        "stop_reason",
        "error",
        "code",
        "message",
        "detail",
        "innererror",
        "object",
    ]
)
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["content_filter", "refusal", "stop", "length", "max_tokens", "chat.completion.chunk", "error"]),
)
JSONISH = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.one_of(KEYS, st.text(max_size=5)), inner, max_size=5)
    ),
    max_leaves=25,
)
# Shapes that look almost right, so that the fuzzer reaches the readers behind the first checks.
NEAR_SHAPES = st.one_of(
    st.fixed_dictionaries(
        {"choices": st.lists(st.fixed_dictionaries({"message": JSONISH, "finish_reason": JSONISH}), max_size=2)}
    ),
    st.fixed_dictionaries(
        {"choices": st.lists(st.fixed_dictionaries({"delta": JSONISH, "index": JSONISH}), min_size=1, max_size=2)}
    ),
    st.fixed_dictionaries({"content": st.lists(JSONISH, max_size=3), "stop_reason": JSONISH}),
    st.fixed_dictionaries({"error": JSONISH}),
    st.fixed_dictionaries({"type": st.just("error"), "error": JSONISH}),
    # OpenAI Responses: a response, its output items, its streamed events
    st.fixed_dictionaries(
        {
            "object": st.just("response"),
            "status": st.one_of(st.sampled_from(["completed", "incomplete", "failed", "in_progress"]), JSONISH),
            "output": st.lists(
                st.fixed_dictionaries(
                    {
                        "type": st.sampled_from(["message", "reasoning", "function_call"]),
                        "content": JSONISH,
                        "summary": JSONISH,
                    }
                ),
                max_size=3,
            ),
            "incomplete_details": JSONISH,
            "error": JSONISH,
        }
    ),
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(
                [
                    "response.output_text.delta",
                    "response.refusal.delta",
                    "response.completed",
                    "response.incomplete",
                    "response.failed",
                    "response.output_item.added",
                ]
            ),
            "delta": JSONISH,
            "response": JSONISH,
            "item": JSONISH,
        }
    ),
    # Anthropic stream events
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(
                ["message_start", "content_block_start", "content_block_delta", "message_delta", "message_stop"]
            ),
            "delta": JSONISH,
            "content_block": JSONISH,
        }
    ),
    # Gemini responses and chunks
    st.fixed_dictionaries(
        {
            "candidates": st.one_of(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "content": st.one_of(
                                JSONISH,
                                st.fixed_dictionaries(
                                    {
                                        "parts": st.lists(
                                            st.fixed_dictionaries({"text": JSONISH, "thought": JSONISH}), max_size=3
                                        )
                                    }
                                ),
                            ),
                            "finishReason": st.one_of(st.sampled_from(["STOP", "SAFETY", "MAX_TOKENS"]), JSONISH),
                            "index": JSONISH,
                        }
                    ),
                    max_size=2,
                ),
                JSONISH,
            ),
            "promptFeedback": JSONISH,
        }
    ),
)
SHAPES = st.one_of(JSONISH, NEAR_SHAPES, st.lists(st.one_of(NEAR_SHAPES, JSONISH), max_size=5))


def judge_or_reject(value: object) -> None:
    """A verdict, a TypeError, or NotAVerdict (for error bodies and empty answers cut by a limit)."""
    try:
        verdict = detect(value)
    except (TypeError, NotAVerdict):
        return
    assert_valid(verdict)


# ~20 ms an example, nearly all of it drawing the nested shapes: 10,000 took 200 s at the ci profile, 1,500 ~30 s.
@at_most(1_500)
@given(SHAPES)
def test_malformed_dicts_and_lists_raise_only_type_error(value: Any) -> None:
    judge_or_reject(value)


# ~12 ms an example, nearly all of it drawing the nested bodies: 10,000 took 122 s at the ci profile, 1,500 ~18 s.
@at_most(1_500)
@given(st.integers(100, 599), st.one_of(JSONISH, NEAR_SHAPES, st.text(), st.binary()))
def test_any_status_and_body_pair_is_judged_or_rejected(status: int, body: Any) -> None:
    judge_or_reject((status, body))


@given(st.binary())
def test_any_bytes_are_judged_or_rejected(body: bytes) -> None:
    judge_or_reject(body)


def test_deeply_nested_json_bytes_are_rejected_cleanly() -> None:
    judge_or_reject(b"[" * 100_000)
    judge_or_reject((200, "{" + '"a":{' * 50_000))


# ~5.5 ms an example: 10,000 took 55 s at the ci profile, 2,000 ~11 s.
@at_most(2_000)
@given(st.lists(st.text(SCRIPTS, max_size=12), min_size=1, max_size=60))
def test_streamed_pieces_join_to_exactly_the_text(pieces: list[str]) -> None:
    chunks: list[object] = [
        {
            "object": "chat.completion.chunk",
            "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}],
        }
        for p in pieces
    ]
    joined = "".join(pieces)
    if split_reasoning(joined).answer.strip():
        extracted = extract([*chunks, "[DONE]"])
        assert (extracted.text, extracted.verdict) == (split_reasoning(joined).answer, None)
    else:
        with pytest.raises(NotAVerdict):
            extract([*chunks, "[DONE]"])
    with pytest.raises(NotAVerdict, match="truncated stream"):
        extract(chunks)  # no finish_reason and no [DONE]: cut before its end
