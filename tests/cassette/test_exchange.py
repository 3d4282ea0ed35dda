"""Which responses count: one set of rules for recording, vcrpy replay and direct replay."""

from __future__ import annotations

import json

import pytest

from pytest_refusal import apis
from pytest_refusal.cassette import exchange as exchanges
from pytest_refusal.cassette.exchange import FAULT_STATUSES, Exchange


def always(status: int, body: bytes) -> bool:
    return True


def interaction(status: int, body: object, request_headers: dict[str, list[str]]) -> dict[str, object]:
    return {
        "request": {
            "method": "POST",
            "uri": "http://127.0.0.1:1/v1/chat/completions",
            "body": "{}",
            "headers": request_headers,
        },
        "response": {
            "status": {"code": status, "message": ""},
            "headers": {"Content-Type": ["application/json"]},
            "body": {"string": json.dumps(body)},
        },
    }


@pytest.mark.parametrize("status", sorted(FAULT_STATUSES & {401, 403, 404, 408, 409, 429, 500, 503}))
def test_a_fault_status_is_never_a_verdict_nor_recorded_whatever_the_detector_says(status: int) -> None:
    assert not exchanges.is_verdict_error(status, b"{}", always)
    assert not exchanges.may_record(status, b"{}", always)
    assert not exchanges.may_record(status, b"{}", None)


def test_an_error_is_recorded_only_when_it_is_a_verdict() -> None:
    assert exchanges.may_record(400, b"{}", always)
    assert not exchanges.may_record(400, b"{}", lambda status, body: False)
    assert exchanges.may_record(200, b"{}", lambda status, body: False)


def test_a_stored_interaction_becomes_the_exchange_vcrpy_would_give() -> None:
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Sure."}, "finish_reason": "stop"}]}
    found = exchanges.from_interaction(interaction(200, answer, {}), "http://127.0.0.1:1/v1/chat/completions", b"{}")
    assert (found.status, found.headers, found.source, found.is_model_call) == (
        200,
        {"content-type": "application/json"},
        "replayed",
        True,
    )
    assert exchanges.counts(found) and exchanges.replays_directly(found, always)


def test_a_judge_call_in_a_cassette_is_neither_counted_nor_replayed_directly() -> None:
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "{}"}}]}
    stored = interaction(200, answer, {apis.JUDGE_HEADER: ["1"]})
    found = exchanges.from_interaction(stored, "http://127.0.0.1:1/v1/chat/completions", b"{}")
    assert found.judge_call
    assert not exchanges.counts(found) and not exchanges.replays_directly(found, always)


def test_a_fault_is_not_counted() -> None:
    fault = Exchange("POST", "http://127.0.0.1:1/v1/chat/completions", b"{}", 429, {}, b"{}", "replayed")
    assert fault.is_model_call and not exchanges.counts(fault)
