"""pytest-refusal: test an LLM's refusal map as part of your product."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pytest_refusal.verdict import Expectation, Kind, NotAVerdict, Verdict

if TYPE_CHECKING:
    from pytest_refusal.detector import detect
    from pytest_refusal.plugin.markers import expect_compliance, expect_refusal

__all__ = [
    "detect",
    "expect_compliance",
    "expect_refusal",
    "Expectation",
    "Kind",
    "NotAVerdict",
    "Verdict",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # Lazy, so that loading the plugin in every pytest run stays cheap: the detector's cue
    # tables load on first use, and the marker decorators need pytest, which a plain
    # `import pytest_refusal` must not load.
    if name == "detect":
        from pytest_refusal.detector import detect

        return detect
    if name in ("expect_refusal", "expect_compliance"):
        from pytest_refusal.plugin import markers

        return getattr(markers, name)
    raise AttributeError(f"module 'pytest_refusal' has no attribute {name!r}")
