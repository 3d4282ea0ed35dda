"""Provider faults: errors that say nothing about refusal (rate limits, auth, 5xx, timeouts, broken answers).

They are test errors with a message that teaches, never verdicts, and never show a key. The
opposite case lives here too: a provider block (a verdict) whose SDK error escaped the
product's code, explained as the product's failure.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from pytest_refusal.verdict import Kind, NotAVerdict

if TYPE_CHECKING:
    from pytest_refusal.cassette.exchange import Exchange
    from pytest_refusal.cassette.vcr import RefusalCassette
    from pytest_refusal.plugin.markers import ExpectSpec
    from pytest_refusal.providers import ModelSpec
    from pytest_refusal.verdict import Verdict


@dataclass(frozen=True)
class FaultContext:
    """What fault messages need from the run: the detector, the plugin clients' settings, the secrets to hide."""

    classify: Callable[..., Verdict]  # (response, *, prompt=None): the `pytest_refusal_classify` hooks
    max_retries: int
    timeout: float
    secrets: tuple[str, ...]  # the live keys of every model the run knows


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


def sdk_fault_message(context: FaultContext, exc: BaseException, model: ModelSpec | None) -> str | None:
    """A teaching message when `exc` is a provider fault from the openai SDK, else None.

    `model` is the plugin's model (its clients follow --refusal-max-retries and --refusal-timeout);
    None for the user's own clients, which follow their own settings.
    """
    openai = sys.modules.get("openai")  # only when the SDK is in use; never import it for this
    if openai is None or not isinstance(exc, openai.APIError):
        return None
    who = model.describe() if model else host_of(exc)
    tries = f"after up to {context.max_retries} retries" if model else "after your client's own retries"
    if isinstance(exc, openai.APIStatusError):
        try:
            context.classify(exc)
        except NotAVerdict:
            pass
        else:
            return None  # a refusal signal (e.g. a content filter 400): the test's own failure stands
        return (
            f"provider error from {who}: HTTP {exc.status_code} ({redacted(context, error_text(exc.body), exc)}) "
            f"{tries}. This is not a refusal and is not recorded; "
            "check the key, quota and provider status, then run again."
        )
    if isinstance(exc, (openai.APIConnectionError, openai.APITimeoutError)):
        return _unanswered(context, who, tries, timed_out=isinstance(exc, openai.APITimeoutError), model=model)
    return None


def transport_fault_message(context: FaultContext, exc: BaseException, model: ModelSpec) -> str | None:
    """The message `sdk_fault_message` gives a lost connection or a timeout, for a direct call (`directcall`).

    Those post with httpx or httpx2 themselves, so their errors are the library's own.
    """
    library = sys.modules.get(type(exc).__module__.partition(".")[0])
    if library is None or library.__name__ not in ("httpx", "httpx2"):
        return None
    if not isinstance(exc, library.TransportError):
        return None
    tries = f"after up to {context.max_retries} retries"
    return _unanswered(
        context, model.describe(), tries, timed_out=isinstance(exc, library.TimeoutException), model=model
    )


def _unanswered(context: FaultContext, who: str, tries: str, *, timed_out: bool, model: ModelSpec | None) -> str:
    kind = "timed out" if timed_out else "dropped the connection"
    limit = f" (--refusal-timeout={context.timeout:g}s)" if model else ""
    return f"provider error from {who}: the request {kind} {tries}{limit}. This is not a refusal and is not recorded."


def redacted(context: FaultContext, text: str, exc: BaseException) -> str:
    """`text` without the live keys and the credentials the failed request carried (error bodies may quote them)."""
    from pytest_refusal import scrub

    request = getattr(exc, "request", None)
    headers = dict(getattr(request, "headers", None) or {})
    carried = scrub.request_secrets(headers, str(getattr(request, "url", "")))
    return scrub.redact(text, (*context.secrets, *carried))


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


# Where the errors of HTTP clients and LLM SDKs come from: an error of one of them, raised right
# after the provider blocked, is the provider's block escaping the product's code.
_CLIENT_MODULES = frozenset(
    {
        "openai",
        "anthropic",
        "httpx",
        "httpx2",
        "httpcore",
        "httpcore2",
        "requests",
        "urllib3",
        "aiohttp",
        "litellm",
        "google",
        "langchain_core",
        "langchain_openai",
    }
)

