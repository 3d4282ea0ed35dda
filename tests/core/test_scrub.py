"""Secrets are removed from what is recorded, and the audit catches any that remain, naming the place."""

from __future__ import annotations

import pytest

from pytest_refusal import recordedfields, scrub, secretaudit

LIVE = "sk-live-abcdefghijklmnopqrstuvwxyz012345"  # a fake key


# Gateways invent their own credential headers: only an allowlist keeps them all out.
GATEWAY_HEADERS = [
    "Authorization",
    "api-key",
    "X-Api-Key",
    "OpenAI-Organization",
    "openai-project",
    "Cookie",
    "Ocp-Apim-Subscription-Key",
    "X-Portkey-Api-Key",
    "X-Auth-Token",
    "x-amz-security-token",
    "X-Whatever-Key",
    "X-Tenant",
]


@pytest.mark.parametrize("header", [*GATEWAY_HEADERS, "x-stainless-os", "user-agent", "host", "Set-Cookie"])
def test_a_cassette_keeps_only_the_allowlisted_request_headers(header: str) -> None:
    assert recordedfields.recorded_request_headers({header: "x", "Content-Type": "application/json"}) == {
        "Content-Type": "application/json"
    }


@pytest.mark.parametrize("header", GATEWAY_HEADERS)
def test_every_header_not_known_to_be_plain_counts_as_a_credential(header: str) -> None:
    assert recordedfields.is_secret_header(header)


@pytest.mark.parametrize("header", ["content-type", "Accept", "user-agent", "x-stainless-os", "anthropic-version"])
def test_transport_content_and_fingerprint_headers_are_not_credentials(header: str) -> None:
    assert not recordedfields.is_secret_header(header)


@pytest.mark.parametrize(
    "header", ["Set-Cookie", "openai-organization", "x-echo-authorization", "date", "x-ratelimit-remaining-tokens"]
)
def test_a_cassette_keeps_only_the_allowlisted_response_headers(header: str) -> None:
    kept = {"content-type": "application/json", "x-request-id": "req-1", "retry-after": "1"}
    assert recordedfields.recorded_response_headers({header: "x", **kept}) == kept


@pytest.mark.parametrize(
    ("url", "scrubbed"),
    [
        pytest.param(
            "https://h/v1/chat?key=AIzaSecret&alt=json", "https://h/v1/chat?key=[redacted]&alt=json", id="key"
        ),
        pytest.param(
            "https://h/v1/chat?code=1&auth=2&sig=3&api_key=4&access_token=5&x=6",
            "https://h/v1/chat?code=[redacted]&auth=[redacted]&sig=[redacted]&api_key=[redacted]"
            "&access_token=[redacted]&x=[redacted]",
            id="every-value-outside-the-allowlist",
        ),
        pytest.param(
            "https://h/openai/deployments/d/chat?api-version=2024-06-01&stream=true&beta=true&alt=sse",
            "https://h/openai/deployments/d/chat?api-version=2024-06-01&stream=true&beta=true&alt=sse",
            id="allowlisted-values-stay",
        ),
        pytest.param("https://user:pass@h/v1/chat", "https://h/v1/chat", id="userinfo"),
        pytest.param("https://h/v1/chat?flag&empty=", "https://h/v1/chat?flag&empty=", id="no-values"),
        pytest.param("https://h/v1/chat?Key=a%2Fb#part", "https://h/v1/chat?Key=[redacted]#part", id="fragment"),
        pytest.param("http://[::1/v1?key=x", "http://[::1/v1?key=[redacted]", id="unparseable"),
        pytest.param("https://h/v1/chat", "https://h/v1/chat", id="plain"),
    ],
)
def test_query_values_are_redacted_except_allowlisted_ones_and_userinfo_is_dropped(url: str, scrubbed: str) -> None:
    assert scrub.scrub_url(url) == scrubbed
    assert scrub.scrub_url(scrubbed) == scrubbed


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
    findings = secretaudit.audit_interaction(0, *_interaction(**changes), secrets=[LIVE])
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
    findings = secretaudit.audit_interaction(0, *_interaction(response_body={"string": f"leaked: {secret}"}))
    assert [f.place for f in findings] == ["interaction 1, response body"]


def test_ordinary_chat_traffic_passes_the_audit() -> None:
    request, response = _interaction(
        response_body={"string": "I'm sorry, but I can't help with that. Ask a task-based question."}
    )
    assert secretaudit.audit_interaction(0, request, response, secrets=[LIVE]) == []


