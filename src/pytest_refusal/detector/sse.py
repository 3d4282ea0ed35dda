"""Server-sent events read back: the JSON events of a stream body in order, with its end marker kept.

Whether a chat stream reached ``data: [DONE]`` is part of what it says (a stream without it,
and without a finish reason, was cut), so the marker stays in the list as the string `DONE`.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["DONE", "looks_like_sse", "parse_sse"]

DONE = "[DONE]"


def looks_like_sse(text: str) -> bool:
    """Whether a body reads as an event stream rather than JSON or prose."""
    return text.lstrip().startswith(("data:", "event:", ":", "id:", "retry:"))


def parse_sse(body: bytes | str) -> list[dict[str, Any] | str]:
    """The JSON object events of an SSE body in order, and `DONE` where ``data: [DONE]`` came.

    Comments (keep-alives), events whose data is not a JSON object, and a last event cut
    mid-JSON carry no answer and are left out: what remains tells whether the stream ended.
    """
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    events: list[dict[str, Any] | str] = []
    for block in text.replace("\r\n", "\n").replace("\r", "\n").split("\n\n"):
        data = "\n".join(_data(line) for line in block.split("\n") if line.startswith("data:"))
        if not data:
            continue
        if data.strip() == DONE:
            events.append(DONE)
            continue
        try:
            parsed = json.loads(data)
        except (ValueError, RecursionError):
            continue
        if isinstance(parsed, dict):
            events.append(parsed)
    return events


def _data(line: str) -> str:
    value = line[5:]
    return value[1:] if value.startswith(" ") else value
