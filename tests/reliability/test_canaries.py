"""Canary secrets through every recording path: none may reach a cassette, the terminal or JUnit XML.

The canaries ride in the Authorization header, custom key headers, cookies and query strings,
through the plugin's fixtures, the user's own openai clients (sync, async, streaming), plain
httpx2 and error paths. A server that reflects the request into its answer is the hard case:
the header filter alone cannot help there, only the audit and the redaction of what we show.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_refusal import wire
from pytest_refusal.testing import ScriptedServer, echo, fault, refusal
from pytest_refusal.testing.server import Received, Reply

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


# --- every place, every artefact --------------------------------------------------------------
# One canary per place a credential can come from. Each run uses its own tag, so a canary found
# names the place and the run; the count printed is "canaries found / places checked".
GATEWAY = ("Ocp-Apim-Subscription-Key", "X-Portkey-Api-Key", "X-Auth-Token", "x-amz-security-token", "X-Whatever-Key")
QUERY_NAMES = ("code", "auth", "key", "sig")


def canaries(tag: str) -> dict[str, str]:
    """Place → canary value; key-shaped ones are shaped so only the key-shape patterns can know them."""
    places = {f"header {name}": f"{name.lower().replace('-', '')}{tag}canary7f3a" for name in GATEWAY}
    places |= {f"query ?{name}=": f"query{name}{tag}canary7f3a" for name in QUERY_NAMES}
    places |= {
        "header Authorization (own client)": f"ownkey{tag}canary7f3a",
        "header Cookie": f"cookie{tag}canary7f3a",
        "live key (environment)": f"livekey{tag}canary7f3a",
        "response Set-Cookie": f"setcookie{tag}canary7f3a",
        "base_url userinfo": f"userinfo{tag}canary7f3a",
        "prompt sk-ant- key": f"sk-ant-api03-prompt{tag}canary0123456789",
        "answer sk- key": f"sk-proj-answer{tag}canary0123456789",
        "answer AIza key": "AIza" + f"answer{tag}canary".ljust(35, "0"),
        "answer AWS key": "AKIA" + f"{tag.upper()}CANARY".ljust(16, "0"),
        "answer JWT": f"eyJhbGciOiJIUzI1NiJ9{tag}.eyJzdWIiOiJjYW5hcnki{tag}.jwt{tag}canary",
        "answer bearer token": f"Bearer answer{tag}canarytoken0123",
    }
    return places


def core(value: str) -> str:
    """The part of a canary no redaction may leave behind (a key half-redacted still leaks it)."""
    return value.removeprefix("Bearer ") if value.startswith("Bearer ") else value[-16:]


EVERY_PLACE = """
import openai, pytest

URL = "{url}"
ANSWER_MARK = "{mark}"


@pytest.mark.expect_compliance("gateway")
def test_gateway_credentials_of_the_users_own_client():
    client = openai.OpenAI(base_url=URL, api_key="{own_key}", max_retries=0)
    client.chat.completions.create(model="m", messages=[{{"role": "user", "content": "hi"}}],
                                   extra_headers={headers!r}, extra_query={query!r})


@pytest.mark.expect_refusal("secrets")
def test_key_shapes_in_the_prompt_and_the_answer(ask):
    ask(ANSWER_MARK + " {prompt_key}")


def test_a_failing_test_shows_its_model(refusal_model):
    assert refusal_model.name == "another"
"""

EVERY_PLACE_MAP = """\
models:
  mapgateway: {{base_url: "{url}", model: scripted-1, api_key_env: LOCAL_TEST_KEY}}
categories:
  secrets: {{expect: refuse}}
probes:
  - id: prompt-key
    category: secrets
    prompt: {{en: "{mark} {prompt_key}"}}
  - id: plain
    category: secrets
    prompt: {{en: What happened in June 1989?}}
