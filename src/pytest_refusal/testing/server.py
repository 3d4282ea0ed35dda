"""The scripted server: stdlib `http.server` in a daemon thread, answering model calls (chat, Responses, Messages, Gemini) from a queue of replies."""

from __future__ import annotations

import gzip as gzip_module
import json
import socket
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from pytest_refusal import apis, wire
from pytest_refusal.testing.replies import (  # re-exported: tests and users import them from here too
    Received,
    Reply,
    answer,
    echo,
    fault,
    judge_by,
    judge_says,
    raw,
    refusal,
    reset,
)

__all__ = [
    "Received",
    "Reply",
    "ScriptedServer",
    "answer",
    "echo",
    "fault",
    "judge_by",
    "judge_says",
    "raw",
    "refusal",
    "reset",
]


@dataclass
class _State:
    queue: deque[Reply] = field(default_factory=deque)
    default: Reply = field(default_factory=answer)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class ScriptedServer:
    """Model APIs on 127.0.0.1 that answer from a script: OpenAI-compatible chat completions and
    Responses, Anthropic Messages and Gemini generateContent, each at its own path under `base_url`.

    Replies queued with `enqueue` answer model requests in order, whatever the API, each in the
    format of the path asked; once the queue is empty every request gets `default` (a plain
    answer unless set). `received` lists every request. `port` 0 (the default) takes a free
    port; a fixed one gives recordings a stable address.
    """

    def __init__(self, default: Reply | None = None, *, port: int = 0) -> None:
        self._state = _State()
        self._port = port
        if default is not None:
            self._state.default = default
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle -----------------------------------------------------------------------------
    def start(self) -> ScriptedServer:
        handler = type("_Handler", (_Handler,), {"state": self._state})
        self._httpd = _QuietServer(("127.0.0.1", self._port), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="refusal-scripted-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self.close()

    # scripting -----------------------------------------------------------------------------
    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the scripted server is not running; call start() or use it as a context manager")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL, e.g. http://127.0.0.1:54321/v1."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def root_url(self) -> str:
        """The server without a path, e.g. http://127.0.0.1:54321: the base URL the anthropic SDK takes (it adds /v1)."""
        return f"http://127.0.0.1:{self.port}"

    def enqueue(self, *replies: Reply) -> None:
        """Answer the next model requests with these replies, in order."""
        with self._state.lock:
            self._state.queue.extend(replies)

    def set_default(self, reply: Reply) -> None:
        """Answer with `reply` whenever the queue is empty."""
        self._state.default = reply

    @property
    def received(self) -> list[Received]:
        with self._state.lock:
            return list(self._state.received)

    @property
    def chat_requests(self) -> list[Received]:
        return [r for r in self.received if r.api is apis.Api.CHAT]

    @property
    def model_requests(self) -> list[Received]:
        """The requests for a model's answer, in any API."""
        return [r for r in self.received if r.api is not None]

    @property
    def judge_requests(self) -> list[Received]:
        """The requests of the LLM judge (marked with `apis.JUDGE_HEADER`)."""
        return [r for r in self.received if r.is_judge]

    def clear(self) -> None:
        """Forget received requests and queued replies."""
        with self._state.lock:
            self._state.queue.clear()
            self._state.received.clear()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        # Clients that time out or are reset on purpose leave broken pipes; that is the script working.
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    state: _State
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, each call would wait ~40 ms
    # for the client's delayed ACK.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass  # stay silent: test output belongs to the tests

    def do_GET(self) -> None:
        received = self._receive()
        if received.path.rstrip("/").endswith("/models"):
            body = {"object": "list", "data": [{"id": "scripted", "object": "model", "owned_by": "scripted"}]}
            self._send(wire.WireResponse(200, json.dumps(body).encode()), Reply(None))
        else:
            self._send(_not_found(received.path), Reply(None))

    def do_POST(self) -> None:
        received = self._receive()
        if received.api is None:
            self._send(_not_found(received.path), Reply(None))
            return
        with self.state.lock:
            reply = self.state.queue.popleft() if self.state.queue else self.state.default
        if reply.delay:
            time.sleep(reply.delay)
        if reply.build is None:
            self._reset()
            return
        self._send(reply.build(received), reply, received)

    def _receive(self) -> Received:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.partition("?")[0]  # route on the path; a query string (?key=...) is not a route
        received = Received(self.command, path, {k.lower(): v for k, v in self.headers.items()}, body, self.path)
        with self.state.lock:
            self.state.received.append(received)
        return received

    def _send(self, response: wire.WireResponse, reply: Reply, received: Received | None = None) -> None:
        headers = list(response.headers) + list(reply.headers)
        if reply.set_cookie:
            headers.append(("set-cookie", reply.set_cookie))
        if reply.echo_headers and received is not None:
            headers.extend((f"x-echo-{k}", v) for k, v in received.headers.items())
        body, pieces = response.body, response.pieces
        if reply.keepalive is not None:
            pieces = _keepalives(reply.keepalive)
        elif reply.trickle is not None:
            pieces = _trickled(b"".join(pieces) if pieces else body, reply.trickle)
        if reply.gzip:
            body, pieces = gzip_module.compress(body), ()
            headers.append(("content-encoding", "gzip"))
        self.send_response(response.status)
        for name, value in headers:
            self.send_header(name, value)
        if pieces:
            # Streams go out piece by piece, as a provider sends SSE.
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            sent = pieces if reply.cut_after is None else pieces[: int(len(pieces) * reply.cut_after)]
            for piece in sent:
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                self.wfile.flush()
            if reply.cut_after is not None:
                self._reset()
                return
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            if reply.cut_after is not None:
                self.wfile.write(body[: int(len(body) * reply.cut_after)])
                self.wfile.flush()
                self._reset()
                return
            self.wfile.write(body)
        self.wfile.flush()

    def _reset(self) -> None:
        # SO_LINGER 0 makes close() send RST: the client sees a reset, not a clean EOF.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


def _trickled(body: bytes, pause: float) -> Any:
    """The body as one-byte chunks, `pause` seconds apart."""
    for index in range(len(body)):
        if index:
            time.sleep(pause)
        yield body[index : index + 1]


def _keepalives(pause: float) -> Any:
    """SSE comments, `pause` seconds apart, until the client hangs up (the write then fails)."""
    while True:
        yield b": keep-alive\n\n"
        time.sleep(pause)


def _not_found(path: str) -> wire.WireResponse:
    return wire.error_response(404, {"message": f"no route {path}", "type": "not_found"})
