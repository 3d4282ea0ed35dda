"""Which model API a request calls, whether it streams, and its model and prompt, per API (pure tables)."""

from __future__ import annotations

import json

import pytest

from pytest_refusal import apis, apiwire
from pytest_refusal.apis import Api
from pytest_refusal.cassette.exchange import Exchange


@pytest.mark.parametrize(
    ("path", "api"),
    [
        pytest.param("/v1/chat/completions", Api.CHAT, id="openai-chat"),
        pytest.param("/api/paas/v4/chat/completions/", Api.CHAT, id="chat-any-prefix-trailing-slash"),
        pytest.param("/v1/responses", Api.RESPONSES, id="openai-responses"),
        pytest.param("/openai/v1/responses", Api.RESPONSES, id="azure-responses"),
        pytest.param("/v1/messages", Api.MESSAGES, id="anthropic-messages"),
        pytest.param("/v1beta/models/gemini-2.0-flash:generateContent", Api.GEMINI, id="gemini"),
        pytest.param("/v1beta/models/gemini-2.0-flash:streamGenerateContent", Api.GEMINI, id="gemini-stream"),
        pytest.param("/v1beta/tunedModels/my-model:generateContent", Api.GEMINI, id="gemini-tuned"),
        pytest.param(
            "/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.0-flash:generateContent",
            Api.GEMINI,
            id="vertex",
        ),
        pytest.param("/v1/responses/resp_123", None, id="responses-lookup"),
        pytest.param("/v1/messages/count_tokens", None, id="anthropic-count-tokens"),
        pytest.param("/v1/threads/thread_1/messages", None, id="assistants-thread-messages"),
        pytest.param("/v1beta/models/gemini-2.0-flash:countTokens", None, id="gemini-count-tokens"),
        pytest.param("/v1/models", None, id="model-list"),
        pytest.param("/v1/embeddings", None, id="embeddings"),
    ],
)
def test_the_api_a_path_calls(path: str, api: Api | None) -> None:
    assert apis.api_of(path) is api


@pytest.mark.parametrize(
    ("api", "path", "body", "expected"),
    [
        pytest.param(Api.CHAT, "/v1/chat/completions", {"stream": True}, True, id="chat-stream"),
        pytest.param(Api.CHAT, "/v1/chat/completions", {"stream": False}, False, id="chat-no-stream"),
        pytest.param(Api.RESPONSES, "/v1/responses", {"stream": True}, True, id="responses-stream"),
        pytest.param(Api.MESSAGES, "/v1/messages", {}, False, id="messages-default"),
        pytest.param(Api.GEMINI, "/v1beta/models/g:streamGenerateContent", {}, True, id="gemini-by-path"),
        pytest.param(Api.GEMINI, "/v1beta/models/g:generateContent", {"stream": True}, False, id="gemini-body-ignored"),
        pytest.param(Api.CHAT, "/v1/chat/completions", None, False, id="no-json-body"),
    ],
)
def test_whether_a_request_streams(api: Api, path: str, body: object, expected: bool) -> None:
    assert apis.streams(api, path, body) is expected


