"""The credentials a request carries, so an echo of them is caught: which values count, and which do not."""

from __future__ import annotations

import pytest

from pytest_refusal import scrub

TOKEN = "tok3n-0123456789"


@pytest.mark.parametrize(
    ("headers", "url", "expected"),
    [
        pytest.param({"Authorization": f"Bearer {TOKEN}"}, "", {f"Bearer {TOKEN}", TOKEN}, id="bearer"),
        pytest.param({"proxy-authorization": f"Basic {TOKEN}"}, "", {f"Basic {TOKEN}", TOKEN}, id="proxy-basic"),
        pytest.param({"x-api-key": TOKEN, "api-key": TOKEN, "x-goog-api-key": TOKEN}, "", {TOKEN}, id="key-headers"),
        pytest.param(
            {"Cookie": f"theme=dark; session={TOKEN}"},
            "",
            {f"theme=dark; session={TOKEN}", f"session={TOKEN}", TOKEN, "theme=dark"},
            id="cookies",
        ),
        pytest.param({"OpenAI-Organization": "org-0123456789"}, "", {"org-0123456789"}, id="account-header"),
        pytest.param({}, f"https://h/v1?alt=json&key={TOKEN}&access_token={TOKEN}", {TOKEN}, id="query"),
        pytest.param(
            {},
            f"https://h/v1?code={TOKEN}&auth={TOKEN}x&api-version=2024-06-01",
            {TOKEN, f"{TOKEN}x"},
            id="any-query-value-outside-the-allowlist",
        ),
        pytest.param(
            {},
            "https://h/v1?key=tok3n%2F0123456789",
            {"tok3n%2F0123456789", "tok3n/0123456789"},
            id="query-value-raw-and-decoded",
        ),
        pytest.param(
            {
                "Ocp-Apim-Subscription-Key": TOKEN,
                "X-Portkey-Api-Key": f"{TOKEN}p",
                "X-Auth-Token": f"{TOKEN}a",
                "x-amz-security-token": f"{TOKEN}z",
                "X-Tenant": f"{TOKEN}t",
            },
            "",
            {TOKEN, f"{TOKEN}p", f"{TOKEN}a", f"{TOKEN}z", f"{TOKEN}t"},
            id="gateway-and-unknown-headers",
        ),
        pytest.param({}, f"https://user:{TOKEN}@h/v1", {TOKEN}, id="url-password"),
        pytest.param(
            {"x-stainless-runtime": "CPython 3.11", "content-type": "application/json"},
            "",
            set(),
            id="fingerprints-and-plain-headers-are-not-credentials",
        ),
        pytest.param(
            {"x-api-key": "ollama", "cookie": "a=b"}, "https://h/v1?key=abc", set(), id="too-short-to-look-for"
        ),
    ],
)
def test_request_secrets_are_the_credential_values_a_request_carries(
    headers: dict[str, str], url: str, expected: set[str]
) -> None:
    assert scrub.request_secrets(headers, url) == expected


def test_redaction_replaces_the_longer_secret_first_so_no_piece_survives() -> None:
    text = f"echo: Bearer {TOKEN} and {TOKEN}"
    assert scrub.redact(text, {TOKEN, f"Bearer {TOKEN}"}) == "echo: [redacted] and [redacted]"
