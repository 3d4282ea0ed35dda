"""Benjamini–Hochberg: drift decisions over many sampled probes that keep false alarms rare.

Thirty probes each tested at α = 0.05 raise a false alarm on most nights even when no model
changed (1 − 0.95³⁰ ≈ 0.79). Benjamini–Hochberg controls the false-discovery rate instead:
of the items it calls drift, at most a share α are expected to be noise. It needs every
p-value of the run at once, so the decision is taken when the run's map is built.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["adjusted", "rejected"]


def adjusted(p_values: Sequence[float]) -> list[float]:
    """BH-adjusted p-values (q-values), in the order given: q_i = min over j ≥ rank(i) of p_(j)·m/j, capped at 1.

    An item is drift at level α when its q-value is below α: the step-up rule "reject the k
    smallest p-values, k the largest rank with p_(k)·m/k below α". With one test, q = p.
    """
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    q = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        q[i] = min(1.0, running)
    return q


def rejected(p_values: Sequence[float], alpha: float) -> list[bool]:
    """Which hypotheses BH rejects at false-discovery rate `alpha`, in the order given."""
    return [q < alpha for q in adjusted(p_values)]