@pytest.mark.parametrize(
    ("api", "path", "body", "model", "prompt"),
    [
        pytest.param(
            Api.CHAT,
            "/v1/chat/completions",
            {"model": "kimi", "messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "天安门"}]},
            "kimi",
            "天安门",
            id="chat",
        ),
        pytest.param(
            Api.CHAT,
            "/v1/chat/completions",
            {
                "model": "m",
                "messages": [
                    {"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "image_url", "image_url": {}}]}
                ],
            },
            "m",
            "a",
            id="chat-content-parts",
        ),
        pytest.param(
            Api.RESPONSES,
            "/v1/responses",
            {"model": "gpt", "input": "Why?", "instructions": "s"},
            "gpt",
            "Why?",
            id="responses-string-input",
        ),
        pytest.param(
            Api.RESPONSES,
            "/v1/responses",
            {
                "model": "gpt",
                "input": [
                    {"role": "developer", "content": "s"},
                    {"role": "user", "content": [{"type": "input_text", "text": "Wie?"}]},
                ],
            },
            "gpt",
            "Wie?",
            id="responses-items",
        ),
        pytest.param(
            Api.MESSAGES,
            "/v1/messages",
            {
                "model": "claude",
                "system": "be brief",
                "max_tokens": 10,
                "messages": [{"role": "user", "content": [{"type": "text", "text": "Почему?"}]}],
            },
            "claude",
            "Почему?",
            id="messages-system-ignored",
        ),
        pytest.param(
            Api.GEMINI,
            "/v1beta/models/gemini-2.0-flash:generateContent",
            {
                "systemInstruction": {"parts": [{"text": "s"}]},
                "contents": [{"role": "user", "parts": [{"text": "¿Por qué?"}]}],
            },
            "gemini-2.0-flash",
            "¿Por qué?",
            id="gemini-model-in-path",
        ),
        pytest.param(
            Api.GEMINI,
            "/v1beta/models/g:generateContent",
            {"contents": [{"parts": [{"text": "x"}]}]},
            "g",
            "x",
            id="gemini-role-omitted",
        ),
        pytest.param(None, "/v1/embeddings", {"model": "e", "input": "x"}, "e", "", id="other-request"),
    ],
)
def test_the_model_and_prompt_of_a_request(api: Api | None, path: str, body: object, model: str, prompt: str) -> None:
    assert apis.request_model(api, path, body) == model
    assert apis.prompt_of(api, body) == prompt


@pytest.mark.parametrize("api", list(Api), ids=str)
def test_a_body_built_for_an_api_reads_back_as_its_prompt(api: Api) -> None:
    body = apis.request_body(api, "m", "What happened in 1989?", system="Be brief.", temperature=0, max_tokens=64)
    path = apis.request_path(api, "m")
    assert apis.api_of(path) is api
    assert apis.prompt_of(api, body) == "What happened in 1989?"
    assert apis.request_model(api, path, body) == "m"
    assert "Be brief." in json.dumps(body) and "64" in json.dumps(body)


def test_a_chat_body_is_what_map_items_always_sent() -> None:
    assert apis.request_body(Api.CHAT, "m", "q", temperature=0, max_tokens=5) == {
        "model": "m",
        "messages": [{"role": "user", "content": "q"}],
        "temperature": 0,
        "max_tokens": 5,
    }


@pytest.mark.parametrize(
    ("api", "headers"),
    [
        pytest.param(Api.CHAT, {"authorization": "Bearer k"}, id="chat"),
        pytest.param(Api.RESPONSES, {"authorization": "Bearer k"}, id="responses"),
        pytest.param(Api.MESSAGES, {"x-api-key": "k", "anthropic-version": apis.ANTHROPIC_VERSION}, id="messages"),
        pytest.param(Api.GEMINI, {"x-goog-api-key": "k"}, id="gemini"),
    ],
)
def test_each_api_takes_its_key_in_its_own_header(api: Api, headers: dict[str, str]) -> None:
    assert apis.auth_headers(api, "k") == headers


def test_an_unknown_api_name_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="unknown api 'anthropic'; valid: chat, responses, messages, gemini"):
        apis.parse_api("anthropic")


def exchange(path: str, request: object, status: int, response: object) -> Exchange:
    return Exchange(
        method="POST",
        url=f"http://127.0.0.1:1{path}",
        request_body=json.dumps(request).encode(),
        status=status,
        headers={"content-type": "application/json"},
        body=json.dumps(response).encode(),
        source="recorded",
    )


@pytest.mark.parametrize(
    ("path", "response", "fault"),
    [
        pytest.param("/v1/chat/completions", {"error": {"message": "upstream timeout"}}, True, id="chat-error-body"),
        pytest.param(
            "/v1/responses",
            {"output": [], "error": {"code": "server_error"}},
            True,
            id="responses-empty-output-and-error",
        ),
        pytest.param("/v1/responses", {"error": {"code": "server_error"}}, True, id="responses-error-only"),
        pytest.param(
            "/v1/messages",
            {"type": "error", "error": {"type": "overloaded_error"}},
            True,
            id="anthropic-native-error-as-200",
        ),
        pytest.param(
            "/v1beta/models/g:generateContent",
            {"promptFeedback": {"blockReason": "SAFETY"}},
            False,
            id="gemini-prompt-block-is-an-answer",
        ),
        pytest.param("/v1/responses", apiwire.responses_object("Sure."), False, id="responses-answer-null-error"),
        pytest.param("/v1/messages", apiwire.messages_object("Sure."), False, id="messages-answer"),
    ],
)
def test_a_2xx_error_body_is_told_from_an_answer_per_api(path: str, response: object, fault: bool) -> None:
    call = exchange(path, {}, 200, response)
    assert (call.is_broken or call.error_in_success) is fault  # either way: a fault, not an answer


def test_an_exchange_knows_its_api_model_prompt_and_stream_flag() -> None:
    gemini = exchange(
        "/v1beta/models/gemini-2.0-flash:streamGenerateContent",
        {"contents": [{"role": "user", "parts": [{"text": "天安门"}]}]},
        200,
        [],
    )
    assert (gemini.api, gemini.model, gemini.prompt, gemini.streams) == (Api.GEMINI, "gemini-2.0-flash", "天安门", True)
    other = exchange("/v1/embeddings", {"model": "e", "input": "x"}, 200, {})
    assert not other.is_model_call and not other.is_broken
