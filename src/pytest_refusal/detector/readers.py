"""Small readers shared by the wire-format modules: typed access to untrusted JSON, with errors that say where."""

from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any

__all__ = ["as_mapping", "content_text", "describe", "expect", "is_api_error", "is_status", "items_of", "text_of"]


def as_mapping(obj: object) -> Mapping[Any, Any] | None:
    """A dict as is, a pydantic model (openai, anthropic, google-genai) dumped to one; None for anything else.

    Dumped as JSON by alias, so that it reads as the wire body: google-genai names its fields
    in snake case and holds enums (`finish_reason=FinishReason.SAFETY`), yet dumps the API's
    `finishReason: "SAFETY"` this way; openai and anthropic models dump the same either way.
    """
    if isinstance(obj, Mapping):
        return obj
    dump = getattr(obj, "model_dump", None)
    if not callable(dump) or isinstance(obj, type):
        return None
    try:
        try:
            dumped = dump(mode="json", by_alias=True)
        except TypeError:  # a model_dump without pydantic's keywords
            dumped = dump()
    except Exception as exc:
        raise TypeError(f"cannot read {describe(obj)}: model_dump() failed ({exc})") from exc
    if not isinstance(dumped, Mapping):
        raise TypeError(f"cannot read {describe(obj)}: model_dump() gave {describe(dumped)}")
    return dumped


def expect(value: object, kind: type[Any], where: str) -> Any:
    """`value` when it is a `kind`; else a TypeError naming `where` and what was there."""
    if not isinstance(value, kind):
        expected = "a dict" if kind is Mapping else f"a {kind.__name__}"
        raise TypeError(f"{where} is {describe(value)}; expected {expected}")
    return value


def items_of(value: object, where: str) -> list[Any]:
    """A list field that may be absent or null (read as empty)."""
    return [] if value is None else list(expect(value, list, where))


def content_text(value: object, where: str) -> str:
    """Chat message content as text: a string, or the text parts of a list of content parts."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = (p if isinstance(p, str) else text_of(p.get("text")) if isinstance(p, Mapping) else "" for p in value)
        return "".join(parts)
    raise TypeError(f"{where} is {describe(value)}; expected a string, a list of content parts or null")


def text_of(value: object) -> str:
    """A string field as is; anything else (absent, null, a number) as ""."""
    return value if isinstance(value, str) else ""


def is_api_error(exc: BaseException) -> bool:
    """An SDK API error (openai's and anthropic's carry `.body` and `.message`), read by attribute."""
    return hasattr(exc, "body") and hasattr(exc, "message")


def is_status(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 599


def describe(value: object) -> str:
    """What a value is, briefly, for messages: "dict {'a': 1}", "the class ChatCompletion"."""
    if isinstance(value, type):
        return f"the class {value.__qualname__} (pass an instance, not the class)"
    return f"{type(value).__name__} {reprlib.repr(value)}" if value is not None else "None"
