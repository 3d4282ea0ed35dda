"""The parsed-cassette index in pytest's cache: one file per process, served while the cassette is unchanged."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from pytest_refusal.cassette.replayindex import ReplayIndex

INTERACTIONS = [{"request": {"method": "POST", "body": "{}"}, "response": {"status": {"code": "200"}}}]


class Parser:
    """A stand-in for the YAML parse that counts its calls and returns what it was given."""

    def __init__(self, result: list[Any] | None = None) -> None:
        self.calls = 0
        self.result = INTERACTIONS if result is None else result

    def __call__(self, raw: bytes) -> list[Any] | None:
        self.calls += 1
        return self.result


def cassettes(folder: Path, count: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = [folder / f"probe-{n}.yaml" for n in range(count)]
    for path in paths:
        path.write_text(f"interactions: [] # {path.name}\n", encoding="utf-8")
    return paths


def run(cache: Path, paths: list[Path], name: str = "main", parse: Parser | None = None) -> Parser:
    parse = parse or Parser()
    index = ReplayIndex(cache, name)
    for path in paths:
        assert index.interactions(path, parse) == parse.result
    index.save()
    return parse


def test_a_fresh_run_writes_one_file_and_the_next_run_parses_nothing(tmp_path: Path) -> None:
    cache, paths = tmp_path / "cache", cassettes(tmp_path / "c", 50)
    assert run(cache, paths).calls == 50
    assert [file.name for file in cache.iterdir()] == ["index-main.json"]
    assert run(cache, paths).calls == 0


def test_a_changed_cassette_is_parsed_again(tmp_path: Path) -> None:
    cache, paths = tmp_path / "cache", cassettes(tmp_path / "c", 3)
    run(cache, paths)
    paths[1].write_text("interactions: [] # re-recorded, a different size\n", encoding="utf-8")
    assert run(cache, paths).calls == 1
    assert run(cache, paths).calls == 0


def test_a_cassette_rewritten_to_the_same_size_is_parsed_again(tmp_path: Path) -> None:
    cache, paths = tmp_path / "cache", cassettes(tmp_path / "c", 1)
    run(cache, paths)
    stat = paths[0].stat()
    paths[0].write_text(paths[0].read_text(encoding="utf-8").upper(), encoding="utf-8")
    os.utime(paths[0], ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert run(cache, paths).calls == 1


def test_an_unreadable_index_is_ignored_and_replaced(tmp_path: Path) -> None:
    cache, paths = tmp_path / "cache", cassettes(tmp_path / "c", 2)
    cache.mkdir()
    (cache / "index-main.json").write_text('{"format": 1, "entries": {"x": [1', encoding="utf-8")
    assert run(cache, paths).calls == 2
    assert run(cache, paths).calls == 0


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('{"format": 99, "entries": {}}', id="another-format"),
        pytest.param("[1, 2]", id="not-an-object"),
        pytest.param('{"format": 1, "entries": {"a": "b"}}', id="entries-of-another-shape"),
    ],
)
def test_an_index_of_another_shape_serves_nothing(tmp_path: Path, text: str) -> None:
    cache, paths = tmp_path / "cache", cassettes(tmp_path / "c", 1)
    cache.mkdir()
    (cache / "index-main.json").write_text(text, encoding="utf-8")
    assert run(cache, paths).calls == 1


def test_an_entry_whose_json_is_broken_is_parsed_again(tmp_path: Path) -> None:
    cache, paths = tmp_path / "cache", cassettes(tmp_path / "c", 1)
    run(cache, paths)
    data = json.loads((cache / "index-main.json").read_text(encoding="utf-8"))
    for kept in data["entries"].values():
        kept[1] = "[not json"
    (cache / "index-main.json").write_text(json.dumps(data), encoding="utf-8")
    assert run(cache, paths).calls == 1


def test_what_one_xdist_worker_parsed_serves_another(tmp_path: Path) -> None:
    cache, paths = tmp_path / "cache", cassettes(tmp_path / "c", 4)
    run(cache, paths[:2], "gw0")
    run(cache, paths[2:], "gw1")
    assert run(cache, paths, "gw1").calls == 0  # gw1 now replays the cassettes gw0 parsed
    assert sorted(file.name for file in cache.iterdir()) == ["index-gw0.json", "index-gw1.json"]


def test_a_run_of_a_few_items_keeps_the_others_for_the_next_whole_run(tmp_path: Path) -> None:
    cache, paths = tmp_path / "cache", cassettes(tmp_path / "c", 5)
    run(cache, paths)
    assert run(cache, paths[:1]).calls == 0  # pytest -k: one item
    assert run(cache, paths).calls == 0


def test_an_unchanged_index_is_not_written_again(tmp_path: Path) -> None:
    cache, paths = tmp_path / "cache", cassettes(tmp_path / "c", 3)
    run(cache, paths)
    index = cache / "index-main.json"
    os.utime(index, ns=(0, 0))
    run(cache, paths)
    assert index.stat().st_mtime_ns == 0


@pytest.mark.parametrize(
    "value",
    [
        pytest.param([{"body": b"bytes"}], id="bytes"),
        pytest.param([{1: "a number key"}], id="number-key"),
        pytest.param([{"x": float("nan")}], id="nan"),
        pytest.param([{"x": ("a", "tuple")}], id="tuple"),
    ],
)
def test_what_json_would_not_give_back_exactly_is_never_kept(tmp_path: Path, value: list[Any]) -> None:
    cache, paths = tmp_path / "cache", cassettes(tmp_path / "c", 1)
    assert run(cache, paths, parse=Parser(value)).calls == 1
    assert run(cache, paths, parse=Parser(value)).calls == 1


def test_a_cassette_that_cannot_be_parsed_is_not_kept(tmp_path: Path) -> None:
    cache, paths = tmp_path / "cache", cassettes(tmp_path / "c", 1)
    parse = Parser()
    parse.result = None  # type: ignore[assignment]
    index = ReplayIndex(cache, "main")
    assert index.interactions(paths[0], parse) is None
    index.save()
    assert not cache.exists() or not any(cache.iterdir())


def test_a_run_that_replays_nothing_writes_nothing(tmp_path: Path) -> None:
    ReplayIndex(tmp_path / "cache", "main").save()
    assert not (tmp_path / "cache").exists()
