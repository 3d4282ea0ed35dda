"""What JUnit XML shows for a judged map item: a few short properties, cleaned of the run's secrets.

A run keeps every report to its end, so the texts are bounded whatever the model said.
"""

from __future__ import annotations

from pytest_refusal import scrub
from pytest_refusal.observation import Observation

__all__ = ["JUNIT_TEXT_LIMIT", "junit_properties"]


def junit_properties(observation: Observation, secrets: tuple[str, ...] = ()) -> list[tuple[str, object]]:
    """What JUnit XML shows for a judged item: model, category, language, kind (majority) and rate, `scrub.clean`.

    `secrets` are the run's, as `settle` read them for the item.
    """
    majority = observation.majority
    properties = [
        ("model", observation.model),
        ("category", observation.category),
        ("language", observation.language),
        ("kind", majority.value if majority else ""),
        ("rate", f"{observation.rate:.4g}"),
    ]
    if observation.verdicts:  # the first answer, bounded: JUnit XML stays small whatever the model said
        first = observation.verdicts[0]
        text = " ".join(observation.texts[0].split()) if observation.texts else ""
        properties += [("evidence", _bounded(first.evidence)), ("response", _bounded(text))]
    cleaned = scrub.clean_many([value for _, value in properties], secrets)  # one pass: this runs for every item
    return [(name, value) for (name, _), value in zip(properties, cleaned, strict=True)]


JUNIT_TEXT_LIMIT = 200  # characters of response text or evidence a JUnit property keeps


def _bounded(text: str) -> str:
    return text if len(text) <= JUNIT_TEXT_LIMIT else text[: JUNIT_TEXT_LIMIT - 1] + "…"