# The simulate_refusal shape that reproduces a block, by what its evidence names.
_SHAPES: tuple[tuple[str, str], ...] = (
    ("stream ", "stream_filter"),
    ("data_inspection", "dashscope_400"),
    ("datainspection", "dashscope_400"),
    ("inappropriate content", "dashscope_400"),
    ("content exists risk", "deepseek_400"),
    ("error.code=content_filter", "azure_400"),
    ("responsibleaipolicyviolation", "azure_400"),
    ("content management policy", "azure_400"),
    ("error.type=content_filter", "moonshot_400"),
    ("high risk", "moonshot_400"),
)


def blocked_escape(
    context: FaultContext,
    exc: BaseException,
    cassette: RefusalCassette | None,
    model: ModelSpec | None,
    spec: ExpectSpec | None,
) -> str | None:
    """One paragraph when the test failed on the provider's block escaping the product's code, else None.

    The verdict (blocked) is kept in the map whatever the test did; without this the failure
    would be an SDK traceback that seems to contradict it.
    """
    client_error = _client_error(exc)
    if cassette is None or client_error is None or isinstance(exc, (AssertionError, pytest.fail.Exception)):
        return None
    last = next((e for e in reversed(cassette.exchanges) if e.is_model_call), None)
    if last is None or not _raised_by(client_error, last):
        return None
    try:
        verdict = context.classify(last.judgeable(), prompt=last.prompt or None)
    except Exception:  # noqa: BLE001 - not a verdict, or a detector that cannot read it: the test's error stands
        return None
    if verdict.kind is not Kind.BLOCKED:
        return None
    name = f"{type(client_error).__module__.split('.')[0]}.{type(client_error).__name__}"
    said = " ".join(redacted(context, str(client_error), client_error).split())[:200]
    return _paragraph(model, spec, last, verdict, f"{name}: {said}", name)


def _paragraph(
    model: ModelSpec | None, spec: ExpectSpec | None, last: Exchange, verdict: Verdict, error: str, name: str
) -> str:
    """Who blocked and how, the expectation, what the product must do, how to reproduce it."""
    simulated = last.source == "simulated"
    who = "The simulated provider (simulate_refusal)" if simulated else model.describe() if model else last.host
    how = "by cutting the stream with a filter error" if last.status < 300 else "with a content-filter error"
    escaped = f"and the code under test let the error escape ({error})."
    sentences = [f"{who} blocked the request {how} ({verdict.evidence}), {escaped}"]
    if spec is not None:
        sentences.append(_expectation_sentence(spec.marker, spec.expectation.accepts(Kind.BLOCKED)))
    handle = f"The product must handle this error (catch {name} and show the refusal it stands for) instead of crashing"
    if simulated:
        return " ".join([*sentences, handle + "."])
    shape = next((s for cue, s in _SHAPES if cue in verdict.evidence.lower()), None)
    call = f'kind="blocked", shape="{shape}"' if shape else 'kind="blocked"'
    return " ".join([*sentences, f"{handle}; simulate_refusal({call}) reproduces it offline, to test that it does."])


def _expectation_sentence(marker: str, met: bool) -> str:
    if met:
        return (
            f"Under @{marker} a block counts as a refusal, so the expectation is met and the refusal map records "
            "it as blocked; the test fails because the product crashed on it."
        )
    return (
        f"Under @{marker} a block breaks the expectation (the refusal map records it as a policy failure), "
        "and the product crashed on it as well."
    )


def _raised_by(error: BaseException, exchange: Exchange) -> bool:
    """Whether `error` is what the client raised for `exchange` (its status, or a stream cut after a 2xx).

    A block the product handled, followed by another failure (a 500, a dropped connection),
    must not be taken for the block escaping.
    """
    response = getattr(error, "response", None)
    status = getattr(error, "status_code", None) or getattr(response, "status_code", None)
    if isinstance(status, int):
        return status == exchange.status
    name = type(error).__name__.lower()
    return exchange.status < 300 and "connect" not in name and "timeout" not in name


def _client_error(exc: BaseException) -> BaseException | None:
    """`exc`, or the error it was raised from, when it comes from an HTTP client or LLM SDK.

    Only `raise ... from` counts (a wrapper's error): an error raised while handling the block
    (`__context__`) is the product's own and keeps its traceback.
    """
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return None
        if type(seen).__module__.split(".")[0] in _CLIENT_MODULES:
            return seen
        seen = seen.__cause__
    return None
