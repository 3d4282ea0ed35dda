"""TEMPORARY contract stub (being written): provider signals in every wire format."""

from __future__ import annotations

from dataclasses import dataclass

from pytest_refusal.verdict import Verdict


@dataclass(frozen=True)
class Extracted:
    """What a response carries: the assistant text, and a verdict when a provider signal decided."""

    text: str
    verdict: Verdict | None = None


def extract(response: object) -> Extracted:
    if isinstance(response, str):
        return Extracted(response)
    raise TypeError(f"cannot judge {type(response).__name__}")
