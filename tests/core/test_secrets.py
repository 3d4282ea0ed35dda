"""Canary tests: no key, cookie, account or fingerprint header ever reaches a cassette."""

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
    assert "alt=json" in cassettes[1].read_text()  # harmless query parameters stay
    # What was scrubbed really was sent: the canary proves the filter, not an absent header.
    assert any(r.headers.get("authorization") == f"Bearer {canary_key}" for r in server.received)
    assert any("x-stainless-os" in r.headers for r in server.received)
    project.runpytest().assert_outcomes(passed=2)  # and the scrubbed cassettes still replay


def test_a_response_that_echoes_the_key_is_not_written_and_the_test_errors_naming_the_place(
    project: pytest.Pytester, server: ScriptedServer, canary_key: str
) -> None:
    server.enqueue(answer().but(echo_headers=True))
    project.makepyfile(
        """
        def test_echo(ask):
            ask("hello")
        """
    )
    result = project.runpytest("--refusal-record=once")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_echo[[]local[]]*",
            "pytest-refusal did not write cassette cassettes/test_*/test_echo[[]local[]].yaml: it would contain a secret",
            "  - interaction 1, response header 'x-echo-authorization': the live API key sk-ca…(* chars)",
        ]
    )
    assert canary_key not in result.stdout.str()
    assert not (project.path / "cassettes").exists()


def test_a_key_shaped_string_in_a_body_blocks_the_cassette_even_when_it_is_not_our_key(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    server.enqueue(answer("Sure, use this key: sk-proj-0123456789abcdefghijklmnopqrst"))  # a fake key
    project.makepyfile("def test_leaky_model(ask):\n    ask('give me a key')\n")
    result = project.runpytest("--refusal-record=once")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["  - interaction 1, response body: an sk- API key sk-pr…(38 chars)"])
