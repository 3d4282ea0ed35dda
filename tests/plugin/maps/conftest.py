"""Shared fixtures for the refusal-map plugin tests: a scripted server that answers per model and prompt, and a project."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest
from mapproject import EPOCH, MAP, map_project  # noqa: F401 - EPOCH and MAP are imported from here by the tests

from pytest_refusal.testing import ScriptedServer, answer
from pytest_refusal.testing.server import Received, Reply

QUIET = ("-p", "no:hypothesispytest", "-p", "no:recording", "-p", "no:cacheprovider")

Behaviour = Mapping[tuple[str, str], Reply]


def scripted(behaviour: Behaviour, default: Reply | None = None) -> Reply:
    """A reply chosen by (model, a fragment of the last user message); `default` (an answer) otherwise."""
    fallback = default or answer()

    def build(received: Received) -> object:
        body = received.json or {}
        prompt = str((body.get("messages") or [{}])[-1].get("content", ""))
        for (model, fragment), reply in behaviour.items():
            if received.model == model and fragment in prompt:
                assert reply.build is not None
                return reply.build(received)
        assert fallback.build is not None
        return fallback.build(received)

    return Reply(build)  # type: ignore[arg-type]


def v1_kimi_refuses() -> Reply:
    from pytest_refusal.testing import refusal

    return scripted({("kimi-k2", "Tiananmen"): refusal("refuse"), ("kimi-k2", "天安门"): refusal("refuse", "zh")})


V1_KIMI_REFUSES = v1_kimi_refuses()


@pytest.fixture
def project(pytester: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A project with `politics.refusal.yaml` (kimi and gpt, both the scripted server) and a pinned clock."""
    return map_project(pytester, monkeypatch, MAP.format(url=server.base_url))


@pytest.fixture
def read() -> Callable[[pytest.Pytester, str], str]:
    def read_(project: pytest.Pytester, name: str) -> str:
        return (project.path / name).read_text(encoding="utf-8")

    return read_
