"""Which headers and query parameters a cassette keeps, and which values count as credentials: allowlists, not denylists."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

__all__ = [
    "PLAIN_QUERY_PARAMS",
    "RECORDED_REQUEST_HEADERS",
    "RECORDED_RESPONSE_HEADERS",
    "is_plain_header",
    "is_secret_header",
    "is_secret_param",
    "recorded_request_headers",
    "recorded_response_headers",
]

# Allowlists, not denylists: a gateway invents its own credential headers (Ocp-Apim-Subscription-Key,
# X-Portkey-Api-Key, x-amz-security-token...) and query parameters (?code=, ?sig=), and no list of
# names can know them all. Only what is named here is kept; everything else is dropped or redacted.
#
# Request headers a cassette keeps. Replay matches on method, path and body, so no header is needed
# to match; these tell a reviewer what was sent (the body's type, the API version). `accept` is left out:
# the SDKs always send the same one, and it would be noise in every cassette.
RECORDED_REQUEST_HEADERS = frozenset(
    {"content-type", "anthropic-version", "anthropic-beta", "openai-beta", "x-refusal-judge"}  # the judge's mark
)
# Response headers a cassette keeps: what the SDKs read when they replay (the content type, retry
# hints) and the provider's request id, to trace a recorded answer back to the provider's logs.
RECORDED_RESPONSE_HEADERS = frozenset(
    {
        "content-type",
        "content-encoding",
        "retry-after",
        "retry-after-ms",
        "x-should-retry",
        "x-request-id",
        "request-id",
    }
)
# Request headers whose values are not credentials (transport, content, the SDK's description of the
# machine): every other request header's value is treated as one, so an echo of it is caught.
PLAIN_REQUEST_HEADERS = RECORDED_REQUEST_HEADERS | frozenset(
    {
        "accept",
        "accept-encoding",
        "accept-language",
        "connection",
        "content-length",
        "host",
        "user-agent",
        "referer",
        "http-referer",
        "origin",
        "x-title",
        "traceparent",
        "tracestate",
        "idempotency-key",
    }
)
PLAIN_REQUEST_PREFIXES = ("x-stainless-",)
# Response headers known to carry no credential: shown in messages and logs, though not recorded.
PLAIN_RESPONSE_HEADERS = RECORDED_RESPONSE_HEADERS | frozenset(
    {
        "date",
        "server",
        "content-length",
        "connection",
        "keep-alive",
        "transfer-encoding",
        "vary",
        "via",
        "cache-control",
        "alt-svc",
        "cf-ray",
        "cf-cache-status",
        "strict-transport-security",
        "openai-processing-ms",
        "openai-version",
        "x-envoy-upstream-service-time",
    }
)
# Query parameters whose values are kept: they choose an API version or a format, never an account.
PLAIN_QUERY_PARAMS = frozenset({"api-version", "alt", "stream", "beta"})


def is_secret_header(name: str) -> bool:
    """True for every request header not known to be plain: unknown headers are treated as credentials."""
    lowered = name.lower()
    return lowered not in PLAIN_REQUEST_HEADERS and not lowered.startswith(PLAIN_REQUEST_PREFIXES)


def is_plain_header(name: str) -> bool:
    """True for a header whose value is never a credential, request or response (`content-type`, `date`...)."""
    lowered = name.lower()
    return lowered in PLAIN_RESPONSE_HEADERS or lowered.startswith("x-ratelimit-") or not is_secret_header(name)


def is_secret_param(name: str) -> bool:
    """True for every query parameter outside `PLAIN_QUERY_PARAMS` (`key`, `code`, `sig`, `auth`...)."""
    lowered = unquote(name).lower()
    return lowered.removeprefix("amp;") not in PLAIN_QUERY_PARAMS  # `&amp;` when the URL sits in HTML


def recorded_request_headers(headers: Mapping[str, Any]) -> dict[str, Any]:
    """The request headers a cassette keeps (`RECORDED_REQUEST_HEADERS`, names compared case-insensitively)."""
    return {k: v for k, v in headers.items() if k.lower() in RECORDED_REQUEST_HEADERS}


def recorded_response_headers(headers: Mapping[str, Any]) -> dict[str, Any]:
    """The response headers a cassette keeps (`RECORDED_RESPONSE_HEADERS`): no Set-Cookie, no echo, no account."""
    return {k: v for k, v in headers.items() if k.lower() in RECORDED_RESPONSE_HEADERS}
