"""Secret redaction for recorded HTTP traffic, and the audit that refuses to write a cassette that still holds a secret."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "SECRET_HEADERS",
    "Finding",
    "audit_interaction",
    "is_secret_header",
    "is_secret_param",
    "mask",
    "redact",
    "redact_bytes",
    "request_secrets",
    "scrub_headers",
    "scrub_url",
]

# Headers that carry credentials or identify the account, in either direction.
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "api-key",
        "x-api-key",
        "x-goog-api-key",
        "openai-organization",
        "openai-project",
        "cookie",
        "set-cookie",
    }
)
# The openai SDK's x-stainless-* headers describe the machine (OS, arch, runtime versions).
SECRET_HEADER_PREFIXES = ("x-stainless-",)

_SECRET_PARAM = re.compile(r"(^|[_-])(api[_-]?key|key|token|access[_-]?token|secret|password|sig|signature)$", re.I)

# Shapes of credentials worth refusing anywhere in a cassette. Each needs enough length and
# entropy-ish characters that ordinary prose does not match.
KEY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an sk- API key", re.compile(r"\bsk-[A-Za-z0-9_\-]{20,}")),
    ("a bearer token", re.compile(r"\bBearer\s+[A-Za-z0-9._~+/\-]{16,}=*")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}")),
    ("an AWS access key id", re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}")),
    ("a Hugging Face token", re.compile(r"\bhf_[A-Za-z0-9]{30,}")),
    ("a JSON web token", re.compile(r"\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]+")),
)


def is_secret_header(name: str) -> bool:
    lowered = name.lower()
    return lowered in SECRET_HEADERS or lowered.startswith(SECRET_HEADER_PREFIXES)


def is_secret_param(name: str) -> bool:
    """True for query parameters that usually carry a credential (key, api_key, token, sig...)."""
    return bool(_SECRET_PARAM.search(name))


def scrub_headers(headers: Mapping[str, Any]) -> dict[str, Any]:
    """The headers without the secret ones (names compared case-insensitively)."""
    return {k: v for k, v in headers.items() if not is_secret_header(k)}


def scrub_url(url: str) -> str:
    """The URL without user:password and without credential-like query parameters."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_secret_param(k)])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


# Credentials shorter than this are not looked for in text: they would match ordinary words.
MIN_SECRET = 8
REDACTED = "[redacted]"
_CREDENTIAL_HEADERS = SECRET_HEADERS - {"set-cookie"}


def request_secrets(headers: Mapping[str, Any], url: str = "") -> set[str]:
    """The credential values one request carries: key headers, bearer tokens, cookies, key-like query values.

    Filtering headers keeps them out of the request part of a cassette, but a proxy or provider
    that reflects the request puts them in the response; these values let the audit and every
    message we print catch that, also for keys that are not in the environment.
    """
    found: set[str] = set()
    for name, values in headers.items():
        if name.lower() not in _CREDENTIAL_HEADERS:
            continue
        for value in values if isinstance(values, (list, tuple)) else [values]:
            text = _text(value).strip()
            found.add(text)
            if name.lower() in ("authorization", "proxy-authorization"):
                found.add(text.partition(" ")[2].strip())  # the token without its scheme
            if name.lower() == "cookie":
                for pair in text.split(";"):
                    found.update({pair.strip(), pair.partition("=")[2].strip()})
    parts = urlsplit(url)
    found.update(v for k, v in parse_qsl(parts.query, keep_blank_values=True) if is_secret_param(k))
    found.add(parts.password or "")
    return {value for value in found if len(value) >= MIN_SECRET}


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret (longest first, so one inside another goes whole) replaced by [redacted]."""
    for secret in _longest_first(secrets):
        text = text.replace(secret, REDACTED)
    return text


def redact_bytes(data: bytes, secrets: Iterable[str]) -> bytes:
    """`redact` for a body as it came over the wire (UTF-8)."""
    for secret in _longest_first(secrets):
        data = data.replace(secret.encode("utf-8"), REDACTED.encode())
    return data


def _longest_first(secrets: Iterable[str]) -> list[str]:
    return sorted({s for s in secrets if len(s) >= MIN_SECRET}, key=len, reverse=True)


def mask(secret: str) -> str:
    """Enough of a secret to recognise it in an error message, never the whole value."""
    return f"{secret[:5]}…({len(secret)} chars)" if len(secret) > 8 else "…"


@dataclass(frozen=True)
class Finding:
    """A secret found where it must not be written: the place and what it looked like."""

    place: str
    what: str

    def __str__(self) -> str:
        return f"{self.place}: {self.what}"


def audit_interaction(
    index: int,
    request: Mapping[str, Any],
    response: Mapping[str, Any],
    secrets: Iterable[str] = (),
) -> list[Finding]:
    """Every secret in one interaction (request and response as vcrpy serialises them).

    `secrets` are live values (API keys from the environment) that must appear nowhere; key
    shapes are looked for too, so a key we were not told about is still caught.
    """
    live = [s for s in secrets if s and len(s) >= MIN_SECRET]
    findings: list[Finding] = []
    where = f"interaction {index + 1}"
    for place, text in _texts(request, response):
        for secret in live:
            if secret in text:
                findings.append(Finding(f"{where}, {place}", f"the live API key {mask(secret)}"))
        for label, pattern in KEY_PATTERNS:
            match = pattern.search(text)
            if match and not any(secret in match.group(0) or match.group(0) in secret for secret in live):
                findings.append(Finding(f"{where}, {place}", f"{label} {mask(match.group(0))}"))
    return findings


def _texts(request: Mapping[str, Any], response: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """(place, text) for every string a cassette would hold for this interaction."""
    yield "request URL", str(request.get("uri", ""))
    yield from _header_texts("request", request.get("headers") or {})
    yield "request body", _text(request.get("body"))
    yield from _header_texts("response", response.get("headers") or {})
    body = response.get("body") or {}
    yield "response body", _text(body.get("string") if isinstance(body, Mapping) else body)


def _header_texts(side: str, headers: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    for name, values in headers.items():
        for value in values if isinstance(values, (list, tuple)) else [values]:
            # The header name itself is text too ("sk-..." as a name is still a leak).
            yield f"{side} header {name!r}", f"{name}: {_text(value)}"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return str(value)
