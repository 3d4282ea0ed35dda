"""--refusal-concurrency: missing cassettes of a map are fetched side by side, once each, then replayed."""

from __future__ import annotations

import threading
import time

import pytest

from pytest_refusal import wire
from pytest_refusal.testing import ScriptedServer, echo, fault
from pytest_refusal.testing.server import Received, Reply


class InFlight:
    """A reply that remembers how many requests were in flight at once, and holds each until `together` were.

    Holding on the peak, not on a sleep, makes overlap certain when the pool really sends side by side,
    however loaded the machine: a pool that sends one at a time never reaches the peak, and each of its
    requests is let go after `patience` seconds, so the test fails on the count instead of hanging.
    """

    def __init__(self, together: int = 1, patience: float = 10.0) -> None:
        self.now = self.most = 0
        self.together, self.patience = together, patience
        self.changed = threading.Condition()

    def reply(self) -> Reply:
        def build(received: Received) -> wire.WireResponse:
            with self.changed:
                self.now += 1
                self.most = max(self.most, self.now)
                self.changed.notify_all()
                self.changed.wait_for(lambda: self.most >= self.together, timeout=self.patience)
            time.sleep(0.05)
            with self.changed:
                self.now -= 1
            return wire.completion_response(wire.refusal_text("comply", "en"), model=received.model)

        return Reply(build)


def test_missing_cassettes_are_fetched_concurrently_once_each_then_replayed(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    flight = InFlight(together=4)
    server.set_default(flight.reply())
    result = project.runpytest("--refusal-record=once", "--refusal-concurrency=6", "-k", "gpt or dragon")
    result.assert_outcomes(passed=4)
    assert (len(server.chat_requests), flight.most) == (4, 4)
    assert not list((project.path / "cassettes").rglob("*.lock"))
    server.clear()
    project.runpytest("-k", "gpt or dragon").assert_outcomes(passed=4)
    assert server.chat_requests == []
    project.runpytest("--refusal-record=all", "--refusal-concurrency=2", "-k", "gpt or dragon").assert_outcomes(
        passed=4
    )
    assert len(server.chat_requests) == 4  # re-recorded once each, not again by the item


def test_a_rate_limit_with_retry_after_is_waited_out(project: pytest.Pytester, server: ScriptedServer) -> None:
    flight = InFlight()
    server.set_default(flight.reply())
    server.enqueue(fault(429, retry_after=0.2))
    result = project.runpytest(
        "--refusal-record=once", "--refusal-concurrency=4", "--refusal-max-retries=2", "-k", "gpt"
    )
    result.assert_outcomes(passed=3)
    assert len(server.chat_requests) == 4


@pytest.mark.slow
def test_xdist_workers_share_the_recording_and_fetch_each_cassette_once(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    pytest.importorskip("xdist")
    flight = InFlight(together=2)
    server.set_default(flight.reply())
    result = project.runpytest_subprocess(
        "-n", "2", "--refusal-record=once", "--refusal-concurrency=3", "-k", "gpt or dragon"
    )
    result.assert_outcomes(passed=4)
    assert len(server.chat_requests) == 4
    assert flight.most >= 2
    server.clear()
    again = project.runpytest_subprocess(
        "-n", "2", "--refusal-record=all", "--refusal-concurrency=3", "-k", "gpt or dragon"
    )
    again.assert_outcomes(passed=4)
    assert len(server.chat_requests) == 4  # every cassette re-recorded exactly once across both workers


def test_a_response_that_echoes_the_key_is_never_written_by_the_pool_either(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    server.set_default(echo())  # the request, key included, in the answer's text (echoed headers are just dropped)
    result = project.runpytest("--refusal-record=once", "--refusal-concurrency=4", "-k", "gpt")
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(["*did not write cassette cassettes/politics/gpt/*: it would contain a secret*"])
    assert not list((project.path / "cassettes").rglob("*.yaml"))
    assert "sk-map-test" not in result.stdout.str()


def test_a_lock_left_by_a_killed_run_is_taken_over_not_waited_on(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    import os
    import socket
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    folder = project.path / "cassettes" / "politics" / "gpt"
    folder.mkdir(parents=True)
    stale = folder / "dragon-en.yaml.lock"
    stale.write_text(f"{socket.gethostname()} {int(gone.stdout)}", encoding="utf-8")
    alive = folder / "tiananmen-1989-en.yaml.lock"  # this process is alive: its lock is respected
    alive.write_text(f"{socket.gethostname()} {os.getpid()}", encoding="utf-8")
    server.set_default(InFlight().reply())

    result = project.runpytest(
        "--refusal-record=once",
        "--refusal-concurrency=4",
        "--refusal-timeout=1",
        "--refusal-max-retries=0",
        "-k",
        "gpt-en",
    )
    result.assert_outcomes(passed=2)
    assert not stale.exists()
    assert (folder / "dragon-en.yaml").is_file()
    # The live lock held the prefetch off for its time limit (timeout × attempts × samples); older
    # than that it is stale: the item recorded itself and removed it.
    assert not alive.exists()
    assert (folder / "tiananmen-1989-en.yaml").is_file()


def test_an_address_that_refuses_connections_fails_its_items_at_once(project: pytest.Pytester) -> None:
    import socket

    from .conftest import MAP

    with socket.socket() as probe:  # a port nothing listens on: every connection is refused
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/v1"
    (project.path / "politics.refusal.yaml").write_text(MAP.format(url=closed), encoding="utf-8")

    result = project.runpytest("--refusal-record=once", "--refusal-concurrency=2", "-k", "gpt")
    result.assert_outcomes(errors=3)
    result.stdout.fnmatch_lines(["*provider error from gpt*the request dropped the connection*Check the address*"])
    # Two calls in flight found the address closed; the third item was not sent at all.
    result.stdout.fnmatch_lines(["*provider error from gpt*not sent, because earlier calls to the same address*"])
    assert not list((project.path / "cassettes").rglob("*.yaml"))
    assert not list((project.path / "cassettes").rglob("*.lock"))
