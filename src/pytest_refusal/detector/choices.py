"""One response per choice: a completion asked with ``n > 1`` (or Gemini's ``candidateCount``) holds several answers.

`extract` and `detect` read the first choice only, as every SDK's convenience accessors do;
a caller that must judge every choice splits the response first and judges each piece.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pytest_refusal.detector.readers import as_mapping, is_status
from pytest_refusal.detector.signals import parse_body, stream_items

__all__ = ["split_choices"]

_CHOICE_KEYS = ("choices", "candidates")  # chat completions and chunks; Gemini responses and chunks


def split_choices(response: object) -> list[object]:
    """Split a response into one single-choice response per choice, in index order.

    Contract:

    - Each element is something `detect()` accepts, of the same kind as the input (a dict for
      a completion or SDK object, a list of events for a stream, a ``(status, body)`` pair for
      a pair), holding the choice's own message or deltas and everything the response carries
      besides (id, model, usage, prompt filter results, an error event, ``"[DONE]"``). Judging
      every element judges every choice; each choice keeps its ``index``.
    - A response with one choice, or of an API without choices (Responses, Anthropic
      Messages), an error, or text comes back as ``[response]`` itself, so a custom
      `pytest_refusal_classify` hook still sees the object it was given. An iterator (an SDK
      stream) can be read only once: it comes back read into a list, an API error raised while
      reading it as the list's last item.
    - It never raises on input `detect()` would reject: such input comes back whole, for
      `detect()` to report.
    """
    if isinstance(response, (str, BaseException)):
        return [response]
    if isinstance(response, tuple):
        return _split_pair(response)
    if isinstance(response, (bytes, bytearray, memoryview)):
        pieces = _split_parsed(parse_body(bytes(response)))
        return pieces if len(pieces) > 1 else [response]
    try:
        mapping = as_mapping(response)
    except TypeError:
        return [response]
    if mapping is not None:
        pieces = _split_parsed(mapping)
        return pieces if len(pieces) > 1 else [response]
    if isinstance(response, Iterable):
        items = list(stream_items(response))
        pieces = _split_parsed(items)
        return pieces if len(pieces) > 1 else [items]
    return [response]


def _split_pair(pair: tuple[Any, ...]) -> list[object]:
    if len(pair) != 2 or not is_status(pair[0]) or not 200 <= pair[0] < 300:
        return [pair]
    try:
        pieces = _split_parsed(parse_body(pair[1]))
    except TypeError:
        return [pair]
    return [(pair[0], piece) for piece in pieces] if len(pieces) > 1 else [pair]


def _split_parsed(parsed: object) -> list[Any]:
    if isinstance(parsed, Mapping):
        key = _choice_key(parsed)
        choices = parsed.get(key) if key else None
        if not isinstance(choices, list) or len(choices) < 2:
            return [parsed]
        return [{**parsed, key: [choice]} for choice in choices]  # a whole response: by position
    if isinstance(parsed, list):
        try:
            events = [event if (event := as_mapping(item)) is not None else item for item in parsed]
        except TypeError:
            return [parsed]
        key = next((k for e in events if isinstance(e, Mapping) and (k := _choice_key(e))), "")
        indexes = _indexes(events, key) if key else []
        if len(indexes) <= 1:
            return [parsed]
        return [[_only(e, key, i) if isinstance(e, Mapping) else e for e in events] for i in indexes]
    return [parsed]


def _choice_key(d: Mapping[Any, Any]) -> str:
    return next((key for key in _CHOICE_KEYS if isinstance(d.get(key), list)), "")


def _indexes(events: list[Any], key: str) -> list[Any]:
    """The choice indexes in the order they first appear (a choice without one is choice 0)."""
    seen: dict[Any, None] = {}
    for event in events:
        choices = event.get(key) if isinstance(event, Mapping) else None
        for choice in choices if isinstance(choices, list) else ():
            index = choice.get("index", 0) if isinstance(choice, Mapping) else 0
            if isinstance(index, (int, str)) and not isinstance(index, bool):
                seen.setdefault(index, None)
    return sorted(seen, key=lambda i: (isinstance(i, str), i)) if seen else []


def _only(d: Mapping[Any, Any], key: str, index: Any) -> Any:
    """`d` with only the choices of `index` (a chunk of another choice keeps its other fields)."""
    choices = d.get(key)
    if not isinstance(choices, list):
        return d
    return {**d, key: [c for c in choices if isinstance(c, Mapping) and c.get("index", 0) == index]}
