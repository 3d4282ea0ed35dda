"""The HTTP stack's log records are redacted while the filter is installed, and left alone once it is removed."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx2
import pytest

from pytest_refusal import scrub
from pytest_refusal.logfilter import LogRedaction

TOKEN = "tok3n-0123456789abcdef"  # a fake credential the run knows (a key from the environment, say)


@pytest.fixture
def redaction(caplog: pytest.LogCaptureFixture) -> Iterator[LogRedaction]:
    installed = LogRedaction(lambda text: scrub.clean(text, [TOKEN])).install()
    caplog.set_level(logging.DEBUG)
    try:
        yield installed
    finally:
        installed.remove()


@pytest.mark.parametrize(
    ("logger", "message", "args"),
    [
        pytest.param(
            "httpx2",
            'HTTP Request: %s %s "%s"',
            ("POST", "https://h/v1/chat?code=c0de-canary-42", "200 OK"),
            id="httpx-url-query",
        ),
        pytest.param(
            "httpcore2.http11",
            "receive_response_headers.complete [(b'set-cookie', b'sid=c0de-canary-42')]",
            (),
            id="httpcore-header-tuples",
        ),
        pytest.param(
            "vcr.cassette",
            "Appending request %s and response %s",
            ("<Request>", {"headers": {"X-Tenant": ["c0de-canary-42"], "content-type": ["json"]}}),
            id="vcr-response-headers",
        ),
        pytest.param(
            "openai._base_client",
            "HTTP Response: %s",
            (httpx2.Headers({"x-tenant": "c0de-canary-42"}),),
            id="httpx-headers-object",
        ),
        pytest.param(
            "openai._base_client",
            "Request options: %s",
            ({"headers": {"X-Tenant": "c0de-canary-42"}},),
            id="request-options",
        ),
        pytest.param("vcr.stubs.httpx_stubs", "%s not in cassette", ("https://gw:c0de-canary-42@h/v1",), id="userinfo"),
        pytest.param("httpx2", "sent %s", (TOKEN,), id="a-known-value"),
        pytest.param(
            "openai.resources.made.later",
            "key %s",
            ("sk-proj-0123456789abcdefghijkl",),  # a fake key
            id="a-new-logger",
        ),
    ],
)
def test_a_record_of_the_http_stack_is_redacted_before_any_handler_sees_it(
    redaction: LogRedaction, caplog: pytest.LogCaptureFixture, logger: str, message: str, args: tuple[object, ...]
) -> None:
    logging.getLogger(logger)
    redaction.refresh()  # what the plugin does before each test: loggers made since configure get the filter
    logging.getLogger(logger).info(message, *args)
    assert [r.name for r in caplog.records] == [logger]
    assert "c0de-canary-42" not in caplog.text and TOKEN not in caplog.text and "sk-proj" not in caplog.text


def test_a_traceback_in_a_record_is_redacted_too(redaction: LogRedaction, caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise ValueError(f"bad key {TOKEN}")
    except ValueError:
        logging.getLogger("httpx2").exception("request failed")
    assert TOKEN not in caplog.text and "bad key [redacted]" in caplog.text


def test_other_loggers_and_a_removed_filter_leave_records_alone(
    redaction: LogRedaction, caplog: pytest.LogCaptureFixture
) -> None:
    logging.getLogger("myapp").info("token %s", TOKEN)  # the user's own logger: not ours to rewrite
    redaction.remove()
    logging.getLogger("httpx2").info("key %s", TOKEN)
    assert caplog.text.count(TOKEN) == 2
    assert all(redaction.filter not in logging.getLogger(name).filters for name in ("httpx2", "vcr.cassette"))


def test_the_plugin_installs_the_filter_at_configure_and_removes_it_at_unconfigure(pytester: pytest.Pytester) -> None:
    from pytest_refusal.logfilter import RedactingFilter

    def ours() -> int:
        return sum(isinstance(f, RedactingFilter) for f in logging.getLogger("httpx2").filters)

    before = ours()
    pytester.makeconftest(
        """
        import logging

        def pytest_sessionstart(session):
            print("filters while running:", len(logging.getLogger("httpx2").filters))
        """
    )
    pytester.makepyfile("def test_nothing():\n    pass\n")
    result = pytester.runpytest("-s", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([f"filters while running: {len(logging.getLogger('httpx2').filters) + 1}"])
    assert ours() == before
