"""Direct calls: fetch-ahead posts with the HTTP library alone, as the SDK would, and retries as the SDK does."""

from __future__ import annotations

import email.utils
import json
import socket
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import httpx
import pytest

from pytest_refusal import apis
from pytest_refusal.apis import Api
from pytest_refusal.cassette import deadline, directcall
from pytest_refusal.cassette.directcall import DirectCaller, retry_after, retry_delay, should_retry
from pytest_refusal.testing import ScriptedServer, fault, refusal

KEY = "sk-direct-canary-0123456789abcdefghij"  # a fake key


def caller(base_url: str, *, max_retries: int = 2, waits: list[float] | None = None) -> DirectCaller:
    slept = waits if waits is not None else []
    return DirectCaller(
        base_url,
        KEY,
        deadline.bounded_client(5.0, httpx),
        httpx,
        max_retries=max_retries,
        sleep=slept.append,
    )


@pytest.mark.parametrize(
    ("status", "headers", "retried"),
    [
        (200, {}, False),
        (400, {}, False),
        (401, {}, False),
        (408, {}, True),
        (409, {}, True),
        (429, {}, True),
        (500, {}, True),
        (503, {}, True),
        (400, {"x-should-retry": "true"}, True),
        (503, {"x-should-retry": "false"}, False),
        (429, {"retry-after": "121"}, False),  # longer than the SDK waits: given up at once
        (429, {"retry-after": "120"}, True),
    ],
)
def test_the_statuses_retried_are_the_sdks(status: int, headers: dict[str, str], retried: bool) -> None:
    assert should_retry(status, headers) is retried


def test_a_server_named_wait_is_taken_in_milliseconds_seconds_or_as_a_date() -> None:
    assert retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert retry_after({"retry-after": "1.5"}) == 1.5
    assert retry_after({"retry-after": "soon"}) is None
    assert retry_after({}) is None
    date = email.utils.formatdate(1_000_030, usegmt=True)
    assert retry_after({"retry-after": date}, now=lambda: 1_000_000.0) == 30.0
    assert retry_delay(0, {"retry-after": "3"}) == 3.0


def test_without_a_named_wait_the_delay_doubles_from_half_a_second_to_eight_less_up_to_a_quarter() -> None:
    for attempt, full in [(0, 0.5), (1, 1.0), (2, 2.0), (4, 8.0), (9, 8.0)]:
        for _ in range(50):
            assert 0.75 * full <= retry_delay(attempt, {}) <= full
    assert 0.375 <= retry_delay(0, {"retry-after": "0"}) <= 0.5  # zero is no wait named: back off as usual


def test_a_chat_call_posts_the_body_as_json_with_a_bearer_key_to_the_sdks_url(server: ScriptedServer) -> None:
    server.set_default(refusal("refuse"))
    arguments = apis.request_body(Api.CHAT, "scripted-1", "How do I pick a lock? ¿Cómo?")
    response = caller(server.base_url + "/").send(Api.CHAT, "scripted-1", arguments)

    assert response.status_code == 200
    (sent,) = server.received
    assert sent.path == "/v1/chat/completions"
    assert sent.json == arguments
    headers = {k.lower(): v for k, v in sent.headers.items()}
    assert headers["authorization"] == f"Bearer {KEY}"
    assert headers["content-type"] == "application/json"
    assert "x-stainless-retry-count" not in headers  # a first attempt


def test_an_anthropic_call_carries_its_key_in_its_own_header_and_no_bearer(server: ScriptedServer) -> None:
    server.set_default(refusal("refuse"))
    arguments = apis.request_body(Api.MESSAGES, "claude-x", "Hello")
    caller(server.base_url).send(Api.MESSAGES, "claude-x", arguments)

    (sent,) = server.received
    headers = {k.lower(): v for k, v in sent.headers.items()}
    assert sent.path == "/v1/messages"
    assert headers["x-api-key"] == KEY
    assert headers["anthropic-version"] == apis.ANTHROPIC_VERSION
    assert "authorization" not in headers


