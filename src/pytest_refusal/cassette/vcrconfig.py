"""vcrpy set up for chat APIs: request matching, what is recorded of each exchange, and a cassette class that reports.

vcrpy is imported only when a cassette context is built, so importing this module costs nothing.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Protocol
from urllib.parse import urlsplit

from pytest_refusal import apis, recordedfields, scrub
from pytest_refusal.apis import Api
from pytest_refusal.cassette import exchange as exchanges
from pytest_refusal.cassette.exchange import Exchange, as_bytes, canonical_json


def canonical_body(r1: Any, r2: Any) -> None:
    """vcrpy matcher: bodies equal as JSON values (key order and spacing ignored), else as bytes."""
    c1, c2 = canonical_json(r1.body), canonical_json(r2.body)
    if c1 is not None and c2 is not None:
        if c1 != c2:  # vcrpy reads an AssertionError as "no match"
            from pytest_refusal.cassette.replaymiss import preview

            raise AssertionError(f"JSON bodies differ: {preview(c1)} != {preview(c2)}")
    else:
        assert as_bytes(r1.body) == as_bytes(r2.body), "bodies differ"


def chat_path(r1: Any, r2: Any) -> None:
    """vcrpy matcher: both are chat completion calls, whatever the base URL."""
    assert r1.path.rstrip("/").endswith("/chat/completions"), f"{r1.path} is not a chat completion call"
    assert r2.path.rstrip("/").endswith("/chat/completions"), f"{r2.path} is not a chat completion call"


def model_api(r1: Any, r2: Any) -> None:
    """vcrpy matcher: both call the same model API (chat, Responses, Messages, Gemini), whatever the base URL."""
    api1, api2 = apis.api_of(r1.path), apis.api_of(r2.path)
    assert api1 is not None and api1 is api2, f"{r1.path} and {r2.path} do not call the same model API"


def stream_flag(r1: Any, r2: Any) -> None:
    """vcrpy matcher: both ask for a stream, or neither does."""
    assert _streams(r1) == _streams(r2), "one request streams, the other does not"


def stream_framing(r1: Any, r2: Any) -> None:
    """vcrpy matcher: a Gemini stream asks for the same framing (`alt=sse` or one JSON array); other calls always match."""
    assert _framing(r1) == _framing(r2), "one Gemini stream asks for server-sent events, the other for a JSON array"


def _framing(request: Any) -> bool:
    return apis.api_of(request.path) is not Api.GEMINI or apis.sse_requested(urlsplit(request.uri).query)


def _streams(request: Any) -> bool:
    try:
        parsed = json.loads(as_bytes(request.body) or b"{}")
    except ValueError:
        parsed = None
    return apis.streams(apis.api_of(request.path), request.path, parsed)


class Tracker(Protocol):
    """What the tracking cassette reports to: a test's cassette, or a refusal simulation."""

    def exchanged(self, request: Any, response: dict[str, Any], source: str) -> Exchange | None:
        """One request and its response (`source`: recorded, replayed or simulated); the exchange, if kept track of."""

    def keeps(self, exchange: Exchange) -> bool:
        """Whether a recorded exchange goes into the cassette."""

    def unanswered(self, request: Any, cassette: Any) -> None:
        """A request replay could not answer."""


def before_record_request(request: Any, url_aliases: tuple[tuple[str, str], ...] = ()) -> Any:
    """Keep only allowlisted headers (`recordedfields.RECORDED_REQUEST_HEADERS`), redact the query: before storing or matching.

    vcrpy filters the live request the same way before matching it, so a cassette whose query
    values were redacted still replays. Dropping the transport headers keeps re-recorded
    cassettes' diffs to what the model said.
    """
    for name in [n for n in request.headers if n.lower() not in recordedfields.RECORDED_REQUEST_HEADERS]:
        del request.headers[name]
    request.uri = scrub.scrub_url(request.uri)
    for actual, recorded in url_aliases:
        if request.uri.startswith(actual):
            request.uri = recorded + request.uri[len(actual) :]
    return request


def before_record_response(
    response: dict[str, Any], is_verdict: exchanges.IsVerdict | None = None
) -> dict[str, Any] | None:
    """Never record a provider fault (it is not a verdict); keep only the allowlisted headers of the rest.

    `recordedfields.RECORDED_RESPONSE_HEADERS` are what the SDKs read on replay: Set-Cookie, account
    headers, echoes of the request and headers that change on every recording never reach a cassette.
    """
    if not exchanges.may_record(int(response["status"]["code"]), as_bytes(response["body"]["string"]), is_verdict):
        return None  # a fault, or e.g. a 400 for a bad parameter: replaying it would only repeat the mistake
    response["headers"] = recordedfields.recorded_response_headers(response["headers"])
    from pytest_refusal.cassette import age

    response.setdefault(age.FIELD, age.stamp())  # when it was recorded: refusal_max_age reads it
    return response


