"""Is the even rows' lead over the odd rows more than chance? A split-half permutation interval for the gap.

Cues are tuned on the even rows of each labelled file and judged on the odd rows, so an even
half that scores better than the odd half may be tuning that does not generalise, or chance.
Chance is measured by re-splitting the same rows at random (2,000 seeded deals by default) and
taking the 95% range of the gap (even F1 minus odd F1) those splits give: an observed gap
outside it is "beyond noise".

A random re-split is only a fair stand-in for the real one if it splits the same unit, and the
unit is read off the data: rows that answer the same prompt (same prompt text) are alike (one
prompt is refused by most models, another by none), so they are not exchangeable across halves.
A permutation that deals such rows one by one treats each answer as an independent draw: the
rows of a prompt scatter about evenly over both halves and the prompt's shared luck mostly
cancels out, so the range comes out narrower than the chance a split that keeps a prompt's rows
together, or lopsided, is exposed to (and wider than one that balances them). Three cases:

- rows: no prompt has two rows. Rows are exchangeable, and dealing them needs only the four
  cells' counts (true and false positives, false negatives, true negatives) drawn without
  replacement: an exact multivariate hypergeometric draw, fast in plain Python at any size.
- prompts: every prompt's rows share one parity (XSTest lists its 450 prompts in the same order
  for each of its three models, an even count, so a prompt's three answers fall together).
  The halves are halves of the prompts: whole prompts are dealt, as many to the even side as
  it really has.
- parity groups: some prompt has rows on both sides (speechmap lists 26 models' answers to its
  50 prompts in one order, but the 18th model has only 39, which flips the parity of the models
  after it: a prompt's rows fall about 17 on one side and 8 or 9 on the other; MSTS mixes pairs
  split one and one with single rows). Each prompt keeps its rows and its own split into an
  even group and an odd group; only which group is the even one is drawn, at a coin's toss per
  prompt (so the halves' sizes vary a little from deal to deal). This keeps both what the split
  balances (a prompt split one and one cannot put its luck on one side) and what it does not (a
  prompt split 17/9 puts the difference of its two groups on one side), so the range may come
  out wider or narrower than row dealing's: whichever the structure says.
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
    unit: str  # "rows", "prompts" or "parity groups": what was dealt
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
    even = add([c for c, n in zip(cells, numbers, strict=True) if n % 2 == 0])
    odd = add([c for c, n in zip(cells, numbers, strict=True) if n % 2 == 1])
    total, rng = add(cells), random.Random(seed)
    groups = parity_groups(cells, numbers, prompts)
    unit = split_unit(groups)
    if unit == "rows":
        split = [deal_rows(rng, total, sum(even)) for _ in range(deals)]
    elif unit == "prompts":
        whole = [add([e, o]) for e, o in groups]
        even_units = sum(1 for e, _ in groups if sum(e))
        split = [deal_units(rng, whole, even_units) for _ in range(deals)]
    else:
        swaps = [tuple(x - y for x, y in zip(o, e, strict=True)) for e, o in groups if e != o]
        split = [swap_groups(rng, even, swaps) for _ in range(deals)]  # type: ignore[arg-type]
    f1_gaps, mcc_gaps = [], []
    for e in split:
        o = tuple(t - x for t, x in zip(total, e, strict=True))
        (ef1, emcc), (of1, omcc) = f1_mcc(e), f1_mcc(o)  # type: ignore[arg-type]
        f1_gaps.append(ef1 - of1)
        mcc_gaps.append(emcc - omcc)
    observed = abs(f1_mcc(even)[0] - f1_mcc(odd)[0])
    p = sum(abs(g) >= observed - 1e-12 for g in f1_gaps) / deals
    return Gap(even, odd, unit, central(f1_gaps), central(mcc_gaps), p, deals)


def parity_groups(cells: Sequence[Cells], numbers: Sequence[int], prompts: Sequence[str]) -> list[tuple[Cells, Cells]]:
    """Each prompt's summed cells on the even side and on the odd side (a side's row count is its cells' sum)."""
    grouped: dict[str, tuple[list[Cells], list[Cells]]] = {}
    for c, n, prompt in zip(cells, numbers, prompts, strict=True):
        grouped.setdefault(prompt, ([], []))[n % 2].append(c)
    return [(add(even), add(odd)) for even, odd in grouped.values()]


def split_unit(groups: Sequence[tuple[Cells, Cells]]) -> str:
    """What the even/odd split splits: single "rows", whole "prompts", or prompts' "parity groups" (see the docstring)."""
    if all(sum(even) + sum(odd) <= 1 for even, odd in groups):
        return "rows"
    if all(not sum(even) or not sum(odd) for even, odd in groups):
        return "prompts"
    return "parity groups"


def swap_groups(rng: random.Random, even: Cells, swaps: Sequence[Cells]) -> Cells:
    """The even side's cells when each prompt's groups trade sides at a coin's toss (`swaps`: odd minus even cells)."""
    tp, fp, fn, tn = even
    bits = rng.getrandbits(len(swaps)) if swaps else 0
    for d_tp, d_fp, d_fn, d_tn in swaps:
        if bits & 1:
            tp, fp, fn, tn = tp + d_tp, fp + d_fp, fn + d_fn, tn + d_tn
        bits >>= 1
    return tp, fp, fn, tn


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
