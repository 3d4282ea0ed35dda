"""Is the even rows' lead over the odd rows more than chance? A split-half permutation interval for the gap.

Cues are tuned on the even rows of each labelled file and judged on the odd rows, so an even
half that scores better than the odd half may be tuning that does not generalise, or chance.
Chance is measured by dealing the same rows into two halves of the even and odd sizes at random
(2,000 seeded deals by default) and taking the 95% range of the gap (even F1 minus odd F1) that
those deals give: an observed gap outside it is "beyond noise".

The unit dealt is what the even/odd split really splits. When every prompt's rows fall on one
parity (XSTest lists its 450 prompts in the same order for each of its three models, an even
count, so a prompt's three answers share a parity), the halves are halves of the prompts, and
answers to one prompt are alike: whole prompts are dealt, or the interval would be too narrow.
Otherwise rows are dealt, which needs only the four cells' counts (true and false positives,
false negatives, true negatives) drawn without replacement: an exact multivariate
hypergeometric draw, fast in plain Python at any size.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

Cells = tuple[int, int, int, int]  # true positives, false positives, false negatives, true negatives


def cell(gold_refusal: bool, predicted_refusal: bool) -> Cells:
    """One row's place in the binary confusion table."""
    return (
        int(gold_refusal and predicted_refusal),
        int(predicted_refusal and not gold_refusal),
        int(gold_refusal and not predicted_refusal),
        int(not gold_refusal and not predicted_refusal),
    )


def add(cells: Sequence[Cells]) -> Cells:
    tp, fp, fn, tn = (sum(column) for column in zip(*cells, strict=True)) if cells else (0, 0, 0, 0)
    return tp, fp, fn, tn


def f1_mcc(c: Cells) -> tuple[float, float]:
    """Binary F1 and Matthews correlation (0 when a row or column of the table is empty)."""
    tp, fp, fn, tn = c
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return f1, (tp * tn - fp * fn) / denominator if denominator else 0.0


@dataclass(frozen=True)
class Gap:
    even: Cells
    odd: Cells
    unit: str  # "rows" or "prompts": what was dealt
    f1_range: tuple[float, float]
    mcc_range: tuple[float, float]
    p: float  # share of chance deals whose |F1 gap| reaches the observed one
    deals: int

    @property
    def f1_gap(self) -> float:
        return f1_mcc(self.even)[0] - f1_mcc(self.odd)[0]

    @property
    def mcc_gap(self) -> float:
        return f1_mcc(self.even)[1] - f1_mcc(self.odd)[1]

    @property
    def beyond_noise(self) -> bool:
        low, high = self.f1_range
        return not low <= self.f1_gap <= high

    def describe(self) -> str:
        (ef1, emcc), (of1, omcc) = f1_mcc(self.even), f1_mcc(self.odd)
        low, high = self.f1_range
        mlow, mhigh = self.mcc_range
        return (
            f"even F1={ef1:.3f} MCC={emcc:.3f} (n={sum(self.even)})   odd F1={of1:.3f} MCC={omcc:.3f} (n={sum(self.odd)})\n"
            f"           F1 gap {self.f1_gap:+.3f}, chance 95% [{low:+.3f}, {high:+.3f}] "
            f"({self.deals:,} deals of {self.unit}, p={self.p:.3f}): {'BEYOND NOISE' if self.beyond_noise else 'within noise'}"
            f";   MCC gap {self.mcc_gap:+.3f} [{mlow:+.3f}, {mhigh:+.3f}]"
        )


def gap(cells: Sequence[Cells], numbers: Sequence[int], prompts: Sequence[str], deals: int, seed: str) -> Gap:
    """The even/odd gap of rows (their cells, file row numbers and prompts) against `deals` seeded random splits."""
    units = prompt_units(cells, numbers, prompts)
    even = add([c for c, n in zip(cells, numbers, strict=True) if n % 2 == 0])
    odd = add([c for c, n in zip(cells, numbers, strict=True) if n % 2 == 1])
    total, rng = add(cells), random.Random(seed)
    if units is None:
        split = [deal_rows(rng, total, sum(even)) for _ in range(deals)]
    else:
        whole, even_units = units
        split = [deal_units(rng, whole, even_units) for _ in range(deals)]
    f1_gaps, mcc_gaps = [], []
    for e in split:
        o = tuple(t - x for t, x in zip(total, e, strict=True))
        (ef1, emcc), (of1, omcc) = f1_mcc(e), f1_mcc(o)  # type: ignore[arg-type]
        f1_gaps.append(ef1 - of1)
        mcc_gaps.append(emcc - omcc)
    observed = abs(f1_mcc(even)[0] - f1_mcc(odd)[0])
    p = sum(abs(g) >= observed - 1e-12 for g in f1_gaps) / deals
    return Gap(even, odd, "rows" if units is None else "prompts", central(f1_gaps), central(mcc_gaps), p, deals)


def prompt_units(
    cells: Sequence[Cells], numbers: Sequence[int], prompts: Sequence[str]
) -> tuple[list[Cells], int] | None:
    """Each prompt's summed cells and how many prompts are even, when the split is a split of prompts; else None."""
    parities: dict[str, set[int]] = {}
    grouped: dict[str, list[Cells]] = {}
    for c, n, prompt in zip(cells, numbers, prompts, strict=True):
        parities.setdefault(prompt, set()).add(n % 2)
        grouped.setdefault(prompt, []).append(c)
    shared = [p for p, rows in grouped.items() if len(rows) > 1]
    if not shared or any(len(parities[p]) > 1 for p in shared):
        return None
    units = [add(rows) for rows in grouped.values()]
    return units, sum(parities[p] == {0} for p in grouped)


def deal_units(rng: random.Random, units: Sequence[Cells], even_units: int) -> Cells:
    """The summed cells of `even_units` units chosen at random."""
    return add([units[i] for i in rng.sample(range(len(units)), even_units)])


def deal_rows(rng: random.Random, total: Cells, even_rows: int) -> Cells:
    """The cells of `even_rows` rows drawn without replacement from the table `total` (sequential hypergeometric draws)."""
    population, left, drawn = sum(total), even_rows, []
    for count in total[:-1]:
        k = hypergeometric(rng, population, count, left)
        drawn.append(k)
        population, left = population - count, left - k
    return drawn[0], drawn[1], drawn[2], left


def hypergeometric(rng: random.Random, population: int, successes: int, draws: int) -> int:
    low, cumulative = hypergeometric_cdf(population, successes, draws)
    return low + bisect.bisect_right(cumulative, rng.random() * cumulative[-1])


@cache
def hypergeometric_cdf(population: int, successes: int, draws: int) -> tuple[int, tuple[float, ...]]:
    """The lowest possible count and the cumulative (unnormalised) probabilities from there on."""
    low, high = max(0, draws - (population - successes)), min(successes, draws)
    logs = [log_choose(successes, k) + log_choose(population - successes, draws - k) for k in range(low, high + 1)]
    top = max(logs)
    return low, tuple(accumulate(math.exp(x - top) for x in logs))


def log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def central(values: list[float], share: float = 0.95) -> tuple[float, float]:
    """The range holding the central `share` of the values."""
    ordered = sorted(values)
    tail = (1 - share) / 2
    return ordered[int(tail * len(ordered))], ordered[min(len(ordered) - 1, int((1 - tail) * len(ordered)))]
