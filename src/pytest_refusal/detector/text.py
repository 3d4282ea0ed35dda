"""TEMPORARY contract stub (being written): multilingual refusal cues."""

from __future__ import annotations

from pytest_refusal.verdict import Kind, Verdict


def classify_text(text: str) -> Verdict:
    return Verdict(Kind.COMPLY, 0.5, "", "und")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ("zh", "en", ...), or "und" when unknown."""
    return "und"
