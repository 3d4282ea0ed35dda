"""Progress while recording: the calls' retries and rate-limit waits, counted per process, and the line that shows them.

The counts come from the plugin's own HTTP clients: a request the SDK sends again carries
`x-stainless-retry-count` > 0 (a retry), and a 429 answer is a rate-limit wait (its Retry-After,
when given, is the time waited). Each process counts its own; xdist workers ship their totals
on their reports and the controller adds the latest of each (see `Totals`). No pytest here.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Print a line at each tenth of the run, and only for runs of this many items or more.
STEPS = 10
MIN_ITEMS = 20


class CallCounter:
    """Thread-safe counts for one process (fetch-ahead threads call at once)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.retries = 0
        self.rate_limited = 0
        self.waited = 0.0

    def watch(self, http_client: Any) -> None:
        """Add this counter's hooks to an httpx (or httpx2) client, keeping any hooks it has."""
        hooks = {name: list(found) for name, found in http_client.event_hooks.items()}
        hooks.setdefault("request", []).append(self._request)
        hooks.setdefault("response", []).append(self._response)
        http_client.event_hooks = hooks

    def _request(self, request: Any) -> None:
        again = str(request.headers.get("x-stainless-retry-count", "0"))
        if again.isdigit() and int(again) > 0:
            with self._lock:
                self.retries += 1

    def _response(self, response: Any) -> None:
        if response.status_code == 429:
            wait = retry_after(response.headers)
            with self._lock:
                self.rate_limited += 1
                self.waited += wait

    def snapshot(self) -> dict[str, float]:
        with self._lock:
            return {"retries": self.retries, "rate_limited": self.rate_limited, "waited": round(self.waited, 3)}


def retry_after(headers: Mapping[str, str]) -> float:
    """Seconds a 429 asks to wait (`retry-after-ms`, else `retry-after` in seconds); 0 when it names none."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        try:
            return max(0.0, float(headers.get(name, "")) / scale)
        except ValueError:
            continue
    return 0.0


class Totals:
    """The run's counts: the latest snapshot of each process, summed (a process's counts only grow)."""

    def __init__(self) -> None:
        self._latest: dict[str, Mapping[str, float]] = {}

    def update(self, process: str, snapshot: Mapping[str, float]) -> None:
        self._latest[process] = snapshot

    def __getitem__(self, name: str) -> float:
        return sum(float(s.get(name, 0)) for s in self._latest.values())


@dataclass(frozen=True)
class Progress:
    """Where a recording run is: items finished of all, seconds since the first item started, calls retried."""

    done: int
    total: int
    seconds: float
    retries: int = 0
    rate_limited: int = 0
    waited: float = 0.0

    @property
    def line(self) -> str:
        """`refusal: recorded 40/200 items (20%), 12.5 items/s, 3 retries, 1 rate-limit wait (2.0 s)`."""
        rate = self.done / self.seconds if self.seconds > 0 else 0.0
        waits = f"{self.rate_limited} rate-limit wait{'' if self.rate_limited == 1 else 's'}"
        if self.waited:
            waits += f" ({self.waited:.1f} s)"
        return (
            f"refusal: recorded {self.done}/{self.total} items ({self.done / self.total:.0%}), "
            f"{rate:.1f} items/s, {self.retries} retr{'y' if self.retries == 1 else 'ies'}, {waits}"
        )


def due(done: int, total: int, shown: int) -> bool:
    """Whether item `done` of `total` starts a new tenth since `shown` (the last shown) and so earns a line."""
    if total < MIN_ITEMS or done <= shown:
        return False
    return done == total or done * STEPS // total > shown * STEPS // total
