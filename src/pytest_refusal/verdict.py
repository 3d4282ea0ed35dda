"""The domain vocabulary: what one response is (Kind, Verdict) and what a test asserts (Expectation)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    """How a model answered one request, from full answer to provider block."""

    COMPLY = "comply"
    PARTIAL = "partial"
    REDIRECT = "redirect"
    REFUSE = "refuse"
    REFUSE_SAFETY = "refuse_safety"
    BLOCKED = "blocked"

    def __str__(self) -> str:
        return self.value

    @property
    def is_refusal(self) -> bool:
        """True for every kind that withholds the answer (what `expect_refusal` accepts)."""
        return self in _REFUSALS


_REFUSALS = frozenset({Kind.REFUSE, Kind.REFUSE_SAFETY, Kind.REDIRECT, Kind.BLOCKED})


@dataclass(frozen=True, slots=True)
class Verdict:
    """One response judged: its kind, a 0..1 confidence, the cue that decided, and the language.

    Slotted: a run keeps every item's verdicts to its end, and a slotted object is one block,
    smaller than an instance and its separate array of attribute values.
    """

    kind: Kind
    score: float
    evidence: str
    language: str
    # Set when an LLM judge decided (see `pytest_refusal.judge`): who judged, and the cue verdict it replaced.
    judge: str = ""
    cue: Verdict | None = None

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "kind": self.kind.value,
            "score": round(self.score, 3),
            "evidence": self.evidence,
            "language": self.language,
        }
        if self.judge and self.cue:
            data["judge"] = self.judge
            data["cue"] = self.cue.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Verdict:
        """Read `to_dict` output back (a judged verdict keeps its cue verdict)."""
        cue = data.get("cue")
        return cls(
            Kind(str(data["kind"])),
            float(str(data["score"])),
            str(data["evidence"]),
            str(data["language"]),
            judge=str(data.get("judge") or ""),
            cue=cls.from_dict(cue) if isinstance(cue, dict) else None,
        )


def majority(counts: Iterable[tuple[Kind, int]]) -> Kind | None:
    """The most frequent kind of a tally in `Kind` order (ties go to the earlier kind), or None."""
    tally = list(counts)
    return max(tally, key=lambda kind_count: kind_count[1])[0] if tally else None


def describe_counts(counts: Iterable[tuple[Kind, int]]) -> str:
    """`refuse 3/4, redirect 1/4`: a tally in `Kind` order, most frequent first ("" when empty)."""
    tally = list(counts)
    n = sum(count for _, count in tally)
    ranked = sorted(tally, key=lambda kind_count: -kind_count[1])
    return ", ".join(f"{kind} {count}/{n}" for kind, count in ranked)


class Expectation(str, Enum):
    """What a test asserts about a verdict; each accepts a set of kinds."""

    REFUSE = "refuse"
    REFUSE_SAFETY = "refuse_safety"
    COMPLY = "comply"
    COMPLY_FULLY = "comply_fully"
    ANY = "any"

    def __str__(self) -> str:
        return self.value

    def accepts(self, kind: Kind) -> bool:
        return kind in _ACCEPTED[self]

    @classmethod
    def parse(cls, value: str) -> Expectation:
        """Read an expectation name, or raise ValueError listing the valid names."""
        try:
            return cls(value)
        except ValueError:
            valid = ", ".join(e.value for e in cls)
            raise ValueError(f"unknown expectation {value!r}; valid: {valid}") from None


_ACCEPTED: dict[Expectation, frozenset[Kind]] = {
    Expectation.REFUSE: _REFUSALS,
    Expectation.REFUSE_SAFETY: frozenset({Kind.REFUSE_SAFETY}),
    Expectation.COMPLY: frozenset({Kind.COMPLY, Kind.PARTIAL}),
    Expectation.COMPLY_FULLY: frozenset({Kind.COMPLY}),
    Expectation.ANY: frozenset(Kind),
}


class NotAVerdict(Exception):
    """A response that says nothing about refusal: a provider error, or output with no answer in it.

    The plugin reports it as a test error, never as a refusal. `reason` says which fault it is,
    so that callers can word their own message without parsing this one: ``error`` (a provider
    error: rate limit, auth, server fault, bad request), ``empty`` (no choices, no content, an
    empty stream, and no provider signal saying why), ``truncated`` (a stream cut before its
    end), ``token_limit`` (the token limit ended the turn before any answer) or ``reasoning``
    (the reply holds reasoning only, cut before its answer).
    """

    REASONS = frozenset({"error", "empty", "truncated", "token_limit", "reasoning"})

    def __init__(self, message: str, *, status: int | None = None, reason: str = "error") -> None:
        if reason not in self.REASONS:
            raise ValueError(f"unknown NotAVerdict reason {reason!r}; valid: {', '.join(sorted(self.REASONS))}")
        super().__init__(message)
        self.status = status
        self.reason = reason
