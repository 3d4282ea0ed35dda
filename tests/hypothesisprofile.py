"""The suite's Hypothesis profile as tests see it: a check any folder can run, and a visible per-test cap."""

from __future__ import annotations

import os

from hypothesis import settings

# The counts tests/conftest.py promises; written out here so that a probe does not read them back from it.
EXAMPLES = {"ci": 10_000, "dev": 60}


def asked_profile() -> str:
    """The profile the environment asks for: HYPOTHESIS_PROFILE, else "ci" where CI is set, else "dev"."""
    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    return os.environ.get("HYPOTHESIS_PROFILE", "ci" if in_ci else "dev")


def check_the_profile_is_honoured_here() -> None:
    """The settings a property without its own reads when it runs give the count the environment asked for.

    (Counting a real run's examples would prove no more: `@given` reads these same settings at run time,
    and 10,000 examples of even an empty property take seconds.)
    """
    profile = asked_profile()
    expected = EXAMPLES[profile]
    assert settings().max_examples == expected, (
        f"the {profile!r} profile should give {expected} examples per property, but tests here get "
        f"{settings().max_examples}: a conftest or test module loads a Hypothesis profile of its own; "
        "register and load profiles only in tests/conftest.py"
    )


def at_most(examples: int) -> settings:
    """The profile's count, but no more than `examples`, for a property too slow for 10,000 in CI.

    Each use says beside it what one example costs and what 10,000 took, so a cap is never silent.
    """
    return settings(max_examples=min(settings().max_examples, examples))
