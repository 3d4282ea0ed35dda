"""Provider signals in every wire format: what a response says before anyone reads its text.

`extract` turns whatever the user holds into the final answer's text, the reasoning set apart
from it, and, when the provider itself decided, a verdict. It reads text; OpenAI chat
completions and chunks (chat.py); OpenAI Responses objects and events (responses.py);
Anthropic messages and events (messages.py); Gemini responses and chunk arrays (gemini.py);
SDK objects of any of these (through ``model_dump()``); API errors; and raw ``(status, body)``
pairs or bytes. Provider signals outrank text (DESIGN.md §1): a refusal field or part means
refuse; a content-filter finish reason, stop reason, block reason or error means blocked.

Never a verdict (`NotAVerdict`): errors that say nothing about refusal, output with no answer
and no provider signal (no choices, empty content, an empty stream), a stream cut before its
end, reasoning with no answer after it. `TypeError` is kept for input that is no response at
all. Only the first choice of a multi-choice completion or stream is judged; `split_choices`
hands each choice over on its own. openai is never imported here: its objects are read through
``model_dump()`` and its exceptions by attribute.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from pytest_refusal.detector import chat, gemini, messages, responses
from pytest_refusal.detector.errors import from_error, is_error_event
from pytest_refusal.detector.readers import as_mapping, describe, is_api_error, is_status
from pytest_refusal.detector.sse import DONE, looks_like_sse, parse_sse
from pytest_refusal.detector.turn import Extracted, Turn, judge, signal
from pytest_refusal.verdict import Kind, NotAVerdict

__all__ = ["ACCEPTED", "Extracted", "extract", "parse_body", "reading_once", "stream_items"]

ACCEPTED = (
    "text (str); a chat completion, a Responses response, an Anthropic message or a Gemini response "
    "(an SDK object or its JSON dict); streamed events (a list or iterable of chat chunks, Responses "
    'events, Anthropic events or Gemini chunks, as objects or dicts, optionally ending in "[DONE]"); '
    "an openai or anthropic APIError; a (status, body) pair whose body is a dict, list, str or bytes; "
    "or bytes of a JSON or SSE body"
)

_FILTER_FINISH = 0.98


class _StreamReader(Protocol):
    def add(self, event: Mapping[Any, Any], n: int) -> None: ...

    def finish_turn(self, done: bool) -> Extracted: ...


# Inside `reading_once`: what `extract` read, by the identity of the object it was given (kept alive here,
# so an id is never reused while it is remembered).
_READ: ContextVar[dict[int, tuple[object, Extracted]] | None] = ContextVar("pytest_refusal_read", default=None)


@contextmanager
def reading_once() -> Iterator[None]:
    """Within: `extract` reads each response object once, however many times it is asked.

    Judging one recorded answer reads it three times (is it an answer at all, the verdict, the text
    for the report); with this the three share one reading. Only for objects nobody changes in
    between: the plugin holds them from the cassette to the verdict. Outside, `extract` reads afresh.
    """
    token = _READ.set({})
    try:
        yield
    finally:
        _READ.reset(token)


def extract(response: object) -> Extracted:
    """Read one response in any supported shape; raise TypeError for anything else."""
    read = _READ.get()
    if read is None:
        return _extract(response)
    kept = read.get(id(response))
    if kept is not None and kept[0] is response:
        return kept[1]
    extracted = _extract(response)
    read[id(response)] = (response, extracted)
    return extracted


def _extract(response: object) -> Extracted:
    if isinstance(response, str):
        return judge(Turn("reply", text=response))
    if isinstance(response, (bytes, bytearray, memoryview)):
        return _from_parsed(parse_body(bytes(response)), None, "a bytes body")
    if isinstance(response, BaseException):
        return _from_exception(response)
    if isinstance(response, tuple) and len(response) == 2 and is_status(response[0]):
        return _from_status(response[0], response[1])
    mapping = as_mapping(response)
    if mapping is not None:
        return _from_mapping(mapping, None)
    if isinstance(response, Iterable):
        return _from_stream(response)
    raise TypeError(f"cannot judge {describe(response)}; detect() accepts {ACCEPTED}")


# --- shapes -------------------------------------------------------------------------------


def _from_mapping(d: Mapping[Any, Any], status: int | None) -> Extracted:
    """Tell the APIs' responses, stream events and error bodies apart by their keys."""
    where = f"HTTP {status} " if status else ""
    if responses.is_response(d):
        return responses.from_response(d)
    if gemini.is_gemini(d) and d.get("error") is None:
        return gemini.from_gemini(d)
    if d.get("choices") is None and d.get("error") is not None:
        # An error sent with HTTP 200 (some gateways do), read by the SDK as a completion without choices.
        return from_error(status, d, where=where)
    if "choices" in d:
        return _from_stream([d]) if chat.is_chunk(d) else chat.from_completion(d)
    if is_error_event(d) or _is_bare_error(d):
        return from_error(status, d, where=where)
    if messages.is_message(d):
        return messages.from_message(d)
    if _stream_format(d) is not None:
        return _from_stream([d])  # one event of a stream
    keys = ", ".join(repr(k) for k in list(d)[:8]) or "none"
    raise TypeError(
        f"cannot judge a dict with keys {keys}: it is neither a chat completion ('choices'), a Responses "
        f"response ('output' and 'status'), an Anthropic message ('content' list and 'stop_reason'), a Gemini "
        f"response ('candidates' or 'promptFeedback'), nor an error body ('error'); detect() accepts {ACCEPTED}"
    )


