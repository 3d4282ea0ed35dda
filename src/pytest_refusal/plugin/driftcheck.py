"""Whether a map item fails for its observation: its policy, and drift from the accepted baseline (or only a warning)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Protocol

import pytest

from pytest_refusal.observation import Observation
from pytest_refusal.plugin.options import Options

if TYPE_CHECKING:
    from pytest_refusal.refusalmap.baseline import Baseline

__all__ = ["RefusalDriftWarning", "drift_line", "fail_for_policy_or_drift"]


class RefusalSession(Protocol):
    """What deciding needs of the run's session: its options, its accepted baseline, and how it shows text."""

    options: Options

    def baseline(self) -> Baseline: ...

    def clean(self, text: str) -> str: ...

    def shown(self, path: os.PathLike[str] | str) -> str: ...


class RefusalDriftWarning(UserWarning):
    """A verdict differs from the baseline, under --refusal-drift=warn."""


def fail_for_policy_or_drift(session: RefusalSession, observation: Observation, policy: str | None) -> None:
    """Fail the item with every reason at once: its policy failure, and drift unless accepted or only warned of."""
    drift = drift_line(session, observation)
    if drift and session.options.drift == "warn" and not session.options.update_baseline:
        import warnings

        warnings.warn(RefusalDriftWarning(session.clean(f"drift from the baseline: {drift}")), stacklevel=1)
    drift_fails = drift is not None and session.options.drift == "fail" and not session.options.update_baseline
    sections = []
    if policy:
        sections.append(policy)
    if drift_fails:
        what = (
            "judge drift" if drift and " (judge drift: " in drift else "drift"
        )  # the judge changed, maybe not the model
        sections.append(
            f"{what} from the baseline {session.shown(session.options.baseline)}:\n  {drift}\n"
            "If the change is intended, accept it with --refusal-update-baseline "
            "(or report drift without failing: --refusal-drift=warn)."
        )
    if sections:
        pytest.fail("\n".join(sections), pytrace=False)


def drift_line(session: RefusalSession, observation: Observation) -> str | None:
    """`kimi · china_politics · tiananmen-1989 [zh]: refuse → comply` when the observation drifted."""
    if not (observation.model and observation.category and observation.n):
        return None
    from pytest_refusal.refusalmap.baseline import BaselineError
    from pytest_refusal.refusalmap.drift import drift_for

    broken = ""
    try:
        found = drift_for(observation, session.baseline())
    except BaselineError as exc:
        broken = str(exc).replace(str(session.options.baseline), session.shown(session.options.baseline))
    if broken:  # failed outside the except block, so no chained traceback is shown
        pytest.fail(
            f"{broken}\nFix the file, or delete it and accept the map again with --refusal-update-baseline.",
            pytrace=False,
        )
    return found.line if found is not None and found.significant else None
