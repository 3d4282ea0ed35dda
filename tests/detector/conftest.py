"""Hypothesis profiles for the detector's fuzz tests: fast by default, thorough on request.

``HYPOTHESIS_PROFILE=ci`` runs 10,000 examples per property. It is loaded explicitly (never by
Hypothesis' own CI detection) so that the README's test command stays fast everywhere.
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
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
