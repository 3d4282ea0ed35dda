"""One writer, one mode rule: every file the plugin writes gets the umask's mode, and a rewritten file keeps its own."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_refusal import atomicfile
from pytest_refusal.cassette import direct
from pytest_refusal.cassette.replayindex import ReplayIndex

CASSETTE = """\
interactions:
- request:
    body: '{"a": 1}'
    headers: {}
    method: POST
    uri: http://127.0.0.1:1/v1/chat/completions
  response:
    body: {string: '{"choices": [{"index": 0, "message": {"role": "assistant", "content": "No."}}]}'}
    headers:
      Content-Type: [application/json]
    status: {code: 200, message: OK}
version: 1
"""


@pytest.fixture(params=[0o022, 0o077], ids=["022", "077"])
def mask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("durable", [True, False])
def test_a_new_file_gets_the_umask_mode_and_a_rewritten_one_keeps_its_own(
    tmp_path: Path, mask: int, durable: bool
) -> None:
    target = tmp_path / "deep" / "file.yaml"
    atomicfile.write_atomic(target, "one\n", durable=durable)
    assert (target.read_text(encoding="utf-8"), mode(target)) == ("one\n", 0o666 & ~mask)
    target.chmod(0o640)
    atomicfile.write_atomic(target, "two\n", durable=durable)
    assert (target.read_text(encoding="utf-8"), mode(target)) == ("two\n", 0o640)
    assert [p.name for p in target.parent.iterdir()] == ["file.yaml"]  # no temporary file left


def test_the_replay_cache_is_written_by_the_same_writer_with_the_same_mode(tmp_path: Path, mask: int) -> None:
    cassette, cache = tmp_path / "c.yaml", tmp_path / "cache"
    cassette.write_text(CASSETTE, encoding="utf-8")
    cache.mkdir()
    index = ReplayIndex(cache, "main")
    found = direct.exchanges(
        cassette,
        {"a": 1},
        1,
        base_url="http://127.0.0.1:1/v1",
        secrets=(),
        is_verdict=lambda status, body: False,
        cache=index,
    )
    assert found is not None and [e.status for e in found] == [200]
    index.save()
    [entry] = cache.iterdir()
    assert entry.name == "index-main.json" and mode(entry) == 0o666 & ~mask


def test_pieces_are_written_in_turn_and_a_failing_piece_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "map.json"
    atomicfile.write_atomic(target, (piece for piece in ["{", '"a": "天"', "}\n"]))
    assert target.read_text(encoding="utf-8") == '{"a": "天"}\n'

    def broken() -> Iterator[str]:
        yield "{half"
        raise RuntimeError("the renderer failed")

    with pytest.raises(RuntimeError, match="renderer failed"):
        atomicfile.write_atomic(target, broken())
    assert target.read_text(encoding="utf-8") == '{"a": "天"}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["map.json"]  # no temporary file left
