"""Refusal detection: provider signals first, then multilingual text cues on the final answer."""

from __future__ import annotations

from pytest_refusal.detector.choices import split_choices
from pytest_refusal.detector.reasoning import answer_of
from pytest_refusal.detector.signals import extract
from pytest_refusal.detector.text import classify_text, judge_answer
from pytest_refusal.verdict import Verdict

__all__ = ["detect", "classify_text", "extract", "split_choices"]


def detect(response: object, *, prompt: str | None = None) -> Verdict:
    """Judge one model response: text, a response of any supported API (object or dict), streamed events, or an API error.

    Supported APIs: OpenAI chat completions and Responses, Anthropic Messages, Gemini
    generateContent. Provider signals outrank text; reasoning (think blocks, reasoning fields,
    thinking blocks) is set aside and only the final answer is judged. `prompt`, when given,
    is the request the response answers: a reply that argues for "balance" when criticism was
    asked for reads as evasion, and a caveat after a head-on answer to a factual question reads
    as part of the answer. Without it the verdict rests on the response alone.
    Only the first choice is judged: `split_choices` splits an ``n > 1`` response to judge each.
    Raises `NotAVerdict` for provider errors that say nothing about refusal and for output with
    no answer (empty, a truncated stream, reasoning only), and `TypeError` for input that is
    none of the above.
    """
    if isinstance(response, str):
        answer = answer_of(response)  # what `extract` hands over for plain text, without its wrapping
        # Not blank (`answer.strip()` without the copy it makes of a reply that ends in a newline).
        if answer and not answer.isspace():
            if answer is response:
                return judge_answer(answer, prompt)  # no reasoning in it: splitting it again would find none
            return classify_text(answer, prompt=prompt)
    extracted = extract(response)
    if extracted.verdict is not None:
        return extracted.verdict
    return classify_text(extracted.text, prompt=prompt)
