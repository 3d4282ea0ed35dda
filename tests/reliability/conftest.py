"""The reliability sweep's canaries: values that must never appear in anything the plugin writes or prints.

The scripted server and the project keyed by CANARY_KEY come from tests/conftest.py.
"""

from __future__ import annotations

from scriptedproject import CANARY_KEY, INI

__all__ = ["CANARIES", "CANARY_COOKIE", "CANARY_KEY", "CANARY_PLAIN", "CANARY_QUERY", "INI", "leaked"]

# Not shaped like any known key: only the live-secret and request-header audits can catch these.
CANARY_PLAIN = "plaincanary7f3a9c2e41d8b6"
CANARY_COOKIE = "cookiecanary5e8d2b7a913f"
CANARY_QUERY = "querycanary2c9e4f1a7b63d"
CANARIES = (CANARY_KEY, CANARY_PLAIN, CANARY_COOKIE, CANARY_QUERY)


def leaked(text: str) -> list[str]:
    """The canaries present in `text` (an empty list is the only acceptable answer)."""
    return [canary for canary in CANARIES if canary in text]