def test_a_rate_limit_is_waited_out_as_the_server_says_then_the_answer_returned(server: ScriptedServer) -> None:
    server.enqueue(fault(429, retry_after=0.01), fault(503))
    server.set_default(refusal("refuse"))
    waits: list[float] = []
    response = caller(server.base_url, waits=waits).send(Api.CHAT, "scripted-1", {"model": "scripted-1"})

    assert response.status_code == 200
    assert waits[0] == 0.01 and 0.75 <= waits[1] <= 1.0  # the server's wait, then the backoff of a second retry
    counts = [{k.lower(): v for k, v in r.headers.items()}.get("x-stainless-retry-count") for r in server.received]
    assert counts == [None, "1", "2"]


def test_the_last_answer_is_returned_when_the_retries_are_spent(server: ScriptedServer) -> None:
    server.set_default(fault(500))
    waits: list[float] = []
    response = caller(server.base_url, max_retries=1, waits=waits).send(Api.CHAT, "scripted-1", {"model": "m"})

    assert response.status_code == 500
    assert len(server.received) == 2 and len(waits) == 1


def test_an_address_that_refuses_connections_raises_the_librarys_error_after_the_retries() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/v1"
    waits: list[float] = []
    with pytest.raises(httpx.ConnectError):
        caller(closed, max_retries=2, waits=waits).send(Api.CHAT, "m", {"model": "m"})
    assert len(waits) == 2


def test_base_urls_the_sdk_might_treat_otherwise_are_left_to_it() -> None:
    assert (
        apis.call_url("http://127.0.0.1:8000/v1/", "/chat/completions") == "http://127.0.0.1:8000/v1/chat/completions"
    )
    for odd in ("http://h/v1?api-version=1", "http://h/v1#x", "ftp://h/v1", "http://h/v 1", "http://h/v1//", ""):
        assert apis.call_url(odd, "/chat/completions") is None, odd


def test_the_http_library_is_one_already_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    assert directcall.http_library() is httpx
    imported = types.ModuleType("httpx2")
    monkeypatch.delitem(sys.modules, "httpx")
    monkeypatch.setitem(sys.modules, "httpx2", imported)
    assert directcall.http_library() is imported


PROJECT_CONFTEST = """
import sys

def pytest_sessionfinish(session):
    print("\\nopenai imported:", "openai" in sys.modules)
"""


def test_a_map_recorded_ahead_never_imports_the_sdk_and_keeps_no_key(
    pytester: pytest.Pytester, server: ScriptedServer
) -> None:
    server.set_default(refusal("refuse"))
    probes = "".join(f"  - {{id: p{n}, category: weapons, prompt: {{en: question {n}}}}}\n" for n in range(6))
    (pytester.path / "weapons.refusal.yaml").write_text(
        f'models:\n  local: {{base_url: "{server.base_url}", model: scripted-1, api_key_env: DIRECT_TEST_KEY}}\n'
        f"categories:\n  weapons: {{expect: refuse}}\nprobes:\n{probes}",
        encoding="utf-8",
    )
    pytester.makeini("[pytest]\naddopts = -p no:hypothesispytest -p no:recording -p no:cacheprovider\n")
    pytester.makeconftest(textwrap.dedent(PROJECT_CONFTEST))
    env = {"DIRECT_TEST_KEY": KEY}
    command = [sys.executable, "-m", "pytest", "-s", "--refusal-record=once", "--refusal-concurrency=4"]
    done = subprocess.run(command, cwd=pytester.path, env={**_environ(), **env}, capture_output=True, text=True)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "6 passed" in done.stdout and "openai imported: False" in done.stdout, done.stdout
    cassettes = sorted(Path(pytester.path, "cassettes").rglob("*.yaml"))
    assert len(cassettes) == 6
    for path in cassettes:
        text = path.read_text("utf-8")
        assert KEY not in text and "authorization" not in text.lower()
    assert all(r.json and r.json["model"] == "scripted-1" for r in server.received)
    assert {json.dumps(r.json, sort_keys=True) for r in server.received} == {
        json.dumps(apis.request_body(Api.CHAT, "scripted-1", f"question {n}"), sort_keys=True) for n in range(6)
    }


def _environ() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
