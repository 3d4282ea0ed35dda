"""Canary tests: no key, cookie, account, gateway or fingerprint header, no query credential ever reaches a cassette."""

from __future__ import annotations

import pytest

from pytest_refusal.testing import ScriptedServer, answer, refusal

FORBIDDEN = (
    "authorization",
    "cookie",
    "openai-organization",
    "openai-project",
    "x-stainless",
    "api-key",
    "org-canary",
    "proj_canary",
    "sessionid=",
)


def test_no_secret_reaches_any_cassette(project: pytest.Pytester, server: ScriptedServer, canary_key: str) -> None:
    account = (("openai-organization", "org-canary"), ("openai-project", "proj_canary"))
    server.set_default(refusal("refuse", "zh").but(set_cookie="sessionid=canary; HttpOnly", headers=account))
    project.makepyfile(
        f"""
        import asyncio, httpx2, openai, pytest

        @pytest.mark.expect_refusal("politics")
        def test_fixture_clients(ask, refusal_async_client, refusal_model):
            ask("天安门")
            asyncio.run(refusal_async_client.chat.completions.create(
                model=refusal_model.model, messages=[{{"role": "user", "content": "async"}}]))

        @pytest.mark.expect_refusal("politics")
        def test_own_clients():
            client = openai.OpenAI(base_url="{server.base_url}", api_key="{canary_key}",
                                   organization="org-canary", project="proj_canary", max_retries=0)
            client.chat.completions.create(model="m", messages=[{{"role": "user", "content": "own"}}],
                                           extra_headers={{"x-api-key": "{canary_key}", "api-key": "{canary_key}",
                                                           "cookie": "sessionid=canary"}})
            httpx2.post("{server.base_url}/chat/completions?key={canary_key}&api_key={canary_key}&alt=json",
                        json={{"model": "m", "messages": []}}, headers={{"Authorization": "Bearer {canary_key}"}})
        """
    )
    project.runpytest("--refusal-record=once").assert_outcomes(passed=2)
    cassettes = sorted((project.path / "cassettes").rglob("*.yaml"))
    assert len(cassettes) == 2
    for path in cassettes:
        text = path.read_text(encoding="utf-8")
        assert canary_key not in text
        leaked = [word for word in FORBIDDEN if word in text.lower()]
        assert leaked == [], f"{path.name} holds {leaked}"
    assert "alt=json" in cassettes[1].read_text()  # allowlisted query parameters stay
    # What was scrubbed really was sent: the canary proves the filter, not an absent header.
    assert any(r.headers.get("authorization") == f"Bearer {canary_key}" for r in server.received)
    assert any("x-stainless-os" in r.headers for r in server.received)
    project.runpytest().assert_outcomes(passed=2)  # and the scrubbed cassettes still replay


def test_a_response_that_echoes_the_key_in_its_headers_is_written_without_them(
    project: pytest.Pytester, server: ScriptedServer, canary_key: str
) -> None:
    """Echoed headers (`x-echo-authorization: Bearer <key>`) are not on the response allowlist: dropped, not blocked."""
    server.enqueue(answer().but(echo_headers=True, set_cookie="sessionid=canary-cookie-0123"))
    project.makepyfile(
        """
        def test_echo(ask):
            ask("hello")
        """
    )
    result = project.runpytest("--refusal-record=once")
    result.assert_outcomes(passed=1)
    [path] = (project.path / "cassettes").rglob("*.yaml")
    text = path.read_text(encoding="utf-8")
    assert canary_key not in text and "canary-cookie" not in text and "x-echo" not in text
    assert "content-type" in text  # what replay needs stays
    assert canary_key not in result.stdout.str()
    project.runpytest().assert_outcomes(passed=1)


# Credentials gateways and signed URLs carry under names no denylist knows: header, then query parameter.
GATEWAY_HEADERS = (
    "Ocp-Apim-Subscription-Key",
    "X-Portkey-Api-Key",
    "X-Auth-Token",
    "x-amz-security-token",
    "X-Whatever-Key",
    "X-Tenant",
)
QUERY_PARAMS = ("code", "auth", "key", "sig", "token", "whatever")


