"""The suite's one Hypothesis profile reaches every folder: 10,000 examples per property in CI, 60 elsewhere.

Profiles are global and tests run only after every conftest is loaded, so a folder that loads a profile of
its own changes the count for the whole run without a word. The probes here and in tests/reliability check
what a test really gets; the run below puts them in a CI environment even on a developer's machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesisprofile import check_the_profile_is_honoured_here

ROOT = Path(__file__).resolve().parent.parent
PROBES = [
    "tests/test_hypothesis_profile.py::test_a_property_here_runs_the_profile_the_environment_asks_for",
    "tests/reliability/test_hypothesis_profile.py::test_a_property_here_runs_the_profile_the_environment_asks_for",
]


def test_a_property_here_runs_the_profile_the_environment_asks_for() -> None:
    check_the_profile_is_honoured_here()


@pytest.mark.parametrize(("ci", "examples"), [("true", 10_000), ("", 60)], ids=["ci", "dev"])
def test_every_folder_runs_the_profile_the_environment_asks_for(ci: str, examples: int) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "HYPOTHESIS_"))}
    env["CI"] = ci
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *PROBES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0 and f"{len(PROBES)} passed" in result.stdout, (
        f"with CI={ci!r} a property should run {examples} examples in every folder:\n{result.stdout}{result.stderr}"
    )
