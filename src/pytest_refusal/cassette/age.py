"""How old a cassette is: every recorded interaction carries its recording time.

A refusal map is only as fresh as its recordings, and vendors change models behind stable
names; `refusal_max_age` says how old a recording may be before CI reports it. The clock is
one function, `now`, that tests and reproducible builds pin: `REFUSAL_NOW` (epoch seconds or
an ISO 8601 time) first, then `SOURCE_DATE_EPOCH`, then the wall clock. Cassettes written
before interactions were stamped fall back to the `date` header their response kept.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

__all__ = ["FIELD", "Age", "now", "parse_max_age", "recorded_at", "stamp"]

FIELD = "recorded_at"  # the key each recorded response carries in the cassette
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_AGE = re.compile(r"\s*(\d+)\s*([smhdw])\s*\Z")


def now(environ: Mapping[str, str] = os.environ) -> datetime:
    """The run's clock: `REFUSAL_NOW`, else `SOURCE_DATE_EPOCH`, else the wall clock (UTC, whole seconds)."""
    for name in ("REFUSAL_NOW", "SOURCE_DATE_EPOCH"):
        text = environ.get(name, "").strip()
        if text.isdigit():
            return datetime.fromtimestamp(int(text), tz=timezone.utc)
        if text and name == "REFUSAL_NOW":
            try:
                pinned = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                raise ValueError(
                    f"REFUSAL_NOW is {text!r}; give epoch seconds or an ISO 8601 time such as 2026-12-31T00:00:00Z"
                ) from None
            return pinned if pinned.tzinfo else pinned.replace(tzinfo=timezone.utc)
    return datetime.now(tz=timezone.utc).replace(microsecond=0)


def stamp(environ: Mapping[str, str] = os.environ) -> str:
    """The recording time written beside a response: `2026-11-27T00:00:00Z`."""
    return now(environ).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_max_age(text: str) -> timedelta | None:
    """`30d`, `12h`, `2w` (s, m, h, d, w); "" is None (no limit). Mistakes name the option."""
    if not text.strip():
        return None
    found = _AGE.match(text.lower())
    if found is None or int(found.group(1)) == 0:
        raise ValueError(
            f"refusal_max_age (--refusal-max-age) is {text!r}; give a number and a unit, "
            "e.g. 30d, 12h or 2w (units: s, m, h, d, w)"
        )
    return timedelta(seconds=int(found.group(1)) * _UNITS[found.group(2)])


@dataclass(frozen=True)
class Age:
    """A cassette's oldest recording and how old it is at `now`."""

    path: Path
    recorded: datetime
    age: timedelta

    def describe(self) -> str:
        """`41 days old (recorded 2026-10-17)`."""
        days = self.age.days
        span = f"{days} day{'s' if days != 1 else ''}" if days else f"{int(self.age.total_seconds() // 3600)} hours"
        return f"{span} old (recorded {self.recorded.date().isoformat()})"


def recorded_at(path: Path, when: datetime) -> Age | None:
    """The age of the oldest interaction in the cassette; None when it cannot be read or names no time."""
    import yaml

    try:
        data = yaml.load(path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError):
        return None
    interactions = data.get("interactions") if isinstance(data, dict) else None
    times = [t for i in interactions or () if isinstance(i, dict) and (t := _time(i.get("response"))) is not None]
    if not times:
        return None
    oldest = min(times)
    return Age(path, oldest, when - oldest)


def _time(response: Any) -> datetime | None:
    if not isinstance(response, dict):
        return None
    stamped = response.get(FIELD)
    if isinstance(stamped, str):
        try:
            return datetime.fromisoformat(stamped.replace("Z", "+00:00"))
        except ValueError:
            return None
    headers = response.get("headers")
    if isinstance(headers, dict):
        for name, value in headers.items():
            if str(name).lower() == "date":
                text = value[0] if isinstance(value, list) and value else value
                try:
                    return parsedate_to_datetime(str(text))
                except (TypeError, ValueError):
                    return None
    return None
