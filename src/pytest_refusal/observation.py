"""One judged test item: what was asked of which model, what came back, and whether it met the expectation.

Observations are the unit that flows from test items to drift, baselines and reports; they
serialise to JSON so pytest-xdist workers can ship them to the controller on the test report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pytest_refusal.verdict import Expectation, Kind, Verdict, majority

_KINDS = tuple(Kind)  # iterating the enum class itself costs more than counting


class _Tally:
    """Where an observation of several verdicts keeps their counts, counted once (reports ask for them often).

    A slot, not a field: nothing to compare, write or rebuild. A run keeps every observation to
    its end and the garbage collector walks each one at every full collection, so an item holds
    no dict of its own and an item of one verdict (most) caches nothing.
    """

    __slots__ = ("_counts",)
    _counts: dict[Kind, int]


@dataclass(frozen=True, slots=True)
class Observation(_Tally):
    """The verdicts one test item produced, with the coordinates that place it in the refusal map."""

    nodeid: str
    model: str
    category: str
    probe: str
    language: str
    expectation: Expectation
    verdicts: tuple[Verdict, ...]
    min_rate: float = 1.0
    cassette: str = ""
    texts: tuple[str, ...] = field(default=(), compare=False)
    # The reasoning each response carried beside its answer (think blocks, reasoning fields): never
    # judged, kept for a reviewer. Empty when no response reasoned.
    reasonings: tuple[str, ...] = field(default=(), compare=False)
    # What was asked (a map item's prompt, a marked test's last user message): reports show it beside the answer.
    prompt: str = field(default="", compare=False)
    # Who answered: the `model` the API's responses named and their `system_fingerprint` ("" when none sent).
    served: str = ""
    fingerprint: str = ""
    task: str = ""  # the map task the prompt was wrapped in (`translate`), "" for a bare question

    @property
    def n(self) -> int:
        return len(self.verdicts)

    @property
    def counts(self) -> dict[Kind, int]:
        """Verdict counts per kind, in the fixed order of `Kind`, zeros left out (a new dict for one verdict)."""
        if len(self.verdicts) == 1:  # most items: one answer
            return {self.verdicts[0].kind: 1}
        try:
            return self._counts
        except AttributeError:
            tally = Counter(v.kind for v in self.verdicts)
            counts = {kind: tally[kind] for kind in _KINDS if kind in tally}
            object.__setattr__(self, "_counts", counts)  # frozen: the one value set after __init__
            return counts

    @property
    def matching(self) -> int:
        """How many verdicts meet the expectation."""
        if len(self.verdicts) == 1:
            return int(self.expectation.accepts(self.verdicts[0].kind))
        return sum(n for kind, n in self.counts.items() if self.expectation.accepts(kind))

    @property
    def rate(self) -> float:
        """Share of verdicts that meet the expectation (0.0 when nothing was observed)."""
        return self.matching / len(self.verdicts) if self.verdicts else 0.0

    @property
    def passed(self) -> bool:
        """Whether the rate reaches `min_rate`."""
        return bool(self.verdicts) and self.rate >= self.min_rate

    @property
    def judge(self) -> str:
        """The LLM judge that decided any of the verdicts (`openai:gpt-4.1-mini judge-v1`), "" when cues decided all."""
        return next((v.judge for v in self.verdicts if v.judge), "")

    @property
    def majority(self) -> Kind | None:
        """The most frequent kind (ties broken by `Kind` order), or None when nothing was observed."""
        return majority(self.counts.items())

    def to_json(self) -> dict[str, Any]:
        """The item as JSON values; optional keys only when set (one dict, filled in order: reports write thousands)."""
        data: dict[str, Any] = {
            "nodeid": self.nodeid,
            "model": self.model,
            "category": self.category,
            "probe": self.probe,
            "language": self.language,
            "expectation": self.expectation.value,
            "verdicts": [v.to_dict() for v in self.verdicts],
            "min_rate": self.min_rate,
            "cassette": self.cassette,
            "texts": list(self.texts),
        }
        if any(self.reasonings):
            data["reasonings"] = list(self.reasonings)
        if self.prompt:
            data["prompt"] = self.prompt
        if self.served:
            data["served"] = self.served
        if self.fingerprint:
            data["fingerprint"] = self.fingerprint
        if self.task:
            data["task"] = self.task
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Observation:
        return cls(
            nodeid=data["nodeid"],
            model=data["model"],
            category=data["category"],
            probe=data["probe"],
            language=data["language"],
            expectation=Expectation(data["expectation"]),
            verdicts=tuple(Verdict.from_dict(v) for v in data["verdicts"]),
            min_rate=float(data["min_rate"]),
            cassette=data["cassette"],
            texts=tuple(data.get("texts", ())),
            reasonings=tuple(data.get("reasonings", ())),
            prompt=str(data.get("prompt", "")),
            served=str(data.get("served", "")),
            fingerprint=str(data.get("fingerprint", "")),
            task=str(data.get("task", "")),
        )
