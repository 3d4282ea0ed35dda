"""The Anthropic Messages API: a message's content blocks and stop reason, and its streamed events.

Text blocks are the answer; ``thinking`` and ``redacted_thinking`` blocks are reasoning, never
judged; a ``tool_use`` block (or a server or MCP tool block) means the model acted.
``stop_reason: refusal`` is the provider's own block (its streaming classifiers stop a turn
so, sometimes after some text); ``max_tokens`` with no text is not a verdict. Error bodies and
``error`` events go the way of every provider error (errors.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pytest_refusal.detector.readers import expect, text_of
from pytest_refusal.detector.turn import Extracted, Turn, judge

__all__ = ["EVENTS", "MessagesStream", "from_message", "is_message"]

_API = "Anthropic message"
_TOOL_BLOCKS = frozenset({"tool_use", "server_tool_use", "mcp_tool_use"})
_TOKEN_LIMIT_REASONS = frozenset({"max_tokens", "model_context_window_exceeded"})
# The stream's event types; others may be added by the API, and are skipped inside a Messages stream.
EVENTS = frozenset(
    {
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
        "ping",
    }
)


def is_message(d: Mapping[Any, Any]) -> bool:
    return isinstance(d.get("content"), list) and ("stop_reason" in d or d.get("type") == "message")


def from_message(d: Mapping[Any, Any]) -> Extracted:
    texts: list[str] = []
    thoughts: list[str] = []
    acted = ""
    for i, block in enumerate(d["content"]):
        block = expect(block, Mapping, f"content[{i}]")
        kind = text_of(block.get("type"))
        if kind == "text":
            texts.append(text_of(block.get("text")))
        elif kind == "thinking":
            thoughts.append(text_of(block.get("thinking")))
        elif kind in _TOOL_BLOCKS:
            acted = acted or kind
    return judge(_turn("".join(texts), "".join(thoughts), acted, text_of(d.get("stop_reason"))))


def _turn(text: str, reasoning: str, acted: str, stop: str) -> Turn:
    turn = Turn(_API, text=text, reasoning=reasoning, acted=acted)
    if stop == "refusal":
        turn.blocked = "stop_reason=refusal"
    elif stop in _TOKEN_LIMIT_REASONS:
        turn.limit = f"stop_reason={stop!r}"
    elif stop:
        turn.finish = f"stop_reason={stop!r}"
    return turn


@dataclass
class MessagesStream:
    """Accumulates a Messages stream: text and thinking deltas, tool blocks, the stop reason, and its end."""

    text: list[str] = field(default_factory=list)
    thinking: list[str] = field(default_factory=list)
    acted: str = ""
    stop: str = ""
    stopped: bool = False

    def add(self, event: Mapping[Any, Any], n: int) -> None:
        kind = text_of(event.get("type"))
        if kind == "content_block_start":
            block = expect(event.get("content_block"), Mapping, f"event {n} content_block")
            block_type = text_of(block.get("type"))
            self.acted = self.acted or (block_type if block_type in _TOOL_BLOCKS else "")
            self.text.append(text_of(block.get("text")))
            self.thinking.append(text_of(block.get("thinking")))
        elif kind == "content_block_delta":
            delta = expect(event.get("delta"), Mapping, f"event {n} delta")
            self.text.append(text_of(delta.get("text")))
            self.thinking.append(text_of(delta.get("thinking")))
        elif kind == "message_delta":
            delta = expect(event.get("delta"), Mapping, f"event {n} delta")
            self.stop = text_of(delta.get("stop_reason")) or self.stop
        elif kind == "message_stop":
            self.stopped = True

    def finish_turn(self, done: bool) -> Extracted:
        turn = _turn("".join(self.text), "".join(self.thinking), self.acted, self.stop)
        if not self.stop and not self.stopped:
            turn.truncated = "no message_stop event and no stop_reason"
        return judge(turn)
