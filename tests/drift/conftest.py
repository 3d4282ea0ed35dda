"""Fixtures for drift-watch tests: a scripted server, and replies that shift with the sample or name another served model."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping

# Imported once, up front, so pytester's in-process runs reuse them (see tests/core/conftest.py).
import httpcore2  # noqa: F401
import openai  # noqa: F401
import pytest
import vcr  # noqa: F401
import yaml  # noqa: F401

from pytest_refusal import wire
from pytest_refusal.testing import ScriptedServer, answer, refusal
from pytest_refusal.testing.server import Received, Reply


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as running:
        yield running


def refusing(share: Mapping[str, int], samples: int) -> Reply:
    """For a prompt holding a key of `share`: that many of every `samples` requests are refused, the rest answered."""
    seen: Counter[str] = Counter()
    yes, no = answer(), refusal("refuse")

    def build(received: Received) -> wire.WireResponse:
        for fragment, refused in share.items():
            if fragment in received.prompt:
                seen[fragment] += 1
                chosen = no if (seen[fragment] - 1) % samples < refused else yes
                assert chosen.build is not None
                return chosen.build(received)
        assert yes.build is not None
        return yes.build(received)

    return Reply(build)


def served_as(reply: Reply, model: str, fingerprint: str) -> Reply:
    """`reply`, but its body names `model` and `system_fingerprint` as a vendor's API does."""

    def build(received: Received) -> wire.WireResponse:
        assert reply.build is not None
        response = reply.build(received)
        body = json.loads(response.body)
        body["model"], body["system_fingerprint"] = model, fingerprint
        return wire.WireResponse(response.status, json.dumps(body).encode(), response.headers)

    return Reply(build)


def by_prompt(replies: Mapping[str, Reply], default: Reply | None = None, *, model: str | None = None) -> Reply:
    """The reply of the first fragment the prompt holds (only for requests to `model`, if given); `default` otherwise."""
    fallback = default or answer()

    def build(received: Received) -> wire.WireResponse:
        mine = model is None or received.model == model
        chosen = next((r for fragment, r in replies.items() if mine and fragment in received.prompt), fallback)
        assert chosen.build is not None
        return chosen.build(received)

    return Reply(build)
