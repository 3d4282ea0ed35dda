"""Record and replay through vcrpy with the real openai SDK over real HTTP, against the scripted server."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import openai
import pytest
import yaml
from scriptedproject import CANARY_KEY

from pytest_refusal import wire
from pytest_refusal.cassette.exchange import canonical_json
from pytest_refusal.cassette.paths import cassette_path
from pytest_refusal.cassette.vcr import CassetteConfig, RecordMode, RefusalCassette
from pytest_refusal.testing import ScriptedServer, answer, echo, fault, refusal

MESSAGES = [{"role": "user", "content": "1989年6月天安门广场发生了什么？"}]


def client(server: ScriptedServer, retries: int = 0) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.base_url, api_key=CANARY_KEY, max_retries=retries, timeout=5)


def cassette(path: Path, mode: RecordMode) -> RefusalCassette:
    return RefusalCassette(path, CassetteConfig(mode, (CANARY_KEY,)))


def record(path: Path, server: ScriptedServer, *replies: object, mode: RecordMode = RecordMode.ONCE) -> None:
    server.enqueue(*replies)  # type: ignore[arg-type]
    with cassette(path, mode):
        for _ in replies:
            client(server).chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("module", "name", "expected"),
    [
        ("test_chat.py", "test_kimi[kimi]", "cassettes/test_chat/test_kimi[kimi].yaml"),
        (
            "tests/core/test_chat.py",
            "TestX::test_y[kimi-zh]",
            "cassettes/tests/core/test_chat/TestX.test_y[kimi-zh].yaml",
        ),
        ("test_chat.py", "test_p[a/b:c]", "cassettes/test_chat/test_p[a-b-c]-b0edf8904fac.yaml"),
    ],
)
def test_each_test_item_has_its_own_cassette_path(module: str, name: str, expected: str) -> None:
    assert cassette_path(Path("cassettes"), module, name).as_posix() == expected


def test_very_long_test_names_are_shortened_with_a_stable_hash() -> None:
    first = cassette_path(Path("c"), "t.py", "test_x[" + "a" * 300 + "]")
    assert len(first.name) < 170 and first == cassette_path(Path("c"), "t.py", "test_x[" + "a" * 300 + "]")


def test_json_bodies_match_whatever_the_key_order_and_spacing() -> None:
    assert canonical_json(b'{"b": 1, "a": [1, 2]}') == canonical_json('{"a":[1,2],"b":1}')
    assert canonical_json(b"not json") is None


def test_a_recorded_cassette_replays_without_reaching_the_server(tmp_path: Path, server: ScriptedServer) -> None:
    path = tmp_path / "c.yaml"
    record(path, server, refusal("refuse", "zh"))
    before = len(server.received)
    with cassette(path, RecordMode.NONE) as replaying:
        # Same request with the keys in another order: matched on canonical JSON.
        reply = client(server).chat.completions.create(messages=MESSAGES, model="m")  # type: ignore[arg-type]
    assert reply.choices[0].message.content == wire.refusal_text("refuse", "zh")
    assert len(server.received) == before
    assert [e.source for e in replaying.exchanges] == ["replayed"]


def test_repeated_identical_calls_replay_in_recorded_order_then_stop(tmp_path: Path, server: ScriptedServer) -> None:
    path = tmp_path / "c.yaml"
    record(path, server, answer("one"), refusal("refuse"), answer("three"))
    with cassette(path, RecordMode.NONE) as replaying:
        texts = [
            client(server).chat.completions.create(model="m", messages=MESSAGES).choices[0].message.content  # type: ignore[arg-type]
            for _ in range(3)
        ]
        with pytest.raises(Exception, match="all been played back"):
            client(server).chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
    assert texts == ["one", wire.refusal_text("refuse", "en"), "three"]
    assert [u.reason for u in replaying.unmatched] == ["already_played"]


def test_streams_replay_chunk_for_chunk(tmp_path: Path, server: ScriptedServer) -> None:
    path = tmp_path / "c.yaml"
    server.enqueue(refusal("refuse", "ja", shape="stream"))
    with cassette(path, RecordMode.ONCE):
        live = "".join(
            c.choices[0].delta.content or ""
            for c in client(server).chat.completions.create(model="m", messages=MESSAGES, stream=True)
        )  # type: ignore[arg-type]
    with cassette(path, RecordMode.NONE):
        replayed = "".join(
            c.choices[0].delta.content or ""
            for c in client(server).chat.completions.create(model="m", messages=MESSAGES, stream=True)
        )  # type: ignore[arg-type]
    assert live == replayed == wire.refusal_text("refuse", "ja")


def test_async_clients_record_and_replay(tmp_path: Path, server: ScriptedServer) -> None:
    path = tmp_path / "c.yaml"
    server.enqueue(refusal("refuse_safety", "ru"))

    async def ask() -> str | None:
        async with openai.AsyncOpenAI(base_url=server.base_url, api_key=CANARY_KEY, max_retries=0) as aclient:
            completion = await aclient.chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
            return completion.choices[0].message.content

    with cassette(path, RecordMode.ONCE):
        live = asyncio.run(ask())
    with cassette(path, RecordMode.NONE):
        replayed = asyncio.run(ask())
    assert live == replayed == wire.refusal_text("refuse_safety", "ru")


def test_raw_responses_replay_status_and_headers(tmp_path: Path, server: ScriptedServer) -> None:
    path = tmp_path / "c.yaml"
    server.enqueue(answer("hi").but(headers=(("x-request-id", "req-1"),)))
    with cassette(path, RecordMode.ONCE):
        client(server).chat.completions.with_raw_response.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
    with cassette(path, RecordMode.NONE):
        raw = client(server).chat.completions.with_raw_response.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
    assert raw.http_response.status_code == 200
    assert raw.headers["x-request-id"] == "req-1"
    assert raw.parse().choices[0].message.content == "hi"


def test_a_content_filter_400_is_recorded_and_replays_as_the_same_error(tmp_path: Path, server: ScriptedServer) -> None:
    path = tmp_path / "c.yaml"
    server.enqueue(refusal("blocked", shape="moonshot_400"))
    with cassette(path, RecordMode.ONCE), pytest.raises(openai.BadRequestError):
        client(server).chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
    with cassette(path, RecordMode.NONE), pytest.raises(openai.BadRequestError) as replayed:
        client(server).chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
    assert replayed.value.body == wire.provider_block(wire.Shape.MOONSHOT_400).json()["error"]


def test_rate_limits_and_server_faults_are_retried_but_never_recorded(tmp_path: Path, server: ScriptedServer) -> None:
    path = tmp_path / "c.yaml"
    server.enqueue(fault(429, retry_after=0.01), fault(503, retry_after=0.01), answer("finally"))
    with cassette(path, RecordMode.ONCE) as recording:
        reply = client(server, retries=2).chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
    assert reply.choices[0].message.content == "finally"
    assert [e.status for e in recording.exchanges] == [429, 503, 200]
    interactions = yaml.safe_load(path.read_text())["interactions"]
    assert [i["response"]["status"]["code"] for i in interactions] == [200]  # type: ignore[index]


def test_compressed_bodies_are_stored_decoded_without_content_encoding(tmp_path: Path, server: ScriptedServer) -> None:
    path = tmp_path / "c.yaml"
    record(path, server, answer("gzipped hello").but(gzip=True))
    response = yaml.safe_load(path.read_text())["interactions"][0]["response"]  # type: ignore[index]
    assert "content-encoding" not in {h.lower() for h in response["headers"]}
    assert "gzipped hello" in response["body"]["string"]
    with cassette(path, RecordMode.NONE):
        replayed = client(server).chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
    assert replayed.choices[0].message.content == "gzipped hello"


def test_new_episodes_adds_a_new_request_and_all_records_afresh(tmp_path: Path, server: ScriptedServer) -> None:
    path = tmp_path / "c.yaml"
    record(path, server, answer("first"))
    server.enqueue(answer("second"))
    with cassette(path, RecordMode.NEW_EPISODES):
        client(server).chat.completions.create(model="m", messages=[{"role": "user", "content": "new"}])
    assert len(yaml.safe_load(path.read_text())["interactions"]) == 2  # type: ignore[arg-type]
    record(path, server, answer("third"), mode=RecordMode.ALL)
    bodies = [i["response"]["body"]["string"] for i in yaml.safe_load(path.read_text())["interactions"]]  # type: ignore[index,union-attr]
    assert any("third" in b for b in bodies) and not any("first" in b for b in bodies)


def test_a_cassette_holding_a_secret_is_not_written_and_the_place_is_named(
    tmp_path: Path, server: ScriptedServer
) -> None:
    path = tmp_path / "c.yaml"
    server.enqueue(echo())  # the request's headers, the key among them, in the answer's text
    with cassette(path, RecordMode.ONCE) as recording:
        client(server).chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
    assert not path.exists() and not recording.written
    assert "interaction 1, response body" in [f.place for f in recording.findings]
    assert not list(tmp_path.iterdir())  # no temporary file left behind either


def test_a_crash_while_writing_leaves_the_old_cassette_whole(
    tmp_path: Path, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.yaml"
    record(path, server, answer("old"))
    before = path.read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        record(path, server, answer("new"), mode=RecordMode.ALL)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["c.yaml"]
