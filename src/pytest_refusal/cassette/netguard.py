"""The network guard: while a cassette replays, no connection leaves the process, whatever HTTP client is used.

vcrpy answers only the clients it knows how to patch; a client it cannot see (a new major,
a raw socket) would reach the provider with the live key while the run believes it is offline.
The guard works below every client, at `socket.socket.connect`, `connect_ex` and
`socket.getaddrinfo` (so not even a DNS lookup of a provider is made): Unix sockets pass,
internet hosts pass only when named in the allow list, every other attempt is refused with an
`OSError` (clients fail as for an unreachable host, without crashing inside) and recorded, so
that the test fails even when the code under test swallows the error.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["Attempt", "NetworkBlocked", "NetworkGuard", "escape_message", "parse_hosts"]


@dataclass(frozen=True)
class Attempt:
    """One connection the guard refused: the host asked for (a name when known, else the address) and port."""

    host: str
    port: str

    @property
    def shown(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}" if self.port else host


class NetworkBlocked(ConnectionRefusedError):
    """Raised for a refused connection; an OSError, so HTTP clients report it as a failed connection."""


class NetworkGuard:
    """Refuses every outgoing connection but Unix sockets and `allowed` hosts between `start` and `stop`.

    Guards nest (the innermost decides); the socket functions are patched while one is active.
    `attempts` keeps what was refused, in order, also after `stop`.
    """

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        self.allowed = frozenset(_normal(h) for h in allowed)
        self.attempts: list[Attempt] = []
        self.shown = 0  # attempts a failure message has named so far

    def start(self) -> NetworkGuard:
        with _lock:
            if not _active:
                _install()
            _active.append(self)
        return self

    def stop(self) -> None:
        with _lock:
            if self in _active:
                _active.remove(self)
            if not _active:
                _uninstall()

    def __enter__(self) -> NetworkGuard:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def allows(self, host: str) -> bool:
        return _normal(host) in self.allowed

    def refuse(self, host: str, port: object) -> NetworkBlocked:
        """Record the attempt and return the error to raise."""
        attempt = Attempt(host, "" if port is None else str(port))
        self.attempts.append(attempt)
        return NetworkBlocked(
            errno.ECONNREFUSED,
            f"pytest-refusal refused a connection to {attempt.shown}: recording is off, replay never uses the network",
        )

    def _check(self, family: int, address: Any) -> NetworkBlocked | None:
        """The error for a connection to `address`, or None when it may go ahead."""
        if family == getattr(socket, "AF_UNIX", None):
            return None
        if family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple) and address:
            ip = str(address[0])
            name = _names.get(_normal(ip), ip)
            if self.allows(ip) or self.allows(name):
                return None
            return self.refuse(name, address[1] if len(address) > 1 else None)
        return self.refuse(str(address), None)


def parse_hosts(text: str) -> tuple[str, ...]:
    """The hosts of a comma list (`127.0.0.1,localhost,::1`); ValueError, saying what is valid, for a URL or a port."""
    hosts = tuple(dict.fromkeys(h.strip() for h in text.split(",") if h.strip()))
    for host in hosts:
        if "/" in host or " " in host or host.count(":") == 1 or "]:" in host:
            raise ValueError(
                f"refusal_allow_hosts names {host!r}; expected host names or addresses without scheme, port or path, "
                "e.g. 127.0.0.1,localhost,::1"
            )
    return hosts


def escape_message(nodeid: str, cassette: str, attempts: Iterable[Attempt], command: str, vcrpy: str = "") -> str:
    """Why a replaying test failed: a request went around its cassette and was refused before it left.

    `vcrpy` is the installed version, named because a release that cannot patch a client is the usual cause.
    """
    shown = list(dict.fromkeys(a.shown for a in attempts))
    version = f" {vcrpy}" if vcrpy else ""
    lines = [
        f"{nodeid} tried to connect to {shown[0]} while replaying its cassette {cassette}; recording is off, "
        "so pytest-refusal refused the connection and nothing was sent.",
        f"The request went around the cassette: vcrpy{version} did not intercept the HTTP client that made it "
        "(a client or version vcrpy cannot patch, or code that opens its own connection); if recording "
        "does not capture it either, upgrade vcrpy or use a client it patches.",
    ]
    if len(shown) > 1:
        lines.append(f"  also refused: {', '.join(shown[1:])}")
    lines += [
        f"Record it with: {command}",
        "If the test needs a local service, allow its host with --refusal-allow-hosts=HOST[,HOST...] "
        "(ini: refusal_allow_hosts), e.g. 127.0.0.1,localhost,::1.",
    ]
    return "\n".join(lines)


# --- the patches ---------------------------------------------------------------------------------
_lock = threading.Lock()
_active: list[NetworkGuard] = []
_originals: dict[str, Any] = {}
# Address → the name it was resolved from while a guard was active, so messages name the host
# (`api.openai.com:443`, not an address) and an allowed name allows its addresses.
_names: dict[str, str] = {}
_SOCKET: Any = socket.socket  # the class whose methods every socket (SSL ones too) connects through
# Set while socket.socketpair runs: where the OS has none (Windows), Python builds the pair from a
# loopback connection of its own, which asyncio makes for every event loop. It never leaves the process.
_in_socketpair = threading.local()


def _current() -> NetworkGuard | None:
    active = _active
    return active[-1] if active and not getattr(_in_socketpair, "on", False) else None


def _install() -> None:
    # What is in place now is what the guard calls for an allowed connection (another tool's patch included).
    if _SOCKET.connect is not _connect:
        _originals["connect"] = _SOCKET.connect
    if _SOCKET.connect_ex is not _connect_ex:
        _originals["connect_ex"] = _SOCKET.connect_ex
    if socket.getaddrinfo is not _getaddrinfo:
        _originals["getaddrinfo"] = socket.getaddrinfo
    if socket.socketpair is not _socketpair:
        _originals["socketpair"] = socket.socketpair
    _SOCKET.connect, _SOCKET.connect_ex, socket.getaddrinfo = _connect, _connect_ex, _getaddrinfo
    socket.socketpair = _socketpair


def _uninstall() -> None:
    # Put back only what is still ours: another tool may have wrapped the guard meanwhile, and
    # its wrapper then keeps calling ours, which lets everything through once no guard is active.
    if _SOCKET.connect is _connect:
        _SOCKET.connect = _originals["connect"]
    if _SOCKET.connect_ex is _connect_ex:
        _SOCKET.connect_ex = _originals["connect_ex"]
    if socket.getaddrinfo is _getaddrinfo:
        socket.getaddrinfo = _originals["getaddrinfo"]
    if socket.socketpair is _socketpair:
        socket.socketpair = _originals["socketpair"]
    _names.clear()


def _connect(self: socket.socket, address: Any) -> None:
    guard = _current()
    refused = guard._check(self.family, address) if guard is not None else None
    if refused is not None:
        raise refused
    _originals["connect"](self, address)


def _connect_ex(self: socket.socket, address: Any) -> int:
    guard = _current()
    if guard is not None and guard._check(self.family, address) is not None:
        return errno.ECONNREFUSED  # connect_ex reports failures as an error number, never raises them
    return int(_originals["connect_ex"](self, address))


def _getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
    guard = _current()
    name = host.decode("idna") if isinstance(host, (bytes, bytearray)) else host
    if guard is not None and isinstance(name, str) and name and not _is_local_name(name) and not guard.allows(name):
        raise guard.refuse(name, port)  # no DNS query for a host the test must not reach
    results = _originals["getaddrinfo"](host, port, *args, **kwargs)
    if guard is not None and isinstance(name, str) and name and not _is_address(name):
        for *_, sockaddr in results:
            _names[_normal(str(sockaddr[0]))] = name
    return results


def _socketpair(*args: Any, **kwargs: Any) -> Any:
    _in_socketpair.on = True
    try:
        return _originals["socketpair"](*args, **kwargs)
    finally:
        _in_socketpair.on = False


def _is_local_name(name: str) -> bool:
    """An address or `localhost`: resolving it sends nothing (connecting to it is checked at connect)."""
    return name.lower() == "localhost" or _is_address(name)


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name.split("%")[0])
    except ValueError:
        return False
    return True


def _normal(host: str) -> str:
    """A host as compared: lower case, addresses in their short form (`0:0::1` is `::1`)."""
    text = host.strip().strip("[]").lower()
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return text
