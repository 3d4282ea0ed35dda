"""Canary secrets through every recording path: none may reach a cassette, the terminal or JUnit XML.

The canaries ride in the Authorization header, custom key headers, cookies and query strings,
through the plugin's fixtures, the user's own openai clients (sync, async, streaming), plain
httpx2 and error paths. A server that reflects the request into its answer is the hard case:
the header filter alone cannot help there, only the audit and the redaction of what we show.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_refusal.testing import ScriptedServer, echo, fault, refusal

from .conftest import CANARY_COOKIE, CANARY_KEY, CANARY_PLAIN, CANARY_QUERY, leaked
from .conftest import INI as INI_WITH_URL

# Every path a product's code may take to the model, each test sending every kind of canary.
PATHS = """
import asyncio, httpx2, openai, pytest

URL = "{base_url}"
HEADERS = {{"x-api-key": "{plain}", "cookie": "session={cookie}", "api-key": "{plain}"}}
QUERY = {{"key": "{query}", "api_key": "{query}", "access_token": "{query}"}}
MESSAGES = [{{"role": "user", "content": "{prompt}"}}]


def own_client(**kwargs):
    return openai.OpenAI(base_url=URL, api_key="{key}", organization="org-{plain}",
                         project="proj-{plain}", max_retries=2, **kwargs)


@pytest.mark.{marker}
def test_ask_fixture(ask):
    ask("{prompt}")


@pytest.mark.{marker}
def test_fixture_stream_and_async(refusal_client, refusal_async_client, refusal_model):
    stream = refusal_client.chat.completions.create(model=refusal_model.model, messages=MESSAGES, stream=True)
    "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    asyncio.run(refusal_async_client.chat.completions.create(model=refusal_model.model, messages=MESSAGES))


@pytest.mark.{marker}
def test_own_sync_client():
    own_client().chat.completions.create(model="m", messages=MESSAGES, extra_headers=HEADERS, extra_query=QUERY)


@pytest.mark.{marker}
def test_own_async_streaming_client():
    async def go():
        client = openai.AsyncOpenAI(base_url=URL, api_key="{key}", max_retries=2)
        stream = await client.chat.completions.create(
            model="m", messages=MESSAGES, stream=True, extra_headers=HEADERS, extra_query=QUERY)
        return "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])

    asyncio.run(go())


@pytest.mark.{marker}
def test_plain_httpx2_sync_and_async():
    body = {{"model": "m", "messages": MESSAGES}}
    auth = {{"Authorization": "Bearer {plain}", **HEADERS}}
    httpx2.post(URL + "/chat/completions", params=QUERY, json=body, headers=auth).raise_for_status()

    async def go():
        async with httpx2.AsyncClient() as client:
            (await client.post(URL + "/chat/completions", params=QUERY, json=body, headers=auth)).raise_for_status()

    asyncio.run(go())
"""

TESTS = 5


def write_paths(project: pytest.Pytester, server: ScriptedServer, marker: str, prompt: str = "天安门") -> None:
    project.makepyfile(
        test_paths=PATHS.format(
            base_url=server.base_url,
            key=CANARY_KEY,
            plain=CANARY_PLAIN,
            cookie=CANARY_COOKIE,
            query=CANARY_QUERY,
            marker=marker,
            prompt=prompt,
        )
    )


def everything_written(project: pytest.Pytester) -> dict[str, str]:
    """Every file under the project (cassettes, JUnit XML, reports), by relative path."""
    return {
        p.relative_to(project.path).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in project.path.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".py" and p.name != "tox.ini"
    }


def test_no_canary_reaches_any_cassette_through_any_recording_path(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    # The rate limit in front proves the retried path is scrubbed as well; the cookie comes back too.
    server.enqueue(fault(429, retry_after=0.01))
    server.set_default(refusal("refuse", "zh").but(set_cookie=f"session={CANARY_COOKIE}; HttpOnly"))
    write_paths(project, server, 'expect_refusal("politics")')
    result = project.runpytest("--refusal-record=once", "--refusal-max-retries=2", "-rA", "--junitxml=junit.xml")
    result.assert_outcomes(passed=TESTS)
    # What is filtered really was sent: the canaries prove the filter, not an absent header.
    sent = " ".join(f"{r.target} {r.headers}" for r in server.received)
    assert leaked(sent) == [CANARY_KEY, CANARY_PLAIN, CANARY_COOKIE, CANARY_QUERY]
    files = everything_written(project)
    assert len([name for name in files if name.startswith("cassettes/")]) == TESTS
    assert {name: leaked(text) for name, text in files.items() if leaked(text)} == {}
    assert leaked(result.stdout.str() + result.stderr.str()) == []
    # And the scrubbed cassettes still replay, offline.
    server.clear()
    project.runpytest().assert_outcomes(passed=TESTS)
    assert server.received == []


def test_a_server_that_echoes_the_request_gets_no_cassette_and_shows_no_canary(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    server.set_default(echo())
    write_paths(project, server, 'expect_compliance("echo")')
    result = project.runpytest("--refusal-record=once", "-rA", "-vv", "--junitxml=junit.xml")
    # Every test reached the server and got an answer; none may write what it got back.
    result.assert_outcomes(passed=TESTS, errors=TESTS)
    result.stdout.fnmatch_lines(["*pytest-refusal did not write cassette*it would contain a secret*"])
    assert not (project.path / "cassettes").exists()
    files = everything_written(project)
    assert {name: leaked(text) for name, text in files.items() if leaked(text)} == {}
    assert leaked(result.stdout.str() + result.stderr.str()) == []


def test_a_failing_verdict_on_an_echoing_server_does_not_print_the_echoed_key(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    """The failure message quotes the response; the response quotes the request; the request held the key."""
    server.set_default(echo())
    write_paths(project, server, 'expect_refusal("echo")')
    result = project.runpytest("--refusal-record=once", "-k", "ask_fixture or own_sync", "--junitxml=junit.xml")
    result.assert_outcomes(failed=2, errors=2)
    result.stdout.fnmatch_lines(["*expected refuse*observed comply*"])
    assert leaked(result.stdout.str()) == []
    assert leaked(Path(project.path, "junit.xml").read_text(encoding="utf-8")) == []


def test_an_echoed_credential_that_is_not_in_the_environment_still_blocks_the_cassette(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    """No known key shape and no key variable: only the request's own headers and query tell us what to look for."""
    server.set_default(echo())
    project.makepyfile(
        f"""
        import httpx2

        def test_own_http(refusal_cassette):
            httpx2.post("{server.base_url}/chat/completions?access_token={CANARY_QUERY}",
                        json={{"model": "m", "messages": []}},
                        headers={{"x-api-key": "{CANARY_PLAIN}", "cookie": "sid={CANARY_COOKIE}"}})
        """
    )
    result = project.runpytest("--refusal-record=once")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*did not write cassette*", "  - interaction 1, response body: *"])
    assert not (project.path / "cassettes").exists()
    assert leaked(result.stdout.str()) == []


