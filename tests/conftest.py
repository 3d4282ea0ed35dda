"""What every test folder shares: the scripted server, a project wired to it, and the Hypothesis profiles.

Fixtures: `server` (a scripted OpenAI-compatible server on 127.0.0.1), `project` (a pytester project whose
model `local` is that server, keyed by the canary key), `canary_key` and `read_cassette`. A folder whose
tests need another project (refusal maps, reports, the judge) overrides `project` in its own conftest.

Hypothesis profiles: fast on a developer's machine, thorough in CI.

The "ci" profile (10,000 examples per property) loads when the CI environment variable is set,
as `.ci/run` runs, or when ``HYPOTHESIS_PROFILE=ci`` asks for it; otherwise "dev" (60).
This is the only place that registers or loads a profile: profiles are global, so one loaded in
a folder's conftest would set the count for every test of the run (tests/test_hypothesis_profile.py
checks it). A property that cannot afford the profile's count caps it in its own ``@settings``,
with the reason beside it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Imported here, once, so pytester's in-process runs (which drop modules they import) reuse them.
# httpcore and httpcore2 matter most: httpx and httpx2 cache their exception classes, and a re-import
# would break that map (the SDK uses one of them, direct calls the other where both are installed).
import httpcore  # noqa: F401
import httpcore2  # noqa: F401
import openai  # noqa: F401
import pytest
import vcr  # noqa: F401
import yaml
from hypothesis import HealthCheck, settings
from scriptedproject import CANARY_KEY, INI

from pytest_refusal.testing import ScriptedServer

settings.register_profile(
    "dev",
    max_examples=60,
    deadline=None,  # a shared CI machine makes per-example deadlines flaky; speed has its benchmark
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    parent=settings.get_profile("ci"),
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
_in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if _in_ci else "dev"))


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
