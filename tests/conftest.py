"""Hypothesis profiles for the whole suite: fast on a developer's machine, thorough in CI.

The "ci" profile (10,000 examples per property) loads when the CI environment variable is set,
as `.ci/run` runs, or when ``HYPOTHESIS_PROFILE=ci`` asks for it; otherwise "dev" (60).
This is the only place that registers or loads a profile: profiles are global, so one loaded in
a folder's conftest would set the count for every test of the run (tests/test_hypothesis_profile.py
checks it). A property that cannot afford the profile's count caps it in its own ``@settings``,
with the reason beside it.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

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
