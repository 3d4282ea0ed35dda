"""k-of-n statistics: Wilson intervals and the Fisher exact test behind drift."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_refusal.refusalmap.stats import fisher_exact, significant, wilson


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (0, 5, 0.0, 0.4345),
        (5, 5, 0.5655, 1.0),
        (1, 2, 0.0945, 0.9055),
        (0, 10, 0.0, 0.2775),
        (81, 263, 0.2553, 0.3662),
        (0, 0, 0.0, 1.0),
    ],
    ids=["none of five", "all of five", "one of two", "none of ten", "textbook 81 of 263", "nothing observed"],
)
def test_wilson_interval_matches_reference_values(k: int, n: int, low: float, high: float) -> None:
    interval = wilson(k, n)
    assert interval.low == pytest.approx(low, abs=1e-4)
    assert interval.high == pytest.approx(high, abs=1e-4)


def test_wilson_interval_prints_as_a_bracketed_pair() -> None:
    assert str(wilson(4, 5)) == "[0.38, 0.96]"


@pytest.mark.parametrize(
    ("table", "p"),
    [
        ((5, 5, 0, 5), 0.0079365),
        ((3, 5, 0, 5), 0.1666667),
        ((1, 10, 11, 14), 0.0027595),
        ((5, 5, 1, 5), 0.0476190),
        ((1, 1, 0, 1), 1.0),
        ((0, 0, 0, 0), 1.0),
        ((2, 4, 2, 4), 1.0),
    ],
    ids=[
        "all to none of five",
        "three to none of five",
        "R fisher.test textbook table",
        "five to one of five",
        "single samples",
        "empty",
        "identical",
    ],
)
def test_fisher_exact_matches_reference_p_values(table: tuple[int, int, int, int], p: float) -> None:
    assert fisher_exact(*table) == pytest.approx(p, abs=1e-6)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ((5, 5, 0, 5), True),
        ((5, 5, 2, 5), False),
        ((20, 20, 11, 20), True),
        ((1, 1, 0, 1), False),
    ],
    ids=[
        "all to none is drift",
        "five to two of five is noise",
        "twenty to eleven is drift",
        "one sample can never be significant",
    ],
)
def test_significance_uses_alpha_five_percent(table: tuple[int, int, int, int], expected: bool) -> None:
    assert significant(*table) is expected


@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), st.integers(0, 30))
def test_fisher_is_a_symmetric_probability(a: int, b: int, c: int, d: int) -> None:
    k1, n1, k2, n2 = min(a, b), max(a, b), min(c, d), max(c, d)
    p = fisher_exact(k1, n1, k2, n2)
    assert 0.0 < p <= 1.0
    assert p == pytest.approx(fisher_exact(k2, n2, k1, n1))


@given(st.integers(0, 50), st.integers(0, 50))
def test_wilson_interval_contains_the_observed_rate(a: int, b: int) -> None:
    k, n = min(a, b), max(a, b)
    interval = wilson(k, n)
    assert 0.0 <= interval.low <= (k / n if n else 0.5) <= interval.high <= 1.0


def test_impossible_counts_are_rejected() -> None:
    with pytest.raises(ValueError, match="0 <= k <= n"):
        wilson(6, 5)
