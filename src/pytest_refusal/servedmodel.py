"""Who answered: the `model` string and `system_fingerprint` an API's responses carry.

Vendors change the model behind a stable name (`gpt-4.1-mini` answers as
`gpt-4.1-mini-2025-04-14`, later as another snapshot); the cassette already keeps the body,
and the baseline keeps what it says so that drift can name the change.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any, Protocol

from pytest_refusal.wirereading import NOT_JSON

__all__ = ["Answered", "identity"]


class Answered(Protocol):
    """What this reads of an exchange: its body (and its JSON, parsed once), and whether it was the model's answer."""

    @property
    def body(self) -> bytes: ...

    @property
    def body_json(self) -> Any: ...

    @property
    def is_model_call(self) -> bool: ...


def identity(exchanges: Iterable[Answered]) -> tuple[str, str]:
    """(model, fingerprint) of the first answer naming them; ("", "") when none does."""
    model = fingerprint = ""
    for exchange in exchanges:
        if not exchange.is_model_call:
            continue
        for document in _documents(exchange.body, exchange.body_json):
            model = model or _text(document.get("model") or document.get("modelVersion"))
            fingerprint = fingerprint or _text(document.get("system_fingerprint"))
            response = document.get("response")  # the Responses API's stream events wrap the response
            if isinstance(response, dict):
                model = model or _text(response.get("model"))
        if model:
            break
    # Interned: every observation of a run keeps them, and a run's answers name the same few models.
    return sys.intern(model), sys.intern(fingerprint)


def _documents(body: bytes, parsed: Any = NOT_JSON) -> list[dict[str, Any]]:
    """The JSON objects of a body: the body itself (`parsed` when it was read already), or each `data:` event of a stream."""
    if parsed is not NOT_JSON:
        return [v for v in (parsed if isinstance(parsed, list) else [parsed]) if isinstance(v, dict)]
    text = body.decode("utf-8", "replace").strip()
    candidates = (
        [text]
        if not text.startswith(("data:", "event:"))
        else [line[5:].strip() for line in text.splitlines() if line.startswith("data:")]
    )
    found = []
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        found += [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, dict)]
    return found


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""
