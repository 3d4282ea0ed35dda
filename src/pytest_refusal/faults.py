"""Provider faults: errors that say nothing about refusal (rate limits, auth, 5xx, timeouts, broken answers).

They are test errors with a message that teaches, never verdicts, and never show a key.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import pytest

from pytest_refusal.verdict import NotAVerdict

if TYPE_CHECKING:
    from pytest_refusal.cassettes import RefusalCassette
    from pytest_refusal.providers import ModelSpec
    from pytest_refusal.session import RefusalSession


class ProviderFault(pytest.fail.Exception):  # type: ignore[misc,name-defined]
    """A provider error that says nothing about refusal (rate limit, auth, 5xx, timeout): a test ERROR, never a verdict."""

    def __init__(self, message: str) -> None:
        super().__init__(message, pytrace=False)


def host_of(exc: Any) -> str:
    """The host an SDK error came from, for messages about clients the plugin did not make."""
    request = getattr(exc, "request", None)
    url = getattr(request, "url", None)
    return str(getattr(url, "host", "") or "the provider")


def error_text(body: object) -> str:
    """The message of a provider error body (JSON or text), at most 200 characters."""
    if isinstance(body, (bytes, bytearray)):
        body = bytes(body).decode("utf-8", "replace")
    if isinstance(body, str):
        text = body
        try:
            body = json.loads(text)
        except ValueError:
            return text[:200]
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict):
            return str(error.get("message") or error.get("type") or error)[:200]
        return str(error)[:200]
    return str(body)[:200]


def sdk_fault_message(session: RefusalSession, exc: BaseException, model: ModelSpec | None) -> str | None:
    """A teaching message when `exc` is a provider fault from the openai SDK, else None.

    `model` is the plugin's model (its clients follow --refusal-max-retries and --refusal-timeout);
    None for the user's own clients, which follow their own settings.
    """
    openai = sys.modules.get("openai")  # only when the SDK is in use; never import it for this
    if openai is None or not isinstance(exc, openai.APIError):
        return None
    who = model.describe() if model else host_of(exc)
    tries = f"after up to {session.options.max_retries} retries" if model else "after your client's own retries"
    if isinstance(exc, openai.APIStatusError):
        try:
            session.classify(exc)
        except NotAVerdict:
            pass
        else:
            return None  # a refusal signal (e.g. a content filter 400): the test's own failure stands
        return (
            f"provider error from {who}: HTTP {exc.status_code} ({redacted(session, error_text(exc.body), exc)}) "
            f"{tries}. This is not a refusal and is not recorded; "
            "check the key, quota and provider status, then run again."
        )
    if isinstance(exc, (openai.APIConnectionError, openai.APITimeoutError)):
        kind = "timed out" if isinstance(exc, openai.APITimeoutError) else "dropped the connection"
        limit = f" (--refusal-timeout={session.options.timeout:g}s)" if model else ""
        return f"provider error from {who}: the request {kind} {tries}{limit}. This is not a refusal and is not recorded."
    return None


def redacted(session: RefusalSession, text: str, exc: BaseException) -> str:
    """`text` without the live keys and the credentials the failed request carried (error bodies may quote them)."""
    from pytest_refusal import scrub
    from pytest_refusal.options import live_secrets

    request = getattr(exc, "request", None)
    headers = dict(getattr(request, "headers", None) or {})
    carried = scrub.request_secrets(headers, str(getattr(request, "url", "")))
    models = {**session.map_models, **session.options.models}
    return scrub.redact(text, (*live_secrets(models, session.presets), *carried))


def broken_answer(cassette: RefusalCassette | None, exc: BaseException, model: ModelSpec | None) -> str | None:
    """A message when a test failed on a 2xx chat answer that holds no completion (e.g. invalid JSON)."""
    if cassette is None or isinstance(exc, (AssertionError, pytest.fail.Exception)):
        return None  # the test's own verdict on what it received stands
    broken = next((e for e in reversed(cassette.exchanges) if e.is_broken), None)
    if broken is None:
        return None
    body = " ".join(broken.body.decode("utf-8", "replace").split())
    return (
        f"provider error from {model.describe() if model else broken.host}: HTTP {broken.status} with a body "
        f"that is not a chat completion ({body[:120]!r}{'…' if len(body) > 120 else ''}). It is not a refusal "
        "and is not recorded; run again, and if it persists check the provider or the base_url."
    )
