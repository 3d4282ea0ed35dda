"""Fixtures for the reliability sweep: a scripted server, and a pytester project keyed by canary secrets."""

from __future__ import annotations

from collections.abc import Iterator

# Imported once, up front: pytester's in-process runs drop modules they import, and httpx2 caches
# its exception classes (a re-import would break that map). See tests/core/conftest.py.
import httpcore2  # noqa: F401
import openai  # noqa: F401
import pytest
import vcr  # noqa: F401

from pytest_refusal.testing import ScriptedServer

# Canaries: values that must never appear in anything the plugin writes or prints.
CANARY_KEY = "sk-canary-0123456789abcdefghijklmnopqrstuvwxyz"
# Not shaped like any known key: only the live-secret and request-header audits can catch it.
CANARY_PLAIN = "plaincanary7f3a9c2e41d8b6"
CANARY_COOKIE = "cookiecanary5e8d2b7a913f"
CANARY_QUERY = "querycanary2c9e4f1a7b63d"
CANARIES = (CANARY_KEY, CANARY_PLAIN, CANARY_COOKIE, CANARY_QUERY)

INI = """
[pytest]
addopts = -p no:hypothesispytest -p no:recording -p no:cacheprovider
refusal_models =
    local = base_url={base_url} model=scripted-1 api_key_env=LOCAL_TEST_KEY
refusal_max_retries = 0
refusal_timeout = 5
"""


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A scripted OpenAI-compatible server on 127.0.0.1 for one test."""
    with ScriptedServer() as running:
        yield running


@pytest.fixture
def project(pytester: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A pytester project whose model `local` is the scripted server, keyed by the canary key."""
    monkeypatch.setenv("LOCAL_TEST_KEY", CANARY_KEY)
    pytester.makeini(INI.format(base_url=server.base_url))
    return pytester


def leaked(text: str) -> list[str]:
    """The canaries present in `text` (an empty list is the only acceptable answer)."""
    return [canary for canary in CANARIES if canary in text]