def vcr_context(
    *,
    path: str,
    record_mode: str,
    persister: Any,
    tracker: Tracker,
    is_verdict: exchanges.IsVerdict | None = None,
    url_aliases: tuple[tuple[str, str], ...] = (),
    **overrides: Any,
) -> Any:
    """A vcrpy cassette context configured for chat APIs, built around the tracking cassette class."""
    import vcr  # type: ignore[import-untyped,unused-ignore]
    from vcr.cassette import CassetteContextDecorator  # type: ignore[import-untyped,unused-ignore]

    config = vcr.VCR(
        **_skip_absent_libraries(),
        record_mode=record_mode,
        # Every chat call posts to one URL: what tells calls apart is the JSON body (and, for a Gemini
        # stream, the framing its query asks for: the rest of the query is redacted in cassettes).
        match_on=("method", "path", "canonical_body", "stream_framing"),
        decode_compressed_response=True,
        before_record_request=functools.partial(before_record_request, url_aliases=url_aliases),
        before_record_response=functools.partial(before_record_response, is_verdict=is_verdict),
    )
    config.register_matcher("canonical_body", canonical_body)
    config.register_matcher("chat_path", chat_path)
    config.register_matcher("model_api", model_api)
    config.register_matcher("stream_flag", stream_flag)
    config.register_matcher("stream_framing", stream_framing)
    config.register_persister(persister)
    merged = config.get_merged_config(path=path, **overrides)
    merged["tracker"] = tracker
    return CassetteContextDecorator.from_args(tracking_cassette_class(), **merged)


# vcrpy's patcher groups and the module each one patches.
_PATCHED_MODULES = {
    "requests": "requests",
    "boto3": "botocore",
    "urllib3": "urllib3",
    "httplib2": "httplib2",
    "tornado": "tornado",
    "aiohttp": "aiohttp",
    "httpx": "httpx",
    "httpx2": "httpx2",
}


@functools.cache
def _skip_absent_libraries() -> dict[str, tuple[str, ...]]:
    """`skip_patchers` for HTTP libraries that are not installed (vcrpy that supports it).

    vcrpy otherwise tries to import every library it knows on every cassette it opens: a
    large share of each replayed item's time. Checked once per process.
    """
    import importlib.util

    from vcr import patch  # type: ignore[import-untyped,unused-ignore]

    if not hasattr(patch, "validate_skip_patchers"):
        return {}
    absent = tuple(
        group
        for group, module in _PATCHED_MODULES.items()
        if group in patch.PATCHER_NAMES and importlib.util.find_spec(module) is None
    )
    return {"skip_patchers": absent}


@functools.cache
def tracking_cassette_class() -> type[Any]:
    """vcrpy's Cassette, reporting every exchange and every unanswerable request to a tracker."""
    from vcr.cassette import Cassette  # type: ignore[import-untyped,unused-ignore]

    class TrackingCassette(Cassette):  # type: ignore[misc]  # vcrpy is untyped
        def __init__(self, *args: Any, tracker: Any = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.tracker = tracker
            self._loading = False

        def _load(self) -> None:
            # Loading appends the stored interactions; those are not exchanges of this test.
            self._loading = True
            try:
                super()._load()
            finally:
                self._loading = False

        def append(self, request: Any, response: Any) -> None:
            if not self._loading and self.tracker is not None:
                exchange = self.tracker.exchanged(request, response, "recorded")
                if exchange is not None and not self.tracker.keeps(exchange):
                    return  # replaying a broken answer or a fault would only repeat it, judged as if it were one
            super().append(request, response)

        def play_response(self, request: Any) -> Any:
            response = super().play_response(request)
            if self.tracker is not None:
                self.tracker.exchanged(request, response, "simulated" if self.tracker_simulates else "replayed")
            return response

        @property
        def tracker_simulates(self) -> bool:
            return bool(getattr(self.tracker, "simulates", False))

        def can_play_response_for(self, request: Any) -> bool:
            playable = bool(super().can_play_response_for(request))
            if not playable and self.write_protected and self.tracker is not None:
                self.tracker.unanswered(request, self)
            return playable

    return TrackingCassette
