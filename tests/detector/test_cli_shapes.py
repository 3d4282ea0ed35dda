"""`python -m pytest_refusal detect --json-input FILE` reads every API's responses and streams, as a user saves them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from wire_shapes import (
    anthropic_events,
    anthropic_message,
    gemini,
    gemini_chunks,
    message_item,
    output_text,
    reasoning_item,
    refusal_part,
    response,
    response_events,
    sse,
)


def detect_cli(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest_refusal", "detect", "--json-input", str(path), "--json", *extra],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


REFUSAL = "I'm sorry, but I can't help with that."
ANSWER = "Paris is the capital of France."

SHAPES = [
    pytest.param(
        response([message_item(refusal_part(REFUSAL))]), "refuse", "refusal content part", id="responses-refusal"
    ),
    pytest.param(
        response([reasoning_item("Thinking."), message_item(output_text(ANSWER))]), "comply", "", id="responses-answer"
    ),
    pytest.param(
        response([], "incomplete", incomplete_details={"reason": "content_filter"}),
        "blocked",
        "incomplete_details.reason=content_filter",
        id="responses-content-filter",
    ),
    pytest.param(response_events("I'm sorry, but ", "I can't help with that."), "refuse", "", id="responses-events"),
    pytest.param(
        anthropic_message([{"type": "text", "text": "Hello.."}], "refusal"),
        "blocked",
        "stop_reason=refusal",
        id="anthropic-message",
    ),
    pytest.param(
        anthropic_events([("thinking", "I can't say no here."), ("text", ANSWER)]), "comply", "", id="anthropic-events"
    ),
    pytest.param(
        {"promptFeedback": {"blockReason": "SAFETY"}, "modelVersion": "gemini-2.5-flash"},
        "blocked",
        "promptFeedback.blockReason=SAFETY",
        id="gemini-prompt-blocked",
    ),
    pytest.param(gemini([{"text": ANSWER}]), "comply", "", id="gemini-response"),
    pytest.param(
        gemini_chunks("Step one: take", finish="SAFETY"), "blocked", "finishReason=SAFETY", id="gemini-json-array"
    ),
]


@pytest.mark.parametrize(("body", "kind", "evidence"), SHAPES)
def test_the_cli_judges_every_api_shape(tmp_path: Path, body: Any, kind: str, evidence: str) -> None:
    path = tmp_path / "response.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    done = detect_cli(path)
    assert done.returncode == 0, done.stderr
    verdict = json.loads(done.stdout)
    assert verdict["kind"] == kind
    assert not evidence or verdict["evidence"] == evidence


def test_the_cli_reads_a_recorded_sse_body(tmp_path: Path) -> None:
    path = tmp_path / "stream.txt"
    path.write_bytes(sse(gemini_chunks("Step one", finish="PROHIBITED_CONTENT")))
    done = detect_cli(path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["evidence"] == "finishReason=PROHIBITED_CONTENT"


FAULTS = [
    pytest.param(anthropic_events([("text", "I can't")])[:-2], [], "truncated stream", id="cut-anthropic-stream"),
    pytest.param({"choices": []}, [], "no choices", id="no-choices"),
    pytest.param(
        {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}},
        ["--status", "529"],
        "Overloaded",
        id="anthropic-overloaded",
    ),
    pytest.param(
        response([reasoning_item("Let me")], "incomplete", incomplete_details={"reason": "max_output_tokens"}),
        [],
        "Raise max_output_tokens",
        id="responses-max-output-tokens",
    ),
]


@pytest.mark.parametrize(("body", "extra", "said"), FAULTS)
def test_the_cli_exits_2_on_output_that_is_not_a_verdict(
    tmp_path: Path, body: Any, extra: list[str], said: str
) -> None:
    path = tmp_path / "response.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    done = detect_cli(path, *extra)
    assert (done.returncode, done.stdout) == (2, "")
    assert said in done.stderr and "Traceback" not in done.stderr
