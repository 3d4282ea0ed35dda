"""pytest-refusal: test an LLM's refusal map as part of your product."""

from __future__ import annotations

from pytest_refusal.detector import detect
from pytest_refusal.verdict import Expectation, Kind, NotAVerdict, Verdict

__all__ = ["detect", "Expectation", "Kind", "NotAVerdict", "Verdict"]
__version__ = "0.1.0"
