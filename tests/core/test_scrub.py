"""Secrets are removed from what is recorded, and the audit catches any that remain, naming the place."""

from __future__ import annotations

import pytest

from pytest_refusal import scrub

LIVE = "sk-live-abcdefghijklmnopqrstuvwxyz012345"  # a fake key


@pytest.mark.parametrize(
    "header",
    [
        "Authorization",
        "api-key",
        "X-Api-Key",
        "OpenAI-Organization",
        "openai-project",
        "Cookie",
        "Set-Cookie",
        "x-stainless-os",
        "X-Stainless-Runtime-Version",
    ],
)
def test_credential_and_fingerprint_headers_are_secret(header: str) -> None:
    assert scrub.is_secret_header(header)
    assert scrub.scrub_headers({header: "x", "content-type": "application/json"}) == {
        "content-type": "application/json"
    }


@pytest.mark.parametrize("header", ["content-type", "x-request-id", "retry-after", "openai-processing-ms"])
def test_ordinary_headers_are_kept(header: str) -> None:
    assert not scrub.is_secret_header(header)


@pytest.mark.parametrize(
    ("url", "scrubbed"),
    [
        ("https://h/v1/chat?key=AIzaSecret&alt=json", "https://h/v1/chat?alt=json"),
        ("https://h/v1/chat?api_key=1&api-key=2&access_token=3&x=4", "https://h/v1/chat?x=4"),
        ("https://user:pass@h/v1/chat", "https://h/v1/chat"),
        ("https://h/v1/chat", "https://h/v1/chat"),
    ],
)
def test_keys_in_query_strings_and_user_info_are_dropped(url: str, scrubbed: str) -> None:
    assert scrub.scrub_url(url) == scrubbed


def _interaction(**changes: object) -> tuple[dict[str, object], dict[str, object]]:
    request: dict[str, object] = {
        "uri": "https://h/v1/chat/completions",
        "headers": {"content-type": ["application/json"]},
        "body": '{"model": "m"}',
        "method": "POST",
    }
    response: dict[str, object] = {
        "status": {"code": 200},
        "headers": {"content-type": ["application/json"]},
        "body": {"string": '{"choices": []}'},
    }
    for key, value in changes.items():
        side, _, field = key.partition("_")
        (request if side == "request" else response)[field] = value
    return request, response


@pytest.mark.parametrize(
    ("changes", "place"),
    [
        pytest.param({"request_uri": f"https://h/v1/chat?k={LIVE}"}, "request URL", id="url"),
        pytest.param(
            {"request_headers": {"x-echo": [f"Bearer {LIVE}"]}}, "request header 'x-echo'", id="request-header"
        ),
        pytest.param({"request_body": f'{{"key": "{LIVE}"}}'.encode()}, "request body", id="request-body-bytes"),
        pytest.param(
            {"response_headers": {"x-echo-authorization": [f"Bearer {LIVE}"]}},
            "response header 'x-echo-authorization'",
            id="response-header",
        ),
        pytest.param({"response_body": {"string": f"your key is {LIVE}"}}, "response body", id="response-body"),
    ],
)
def test_the_audit_finds_the_live_key_anywhere_and_names_the_place(changes: dict[str, object], place: str) -> None:
    findings = scrub.audit_interaction(0, *_interaction(**changes), secrets=[LIVE])
    assert [f.place for f in findings] == [f"interaction 1, {place}"]
    assert LIVE not in str(findings[0])  # the error must not print the secret it protects


@pytest.mark.parametrize(
    "secret",
    [
        pytest.param("sk-proj-Abcdefghijklmnopqrstuvwx", id="openai"),  # a fake key
        pytest.param("sk-ant-api03-abcdefghijklmnopqrstu", id="anthropic"),  # a fake key
        pytest.param("sk-or-v1-0123456789abcdef0123", id="openrouter"),  # a fake key
        pytest.param("AIzaSyA-1234567890abcdefghijklmnopqrstu", id="google"),
        pytest.param("AKIAIOSFODNN7EXAMPLE", id="aws"),
        pytest.param("ghp_abcdefghijklmnopqrstuvwxyz0123456789", id="github"),
        pytest.param("hf_abcdefghijklmnopqrstuvwxyzABCDEF", id="huggingface"),
        pytest.param("Bearer abcdefghijklmnopqrstuvwxyz", id="bearer"),  # a fake key
    ],
)
def test_the_audit_finds_key_shaped_strings_it_was_not_told_about(secret: str) -> None:
    findings = scrub.audit_interaction(0, *_interaction(response_body={"string": f"leaked: {secret}"}))
    assert [f.place for f in findings] == ["interaction 1, response body"]


def test_ordinary_chat_traffic_passes_the_audit() -> None:
    request, response = _interaction(
        response_body={"string": "I'm sorry, but I can't help with that. Ask a task-based question."}
    )
    assert scrub.audit_interaction(0, request, response, secrets=[LIVE]) == []


def test_mask_shows_a_prefix_and_the_length_only() -> None:
    assert scrub.mask(LIVE) == f"sk-li…({len(LIVE)} chars)"
    assert scrub.mask("short") == "…"
