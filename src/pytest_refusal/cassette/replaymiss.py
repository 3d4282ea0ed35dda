"""Why replay could not answer: the requests a cassette had no response for, and the message that says how to record them.

Loaded only when a replay misses: a run whose cassettes answer everything never builds these.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pytest_refusal.cassette.recordmode import RecordMode, record_command

__all__ = ["ReplayMiss", "Unmatched", "preview"]


@dataclass(frozen=True)
class Unmatched:
    """A request replay could not answer, and why (`cassette_not_found`, `already_played`, `no_match`)."""

    method: str
    url: str
    body: str
    reason: str
    recorded: int


def preview(text: str, limit: int = 200) -> str:
    """`text`, cut to `limit` characters (an ellipsis marks the cut)."""
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class ReplayMiss:
    """Everything needed to explain why replay could not answer, and how to record it."""

    nodeid: str
    cassette: Path
    unmatched: tuple[Unmatched, ...]
    key_env: str | None = None
    model: str | None = None
    shown_root: Path | None = field(default=None, compare=False)

    def message(self) -> str:
        first = self.unmatched[0]
        where = _relative(self.cassette, self.shown_root)
        request = f"{first.method} {urlsplit(first.url).path}"
        if first.reason == "cassette_not_found":
            why = f"No cassette for {self.nodeid} (looked in {where}); recording is off."
            mode = RecordMode.ONCE
        elif first.reason == "already_played":
            why = (
                f"{self.nodeid} sent {request} more often than its cassette {where} recorded it "
                f"(every recorded response was already played back); recording is off."
            )
            mode = RecordMode.NEW_EPISODES
        else:
            why = (
                f"The cassette {where} has no response for {request} with this body "
                f"({first.recorded} recorded request(s), none match); recording is off."
            )
            mode = RecordMode.NEW_EPISODES
        lines = [why, f"  request body: {preview(first.body)}"]
        if len(self.unmatched) > 1:
            lines.append(f"  ({len(self.unmatched) - 1} more unanswered request(s))")
        need = f" (needs {self.key_env})" if self.key_env else ""
        lines.append(f"Record it with: {record_command(self.nodeid, mode, model=self.model)}{need}")
        if mode is RecordMode.NEW_EPISODES:
            lines.append(f"or re-record the whole cassette with --refusal-record=all{need}.")
        return "\n".join(lines)


def _relative(path: Path, root: Path | None) -> str:
    if root is not None:
        with contextlib.suppress(ValueError):
            return str(path.relative_to(root))
    return str(path)
