"""What a test exchanged over HTTP, and which responses count: one place for both, whatever replays them.

An `Exchange` is built from vcrpy's objects (`from_vcr`: recording, replay, simulation, pytest-recording)
or from a cassette's stored interaction (`from_interaction`: direct replay). Which responses count
is decided here too, for every path alike:

- `may_record`: a response worth writing to a cassette (never a fault; an error only when it is a verdict);
- `keeps`: a recorded 2xx answer the detector can judge (else the cassette is not written);
- `counts`: an answer that is judged (a model call that is not a fault);
- `replays_directly`: an answer direct replay may hand back without the SDK (else vcrpy replays it).
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pytest_refusal import apis, recordedfields, scrub, wire
from pytest_refusal.apis import Api
from pytest_refusal.wirereading import NOT_JSON

__all__ = [
    "FAULT_STATUSES",
    "Exchange",
    "IsVerdict",
    "Judges",
    "as_bytes",
    "canonical_json",
    "counts",
    "from_interaction",
    "from_vcr",
    "is_verdict_error",
    "keeps",
    "may_record",
    "replays_directly",
]

# Statuses that say nothing about refusal (timeouts, conflicts, rate limits, auth, server faults):
# they are retried and reported, never recorded, so a replay can never judge them as a verdict.
FAULT_STATUSES = frozenset({401, 403, 404, 408, 409, 429}) | frozenset(range(500, 600))

# Whether an error response (status, body) says something about refusal (the plugin asks the detector).
IsVerdict = Callable[[int, bytes], bool]
# Whether a 2xx answer is one the detector can judge (the plugin asks it).
Judges = Callable[[object], bool]


@dataclass(frozen=True)
class Exchange:
    """One HTTP request the test made and the response it got (recorded, replayed or simulated)."""

    method: str
    url: str
    request_body: bytes
    status: int
    headers: dict[str, str]
    body: bytes
    source: str  # "recorded", "replayed" or "simulated"
    judge_call: bool = False  # a request of the LLM judge (see `apis.is_judge_request`), not the model's answer

    @functools.cached_property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @functools.cached_property
    def api(self) -> Api | None:
        """The model API the request called (see `apis.api_of`); None for any other request. Read once."""
        return apis.api_of(self.path)

    @property
    def is_model_call(self) -> bool:
        """A call for a model's answer, in any API: the calls that are judged (the judge's own calls are not)."""
        return self.api is not None and not self.judge_call

    @property
    def streams(self) -> bool:
        return apis.streams(self.api, self.path, self.request_json)

    @property
    def is_fault(self) -> bool:
        return self.status in FAULT_STATUSES

    @property
    def succeeded(self) -> bool:
        return 200 <= self.status < 300

    @property
    def is_broken(self) -> bool:
        """A successful model call that holds no answer (empty, truncated or invalid JSON, no stream events)."""
        return self.is_model_call and self.succeeded and isinstance(self.judgeable(), tuple)

    @property
    def error_in_success(self) -> bool:
        """A model call answered 2xx with an error body instead of an answer (some gateways report faults so)."""
        api = self.api
        if api is None or not self.succeeded:
            return False
        body = self.judgeable()
        if not isinstance(body, dict) or not body.get("error"):
            return False
        return all(body.get(key) is None for key in apis.answer_keys(api))

    @functools.cached_property
    def body_json(self) -> Any:
        """The response body as one JSON document, or `NOT_JSON`: read once for every check that needs it.

        For checks only: what the detector and a user's hooks are handed is parsed afresh
        (`judgeable`), so nothing they do changes what the other checks read.
        """
        try:
            return json.loads(self.body)
        except ValueError:
            return NOT_JSON

    @property
    def request_json(self) -> Any:
        try:
            return json.loads(self.request_body)
        except ValueError:
            return None

    @property
    def model(self) -> str:
        """The model the request named (Gemini names it in the path)."""
        return apis.request_model(self.api, self.path, self.request_json)

    @property
    def prompt(self) -> str:
        """The last user turn of the request, in whichever API it was sent, for the detector and reports."""
        return apis.prompt_of(self.api, self.request_json)

    def judgeable(self) -> object:
        """The response in a form the detector accepts (see `wire.judgeable`)."""
        return wire.judgeable(self.status, self.headers, self.body)


# --- building one --------------------------------------------------------------------------------
def from_vcr(request: Any, response: dict[str, Any], source: str, secrets: Iterable[str] = ()) -> Exchange:
    """An `Exchange` from vcrpy's request object and response dict (bodies decoded), `secrets` redacted.

    Exchanges feed verdict texts, failure messages and observations (JUnit XML, reports): a
    response that reflects the request must not carry its key into any of them.
    """
    from vcr.filters import decode_response  # type: ignore[import-untyped,unused-ignore]  # lazy: vcr is heavy

    secrets = tuple(secrets)
    decoded = decode_response(copy.deepcopy(response))
    headers = {
        k.lower(): scrub.redact(_first(v), secrets)
        for k, v in recordedfields.recorded_response_headers(decoded["headers"]).items()
    }
    return Exchange(
        method=request.method,
        url=scrub.redact(scrub.scrub_url(request.uri), secrets),  # exchanges end up in messages: no keys there
        request_body=scrub.redact_bytes(as_bytes(request.body), secrets),
        status=int(decoded["status"]["code"]),
        headers=headers,
        body=scrub.redact_bytes(as_bytes(decoded["body"]["string"]), secrets),
        source=source,
        judge_call=apis.is_judge_request(request.headers),
    )


def from_interaction(interaction: Mapping[str, Any], url: str, request_body: bytes) -> Exchange:
    """An `Exchange` from one interaction as a cassette stores it, replayed to a request of `url` with `request_body`.

    Nothing is decoded or redacted: direct replay leaves compressed bodies and any secret to `from_vcr`.
    """
    request, response = interaction["request"], interaction["response"]
    headers = recordedfields.recorded_response_headers(
        response["headers"]
    )  # cassettes recorded before the allowlist too
    return Exchange(
        method=str(request["method"]),
        url=scrub.scrub_url(url),
        request_body=request_body,
        status=int(response["status"]["code"]),
        headers={k.lower(): _first(v) for k, v in headers.items()},
        body=as_bytes(response["body"]["string"]),
        source="replayed",
        judge_call=apis.is_judge_request(request.get("headers") or {}),
    )


def _first(value: object) -> str:
    return str(value[0]) if isinstance(value, list) and value else str(value)


# --- which responses count -----------------------------------------------------------------------
def is_verdict_error(status: int, body: bytes, is_verdict: IsVerdict | None) -> bool:
    """An error response that is a verdict (a content filter's 400): never a fault status, and the detector agrees."""
    return status not in FAULT_STATUSES and is_verdict is not None and is_verdict(status, body)


def may_record(status: int, body: bytes, is_verdict: IsVerdict | None) -> bool:
    """Whether a response may be written to a cassette: never a fault; an error only when it is a verdict.

    Without `is_verdict`, only `FAULT_STATUSES` are kept out.
    """
    if status in FAULT_STATUSES:
        return False
    return status < 400 or is_verdict is None or is_verdict(status, body)


def keeps(exchange: Exchange, is_verdict: IsVerdict | None, judges: Judges | None) -> bool:
    """Whether a recorded exchange may be written: not a broken answer, not a fault dressed as a 200.

    A 2xx model answer is kept only when the detector can judge it (`judges`, when given).
    """
    if exchange.is_broken:
        return False
    if exchange.error_in_success:
        return is_verdict is not None and is_verdict(exchange.status, exchange.body)
    if exchange.is_model_call and exchange.succeeded and judges is not None:
        return judges(exchange.judgeable())
    return True


def counts(exchange: Exchange) -> bool:
    """Whether an exchange's response is judged: a model call (not the judge's) that is not a fault."""
    return exchange.is_model_call and not exchange.is_fault


def replays_directly(exchange: Exchange, is_verdict: IsVerdict) -> bool:
    """A response the SDK hands back without retrying, raising or decoding anything first.

    A model call's complete JSON answer (2xx) that holds the API's answer (a completion's `choices`,
    a Responses `output`, a message's `content`, Gemini's `candidates` or `promptFeedback`), or a
    refusal the provider sends as an error (e.g. a content filter's 400). Compressed bodies,
    streams, retry hints, the judge's calls and every fault go the vcrpy way.
    """
    if not exchange.is_model_call:
        return False
    headers = exchange.headers
    if "content-encoding" in headers or "x-should-retry" in headers:
        return False
    if not headers.get("content-type", "").lower().startswith("application/json"):
        return False
    if exchange.succeeded:
        body = exchange.body_json
        api = exchange.api
        return isinstance(body, dict) and api is not None and any(body.get(k) for k in apis.answer_keys(api))
    if 400 <= exchange.status < 500:
        return is_verdict_error(exchange.status, exchange.body, is_verdict)
    return False


# --- bodies --------------------------------------------------------------------------------------
def as_bytes(body: object) -> bytes:
    """A request or response body as bytes, whatever vcrpy or an HTTP client holds it as."""
    if body is None:
        return b""
    if isinstance(body, (dict, list)):
        # aiohttp's `json=`: vcrpy keeps the object itself (and stores it key-sorted), so its repr
        # would never match again; as JSON it matches whatever the key order.
        return json.dumps(body, ensure_ascii=False).encode("utf-8")
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if hasattr(body, "getvalue"):
        return bytes(body.getvalue())
    return str(body).encode("utf-8")


def canonical_json(body: object) -> str | None:
    """The body as canonical JSON (sorted keys, no spaces), or None when it is not JSON."""
    raw = as_bytes(body)
    if not raw:
        return None
    try:
        parsed = json.loads(raw)
    except ValueError:
        return None
    return json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
