"""Direct calls: fetch-ahead's requests posted with the HTTP library alone, as the SDK would send them.

A recording run spent most of its start-up importing the openai SDK (about a second of CPU on a
small machine, mostly its response types) for calls that are one JSON body posted to a known
path. Fetch-ahead threads write their cassettes themselves, outside vcrpy, so they can post with
httpx (or httpx2) directly: to the URL the SDK would post to, with the same body, the key in the
same header, and the SDK's retry rules (`retry_delay`). A base URL the SDK might treat otherwise
(a query, a fragment, odd characters: `apis.call_url` says None) keeps the SDK's client.
"""

from __future__ import annotations

import email.utils
import importlib
import json
import math
import random
import sys
import time
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

from pytest_refusal import apis
from pytest_refusal.apis import Api

# The SDK's retry rules (openai-python `_base_client`): these statuses, a server's own say-so, and waits.
RETRIED_STATUSES = frozenset({408, 409, 429})
FIRST_RETRY_DELAY = 0.5
LONGEST_RETRY_DELAY = 8.0
LONGEST_RETRY_AFTER = 120.0  # a server asking for a longer wait is not retried
# The SDK's connection pool, so direct calls share connections as the SDK's client would.
MAX_CONNECTIONS = 1000
MAX_KEEPALIVE = 100


def http_library() -> ModuleType:
    """httpx, or httpx2 where only it is installed (openai 3.x): one already imported is taken first.

    Either serves: these requests never pass through vcrpy. The SDK is not asked which one it
    uses, since asking means importing it.
    """
    for name in ("httpx", "httpx2"):
        if name in sys.modules:
            return sys.modules[name]
    for name in ("httpx", "httpx2"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise RuntimeError("neither httpx nor httpx2 is installed; the openai SDK needs one of them: pip install -U openai")


class DirectCaller:
    """Posts one model's calls at one address with one key, retrying as the SDK does; shared by fetch threads.

    `base_url` is one `apis.call_url` accepts; `client` is an httpx (or httpx2) client of
    `library`, for example `deadline.bounded_client`.
    `send` returns the final response, whatever its status; it raises the library's
    `TimeoutException` or `TransportError` when the last attempt timed out or could not connect.
    """

    def __init__(
        self,
        base_url: str,
        key: str,
        client: Any,
        library: ModuleType,
        *,
        max_retries: int,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url
        self.api_key = key
        self.client = client
        self.library = library
        self.max_retries = max_retries
        self._sleep = sleep

    def send(self, api: Api, model: str, arguments: Mapping[str, Any]) -> Any:
        """POST `arguments` (a body from `apis.request_body`) to `model` in `api`, the key carried as `api` takes it."""
        url = self.base_url.rstrip("/") + apis.request_path(api, model)
        body = json.dumps(arguments, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
        headers = {
            "content-type": "application/json",
            "accept": "application/json",
            **apis.auth_headers(api, self.api_key),
        }
        for attempt in range(self.max_retries):
            try:
                response = self.client.post(url, content=body, headers={**headers, **_retry_count(attempt)})
            except (self.library.TimeoutException, self.library.TransportError):
                self._sleep(retry_delay(attempt, {}))
                continue
            if not should_retry(response.status_code, response.headers):
                return response
            response.close()
            self._sleep(retry_delay(attempt, response.headers))
        # The last attempt: its answer is returned whatever it is, its error raised.
        return self.client.post(url, content=body, headers={**headers, **_retry_count(self.max_retries)})

    def close(self) -> None:
        self.client.close()


def _retry_count(attempt: int) -> dict[str, str]:
    """The SDK's retry header: the progress line counts a request carrying it as a retry."""
    return {"x-stainless-retry-count": str(attempt)} if attempt else {}


def retry_after(headers: Mapping[str, str], now: Callable[[], float] = time.time) -> float | None:
    """Seconds the server asks to wait: `retry-after-ms`, else `retry-after` in seconds or as an HTTP date; None if neither."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) / scale
        except ValueError:
            continue
        return seconds if math.isfinite(seconds) else LONGEST_RETRY_AFTER + 1
    date = email.utils.parsedate_tz(headers.get("retry-after") or "")
    return None if date is None else email.utils.mktime_tz(date) - now()


def should_retry(status: int, headers: Mapping[str, str]) -> bool:
    """Whether the SDK would send the request again after this answer."""
    wait = retry_after(headers)
    if wait is not None and wait > LONGEST_RETRY_AFTER:
        return False
    said = headers.get("x-should-retry")
    if said in ("true", "false"):
        return said == "true"
    return status in RETRIED_STATUSES or status >= 500


def retry_delay(attempt: int, headers: Mapping[str, str]) -> float:
    """How long to wait before retry `attempt + 1`: the server's wait when it names one, else 0.5 s doubling to 8 s, less up to 25%."""
    wait = retry_after(headers)
    if wait is not None and 0 < wait <= LONGEST_RETRY_AFTER:
        return wait
    return min(FIRST_RETRY_DELAY * 2.0**attempt, LONGEST_RETRY_DELAY) * (1 - 0.25 * random.random())
