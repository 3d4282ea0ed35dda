"""Direct replay: a map item's answers read straight from its cassette, without vcrpy or the openai SDK.

Replaying a map item through vcrpy and the SDK costs several milliseconds (patching, request
objects, response models) for what is, in the common case, a lookup: the cassette holds the
responses to exactly the request the item sends. `exchanges` does that lookup and hands back the
same `Exchange` objects the vcrpy path would have produced — or None whenever it is not sure
(an unreadable or unusual cassette, a miss, a stream, a status the SDK would retry or raise on,
a credential in a response), and the caller then takes the vcrpy path, which explains every miss.

With pytest's cache on, the parsed interactions are kept between runs (`replayindex`): parsing
YAML is most of what a direct replay costs, reading JSON almost nothing. Without it, `yamlread`
reads the YAML vcrpy writes without importing PyYAML.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from pytest_refusal import apis, scrub
from pytest_refusal.cassette import yamlread
from pytest_refusal.cassette.exchange import Exchange, IsVerdict, canonical_json, from_interaction, replays_directly
from pytest_refusal.cassette.replayindex import ReplayIndex

# What may stand before a YAML tag's "!" (a space, a line start or a flow indicator); prose may match too, harmlessly.
_BEFORE_TAG = frozenset(" \t\r\n[{,:-")


def _may_hold_tags(text: str) -> bool:
    """Whether a "!" could start a YAML tag (a scan for "!" is far cheaper than a regex over the text)."""
    at = text.find("!")
    while at != -1:
        if at == 0 or text[at - 1] in _BEFORE_TAG:
            return True
        at = text.find("!", at + 1)
    return False


def exchanges(
    path: str | os.PathLike[str],
    arguments: Mapping[str, Any],
    samples: int,
    *,
    base_url: str,
    call_path: str = "/chat/completions",
    secrets: Iterable[str],
    is_verdict: IsVerdict,
    cache: ReplayIndex | None = None,
) -> list[Exchange] | None:
    """The `samples` responses replay would give to a POST of the body `arguments` to `base_url` + `call_path`, or None.

    `call_path` is the model API's (`apis.request_path`: `/chat/completions`, `/responses`, `/messages`,
    `/models/{model}:generateContent`). `secrets` are the values the vcrpy path redacts (live keys
    and the request's credentials): a response carrying one is left to that path.
    """
    url = apis.call_url(base_url, call_path)
    if url is None:
        return None
    try:
        interactions = cache.interactions(path, _interactions) if cache is not None else _interactions(_read(path))
        want = json.dumps(arguments, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except Exception:  # noqa: BLE001 - any doubt: the vcrpy path reads it and explains what is wrong
        return None
    if interactions is None:
        return None
    found: list[Exchange] = []
    wanted_path = urlsplit(url).path
    secret_bytes = [s.encode("utf-8") for s in secrets if len(s) >= scrub.MIN_SECRET]
    for interaction in interactions:
        if len(found) == samples:
            break
        try:
            exchange = _exchange(interaction, url, wanted_path, want)
        except Exception:  # noqa: BLE001 - an interaction of an unexpected shape
            return None
        if exchange is None:
            continue
        if not replays_directly(exchange, is_verdict) or _carries(exchange, secret_bytes):
            return None
        found.append(exchange)
    return found if len(found) == samples else None


def _read(path: str | os.PathLike[str]) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _interactions(raw: bytes) -> list[Any] | None:
    """The cassette's interactions as vcrpy stores them, or None when it is not a plain vcrpy cassette.

    A cassette without YAML tags (no `!!binary` body) is read as plain strings, lists and dicts: a
    lookup needs nothing more (status codes go through `int`). `yamlread` reads what vcrpy's dumper
    writes without PyYAML; whatever it is unsure of goes to `_pyyaml_data`, which gives the same.
    """
    text = raw.decode("utf-8")
    data = yamlread.read(text)  # None for anything tagged ("!!binary"), which only loading reads right
    if data is None:
        data = _pyyaml_data(text)
    if not isinstance(data, dict) or str(data.get("version")) != "1":
        return None
    interactions = data.get("interactions")
    return interactions if isinstance(interactions, list) else None


def _pyyaml_data(text: str) -> Any:
    """The cassette as PyYAML reads it.

    Without tags it is composed by libyaml and its nodes read as strings (`_as_data`), which skips
    the constructor's per-scalar type resolution, most of a load's cost. Anything tagged gets the
    safe loader, as vcrpy reads it.
    """
    import yaml

    if not _may_hold_tags(text) or not _holds_tags(text):
        return _as_data(yaml.compose(text, Loader=_composer()))
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _holds_tags(text: str) -> bool:
    """Whether libyaml's scanner finds a tag: a "!" inside a quoted answer ("Bien sûr !") is text, not one.

    So a cassette reads as the same strings whichever reader takes it and whatever its answers say.
    """
    import yaml

    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    return any(isinstance(token, yaml.TagToken) for token in yaml.scan(text, Loader=loader))


@functools.cache
def _composer() -> Any:
    """libyaml's base loader, minus tag resolution: `_as_data` reads every scalar as a string anyway."""
    import yaml

    class Composer(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):  # type: ignore[misc]
        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            return ""

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None

    return Composer


def _as_data(node: Any) -> Any:
    """A composed YAML node as strings, lists and dicts (what the base loader would build, faster)."""
    value = node.value if node is not None else None
    if isinstance(value, str) or value is None:
        return value
    if node.id == "mapping":
        return {_as_data(key): _as_data(item) for key, item in value}
    return [_as_data(item) for item in value]


def _exchange(interaction: Mapping[str, Any], url: str, wanted_path: str, want: str) -> Exchange | None:
    """The exchange an interaction answers with, if it matches the item's request (method, path, body)."""
    request = interaction["request"]
    if request["method"] != "POST" or urlsplit(request["uri"]).path != wanted_path:
        return None
    if canonical_json(request["body"]) != want:
        return None
    return from_interaction(interaction, url, want.encode("utf-8"))


def _carries(exchange: Exchange, secrets: list[bytes]) -> bool:
    """Whether a secret appears in the response (the vcrpy path would redact it)."""
    texts = [exchange.body, *(v.encode("utf-8") for v in exchange.headers.values())]
    return any(secret in text for secret in secrets for text in texts)