"""


def answering(places: dict[str, str], mark: str, *, echoing: bool) -> Reply:
    """The scripted provider: key shapes in the answer to a marked prompt; or the whole request echoed back."""
    shapes = " ".join(value for name, value in places.items() if name.startswith("answer"))

    def build(received: Received) -> wire.WireResponse:
        if echoing:
            return echo().build(received)  # type: ignore[misc]
        text = f"Sure: {shapes}" if mark in received.body.decode("utf-8", "replace") else wire.refusal_text("comply")
        return wire.completion_response(text, model=received.model)

    return Reply(build, set_cookie=f"session={places['response Set-Cookie']}; HttpOnly", echo_headers=echoing)


def run_every_place(
    pytester: pytest.Pytester,
    server: ScriptedServer,
    monkeypatch: pytest.MonkeyPatch,
    tag: str,
    *args: str,
    subprocess: bool = False,
) -> tuple[dict[str, str], dict[str, str]]:
    """One recording run sending every canary of `tag`; (places, artefacts) with every artefact's text.

    `subprocess`: in a process of its own, where no other pytest session's log filter is installed.
    """
    places = canaries(tag)
    mark = f"ANSWER-WITH-KEYS-{tag}"
    monkeypatch.setenv("LOCAL_TEST_KEY", places["live key (environment)"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(pytester.path / "step-summary.md"))
    # A gateway reached through user:password (httpx then sends Basic auth instead of the key).
    gateway = server.base_url.replace("http://", f"http://gateway:{places['base_url userinfo']}@")
    url = server.base_url
    local = f"local = base_url={url} model=scripted-1 api_key_env=LOCAL_TEST_KEY"
    pytester.makeini(
        INI_WITH_URL.format(base_url=url).replace(
            local, f"{local}\n    gateway = base_url={gateway} model=scripted-1 api_key_env=LOCAL_TEST_KEY"
        )
    )
    headers = {name: places[f"header {name}"] for name in GATEWAY} | {"Cookie": f"sid={places['header Cookie']}"}
    query = {name: places[f"query ?{name}="] for name in QUERY_NAMES} | {"api-version": "2024-06-01"}
    prompt_key = places["prompt sk-ant- key"]
    own_key = places["header Authorization (own client)"]
    pytester.makepyfile(
        test_every_place=EVERY_PLACE.format(
            url=url, mark=mark, own_key=own_key, headers=headers, query=query, prompt_key=prompt_key
        )
    )
    (pytester.path / "secrets.refusal.yaml").write_text(
        EVERY_PLACE_MAP.format(url=gateway, mark=mark, prompt_key=prompt_key), encoding="utf-8"
    )
    server.set_default(answering(places, mark, echoing=tag.startswith("echo")))
    reports = ["--refusal-report=map.json", "--refusal-report=map.md", "--refusal-report=map.html"]
    run = pytester.runpytest_subprocess if subprocess else pytester.runpytest
    result = run(
        "--refusal-record=once",
        "--junitxml=junit.xml",
        "-o",
        "junit_logging=all",
        "-rA",
        "-vv",
        "-l",
        *reports,
        *args,
    )
    assert "INTERNALERROR" not in result.stdout.str()
    sent = " ".join(f"{r.target} {r.headers} {r.body.decode()}" for r in server.received)
    unsent = [name for name, value in places.items() if value not in sent and not name.startswith(("answer", "resp"))]
    assert unsent == ["base_url userinfo"]  # the filters are proven on what really was sent (userinfo: as Basic)
    written = {name: text for name, text in everything_written(pytester).items() if name != "secrets.refusal.yaml"}
    artefacts = written | {"stdout": result.stdout.str(), "stderr": result.stderr.str()}
    assert {"map.json", "map.md", "map.html", "junit.xml", "step-summary.md"} <= set(artefacts), sorted(artefacts)
    return places, artefacts


def found_canaries(places: dict[str, str], artefacts: dict[str, str]) -> list[tuple[str, str]]:
    return [(place, name) for place, value in places.items() for name, text in artefacts.items() if core(value) in text]


@pytest.mark.parametrize("tag", ["rec", "echo"], ids=["recording", "echoing-server"])
def test_no_canary_from_any_place_reaches_any_artefact(
    pytester: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, tag: str
) -> None:
    places, artefacts = run_every_place(pytester, server, monkeypatch, tag)
    # Then replay: the cassettes that were not written are misses, whose messages quote the request body.
    replay = pytester.runpytest("--junitxml=replay.xml", "-rA", "-vv")
    assert "No cassette for" in replay.stdout.str()
    artefacts |= {"replay stdout": replay.stdout.str(), "replay.xml": (pytester.path / "replay.xml").read_text()}
    found = found_canaries(places, artefacts)
    leaked_places = sorted({place for place, _ in found})
    print(
        f"canaries found {len(leaked_places)} / places checked {len(places)} "
        f"({len(found)} sightings in {len(artefacts)} artefacts: {', '.join(sorted(artefacts))})"
    )
    assert found == [], found
    assert "[redacted]" in artefacts["map.json"] + artefacts["junit.xml"]  # they were there to leak


LOG_RUNS = {
    "info": ("--log-level=INFO",),
    "debug-log-cli": (
        "--log-level=DEBUG",
        "-o",
        "log_cli=true",
        "--log-cli-level=DEBUG",
        "--log-file=run.log",
        "--log-file-level=DEBUG",
    ),
}


@pytest.mark.parametrize("echoing", [False, True], ids=["recording", "echoing-server"])
@pytest.mark.parametrize("level", list(LOG_RUNS))
def test_no_canary_reaches_a_log_record_at_info_or_debug(
    pytester: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, level: str, echoing: bool
) -> None:
    """httpx logs every URL, vcrpy every recorded response, httpcore the response headers: each record is redacted."""
    tag = ("echo" if echoing else "") + ("inf" if level == "info" else "dbg")
    # In a subprocess: this very run's own filter (the plugin is active here too) must not be what redacts.
    places, artefacts = run_every_place(pytester, server, monkeypatch, tag, *LOG_RUNS[level], subprocess=True)
    logs = artefacts["junit.xml"] + artefacts["stdout"] + artefacts.get("run.log", "")
    assert "HTTP Request: POST" in logs and "Appending request" in logs  # the records were there, redacted
    if level != "info":
        assert "receive_response_headers" in artefacts["stdout"] and "set-cookie" in artefacts["run.log"]
    found = found_canaries(places, artefacts)
    leaked_places = sorted({place for place, _ in found})
    print(f"canaries found {len(leaked_places)} / places checked {len(places)} ({len(found)} sightings)")
    assert found == [], found