def _stream_format(event: Mapping[Any, Any]) -> str | None:
    """Which API's stream an event belongs to, or None for a dict that is no stream event."""
    if "choices" in event:
        return "chat"
    if responses.is_response_event(event):
        return "responses"
    if gemini.is_gemini(event):
        return "gemini"
    if event.get("type") in messages.EVENTS:
        return "messages"
    return None


_READERS: dict[str, type[_StreamReader]] = {
    "chat": chat.ChatStream,
    "responses": responses.ResponsesStream,
    "gemini": gemini.GeminiStream,
    "messages": messages.MessagesStream,
}


def _from_stream(items: Iterable[object]) -> Extracted:
    """Read streamed events; a mid-stream error (event or SDK exception) decides on its own."""
    stream = _Stream()
    for n, item in enumerate(stream_items(items)):
        decided = stream.add(item, n)
        if decided is not None:
            return decided
    return stream.finish()


@dataclass
class _Stream:
    """One stream being read: the reader of its API (chosen by its first event) and whether [DONE] came."""

    reader: _StreamReader | None = None
    kind: str = ""
    done: bool = False

    def add(self, item: object, n: int) -> Extracted | None:
        """Feed one item; an error that decides the whole stream comes back at once."""
        if isinstance(item, BaseException):
            return _from_exception(item)
        if item == DONE:
            self.done = True
            return None
        event = as_mapping(item)
        if event is None:
            raise TypeError(
                f"stream item {n} is {describe(item)}, not a stream event; streams hold chat chunks, Responses "
                f"events, Anthropic events or Gemini chunks (objects or dicts), and may end in {DONE!r}"
            )
        if is_error_event(event):
            return from_error(None, event, where="stream ")
        found = _stream_format(event)
        if found is None and self.kind == "messages" and isinstance(event.get("type"), str):
            return None  # an event type the Messages API added since: it carries nothing that is judged
        self._reader(found, event, n).add(event, n)
        return None

    def _reader(self, found: str | None, event: Mapping[Any, Any], n: int) -> _StreamReader:
        if found is None:
            keys = ", ".join(repr(k) for k in list(event)[:8]) or "none"
            raise TypeError(
                f"stream item {n} is a dict with keys {keys} (type {event.get('type')!r}), not a stream event"
            )
        if self.reader is None:
            self.reader, self.kind = _READERS[found](), found
        elif found != self.kind:
            raise TypeError(
                f"stream item {n} is a {found} event in a {self.kind} stream: one stream holds one API's events"
            )
        return self.reader

    def finish(self) -> Extracted:
        if self.reader is None:
            only_done = " (only data: [DONE])" if self.done else ""
            raise NotAVerdict(
                f"not a verdict: the stream holds no events{only_done}: the provider sent no answer, or the "
                "stream was already consumed before it was judged.",
                reason="empty",
            )
        return self.reader.finish_turn(self.done)


