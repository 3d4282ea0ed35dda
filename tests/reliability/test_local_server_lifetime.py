"""The embedded model's server never outlives the run that started it, even a killed one.

A killed pytest run never reaches its clean-up, so a server it started would keep its port and
a few hundred MB until someone finds it. The server watches a pipe only the run writes to
(`localmodel.exit_with_parent`); these tests kill the parent for real and wait for the child.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="select on pipes is POSIX")

WAIT = 15.0  # seconds; the child stops within milliseconds, this only bounds a failure

# The parent starts the child as `running_server` starts the server (a pipe on its standard
# input), prints the child's pid and sleeps; the child inherits the parent's standard output, so
# that pipe reaches its end of file only when the child is gone too.
PARENT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdin=subprocess.PIPE)
print(child.pid, flush=True)
time.sleep(120)
"""

WATCHING = "import time; from pytest_refusal.localmodel import exit_with_parent; exit_with_parent(); time.sleep(120)"
NOT_WATCHING = "import time; time.sleep(120)"


def _child_outlives_killed_parent(child_code: str, wait: float) -> bool:
    parent = subprocess.Popen([sys.executable, "-c", PARENT, child_code], stdout=subprocess.PIPE)
    assert parent.stdout is not None
    child_pid = int(parent.stdout.readline())
    try:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        readable, _, _ = select.select([parent.stdout], [], [], wait)
        return not (readable and parent.stdout.read() == b"")
    finally:
        parent.stdout.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(child_pid, signal.SIGKILL)


def test_the_server_stops_when_the_run_that_started_it_is_killed() -> None:
    assert not _child_outlives_killed_parent(WATCHING, WAIT)


def test_without_the_watch_a_child_would_outlive_its_killed_parent() -> None:
    """The control: the test above means something only because an unwatched child survives."""
    assert _child_outlives_killed_parent(NOT_WATCHING, 1.0)


def test_the_server_command_asks_for_the_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    from pytest_refusal import localmodel

    started: dict[str, object] = {}

    class Stopped(Exception):
        pass

    def popen(command: list[str], **options: object) -> object:
        started.update(command=command, **options)
        raise Stopped

    monkeypatch.setattr(localmodel, "gguf_path", lambda: "model.gguf")
    monkeypatch.setattr(localmodel.subprocess, "Popen", popen)
    with pytest.raises(Stopped), localmodel.running_server():
        pass
    assert "--exit-with-stdin" in started["command"]  # type: ignore[operator]
    assert started["stdin"] == subprocess.PIPE
