"""Refusal simulation: every model call made while it is active gets a refusal in the chosen shape.

It works at the HTTP layer (vcrpy's patches of httpx, requests, aiohttp...), so the product's
own client code, retries and error handling run for real; only the provider's answer is
scripted, in the format of the API called (chat completions, Responses, Anthropic Messages,
Gemini; streamed when the request streams). Other requests pass through untouched.

    with simulate.refusal("blocked", "zh", shape="moonshot_400"):
        assert my_app.answer("…") == FALLBACK_MESSAGE
"""

from __future__ import annotations

import contextlib
from typing import Any

from pytest_refusal import apis, apiwire, wire
from pytest_refusal.apis import Api
from pytest_refusal.cassette import exchange as exchanges
from pytest_refusal.cassette.exchange import Exchange

__all__ = ["Simulation", "refusal"]

_BASE = "http://simulated.invalid/v1"
_MODEL = "simulated"

# One answer per way of asking: the API, whether it streams and, for a Gemini stream, its framing.
Form = tuple[Api, bool, bool]
_FORMS: tuple[Form, ...] = (
    *((api, stream, True) for api in Api if api is not Api.GEMINI for stream in (False, True)),
    (Api.GEMINI, False, True),
    (Api.GEMINI, True, True),  # streamGenerateContent?alt=sse
    (Api.GEMINI, True, False),  # streamGenerateContent: one JSON array
)


class Simulation:
    """An active (or ready) refusal simulation; `exchanges` lists the model calls it answered."""

    # Read by the tracking cassette: exchanges it plays are "simulated", not "replayed".
    simulates = True

    def __init__(
        self,
        kind: str = "refuse",
        language: str = "en",
        shape: wire.Shape | str | None = None,
        *,
        forward_to: Any = None,
    ) -> None:
        # Build every form now so a bad kind/shape/language fails where it is written.
        self.responses: dict[Form, wire.WireResponse] = {
            (api, stream, sse): apiwire.api_refusal(
                api.value, kind, language, shape, stream=stream, sse=sse, model=_MODEL
            )
            for api, stream, sse in _FORMS
        }
        self.kind, self.language = kind, language
        self.shape = wire.Shape(shape) if shape is not None else wire.shapes_for(kind)[0]
        self.exchanges: list[Exchange] = []
        self._forward_to = forward_to
        self._stack: contextlib.ExitStack | None = None

    def open(self) -> Simulation:
        from pytest_refusal.cassette.vcrconfig import vcr_context

        context = vcr_context(
            path=f"<simulated {self.kind} {self.shape.value}>",
            record_mode="new_episodes",  # anything that is not a model call goes out for real
            persister=_InMemory(self.responses),
            tracker=self,
            match_on=("method", "model_api", "stream_flag", "stream_framing"),
            allow_playback_repeats=True,
        )
        stack = contextlib.ExitStack()
        stack.enter_context(context)
        self._stack = stack
        return self

    def close(self) -> None:
        stack, self._stack = self._stack, None
        if stack is not None:
            stack.close()

    def __enter__(self) -> Simulation:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def calls(self) -> int:
        """How many model calls the simulation answered."""
        return len(self.exchanges)

    # the tracking cassette's `vcrconfig.Tracker` -----------------------------------------------------
    def exchanged(self, request: Any, response: dict[str, Any], source: str) -> Exchange | None:
        if source != "simulated":
            return None  # pass-through traffic is not the simulation's business
        exchange = exchanges.from_vcr(request, response, source)
        self.exchanges.append(exchange)
        if self._forward_to is not None:
            self._forward_to.exchanges.append(exchange)
        return exchange

    def keeps(self, exchange: Exchange) -> bool:
        return True  # nothing is saved (see `_InMemory`)

    def unanswered(self, request: Any, cassette: Any) -> None:
        pass  # never write-protected: unmatched requests pass through


def refusal(kind: str = "refuse", language: str = "en", shape: wire.Shape | str | None = None) -> Simulation:
    """A simulation to use as a context manager: `with refusal("refuse_safety", "zh"): ...`."""
    return Simulation(kind, language, shape)


class _InMemory:
    """A vcrpy persister holding one simulated interaction per API and stream form; saves nothing."""

    def __init__(self, responses: dict[Form, wire.WireResponse]) -> None:
        self.responses = responses

    def load_cassette(self, cassette_path: str, serializer: Any) -> Any:
        from vcr.request import Request  # type: ignore[import-untyped,unused-ignore]

        requests, responses = [], []
        for (api, stream, sse), response in self.responses.items():
            path = apis.request_path(api, _MODEL, stream=stream)
            if api is Api.GEMINI and stream and not sse:
                path = path.replace("?alt=sse", "")
            body = b'{"stream": true}' if stream and api is not Api.GEMINI else b"{}"
            requests.append(Request("POST", _BASE + path, body, {"content-type": "application/json"}))
            responses.append(_vcr_response(response))
        return requests, responses

    def save_cassette(self, cassette_path: str, cassette_dict: Any, serializer: Any) -> None:
        pass


def _vcr_response(response: wire.WireResponse) -> dict[str, Any]:
    headers: dict[str, list[str]] = {}
    for name, value in response.headers:
        headers.setdefault(name, []).append(value)
    return {
        "status": {"code": response.status, "message": _REASONS.get(response.status, "")},
        "headers": headers,
        "body": {"string": response.body},
    }


_REASONS = {200: "OK", 400: "Bad Request"}
