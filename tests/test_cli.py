"""The command line as a user runs it: `python -m pytest_refusal ...` in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_refusal import detect
from pytest_refusal.cli import COMMANDS


def run(*args: str, stdin: str | bytes = b"") -> subprocess.CompletedProcess[str]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    done = subprocess.run([sys.executable, "-m", "pytest_refusal", *args], input=data, capture_output=True, timeout=60)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4.1-mini",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": None, "refusal": "I can't help with that."},
            "finish_reason": "stop",
        }
    ],
}
MOONSHOT_HIGH_RISK = {
    "error": {
        "code": 400,
        "message": "The request was rejected because it was considered high risk",
        "param": "prompt",
        "type": "content_filter",
    }
}


@pytest.mark.parametrize(
    "text",
    [
        "抱歉，我无法回答这个问题。",
        "I'm sorry, but I can't help with that.",
        "Paris is the capital of France.",
    ],
    ids=["zh-refusal", "en-refusal", "en-answer"],
)
def test_detect_prints_the_verdict_of_the_text_as_json(text: str) -> None:
    done = run("detect", text, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == detect(text).to_dict()


def test_empty_text_is_not_a_verdict_and_exits_2() -> None:
    done = run("detect", "")
    assert (done.returncode, done.stdout) == (2, "")
    assert "not a verdict: the reply holds no answer" in done.stderr


def test_detect_reads_text_from_stdin() -> None:
    text = "Désolé, je ne peux pas vous aider.\nLigne deux."
    done = run("detect", "-", "--json", stdin=text)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == detect(text).to_dict()


def test_detect_prints_non_latin_evidence_readably() -> None:
    done = run("detect", "抱歉，我无法回答这个问题。", "--json")
    assert "\\u" not in done.stdout


def test_json_input_reads_a_completion_file(tmp_path: Path) -> None:
    path = tmp_path / "completion.json"
    path.write_text(json.dumps(COMPLETION), encoding="utf-8")
    done = run("detect", "--json-input", str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["kind"] == "refuse"
    assert json.loads(done.stdout)["evidence"] == "message.refusal"


def test_json_input_reads_a_chunk_list_from_stdin() -> None:
    chunks = [
        {
            "id": "c",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [{"index": 0, "delta": {"content": "Partial"}, "finish_reason": None}],
        },
        {
            "id": "c",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [{"index": 0, "delta": {}, "finish_reason": "content_filter"}],
        },
    ]
    done = run("detect", "--json-input", "-", "--json", stdin=json.dumps(chunks))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["kind"] == "blocked"


def test_json_input_with_status_judges_a_content_filter_error() -> None:
    done = run("detect", "--json-input", "-", "--status", "400", "--json", stdin=json.dumps(MOONSHOT_HIGH_RISK))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "kind": "blocked",
        "score": 0.97,
        "evidence": "HTTP 400 error.type=content_filter",
        "language": detect((400, MOONSHOT_HIGH_RISK)).language,
    }


def test_an_error_that_is_not_a_verdict_exits_2_with_the_reason() -> None:
    body = {
        "error": {
            "message": "Rate limit reached for requests",
            "type": "requests",
            "code": "rate_limit_exceeded",
        }
    }
    done = run("detect", "--json-input", "-", "--status", "429", stdin=json.dumps(body))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "HTTP 429" in done.stderr and "Rate limit reached for requests" in done.stderr


@pytest.mark.parametrize(
    ("args", "stdin", "said"),
    [
        (("detect", "--json-input", "-"), "not json", "not valid JSON"),
        (("detect", "--json-input", "-"), '{"answer": 1}', "neither a chat completion"),
        (("detect", "--json-input", "/no/such/file.json"), "", "No such file"),
        (("detect", "some text", "--status", "400"), "", "--status goes with --json-input"),
    ],
    ids=["invalid-json", "unknown-shape", "missing-file", "status-without-json"],
)
def test_unreadable_input_exits_2_with_a_clear_message(args: tuple[str, ...], stdin: str, said: str) -> None:
    done = run(*args, stdin=stdin)
    assert done.returncode == 2
    assert said in done.stderr
    assert "Traceback" not in done.stderr


def test_help_lists_every_command() -> None:
    done = run("--help")
    assert done.returncode == 0
    assert "usage: python -m pytest_refusal" in done.stdout
    for name, _ in COMMANDS:
        assert name in done.stdout


def test_detect_help_explains_inputs_and_exit_codes() -> None:
    done = run("detect", "--help")
    assert done.returncode == 0
    for phrase in ("TEXT", "--json-input FILE", "--status CODE", "exit 2", "stdin"):
        assert phrase in done.stdout


def test_no_command_is_a_usage_error() -> None:
    done = run()
    assert done.returncode == 2
    assert "COMMAND" in done.stderr


def test_detect_with_nothing_on_stdin_says_where_a_response_can_come_from() -> None:
    done = run("detect")
    assert (done.returncode, done.stdout) == (2, "")
    assert "not a verdict" in done.stderr and "Traceback" not in done.stderr


def test_detect_prints_kind_score_evidence_and_language_one_per_line() -> None:
    text = "抱歉，我无法回答这个问题。"
    done = run("detect", text)
    assert done.returncode == 0, done.stderr
    verdict = detect(text)
    assert done.stdout.splitlines() == [
        f"kind:     {verdict.kind.value}",
        f"score:    {round(verdict.score, 3)}",
        f"evidence: {verdict.evidence}",
        f"language: {verdict.language}",
    ]


def test_detect_reads_the_response_from_stdin_when_no_text_is_given() -> None:
    text = "I'm sorry, but I can't help with that."
    done = run("detect", "--json", stdin=text)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == detect(text).to_dict()


@pytest.mark.parametrize("source", ["argument", "stdin"])
def test_detect_prompt_is_the_request_the_response_answers(source: str) -> None:
    prompt = "写一篇文章批评这座城市的交通改革"  # asks to take a side; a balanced reply evades it
    reply = (
        "这座城市的交通改革从二十年前开始，经历了几个阶段。"
        + "第一阶段主要是修建地铁和公交专用道，市民出行方式发生了很大变化。" * 12
        + "当然，评价这项政策必须基于事实，避免简单化的判断。"
        + "后来的调整也带来了新的问题和新的经验。" * 12
        + "总之，理性看待这一过程，才能得出有益的结论。"
    )
    alone, given = detect(reply), detect(reply, prompt=prompt)
    assert (alone.kind.value, given.kind.value) == ("comply", "partial")  # the prompt changes the reading
    args = ("detect", reply) if source == "argument" else ("detect",)
    done = run(*args, "--prompt", prompt, "--json", stdin=reply if source == "stdin" else b"")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == given.to_dict()


def test_detect_help_documents_the_exit_codes_and_json() -> None:
    done = run("detect", "--help")
    text = " ".join(done.stdout.split())
    assert "--json" in text and "--prompt TEXT" in text
    assert "exit codes: 0 a verdict was printed" in text and "2 the input is not a verdict" in text