def test_mask_shows_a_prefix_and_the_length_only() -> None:
    assert secretaudit.mask(LIVE) == f"sk-li…({len(LIVE)} chars)"
    assert secretaudit.mask("short") == "…"


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        pytest.param(f"key {LIVE} here", "key [redacted] here", id="live-key"),
        pytest.param("use sk-ant-api03-abcdefghijklmnopqrstu now", "use [redacted] now", id="anthropic-shape"),
        pytest.param("AIzaSyA-1234567890abcdefghijklmnopqrstu", "[redacted]", id="google-shape"),
        pytest.param("id AKIAIOSFODNN7EXAMPLE.", "id [redacted].", id="aws-shape"),
        pytest.param("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2ln", "[redacted]", id="jwt-shape"),
        pytest.param(
            "sent Bearer abcdefghijklmnopqrstuvwxyz", "sent Bearer [redacted]", id="bearer-shape"
        ),  # a fake key
        pytest.param("https://user:pass@gw.example/v1/chat", "https://gw.example/v1/chat", id="userinfo"),
        pytest.param(
            "POST https://gw/v1?code=abc&api-version=1 (retry)",
            "POST https://gw/v1?code=[redacted]&api-version=1 (retry)",
            id="query-in-an-absolute-url",
        ),
        pytest.param(
            '"target": "/v1/chat?sig=abc"', '"target": "/v1/chat?sig=[redacted]"', id="query-in-a-request-target"
        ),
        pytest.param(
            "[(b'content-type', b'application/json'), (b'set-cookie', b'sid=abc')]",
            "[(b'content-type', b'application/json'), (b'set-cookie', b'[redacted]')]",
            id="httpcore-header-tuples",
        ),
        pytest.param(
            "{'X-Portkey-Api-Key': 'pk-123', 'x-amz-security-token': 'tok', 'role': 'user'}",
            "{'X-Portkey-Api-Key': '[redacted]', 'x-amz-security-token': '[redacted]', 'role': 'user'}",
            id="credential-named-pairs",
        ),
        pytest.param(
            'headers {"Ocp-Apim-Subscription-Key": "abc", "X-Auth-Token": "def"}',
            'headers {"Ocp-Apim-Subscription-Key": "[redacted]", "X-Auth-Token": "[redacted]"}',
            id="json-pairs",
        ),
        pytest.param(
            "Set-Cookie: sid=abc\nContent-Type: application/json",
            "Set-Cookie: [redacted]\nContent-Type: application/json",
            id="header-lines",
        ),
        pytest.param(
            "I'm sorry, but I can't help with that. See https://example.org/help?lang=en.",
            "I'm sorry, but I can't help with that. See https://example.org/help?lang=[redacted].",
            id="prose-only-the-query-value",
        ),
        pytest.param(
            "The key: a good night's sleep. Code: 42 ratio 1/2?",
            "The key: a good night's sleep. Code: 42 ratio 1/2?",
            id="prose-is-left-alone",
        ),
    ],
)
def test_clean_redacts_known_values_key_shapes_url_credentials_and_credential_pairs(text: str, cleaned: str) -> None:
    assert scrub.clean(text, [LIVE]) == cleaned
    assert scrub.clean(cleaned, [LIVE]) == cleaned  # cleaning twice changes nothing


@pytest.mark.parametrize(
    "key",
    [  # fake keys, one per prefix `clean` looks for before it runs the key-shape patterns
        "-".join(("sk", "proj", "Abcdefghijklmnopqrstuvwx")),  # joined here so no key-shaped literal is tracked
        "sk_live_abcdefghijklmnop",
        "rk_test_abcdefghijklmnop",
        "AIzaSyA-1234567890abcdefghijklmnopqrstu",
        "ASIAIOSFODNN7EXAMPLE",
        *(f"gh{kind}_abcdefghijklmnopqrstuvwxyz0123456789" for kind in "pousr"),
        "github_pat_abcdefghijklmnopqrstuvwxyz_0123456789",
        "hf_abcdefghijklmnopqrstuvwxyzABCDEF",
        "xoxb-0123456789-abcdefghij",
    ],
)
def test_clean_finds_every_key_shape_behind_its_marker(key: str) -> None:
    assert scrub.clean(f"the knight said: {key}, bright.") == "the knight said: [redacted], bright."


def test_a_secret_set_keeps_long_values_once_longest_first() -> None:
    known = scrub.SecretSet(["short", "tok3n-0123456789"])
    known.add(["tok3n-0123456789-longer", "tok3n-0123456789", scrub.REDACTED])
    assert list(known) == ["tok3n-0123456789-longer", "tok3n-0123456789"]
    assert scrub.clean("a tok3n-0123456789-longer b", known) == "a [redacted] b"


def test_cleaning_many_texts_at_once_is_cleaning_each() -> None:
    texts = [
        "a Bearer abcdefghijklmnopqrstuvwxyz",  # a fake key
        "",
        f"{LIVE}",
        "Set-Cookie: sid=abc",
        "https://u:p@h/x?code=1",
        "ok",
    ]  # a fake key and fake credentials
    assert scrub.clean_many(texts, [LIVE]) == [scrub.clean(t, [LIVE]) for t in texts]
    assert scrub.clean_many(["x\n\x00\ny"], []) == ["x\n\x00\ny"]


def test_a_text_cleaning_leaves_alone_comes_back_itself() -> None:
    texts = ["".join(["plain ", "text"]), f"a {LIVE}"]  # built at run time: not an interned constant
    cleaned = scrub.clean_joined(texts, lambda text: scrub.clean(text, [LIVE]))
    assert cleaned == [texts[0], "a [redacted]"] and cleaned[0] is texts[0]
