"""OpenAI-compatible chat completions and their streamed chunks, as every chat API sends them.

Only the first choice is read (``n > 1``: see `split_choices`, which hands each choice over
on its own). The reasoning fields of DeepSeek, Kimi, Qwen3, vLLM and OpenRouter
(``reasoning_content``, ``reasoning``) are kept apart from the content and never judged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pytest_refusal.detector.readers import content_text, expect, text_of
from pytest_refusal.detector.turn import Extracted, Turn, judge
from pytest_refusal.verdict import NotAVerdict

__all__ = ["ChatStream", "from_completion", "is_chunk"]

_TOKEN_LIMIT_REASONS = frozenset({"length", "max_tokens", "model_context_window_exceeded"})
_BLOCK_REASONS = frozenset({"content_filter", "refusal"})
_REASONING_FIELDS = ("reasoning_content", "reasoning")


def is_chunk(d: Mapping[Any, Any]) -> bool:
    """A chat.completion.chunk rather than a whole completion."""
    if d.get("object") == "chat.completion.chunk":
        return True
    choices = d.get("choices")
    return isinstance(choices, list) and bool(choices) and isinstance(choices[0], Mapping) and "delta" in choices[0]


def from_completion(d: Mapping[Any, Any]) -> Extracted:
    choices = expect(d.get("choices"), list, "completion 'choices'")
    if not choices:
        blocked = prompt_filtered(d)
        if blocked:
            return judge(Turn("chat completion", blocked=blocked))
        raise NotAVerdict(
            "not a verdict: the chat completion has no choices (choices: []) and no provider signal says why: "
            "a provider fault, not a refusal. Run again; if it persists, check the provider or the base_url.",
            reason="empty",
        )
    choice = expect(choices[0], Mapping, "choices[0]")
    message = choice.get("message")
    if message is None and isinstance(choice.get("text"), str):  # legacy /v1/completions
        message = {"content": choice["text"]}
    message = expect(message, Mapping, "choices[0].message")
    turn = Turn(
        "chat completion",
        text=content_text(message.get("content"), "choices[0].message.content"),
        reasoning=_reasoning(message),
        refusal=text_of(message.get("refusal")),
        acted="tool_calls" if message.get("tool_calls") or message.get("function_call") else "",
    )
    _finish(turn, text_of(choice.get("finish_reason")))
    return judge(turn)


def prompt_filtered(d: Mapping[Any, Any]) -> str:
    """Azure OpenAI's `prompt_filter_results`: the evidence when a category filtered the prompt, else ""."""
    results = d.get("prompt_filter_results")
    for result in results if isinstance(results, list) else []:
        categories = result.get("content_filter_results") if isinstance(result, Mapping) else None
        for name, verdict in categories.items() if isinstance(categories, Mapping) else ():
            if isinstance(verdict, Mapping) and verdict.get("filtered") is True:
                return f"prompt_filter_results.{name}.filtered=true"
    return ""


def _finish(turn: Turn, reason: str) -> None:
    if reason in _BLOCK_REASONS:
        turn.blocked = f"finish_reason={reason}"
    elif reason in _TOKEN_LIMIT_REASONS:
        turn.limit = f"finish_reason={reason!r}"
    elif reason:
        turn.finish = f"finish_reason={reason!r}"


def _reasoning(message: Mapping[Any, Any]) -> str:
    return "".join(text_of(message.get(name)) for name in _REASONING_FIELDS)


@dataclass
class ChatStream:
    """Accumulates the deltas of the first choice of a chat stream (joined once, so linear in size)."""

    text: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    refusal: list[str] = field(default_factory=list)
    acted: bool = False
    finish: str = ""
    blocked: str = ""
    index: object = None

    def add(self, event: Mapping[Any, Any], n: int) -> None:
        self.blocked = self.blocked or prompt_filtered(event)
        for i, choice in enumerate(expect(event["choices"], list, f"chunk {n} 'choices'")):
            self._add_choice(expect(choice, Mapping, f"chunk {n} choices[{i}]"), n)

    def _add_choice(self, choice: Mapping[Any, Any], n: int) -> None:
        index = choice.get("index", 0)
        if self.index is None:
            self.index = index
        if index != self.index:  # only the first choice is judged
            return
        delta = choice.get("delta")
        if delta is not None:
            delta = expect(delta, Mapping, f"chunk {n} delta")
            self.text.append(content_text(delta.get("content"), f"chunk {n} delta.content"))
            self.reasoning.append(_reasoning(delta))
            self.refusal.append(text_of(delta.get("refusal")))
            self.acted |= bool(delta.get("tool_calls") or delta.get("function_call"))
        self.finish = text_of(choice.get("finish_reason")) or self.finish

    def finish_turn(self, done: bool) -> Extracted:
        """The turn the stream carried; `done` is whether ``data: [DONE]`` came."""
        turn = Turn(
            "chat completion",
            text="".join(self.text),
            reasoning="".join(self.reasoning),
            refusal="".join(self.refusal),
            acted="tool_calls" if self.acted else "",
            blocked=self.blocked,
        )
        if not self.finish and not done:
            turn.truncated = "no chunk with a finish_reason and no data: [DONE]"
        _finish(turn, self.finish)
        return judge(turn)
