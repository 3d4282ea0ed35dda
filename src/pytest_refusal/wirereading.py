"""Reading what a chat API sent back: the events of a stream, the form the detector accepts, the answer and the reasoning.

The inverse of `wire`'s builders, for recorded responses: `wire` re-exports every name here.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal, overload

if TYPE_CHECKING:
    from pytest_refusal.detector.turn import Extracted

# A body read as JSON that is not one JSON document (a stream, text, a cut body): not None, which is JSON's null.
NOT_JSON: Any = object()


@overload
def parse_sse(body: bytes | str, *, keep_done: Literal[False] = False) -> list[dict[str, Any]]: ...


@overload
def parse_sse(body: bytes | str, *, keep_done: bool) -> list[dict[str, Any] | str]: ...


def parse_sse(body: bytes | str, *, keep_done: bool = False) -> list[dict[str, Any]] | list[dict[str, Any] | str]:
    """The JSON events of an SSE body, in order; with `keep_done`, the string ``"[DONE]"`` where it came.

    Whether a chat stream reached ``data: [DONE]`` tells a finished stream from a cut one, so
    the form handed to the detector keeps it (`judgeable`); the events alone leave it out.
    """
    from pytest_refusal.detector.sse import parse_sse as parse

    events = parse(body)
    return events if keep_done else [e for e in events if isinstance(e, dict)]


def judgeable(status: int, headers: dict[str, str], body: bytes | str) -> object:
    """Turn one recorded HTTP response into what the detector accepts.

    A 4xx/5xx becomes `(status, body)`; an SSE stream becomes its list of event dicts, with
    ``"[DONE]"`` kept where it came; a JSON response of any supported API becomes its dict, a
    JSON array of chunks (Gemini's stream without SSE) its list. A success that holds no
    answer stays `(status, body)`: an empty or cut body, invalid JSON, a shape no API sends,
    empty output with no provider signal, a stream without events, cut before its end or
    ended by an error that is not a content filter, an error body sent with a 200. The
    detector calls each of those not a verdict from the pair alone (the raw body keeps all it
    needs, ``[DONE]`` included), where judging it as prose would invent one; the cassette
    does not keep it.
    """
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    if status >= 400:
        return (status, _loads_or_text(text))
    if "event-stream" in content_type or text.lstrip().startswith(("data:", "event:")):
        events = parse_sse(text, keep_done=True)
        return events if _holds_answer(events) else (status, text)
    parsed = _loads_or_text(text)
    return parsed if isinstance(parsed, (dict, list)) and _holds_answer(parsed) else (status, parsed)


def _holds_answer(response: object) -> bool:
    """Whether the detector reads `response` as an answer or a provider's verdict, not as a fault."""
    return _extracted(response) is not None


def _loads_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def assistant_text(response: object) -> str:
    """The assistant's final answer in a judgeable response (its text, or the refusal), "" when it holds none.

    Reasoning is never part of it (see `assistant_reasoning`).
    """
    extracted = _extracted(response)
    return extracted.text if extracted is not None else ""


def assistant_reasoning(response: object) -> str:
    """The reasoning a judgeable response carried beside its answer (think blocks, reasoning fields), or ""."""
    extracted = _extracted(response)
    return extracted.reasoning if extracted is not None else ""


def assistant_answer(response: object) -> tuple[str, str]:
    """`assistant_text` and `assistant_reasoning` from one reading of the response (a replayed item needs both)."""
    extracted = _extracted(response)
    return (extracted.text, extracted.reasoning) if extracted is not None else ("", "")


def _extracted(response: object) -> Extracted | None:
    from pytest_refusal.detector.signals import extract
    from pytest_refusal.verdict import NotAVerdict

    try:
        return extract(response)
    except (NotAVerdict, TypeError, ValueError, RecursionError):
        return None
