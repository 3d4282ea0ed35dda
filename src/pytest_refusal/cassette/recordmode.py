"""Record modes and the command that records, apart from the cassette machinery: options and items need them early."""

from __future__ import annotations

from enum import Enum


class RecordMode(str, Enum):
    """vcrpy's record modes: `none` replays only (the CI default), `once` records a missing cassette,
    `new_episodes` adds unrecorded requests to an existing one, `all` records everything again."""

    NONE = "none"
    ONCE = "once"
    NEW_EPISODES = "new_episodes"
    ALL = "all"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, value: str) -> RecordMode:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ValueError(f"unknown record mode {value!r}; valid: {', '.join(m.value for m in cls)}") from None


def record_command(nodeid: str, mode: RecordMode, *, model: str | None = None) -> str:
    """The command that records what a test needs."""
    import shlex

    parts = ["pytest", f"--refusal-record={mode.value}"]
    if model:
        parts.append(f"--refusal-models={model}")
    parts.append(shlex.quote(nodeid))
    return " ".join(parts)
