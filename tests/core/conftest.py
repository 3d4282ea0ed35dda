"""Shared fixtures for the plugin's own tests: a scripted server and a pytester project wired to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Imported here, once, so pytester's in-process runs (which drop modules they import) reuse them.
# httpcore2 matters most: httpx2 caches its exception classes, and a re-import would break that map.
import httpcore2  # noqa: F401
import openai  # noqa: F401
import pytest
import vcr  # noqa: F401
import yaml

from pytest_refusal.testing import ScriptedServer

CANARY_KEY = "sk-canary-0123456789abcdefghijklmnopqrstuvwxyz"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A scripted OpenAI-compatible server on 127.0.0.1 for one test."""
    with ScriptedServer() as running:
        yield running


@pytest.fixture
def project(pytester: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A pytester project whose model `local` is the scripted server, keyed by a canary secret."""
    monkeypatch.setenv("LOCAL_TEST_KEY", CANARY_KEY)
    pytester.makeini(
        f"""
        [pytest]
        addopts = -p no:hypothesispytest -p no:recording
        refusal_models =
            local = base_url={server.base_url} model=scripted-1 api_key_env=LOCAL_TEST_KEY
        refusal_max_retries = 0
        refusal_timeout = 5
        """
    )
    return pytester


@pytest.fixture
def canary_key() -> str:
    """The fake API key whose value must never reach a cassette."""
    return CANARY_KEY


@pytest.fixture
def read_cassette() -> Callable[[Path], Any]:
    """Load a cassette file as plain YAML data."""

    def read(path: Path) -> Any:
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    return read
