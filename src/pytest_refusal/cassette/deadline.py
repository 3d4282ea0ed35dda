"""`--refusal-timeout` as a bound on the whole response, not on each read: trickled bodies and endless keep-alives end.

The SDK's timeout applies to every socket read, so a server that sends one byte every half
second, or an SSE comment every few seconds, keeps a call alive for ever. Below vcrpy (which
reads the whole body inside the transport it patches), at the connection's network stream,
each request starts a deadline and every read waits at most what is left of it; past it the
read fails as a timeout, which the SDK retries and the plugin reports like any timeout.

The connection layer is httpcore under httpx (openai 1.x and 2.x) and httpcore2 under httpx2
(openai 3.x): the one the installed SDK uses is asked for, never imported by name.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterable
from types import ModuleType
from typing import Any

from pytest_refusal.cassette import sdkhttp


def connection_library(library: ModuleType | None = None) -> ModuleType:
    """`httpcore` or `httpcore2`: the connection layer of `library` (by default the HTTP library the SDK is built on)."""
    name = (library or sdkhttp.http_library()).__name__
    return importlib.import_module("httpcore2" if name == "httpx2" else "httpcore")


class DeadlineStream:
    """A connection whose responses must arrive whole within `seconds` of their request being sent.

    It stands in for the connection layer's `NetworkStream` (`inner`); `timeout_error` is that
    layer's `ReadTimeout`, which the HTTP library above turns into its own timeout.
    """

    def __init__(self, inner: Any, seconds: float, timeout_error: type[Exception]) -> None:
        self._inner = inner
        self._seconds = seconds
        self._timeout_error = timeout_error
        self._deadline: float | None = None

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._deadline = time.monotonic() + self._seconds  # a request goes out: its response is due by then
        self._inner.write(buffer, timeout)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if self._deadline is not None:
            left = self._deadline - time.monotonic()
            if left <= 0:
                raise self._timeout_error(f"the response did not arrive whole within {self._seconds:g} s")
            timeout = left if timeout is None else min(timeout, left)
        data: bytes = self._inner.read(max_bytes, timeout)
        return data

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        tls = self._inner.start_tls(ssl_context, server_hostname, timeout)
        return DeadlineStream(tls, self._seconds, self._timeout_error)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend:
    """Opens connections as `inner` (the connection layer's `NetworkBackend`) does, each a `DeadlineStream`."""

    def __init__(self, inner: Any, seconds: float, timeout_error: type[Exception]) -> None:
        self._inner = inner
        self._seconds = seconds
        self._timeout_error = timeout_error

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> DeadlineStream:
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return DeadlineStream(stream, self._seconds, self._timeout_error)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> DeadlineStream:
        stream = self._inner.connect_unix_socket(path, timeout, socket_options)
        return DeadlineStream(stream, self._seconds, self._timeout_error)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def bounded_http_client(seconds: float) -> Any:
    """The SDK's default HTTP client (its limits, redirects), each response bounded to `seconds` in all.

    Neither httpx nor httpx2 gives a public way to choose a transport's network backend, so the
    pool it built is given ours; should that attribute ever move, the client keeps the SDK's
    per-read timeout.
    """
    import openai

    return _bounded(openai.DefaultHttpxClient(), seconds, connection_library())


def bounded_client(seconds: float, library: ModuleType) -> Any:
    """A client of `library` (httpx or httpx2) as the SDK's default one is made (see `directcall`), bounded the same way."""
    from pytest_refusal.cassette import directcall

    client = library.Client(
        limits=library.Limits(
            max_connections=directcall.MAX_CONNECTIONS, max_keepalive_connections=directcall.MAX_KEEPALIVE
        ),
        timeout=library.Timeout(seconds),  # what the SDK makes of `OpenAI(timeout=seconds)`
        follow_redirects=True,
    )
    return _bounded(client, seconds, connection_library(library))


def _bounded(client: Any, seconds: float, connections: ModuleType) -> Any:
    pool = getattr(getattr(client, "_transport", None), "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, connections.NetworkBackend):
        pool._network_backend = DeadlineBackend(backend, seconds, connections.ReadTimeout)  # type: ignore[union-attr]
    return client