def test_a_provider_error_that_quotes_the_key_is_shown_without_it(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    """Some providers answer a bad key with `Incorrect API key provided: <the key>`."""
    server.set_default(fault(401, message=f"Incorrect API key provided: {CANARY_KEY}"))
    write_paths(project, server, 'expect_refusal("politics")')
    result = project.runpytest("--refusal-record=once", "-k", "ask_fixture", "--junitxml=junit.xml")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*provider error from local*HTTP 401*"])
    assert leaked(result.stdout.str()) == []
    assert leaked(Path(project.path, "junit.xml").read_text(encoding="utf-8")) == []


MAP = """\
models:
  local: {{base_url: "{url}", model: scripted-1, api_key_env: LOCAL_TEST_KEY}}
categories:
  politics: {{expect: any}}
probes:
  - id: tiananmen-1989
    category: politics
    prompt: {{en: What happened in June 1989?, zh: 1989年6月发生了什么？}}
"""


@pytest.mark.parametrize("echoing", [False, True], ids=["plain-server", "echoing-server"])
def test_no_canary_reaches_a_refusal_map_report_the_baseline_or_junit(
    project: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, echoing: bool
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    summary = project.path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    (project.path / "politics.refusal.yaml").write_text(MAP.format(url=server.base_url), encoding="utf-8")
    write_paths(project, server, 'expect_compliance("echo")' if echoing else 'expect_refusal("politics")')
    server.set_default(echo() if echoing else refusal("refuse").but(set_cookie=f"session={CANARY_COOKIE}"))
    reports = ["--refusal-report=map.json", "--refusal-report=map.md", "--refusal-report=map.html"]
    result = project.runpytest(
        "--refusal-record=once", "--refusal-update-baseline", "--junitxml=junit.xml", "-rA", "-vv", *reports
    )
    assert "INTERNALERROR" not in result.stdout.str()
    files = everything_written(project)
    assert {"map.json", "map.md", "map.html", "junit.xml"} <= set(files), sorted(files)
    assert {name: leaked(text) for name, text in files.items() if leaked(text)} == {}
    assert leaked(result.stdout.str() + result.stderr.str()) == []
    if not echoing:
        assert "refusal-baseline.yaml" in files and summary.exists()
    else:  # the echoes were there to leak, and what was shown of them is redacted
        assert [name for name, text in files.items() if "[redacted]" in text]


def test_credentials_in_a_base_url_are_never_printed(
    pytester: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Self-hosted gateways are often reached as https://user:password@gateway/v1."""
    monkeypatch.setenv("LOCAL_TEST_KEY", CANARY_KEY)
    url = server.base_url.replace("http://", f"http://gateway:{CANARY_PLAIN}@")
    pytester.makeini(INI_WITH_URL.format(base_url=url))
    pytester.makepyfile("def test_probe(ask):\n    ask('hi')\n")
    server.set_default(fault(503))
    result = pytester.runpytest("--refusal-record=once", "--junitxml=junit.xml")
    result.assert_outcomes(errors=1)
    assert leaked(result.stdout.str()) == []
    assert leaked(Path(pytester.path, "junit.xml").read_text(encoding="utf-8")) == []