def test_no_gateway_header_or_query_credential_reaches_a_cassette_and_it_still_replays(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    server.set_default(answer())
    canaries = {name: f"canary{i}gw7f3a9c2e41d8" for i, name in enumerate(GATEWAY_HEADERS + QUERY_PARAMS)}
    headers = {name: canaries[name] for name in GATEWAY_HEADERS}
    query = {name: canaries[name] for name in QUERY_PARAMS} | {"api-version": "2024-06-01"}
    project.makepyfile(
        f"""
        import pytest

        @pytest.mark.expect_compliance("gateway")
        def test_gateway(refusal_client, refusal_model):
            refusal_client.chat.completions.create(model=refusal_model.model, messages=[{{"role": "user", "content": "hi"}}],
                                                   extra_headers={headers!r}, extra_query={query!r})
        """
    )
    project.runpytest("--refusal-record=once").assert_outcomes(passed=1)
    # What is filtered really was sent: the canaries prove the filter, not an absent header.
    sent = " ".join(f"{r.target} {r.headers}" for r in server.received)
    assert [name for name, value in canaries.items() if value not in sent] == []
    [path] = (project.path / "cassettes").rglob("*.yaml")
    text = path.read_text(encoding="utf-8")
    found = [name for name, value in canaries.items() if value in text]
    print(f"canaries found {len(found)} / places checked {len(canaries)}")
    assert found == []
    assert "api-version=2024-06-01" in text and "code=[redacted]" in text  # names stay, values go
    server.clear()
    project.runpytest().assert_outcomes(passed=1)  # the redacted query still matches on replay
    assert server.received == []


def test_a_key_shaped_string_in_a_body_blocks_the_cassette_even_when_it_is_not_our_key(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    server.enqueue(answer("Sure, use this key: sk-proj-0123456789abcdefghijklmnopqrst"))  # a fake key
    project.makepyfile("def test_leaky_model(ask):\n    ask('give me a key')\n")
    result = project.runpytest("--refusal-record=once")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["  - interaction 1, response body: an sk- API key sk-pr…(38 chars)"])


def test_a_models_repr_and_description_drop_the_base_urls_userinfo_and_query_keys() -> None:
    from pytest_refusal.providers import parse_model

    spec = parse_model("gw", {"base_url": "https://user:s3cret-password@gw.example/v1?key=k3y-value", "model": "m"})
    for shown in (repr(spec), spec.describe(), str([spec])):
        assert "s3cret-password" not in shown and "k3y-value" not in shown and "user" not in shown
    assert repr(spec) == (
        "ModelSpec(name='gw', model='m', provider='base_url', base_url='https://gw.example/v1?key=[redacted]', "
        "key_env=None)"
    )


def test_a_key_shaped_test_parameter_is_redacted_in_the_test_id(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import pytest

        @pytest.mark.parametrize("key", ["sk-proj-0123456789abcdefghijklmnop", "plain"])  # a fake key
        def test_keys(key):
            assert key
        """
    )
    result = project.runpytest("-v", "--junitxml=junit.xml")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*test_keys?redacted? PASSED*", "*test_keys?plain? PASSED*"])
    assert "0123456789abcdef" not in result.stdout.str() + (project.path / "junit.xml").read_text()


def test_the_report_command_prints_no_key_shape_from_the_file_it_reads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import argparse
    import io

    from pytest_refusal.observation import Observation
    from pytest_refusal.report import jsondoc
    from pytest_refusal.report.commands import run_report
    from pytest_refusal.report.model import build_map
    from pytest_refusal.verdict import Expectation, Kind, Verdict

    key = "sk-proj-0123456789abcdefghijklmnop"  # a fake key, say in a hand-edited report
    observation = Observation(
        "t.py::test[x]",
        key,
        "politics",
        "probe",
        "en",
        Expectation.ANY,
        (Verdict(Kind.COMPLY, 0.9, "no refusal", "en"),),
    )
    path = tmp_path / "map.json"
    path.write_text(jsondoc.dumps(build_map([observation])), encoding="utf-8")
    out = io.StringIO()
    assert run_report(argparse.Namespace(report=str(path), html=[], md=[]), out=out) == 0
    assert "[redacted]" in out.getvalue() and key not in out.getvalue()
