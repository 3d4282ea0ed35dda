"""An observation's tally: counts, matching, rate, pass and majority, whatever its verdicts, held without a dict."""

from __future__ import annotations

import dataclasses
import pickle
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from pytest_refusal.observation import Observation
from pytest_refusal.verdict import Expectation, Kind, Verdict


def observed(kinds: list[Kind], expectation: Expectation, min_rate: float = 1.0) -> Observation:
    verdicts = tuple(Verdict(kind, 0.9, "cue", "en") for kind in kinds)
    return Observation("t.py::t", "m", "c", "p", "en", expectation, verdicts, min_rate=min_rate)


@given(
    kinds=st.lists(st.sampled_from(list(Kind)), max_size=8),
    expectation=st.sampled_from(list(Expectation)),
    min_rate=st.sampled_from([0.5, 0.8, 1.0]),
)
def test_the_tally_is_what_counting_the_verdicts_gives(
    kinds: list[Kind], expectation: Expectation, min_rate: float
) -> None:
    observation = observed(kinds, expectation, min_rate)
    tally = Counter(kinds)
    matching = sum(1 for kind in kinds if expectation.accepts(kind))
    assert observation.counts == {kind: tally[kind] for kind in Kind if tally[kind]}
    assert list(observation.counts) == [kind for kind in Kind if tally[kind]]  # in `Kind` order
    assert observation.matching == matching
    assert observation.rate == (matching / len(kinds) if kinds else 0.0)
    assert observation.passed == (bool(kinds) and matching / len(kinds) >= min_rate)
    top = max(tally.values(), default=0)
    assert observation.majority == (next(kind for kind in Kind if tally[kind] == top) if kinds else None)
    again = pickle.loads(pickle.dumps(observation))
    assert again == observation and again.counts == observation.counts
    assert dataclasses.replace(observation, prompt="asked").counts == observation.counts


def test_an_observation_holds_no_dict_of_its_own_and_counts_several_verdicts_once() -> None:
    several = observed([Kind.REFUSE, Kind.COMPLY, Kind.REFUSE], Expectation.REFUSE, 0.5)
    assert not hasattr(several, "__dict__")
    assert several.counts is several.counts  # counted once
    assert several.counts == {Kind.COMPLY: 1, Kind.REFUSE: 2} and several.majority is Kind.REFUSE
    one = observed([Kind.REFUSE], Expectation.REFUSE)
    assert one.counts == {Kind.REFUSE: 1} and one.counts is not one.counts  # nothing cached for one verdict
