"""The network guard on its own: what it refuses, what it lets through, and that it leaves sockets as it found them."""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_refusal.cassette.netguard import Attempt, NetworkBlocked, NetworkGuard, escape_message, parse_hosts


@pytest.fixture
def listener() -> Iterator[int]:
    """A TCP socket listening on 127.0.0.1 (connections are queued, never read): its port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


@pytest.mark.parametrize(
    ("allowed", "host", "passes"),
    [
        pytest.param((), "127.0.0.1", False, id="nothing-allowed"),
        pytest.param(("127.0.0.1",), "127.0.0.1", True, id="address-allowed"),
        pytest.param(("localhost",), "localhost", True, id="name-allowed-connect-by-name"),
        pytest.param(("LocalHost",), "localhost", True, id="names-ignore-case"),
        pytest.param(("localhost",), "127.0.0.1", False, id="name-allowed-connect-by-address"),
        pytest.param(("::1",), "127.0.0.1", False, id="other-loopback-allowed"),
        pytest.param(("10.0.0.1",), "127.0.0.1", False, id="other-address-allowed"),
    ],
)
def test_a_tcp_connection_passes_only_when_its_host_is_allowed(
    listener: int, allowed: tuple[str, ...], host: str, passes: bool
) -> None:
    with NetworkGuard(allowed) as guard:
        if passes:
            socket.create_connection((host, listener), timeout=5).close()
        else:
            with pytest.raises(NetworkBlocked, match=f"refused a connection to .*:{listener}"):
                socket.create_connection((host, listener), timeout=5)
    assert guard.attempts == ([] if passes else [Attempt(host, str(listener))])


def test_a_unix_socket_always_passes(tmp_path: Path) -> None:
    path = str(tmp_path / "s")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(path)
        server.listen(1)
        with NetworkGuard() as guard, socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(path)
    assert guard.attempts == []


def test_a_remote_name_is_refused_before_any_dns_lookup() -> None:
    with NetworkGuard() as guard, pytest.raises(NetworkBlocked, match="api.moonshot.cn:443"):
        socket.getaddrinfo("api.moonshot.cn", 443)
    assert guard.attempts == [Attempt("api.moonshot.cn", "443")]


def test_connect_ex_reports_the_refusal_as_an_error_number(listener: int) -> None:
    with NetworkGuard() as guard, socket.socket() as client:
        assert client.connect_ex(("127.0.0.1", listener)) == errno.ECONNREFUSED
    assert guard.attempts == [Attempt("127.0.0.1", str(listener))]


def test_the_refusal_is_an_oserror_so_clients_treat_it_as_a_failed_connection(listener: int) -> None:
    with NetworkGuard(), pytest.raises(OSError) as raised:  # noqa: PT011 - the errno is checked below
        socket.create_connection(("127.0.0.1", listener), timeout=5)
    assert raised.value.errno == errno.ECONNREFUSED


def test_guards_nest_and_the_last_one_to_stop_puts_the_socket_functions_back(listener: int) -> None:
    originals = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.socketpair)
    outer = NetworkGuard().start()
    inner = NetworkGuard(["127.0.0.1"]).start()
    socket.create_connection(("127.0.0.1", listener), timeout=5).close()  # the innermost guard decides
    inner.stop()
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("127.0.0.1", listener), timeout=5)
    outer.stop()
    assert (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.socketpair) == originals
    socket.create_connection(("127.0.0.1", listener), timeout=5).close()
    assert (inner.attempts, len(outer.attempts)) == ([], 1)


@pytest.mark.parametrize(
    ("text", "hosts"),
    [
        pytest.param("", (), id="empty"),
        pytest.param("127.0.0.1,localhost,::1", ("127.0.0.1", "localhost", "::1"), id="typical"),
        pytest.param(" localhost , localhost,", ("localhost",), id="spaces-duplicates-trailing-comma"),
        pytest.param("[::1]", ("[::1]",), id="bracketed-ipv6"),
    ],
)
def test_allowed_hosts_are_read_from_a_comma_list(text: str, hosts: tuple[str, ...]) -> None:
    assert parse_hosts(text) == hosts


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("http://localhost", id="url"),
        pytest.param("localhost:8080", id="port"),
        pytest.param("[::1]:8080", id="ipv6-port"),
        pytest.param("local host", id="space"),
    ],
)
def test_an_allowed_host_with_a_scheme_port_or_path_is_refused_with_what_is_valid(text: str) -> None:
    with pytest.raises(ValueError, match=r"expected host names or addresses .* e\.g\. 127\.0\.0\.1,localhost,::1"):
        parse_hosts(text)


def test_the_escape_message_names_every_host_once_the_cassette_and_the_command() -> None:
    attempts = [Attempt("api.openai.com", "443"), Attempt("api.openai.com", "443"), Attempt("::1", "8080")]
    cassette = "cassettes/tests/test_x/test_y.yaml"
    message = escape_message("tests/test_x.py::test_y", cassette, attempts, "pytest X", "8.1.0")
    assert message.splitlines()[0] == (
        "tests/test_x.py::test_y tried to connect to api.openai.com:443 while replaying its cassette "
        "cassettes/tests/test_x/test_y.yaml; recording is off, so pytest-refusal refused the connection "
        "and nothing was sent."
    )
    assert "  also refused: [::1]:8080" in message.splitlines()
    assert "Record it with: pytest X" in message.splitlines()
    assert message.splitlines()[1].startswith("The request went around the cassette: vcrpy 8.1.0 did not intercept")


def test_a_socket_pair_built_from_a_loopback_connection_still_works(
    listener: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the OS has no socketpair (Windows), Python connects one over loopback; asyncio needs it for every loop."""

    def loopback_pair() -> tuple[socket.socket, socket.socket]:
        client = socket.create_connection(("127.0.0.1", listener), timeout=5)
        return client, client

    monkeypatch.setattr(socket, "socketpair", loopback_pair)
    with NetworkGuard() as guard:
        first, _ = socket.socketpair()
        first.close()
        with pytest.raises(NetworkBlocked):
            socket.create_connection(("127.0.0.1", listener), timeout=5)
    assert socket.socketpair is loopback_pair
    assert len(guard.attempts) == 1


def test_an_asyncio_connection_is_refused_like_a_blocking_one(listener: int) -> None:
    import asyncio

    async def connect() -> None:
        await asyncio.open_connection("127.0.0.1", listener)

    with NetworkGuard() as guard, pytest.raises(NetworkBlocked):
        asyncio.run(connect())
    assert guard.attempts == [Attempt("127.0.0.1", str(listener))]
