"""This folder's property tests run the suite's profile (its conftest once loaded one of its own)."""

from __future__ import annotations

from hypothesisprofile import check_the_profile_is_honoured_here


def test_a_property_here_runs_the_profile_the_environment_asks_for() -> None:
    check_the_profile_is_honoured_here()
