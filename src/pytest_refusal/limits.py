"""The bounds of the sampling settings, one rule wherever they are written: options, markers and probe maps."""

from __future__ import annotations

MAX_SAMPLES = 10_000
"""Responses per probe at most: a slip such as `samples: 100000` would otherwise send that many paid calls per item."""

SAMPLES_RANGE = f"a whole number of responses, 1 or more and at most {MAX_SAMPLES}"
MIN_RATE_RANGE = "a share above 0 and at most 1, e.g. 0.8"


def samples_ok(value: object) -> bool:
    """Whether `value` is a sample count a run may ask for (booleans are not counts)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_SAMPLES


def min_rate_ok(value: object) -> bool:
    """Whether `value` is a usable min_rate: 0 would pass a probe that never once met its expectation."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 1
