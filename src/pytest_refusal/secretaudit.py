"""The audit that refuses to write a cassette still holding a secret: live keys and key shapes, found with their place."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pytest_refusal.scrub import MIN_SECRET, key_patterns, text_of

__all__ = ["Finding", "audit_interaction", "mask"]


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
        for label, pattern in key_patterns():
            match = pattern.search(text)
            if match and not any(secret in match.group(0) or match.group(0) in secret for secret in live):
                findings.append(Finding(f"{where}, {place}", f"{label} {mask(match.group(0))}"))
    return findings


def _texts(request: Mapping[str, Any], response: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """(place, text) for every string a cassette would hold for this interaction."""
    yield "request URL", str(request.get("uri", ""))
    yield from _header_texts("request", request.get("headers") or {})
    yield "request body", text_of(request.get("body"))
    yield from _header_texts("response", response.get("headers") or {})
    body = response.get("body") or {}
    yield "response body", text_of(body.get("string") if isinstance(body, Mapping) else body)


def _header_texts(side: str, headers: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    for name, values in headers.items():
        for value in values if isinstance(values, (list, tuple)) else [values]:
            # The header name itself is text too ("sk-..." as a name is still a leak).
            yield f"{side} header {name!r}", f"{name}: {text_of(value)}"
