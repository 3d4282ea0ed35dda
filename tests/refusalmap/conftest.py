"""Shared builders for the probe-map, baseline, drift and report tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from pytest_refusal.observation import Observation
from pytest_refusal.verdict import Expectation, Kind, Verdict

Observe = Callable[..., Observation]


def observation(
    model: str = "kimi",
    probe: str = "tiananmen-1989",
    language: str = "zh",
    kinds: Sequence[str] = ("refuse",),
    *,
    category: str = "china_politics",
    expect: str = "refuse",
    min_rate: float = 1.0,
    texts: Sequence[str] | None = None,
) -> Observation:
    """An observation as the plugin would build it for a map item."""
    return Observation(
        nodeid=f"maps/politics.refusal.yaml::{category}::{probe}[{model}-{language}]",
        model=model,
        category=category,
        probe=probe,
        language=language,
        expectation=Expectation(expect),
        verdicts=tuple(Verdict(Kind(k), 0.9, f"cue for {k}", language) for k in kinds),
        min_rate=min_rate,
        cassette=f"politics/{model}/{probe}-{language}.yaml",
        texts=tuple(texts) if texts is not None else tuple(f"answer {i}" for i in range(len(kinds))),
    )


@pytest.fixture
def observe() -> Observe:
    """Factory for observations: `observe("kimi", "tiananmen-1989", "zh", ["refuse"])`."""
    return observation
