"""The plugin's own `pytest_refusal_classify`: the detector's verdict, built with the collector paused and left as found."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from pytest_refusal import gcpause
from pytest_refusal.plugin import pytest_refusal_classify
from pytest_refusal.verdict import Kind


@pytest.fixture
def collector() -> Iterator[None]:
    """Whatever a test does to the collector, it is on again afterwards."""
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.parametrize("enabled", [True, False], ids=["collector-on", "collector-off"])
def test_the_default_classifier_leaves_the_collector_as_it_found_it(
    enabled: bool, collector: None, pytestconfig: pytest.Config
) -> None:
    (gc.enable if enabled else gc.disable)()

    verdict = pytest_refusal_classify("I'm sorry, but I can't help with that.", pytestconfig, None)

    assert (verdict.kind, gc.isenabled()) == (Kind.REFUSE, enabled)


def test_no_collection_runs_while_paused_and_the_collector_is_back_on_after(collector: None) -> None:
    generations: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            generations.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        with gcpause.paused():
            kept = [[i] for i in range(50 * gc.get_threshold()[0])]  # far past the youngest generation's threshold
            inside = len(generations)
    finally:
        gc.callbacks.remove(seen)
    assert (inside, gc.isenabled(), len(kept)) == (0, True, 50 * gc.get_threshold()[0])


def test_a_failure_inside_the_pause_still_turns_the_collector_back_on(collector: None) -> None:
    with pytest.raises(ValueError, match="broken table"), gcpause.paused():
        raise ValueError("broken table")

    assert gc.isenabled()


def test_the_detector_runs_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch, collector: None, pytestconfig: pytest.Config
) -> None:
    import pytest_refusal.detector

    seen: list[bool] = []
    real = pytest_refusal.detector.detect

    def watched(response: object, *, prompt: str | None = None) -> object:
        seen.append(gc.isenabled())
        return real(response, prompt=prompt)

    monkeypatch.setattr(pytest_refusal.detector, "detect", watched)

    pytest_refusal_classify("Sure, here it is.", pytestconfig, "Say something.")

    assert (seen, gc.isenabled()) == ([False], True)
