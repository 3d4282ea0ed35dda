"""The OpenAI Responses API: a response's output items and status, and its streamed events.

Message items carry ``output_text`` and ``refusal`` content parts; ``reasoning`` items are
never judged (they are kept as reasoning); a tool item (``function_call`` and every other
``*_call``) means the model acted. The status says the rest: ``incomplete`` with
``incomplete_details.reason: content_filter`` is a provider block, ``max_output_tokens`` with
no text is not a verdict, ``failed`` goes the way of every provider error. A stream's closing
event (``response.completed``, ``response.incomplete``, ``response.failed``) carries the final
response, which is preferred over the deltas that came before it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pytest_refusal.detector.errors import from_error
from pytest_refusal.detector.readers import expect, items_of, text_of
from pytest_refusal.detector.turn import Extracted, Turn, judge
from pytest_refusal.verdict import NotAVerdict

__all__ = ["ResponsesStream", "from_response", "is_response", "is_response_event"]

_API = "Responses"
_CLOSING_EVENTS = frozenset({"response.completed", "response.incomplete", "response.failed"})
_TEXT_DELTAS = {
    "response.output_text.delta": "text",
    "response.refusal.delta": "refusal",
    "response.reasoning_text.delta": "reasoning",
    "response.reasoning_summary_text.delta": "reasoning",
}
_ACTING_ITEMS = frozenset({"mcp_approval_request"})  # besides every "*_call" item


def is_response(d: Mapping[Any, Any]) -> bool:
    """A Responses API response object (what `responses.create` returns, or a stream's final response)."""
    return d.get("object") == "response" or (isinstance(d.get("output"), list) and "status" in d)


def is_response_event(d: Mapping[Any, Any]) -> bool:
    """A streamed Responses event ("response.output_text.delta", "response.completed", ...)."""
    kind = d.get("type")
    return isinstance(kind, str) and kind.startswith("response.")


def from_response(d: Mapping[Any, Any]) -> Extracted:
    status = text_of(d.get("status")) or "completed"
    if status == "failed" or d.get("error") is not None:
        return from_error(None, d.get("error") or {}, where=f"status={status} ", fallback="the response failed")
    if status in {"in_progress", "queued", "cancelled"}:
        raise NotAVerdict(
            f"not a verdict: the Responses response is {status}, not finished (a background response): "
            f"retrieve it once its status is completed, then judge that.",
            reason="empty" if status == "cancelled" else "truncated",
        )
    turn = Turn(_API, limit_param="max_output_tokens", refusal_signal="refusal content part")
    _read_output(turn, items_of(d.get("output"), "response 'output'"))
    if not turn.text and not turn.refusal:
        turn.text = text_of(d.get("output_text"))  # the SDK's convenience field, in dumps of its objects
    details = d.get("incomplete_details")
    reason = text_of(details.get("reason")) if isinstance(details, Mapping) else ""
    if reason == "content_filter":
        turn.blocked = "incomplete_details.reason=content_filter"
    elif reason == "max_output_tokens":
        turn.limit = "incomplete_details.reason='max_output_tokens'"
    else:
        turn.finish = f"status={status!r}"
    return judge(turn)


def _read_output(turn: Turn, output: list[Any]) -> None:
    texts: list[str] = []
    refusals: list[str] = []
    thoughts: list[str] = []
    for i, item in enumerate(output):
        item = expect(item, Mapping, f"output[{i}]")
        kind = text_of(item.get("type"))
        if kind == "message":
            for j, part in enumerate(items_of(item.get("content"), f"output[{i}].content")):
                part = expect(part, Mapping, f"output[{i}].content[{j}]")
                texts.append(text_of(part.get("text")) if part.get("type") == "output_text" else "")
                refusals.append(text_of(part.get("refusal")) if part.get("type") == "refusal" else "")
        elif kind == "reasoning":
            for name in ("summary", "content"):
                thoughts += [text_of(p.get("text")) for p in items_of(item.get(name), name) if isinstance(p, Mapping)]
        elif kind.endswith("_call") or kind in _ACTING_ITEMS:
            turn.acted = turn.acted or kind
    turn.text, turn.refusal, turn.reasoning = "".join(texts), "".join(refusals), "\n\n".join(t for t in thoughts if t)


@dataclass
class ResponsesStream:
    """Accumulates a Responses stream: deltas by kind, tool items, and the closing event's final response."""

    parts: dict[str, list[str]] = field(default_factory=lambda: {"text": [], "refusal": [], "reasoning": []})
    acted: list[dict[str, str]] = field(default_factory=list)
    final: Mapping[Any, Any] | None = None

    def add(self, event: Mapping[Any, Any], n: int) -> None:
        kind = text_of(event.get("type"))
        if kind in _CLOSING_EVENTS:
            self.final = expect(event.get("response"), Mapping, f"event {n} ({kind}) 'response'")
        elif kind in _TEXT_DELTAS:
            self.parts[_TEXT_DELTAS[kind]].append(text_of(event.get("delta")))
        elif kind == "response.output_item.added" and isinstance(event.get("item"), Mapping):
            item_type = text_of(event["item"].get("type"))
            if item_type.endswith("_call") or item_type in _ACTING_ITEMS:
                self.acted.append({"type": item_type})

    def finish_turn(self, done: bool) -> Extracted:
        """The final response when the stream closed with one; `done` ([DONE]) does not close a Responses stream."""
        if self.final is None:
            return judge(Turn(_API, truncated="no response.completed, response.incomplete or response.failed event"))
        if self.final.get("output"):
            return from_response(self.final)
        return from_response({**self.final, "output": self._output()})

    def _output(self) -> list[dict[str, Any]]:
        """Output items rebuilt from the deltas, for a server whose closing event leaves `output` empty."""
        text, refusal, reasoning = ("".join(self.parts[k]) for k in ("text", "refusal", "reasoning"))
        content = [{"type": "output_text", "text": text}, {"type": "refusal", "refusal": refusal}]
        summary = [{"type": "summary_text", "text": reasoning}]
        return [{"type": "reasoning", "summary": summary}, {"type": "message", "content": content}, *self.acted]
