"""k-of-n statistics for sampled probes: Wilson intervals and the drift significance test.

Pure standard-library math: the plugin must not pull scipy into every user's test run.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

Z95 = 1.959963984540054
"""The two-sided 95% normal quantile."""

ALPHA = 0.05
"""Significance level for drift between two samples of n > 1."""

_TIES = 1 + 1e-7  # relative tolerance when comparing table probabilities (float noise)


@dataclass(frozen=True)
class Interval:
    """A confidence interval for a proportion, both ends in 0..1."""

    low: float
    high: float

    def __str__(self) -> str:
        return f"[{self.low:.2f}, {self.high:.2f}]"


@functools.lru_cache(maxsize=4096)  # k and n are small counts, asked for again for every item of a report
def wilson(k: int, n: int, z: float = Z95) -> Interval:
    """Wilson score interval for k successes in n trials (95% by default).

    Chosen over the normal (Wald) interval because it stays inside 0..1 and is honest at the
    small n and extreme rates refusal probes live at (5/5 gives about [0.57, 1], not [1, 1]).
    With n = 0 nothing is known: [0, 1].
    """
    _check(k, n)
    if n == 0:
        return Interval(0.0, 1.0)
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # exact ends at k = 0 and k = n (the formula gives them, up to float noise)
    low = 0.0 if k == 0 else max(0.0, centre - margin)
    high = 1.0 if k == n else min(1.0, centre + margin)
    return Interval(low, high)


def fisher_exact(k1: int, n1: int, k2: int, n2: int) -> float:
    """Two-sided Fisher exact test p-value for k1/n1 against k2/n2.

    Sums the hypergeometric probabilities of every 2×2 table with the same margins that is no
    more likely than the observed one (the usual "minimum likelihood" two-sided rule, as R's
    fisher.test). Exact, so it is valid at the small sample counts probes use (n of 3 to 20),
    where a two-proportion z-test's normal approximation is not.
    """
    _check(k1, n1)
    _check(k2, n2)
    successes, total = k1 + k2, n1 + n2
    low, high = max(0, successes - n2), min(successes, n1)
    observed = _hypergeom(k1, n1, n2, successes)
    p = sum(q for x in range(low, high + 1) if (q := _hypergeom(x, n1, n2, successes)) <= observed * _TIES)
    return min(1.0, p) if total else 1.0


def significant(k1: int, n1: int, k2: int, n2: int, alpha: float = ALPHA) -> bool:
    """True when k1/n1 and k2/n2 differ beyond chance (Fisher exact, two-sided, at `alpha`)."""
    return fisher_exact(k1, n1, k2, n2) < alpha


def _hypergeom(x: int, n1: int, n2: int, successes: int) -> float:
    """P(x of the successes fall in the first sample), in log space to avoid huge binomials."""
    log_p = _log_comb(n1, x) + _log_comb(n2, successes - x) - _log_comb(n1 + n2, successes)
    return math.exp(log_p)


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _check(k: int, n: int) -> None:
    if n < 0 or not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")
