"""Fixtures for the matrix cells: the scripted loopback server and a pytester project whose model is that server."""

from __future__ import annotations

from collections.abc import Iterator

# Imported once, up front: pytester's in-process runs drop the modules they import, and the SDK's
# HTTP library (httpx or httpx2, whichever the installed openai is built on) caches its exception classes.
import openai  # noqa: F401
import pytest
import vcr  # noqa: F401

from pytest_refusal import wire
from pytest_refusal.cassette import sdkhttp
from pytest_refusal.testing import ScriptedServer, answer, refusal
from pytest_refusal.testing.server import Received, Reply

sdkhttp.http_library()

KEY = "sk-matrix-0123456789abcdefghijklmnopqrstuvwxyz"  # a fake key that must never reach a cassette


def by_prompt(request: Received) -> wire.WireResponse:
    """A refusal (in Chinese for a Chinese prompt) when the last user message asks to pick a lock, else an answer.

    Every model API is answered in its own format; the prompt is read as the plugin reads it.
    """
    prompt = request.prompt
    reply = refusal("refuse", "zh") if "撬锁" in prompt else refusal("refuse") if "lock" in prompt else answer()
    assert reply.build is not None
    return reply.build(request)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A scripted OpenAI-compatible server on 127.0.0.1 that refuses lock picking and answers the rest."""
    with ScriptedServer(default=Reply(by_prompt)) as running:
        yield running


@pytest.fixture
def project(pytester: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A project whose model `local` is the scripted server, keyed by the fake key."""
    monkeypatch.setenv("MATRIX_KEY", KEY)
    pytester.makeini(
        f"""
        [pytest]
        addopts = -p no:cacheprovider -p no:recording
        refusal_models =
            local = base_url={server.base_url} model=scripted-1 api_key_env=MATRIX_KEY
        refusal_max_retries = 0
        refusal_timeout = 5
        """
    )
    return pytester


def cassettes(project: pytest.Pytester) -> dict[str, str]:
    """Every cassette the project wrote, by its path under the project, with its text."""
    return {
        p.relative_to(project.path).as_posix(): p.read_text("utf-8")
        for p in sorted(project.path.rglob("*.yaml"))
        if "cassettes" in p.parts
    }


def assert_no_key(files: dict[str, str]) -> None:
    """The fake key is in none of the files (the cassette scrubber dropped it)."""
    assert files, "nothing was recorded"
    assert [name for name, text in files.items() if KEY in text] == []
