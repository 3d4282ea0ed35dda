"""Gemini `generateContent` and `streamGenerateContent`: candidates' parts, finish reasons and prompt feedback.

Parts with ``thought: true`` are reasoning, never judged; a ``functionCall`` or
``executableCode`` part means the model acted. The provider's own blocks are
``promptFeedback.blockReason`` (the prompt never reached the model) and a candidate's
safety-family ``finishReason``; ``MAX_TOKENS`` with no text is not a verdict. A stream is a
list of such responses, one per chunk (SSE events with ``alt=sse``, a JSON array without).
Only the first candidate is read (``candidateCount > 1``: see `split_choices`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pytest_refusal.detector.readers import expect, items_of, text_of
from pytest_refusal.detector.turn import Extracted, Turn, judge
from pytest_refusal.verdict import NotAVerdict

__all__ = ["BLOCK_FINISH_REASONS", "GeminiStream", "from_gemini", "is_gemini"]

_API = "Gemini response"
# Finish reasons by which the provider's filters, not the model, stopped the answer.
BLOCK_FINISH_REASONS = frozenset(
    {
        "SAFETY",
        "PROHIBITED_CONTENT",
        "BLOCKLIST",
        "SPII",
        "RECITATION",  # stopped for reciting protected material: the provider withheld the answer
        "IMAGE_SAFETY",
        "IMAGE_PROHIBITED_CONTENT",
        "IMAGE_RECITATION",
    }
)
_ACTING_PARTS = ("functionCall", "executableCode")


def is_gemini(d: Mapping[Any, Any]) -> bool:
    return "candidates" in d or "promptFeedback" in d or "usageMetadata" in d


def from_gemini(d: Mapping[Any, Any]) -> Extracted:
    stream = GeminiStream()
    stream.add(d, 0)
    return stream.turn()


def _blocked_prompt(d: Mapping[Any, Any]) -> str:
    feedback = d.get("promptFeedback")
    reason = text_of(feedback.get("blockReason")) if isinstance(feedback, Mapping) else ""
    return f"promptFeedback.blockReason={reason}" if reason and reason != "BLOCK_REASON_UNSPECIFIED" else ""


@dataclass
class GeminiStream:
    """Accumulates the first candidate over one response or a stream of chunks."""

    text: list[str] = field(default_factory=list)
    thoughts: list[str] = field(default_factory=list)
    acted: str = ""
    finish: str = ""
    blocked: str = ""
    candidates: bool = False
    index: object = None

    def add(self, chunk: Mapping[Any, Any], n: int) -> None:
        self.blocked = self.blocked or _blocked_prompt(chunk)
        for i, candidate in enumerate(items_of(chunk.get("candidates"), f"chunk {n} 'candidates'")):
            self._add_candidate(expect(candidate, Mapping, f"chunk {n} candidates[{i}]"), n)

    def _add_candidate(self, candidate: Mapping[Any, Any], n: int) -> None:
        index = candidate.get("index", 0)
        if self.index is None:
            self.index = index
        if index != self.index:  # only the first candidate is judged
            return
        self.candidates = True
        content = candidate.get("content")
        parts = items_of(content.get("parts"), f"chunk {n} content.parts") if isinstance(content, Mapping) else []
        for j, part in enumerate(parts):
            part = expect(part, Mapping, f"chunk {n} content.parts[{j}]")
            (self.thoughts if part.get("thought") is True else self.text).append(text_of(part.get("text")))
            self.acted = self.acted or next((name for name in _ACTING_PARTS if part.get(name)), "")
        self.finish = text_of(candidate.get("finishReason")) or self.finish

    def turn(self) -> Extracted:
        turn = Turn(_API, text="".join(self.text), reasoning="".join(self.thoughts), acted=self.acted)
        turn.limit_param = "generationConfig.maxOutputTokens"
        if self.blocked:
            turn.blocked = self.blocked
        elif self.finish in BLOCK_FINISH_REASONS:
            turn.blocked = f"finishReason={self.finish}"
        elif self.finish == "MAX_TOKENS":
            turn.limit = "finishReason='MAX_TOKENS'"
        elif self.finish:
            turn.finish = f"finishReason={self.finish!r}"
        elif not self.candidates:
            raise NotAVerdict(
                "not a verdict: the Gemini response has no candidates and no promptFeedback.blockReason says why: "
                "a provider fault, not a refusal. Run again; if it persists, check the provider or the model name.",
                reason="empty",
            )
        return judge(turn)

    def finish_turn(self, done: bool) -> Extracted:
        if not self.finish and not self.blocked:
            return judge(Turn(_API, truncated="no chunk with a finishReason"))
        return self.turn()
