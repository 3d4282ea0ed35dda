"""The scripted server's script: what a request looked like (`Received`) and what the server does with it (`Reply`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from pytest_refusal import apis, apiwire, wire


@dataclass(frozen=True)
class Received:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    target: str = ""  # the request target as sent, query string included

    @property
    def json(self) -> Any:
        """The JSON body, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def api(self) -> apis.Api | None:
        """The model API the path calls (None for any other path)."""
        return apis.api_of(self.path)

    @property
    def stream(self) -> bool:
        return apis.streams(self.api, self.path, self.json)

    @property
    def sse(self) -> bool:
        """Whether a stream is framed as server-sent events (Gemini streams a JSON array unless `alt=sse`)."""
        return self.api is not apis.Api.GEMINI or apis.sse_requested(self.target.partition("?")[2])

    @property
    def model(self) -> str:
        return apis.request_model(self.api, self.path, self.json) or "scripted"

    @property
    def prompt(self) -> str:
        """The last user turn, in whichever API the request was sent."""
        return apis.prompt_of(self.api, self.json)

    @property
    def is_judge(self) -> bool:
        """A request of the LLM judge (it carries `apis.JUDGE_HEADER`)."""
        return apis.is_judge_request(self.headers)

    @property
    def judged(self) -> dict[str, str] | None:
        """For a judge request of the chat API: the fenced request and response it asks about (see `judge.prompt`)."""
        from pytest_refusal.judge.prompt import fenced

        messages = (self.json or {}).get("messages") if isinstance(self.json, dict) else None
        for message in messages if isinstance(messages, list) else []:
            if isinstance(message, dict) and message.get("role") == "user" and isinstance(message.get("content"), str):
                found = fenced(message["content"])
                if found is not None:
                    return found
        return None


Builder = Callable[[Received], wire.WireResponse]


@dataclass(frozen=True)
class Reply:
    """What the server does with one model request.

    `build` makes the response from the request (so it can stream when asked to); `None`
    resets the connection instead. `delay` waits before answering (latency, timeouts);
    `set_cookie` adds a Set-Cookie header; `echo_headers` copies every request header back as
    `x-echo-<name>` (a leak a cassette audit must catch); `gzip` compresses the body.
    `cut_after` sends only that share (0..1) of the body, then resets the connection: a
    provider that dies mid-answer or mid-stream. `trickle` sends the body one byte at a time,
    that many seconds apart (a slow proxy); `keepalive` answers a stream with nothing but SSE
    comments, that many seconds apart, until the client hangs up (a stalled model).
    """

    build: Builder | None
    delay: float = 0.0
    set_cookie: str | None = None
    echo_headers: bool = False
    gzip: bool = False
    headers: tuple[tuple[str, str], ...] = ()
    cut_after: float | None = None
    trickle: float | None = None
    keepalive: float | None = None

    def but(self, **changes: Any) -> Reply:
        """A copy with some fields changed: `refusal("refuse").but(delay=0.2, gzip=True)`."""
        return replace(self, **changes)


def refusal(kind: str = "refuse", language: str = "en", shape: str | None = None) -> Reply:
    """A refusal of `kind` in `language` and `shape` (see `pytest_refusal.wire.Shape`), in the format of the API asked."""
    wire.refusal_response(kind, language, shape)  # fail here, at scripting time, on a bad combination
    return Reply(
        lambda r: apiwire.api_refusal(_api(r), kind, language, shape, stream=r.stream, sse=r.sse, model=r.model)
    )


def answer(text: str | None = None, language: str = "en") -> Reply:
    """A plain answer (the canned compliant text in `language` unless `text` is given), in the format of the API asked."""
    content = text if text is not None else wire.refusal_text("comply", language)
    return Reply(lambda r: apiwire.api_answer(_api(r), content, stream=r.stream, sse=r.sse, model=r.model))


def judge_says(kind: str, reason: str = "scripted judge") -> Reply:
    """A judge's answer in its schema: `{"kind": kind, "reason": reason}` as the assistant's text."""
    return answer(json.dumps({"kind": kind, "reason": reason}))


def judge_by(rule: Callable[[str, str], str]) -> Reply:
    """A judge that answers `rule(request, response)` (the assistant's text) for the fenced texts it was asked about.

    The rule reads the texts as the judge prompt fenced them; a request with no fenced data
    (not a judge request) gets `rule("", "")`.
    """

    def build(r: Received) -> wire.WireResponse:
        found = r.judged or {"request": "", "response": ""}
        return apiwire.api_answer(
            _api(r), rule(found["request"], found["response"]), stream=r.stream, sse=r.sse, model=r.model
        )

    return Reply(build)


def _api(received: Received) -> str:
    return (received.api or apis.Api.CHAT).value


def fault(status: int, *, retry_after: float | None = None, message: str | None = None) -> Reply:
    """A provider fault that says nothing about refusal: 401, 429 (with Retry-After), 500, 503..."""
    headers = (("retry-after", f"{retry_after:g}"),) if retry_after is not None else ()
    error = {"message": message or f"scripted fault {status}", "type": _FAULT_TYPES.get(status, "server_error")}
    response = wire.error_response(status, error, headers=headers)
    return Reply(lambda r: response)


def reset() -> Reply:
    """Drop the connection without answering (a connection reset)."""
    return Reply(None)


def raw(status: int, body: bytes, content_type: str = wire.JSON) -> Reply:
    """Exactly these bytes: invalid JSON, an empty body, HTML from a proxy — what real networks send."""
    response = wire.WireResponse(status, body, (("content-type", content_type),))
    return Reply(lambda r: response)


def echo() -> Reply:
    """A 200 answer whose assistant text is the request as received: target URL and every header.

    A provider or proxy that reflects the request leaks whatever credentials the client sent;
    the cassette audit and every report must catch that, not trust the header filter alone.
    """

    def build(r: Received) -> wire.WireResponse:
        text = json.dumps({"target": r.target, "headers": r.headers}, sort_keys=True)
        return apiwire.api_answer(_api(r), text, stream=r.stream, sse=r.sse, model=r.model)

    return Reply(build)


_FAULT_TYPES = {
    400: "invalid_request_error",
    401: "invalid_authentication_error",
    408: "timeout",
    429: "rate_limit_reached_error",
}