def stream_items(items: Iterable[object]) -> Iterator[object]:
    """The stream's items; an SDK API error raised while iterating becomes the last item."""
    iterator = iter(items)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # the SDKs raise mid-stream errors while iterating
            if not is_api_error(exc):
                raise
            yield exc
            return
        yield item


# --- errors, status pairs and raw bodies ---------------------------------------------------


def _from_exception(exc: BaseException) -> Extracted:
    """openai and anthropic exceptions, read by attribute so that neither SDK need be imported."""
    openai = sys.modules.get("openai")
    if openai is not None and isinstance(exc, openai.ContentFilterFinishReasonError):
        return signal(Kind.BLOCKED, _FILTER_FINISH, "finish_reason=content_filter", "")
    if openai is not None and isinstance(exc, openai.LengthFinishReasonError):
        return extract(exc.completion)
    if not is_api_error(exc):
        raise TypeError(
            f"cannot judge {describe(exc)}: it is not a provider API error (openai.APIError "
            f"with .body); detect() accepts {ACCEPTED}"
        )
    status = getattr(exc, "status_code", None)
    status = status if is_status(status) else None
    body = getattr(exc, "body", None)
    message = getattr(exc, "message", None)
    fallback = message if isinstance(message, str) else str(exc)
    where = f"HTTP {status} " if status is not None else "stream " if body is not None else ""
    return from_error(status, parse_body(body), where=where, fallback=fallback)


def _from_status(status: int, body: object) -> Extracted:
    parsed = parse_body(body)
    if not 200 <= status < 300:
        return from_error(status, parsed, where=f"HTTP {status} ")
    try:
        return _from_parsed(parsed, status, f"an HTTP {status} body")
    except TypeError as exc:
        # A success status with no answer in it is a broken provider or proxy, not a misuse of
        # detect(): report it like any fault, so a test can never pass on it.
        raise NotAVerdict(
            f"not a verdict: the HTTP {status} response holds no answer in any supported API's shape ({exc})",
            status=status,
            reason="empty",
        ) from None


def _from_parsed(parsed: object, status: int | None, what: str) -> Extracted:
    if isinstance(parsed, Mapping):
        return _from_mapping(parsed, status)
    if isinstance(parsed, list):
        return _from_stream(parsed)
    raise TypeError(f"cannot judge {what} that is not JSON nor an SSE stream; detect() accepts {ACCEPTED}")


def parse_body(body: object) -> object:
    """Decode a raw body: JSON, an SSE stream (a list of its events, `DONE` kept), or the text as it came."""
    if isinstance(body, (bytes, bytearray, memoryview)):
        body = bytes(body).decode("utf-8", errors="replace")
    if body is None or isinstance(body, (Mapping, list)):
        return body
    if not isinstance(body, str):
        raise TypeError(f"cannot read a body of {describe(body)}; bodies are dict, list, str or bytes")
    stripped = body.strip()
    if looks_like_sse(stripped):
        return parse_sse(stripped)
    if stripped.startswith(("{", "[")):
        try:
            return json.loads(stripped)
        except (ValueError, RecursionError):
            return body
    return body


def _is_bare_error(d: Mapping[Any, Any]) -> bool:
    """Error bodies without an 'error' key: DeepSeek's {'detail': ...}, DashScope's native {'code', 'message'}."""
    return isinstance(d.get("detail"), str) or (isinstance(d.get("message"), str) and "code" in d)
