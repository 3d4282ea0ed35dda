"""Map items replay straight from their cassettes: the same outcomes, messages and reports as through vcrpy and the SDK."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from pytest_refusal.cassette import direct as direct_replay
from pytest_refusal.testing import ScriptedServer, answer, refusal

from .conftest import V1_KIMI_REFUSES, scripted

# v2: Kimi blocks (a 400 content filter) and redirects: drift; gpt refuses the dragon story: a policy failure.
V2 = scripted(
    {
        ("kimi-k2", "Tiananmen"): refusal("blocked", shape="moonshot_400"),
        ("kimi-k2", "天安门"): refusal("redirect", "zh"),
        ("gpt-x", "dragon"): refusal("refuse"),
    }
)
REPORTS = ("map.json", "map.md", "map.html")


@pytest.fixture
def drifted(project: pytest.Pytester, server: ScriptedServer) -> pytest.Pytester:
    """A map accepted as v1, then recorded again from v2: replay fails for drift and for policy."""
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-record=once", "--refusal-update-baseline").assert_outcomes(passed=6)
    server.set_default(V2)
    project.runpytest("--refusal-record=all").assert_outcomes(passed=3, failed=3)
    server.clear()
    return project


@pytest.fixture
def direct_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Whether each call of the direct path found the item's answers (True) or left it to vcrpy (False)."""
    calls: list[bool] = []
    real = direct_replay.exchanges

    def counted(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        calls.append(found is not None)
        return found

    monkeypatch.setattr(direct_replay, "exchanges", counted)
    return calls


def replay(project: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, dict[str, bytes]]:
    result = project.runpytest("-rA", "--junitxml=junit.xml", *(f"--refusal-report={r}" for r in REPORTS), *args)
    files = {name: (project.path / name).read_bytes() for name in REPORTS}
    # JUnit carries times, a timestamp and the host name; everything else must be equal.
    junit = (project.path / "junit.xml").read_text(encoding="utf-8")
    files["junit.xml"] = re.sub(r' (time|timestamp|hostname)="[^"]*"', "", junit).encode()
    return result, files


def output(result: pytest.RunResult) -> list[str]:
    return [re.sub(r" in [\d.]+s", "", line) for line in result.outlines if "rootdir" not in line]


def test_direct_replay_gives_the_outcomes_messages_and_reports_of_the_vcrpy_path(
    drifted: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, direct_calls: list[bool]
) -> None:
    direct, direct_files = replay(drifted)
    assert direct_calls == [True] * 6
    monkeypatch.setattr(direct_replay, "exchanges", lambda *args, **kwargs: None)
    through_vcr, vcr_files = replay(drifted)

    direct.assert_outcomes(passed=3, failed=3)
    assert output(direct) == output(through_vcr)
    assert direct_files == vcr_files
    direct.stdout.fnmatch_lines(["*kimi · china_politics · tiananmen-1989 [[]en[]]: refuse → blocked*"])
    direct.stdout.fnmatch_lines(["*policy failure: expected comply*violent_fiction*"])
    assert server.chat_requests == []


def test_more_samples_than_recorded_keep_the_replay_miss_message(
    project: pytest.Pytester, server: ScriptedServer, direct_calls: list[bool]
) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-record=once", "-k", "kimi-en").assert_outcomes(passed=2)
    result = project.runpytest("--refusal-samples=2", "-k", "tiananmen and kimi-en")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*more often than its cassette cassettes/politics/kimi/tiananmen-1989-en.yaml recorded it*"]
    )
    assert direct_calls == [False]


def test_a_cassette_the_direct_path_cannot_read_still_replays(
    project: pytest.Pytester, server: ScriptedServer, direct_calls: list[bool]
) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-record=once", "-k", "tiananmen and kimi-en").assert_outcomes(passed=1)
    path = project.path / "cassettes/politics/kimi/tiananmen-1989-en.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    response = data["interactions"][0]["response"]  # stored compressed: vcrpy decodes it, the direct path declines
    response["body"]["string"] = gzip.compress(response["body"]["string"].encode("utf-8"))
    response["headers"]["content-encoding"] = ["gzip"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    project.runpytest("-k", "tiananmen and kimi-en").assert_outcomes(passed=1)
    assert direct_calls == [False]


def test_an_unreadable_cassette_keeps_its_message(
    project: pytest.Pytester, server: ScriptedServer, direct_calls: list[bool]
) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-record=once", "-k", "tiananmen and kimi-en").assert_outcomes(passed=1)
    (project.path / "cassettes/politics/kimi/tiananmen-1989-en.yaml").write_text("interactions: [\n", encoding="utf-8")
    result = project.runpytest("-k", "tiananmen and kimi-en")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*cassette cassettes/politics/kimi/tiananmen-1989-en.yaml cannot be read*"])
    assert direct_calls == [False]


def test_a_pure_map_replay_imports_neither_the_sdk_nor_vcrpy(project: pytest.Pytester, server: ScriptedServer) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-record=once").assert_outcomes(passed=6)
    project.makeconftest(
        """
        import sys

        def pytest_sessionfinish(session):
            loaded = [m for m in ("openai", "vcr", "httpx2", "httpx", "pydantic") if m in sys.modules]
            open("loaded.txt", "w").write(" ".join(loaded) or "none")
        """
    )
    project.runpytest_subprocess().assert_outcomes(passed=6)
    assert (project.path / "loaded.txt").read_text() == "none"


def test_a_parsed_copy_in_pytests_cache_serves_until_the_cassette_changes(
    project: pytest.Pytester, server: ScriptedServer, direct_calls: list[bool]
) -> None:
    project.makeini(
        """
        [pytest]
        addopts = -p no:hypothesispytest -p no:recording
        refusal_max_retries = 0
        refusal_timeout = 5
        """
    )
    only = ("-k", "tiananmen and kimi-en")
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-record=once", *only).assert_outcomes(passed=1)
    project.runpytest(*only).assert_outcomes(passed=1)
    project.runpytest(*only).assert_outcomes(passed=1)  # from the copy
    index = project.path / ".pytest_cache/d/refusal-replay/index-main.json"
    (before,) = json.loads(index.read_text(encoding="utf-8"))["entries"].values()

    server.set_default(answer())  # the model now answers: the cassette is recorded again
    project.runpytest("--refusal-record=all", *only).assert_outcomes(failed=1)
    result = project.runpytest(*only)
    result.assert_outcomes(failed=1)  # the new cassette, not the old copy
    result.stdout.fnmatch_lines(["*policy failure: expected refuse*observed comply 1/1*"])
    (after,) = json.loads(index.read_text(encoding="utf-8"))["entries"].values()  # the same cassette, parsed again
    assert after[0] != before[0] and after[1] != before[1]
    assert [file.name for file in index.parent.iterdir()] == ["index-main.json"]  # one file, not one per cassette
    assert direct_calls == [True, True, True]


@pytest.mark.parametrize(
    ("text", "expected_body"),
    [
        pytest.param(
            "interactions:\n- request: {method: POST}\n  response:\n    body: {string: '{\"a\": 1}'}\n    status: {code: 200}\n"
            "version: 1\n",
            '{"a": 1}',
            id="untagged-read-as-strings",
        ),
        pytest.param(
            "interactions:\n- request: {method: POST}\n  response:\n    body: {string: !!binary aGk=}\n    status: {code: 200}\n"
            "version: 1\n",
            b"hi",
            id="tagged-read-as-vcrpy-does",
        ),
    ],
)
def test_cassettes_load_with_the_cheapest_loader_that_reads_them_right(text: str, expected_body: object) -> None:
    (interaction,) = direct_replay._interactions(text.encode("utf-8")) or []
    assert interaction["response"]["body"]["string"] == expected_body
    assert int(interaction["response"]["status"]["code"]) == 200


def test_a_cassette_of_another_version_is_left_to_vcrpy() -> None:
    assert direct_replay._interactions(b"interactions: []\nversion: 2\n") is None


@pytest.mark.parametrize("direct", [True, False], ids=["direct", "through-vcrpy"])
def test_map_items_hand_the_probe_prompt_to_classify_hooks(
    project: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, direct: bool
) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-record=once", "-k", "dragon and kimi").assert_outcomes(passed=1)
    project.makeconftest(
        """
        from pytest_refusal import Kind, Verdict

        def pytest_refusal_classify(response, config, prompt):
            return Verdict(Kind.REFUSE, 1.0, f"prompt seen: {prompt[:20]}", "en")
        """
    )
    if not direct:
        monkeypatch.setattr(direct_replay, "exchanges", lambda *args, **kwargs: None)
    result = project.runpytest("-k", "dragon and kimi")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*evidence 'prompt seen: Write a story where*"])


def test_xdist_workers_keep_one_index_file_each(project: pytest.Pytester, server: ScriptedServer) -> None:
    project.makeini(
        """
        [pytest]
        addopts = -p no:hypothesispytest -p no:recording
        refusal_max_retries = 0
        refusal_timeout = 5
        """
    )
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest_subprocess("--refusal-record=once").assert_outcomes(passed=6)
    project.runpytest_subprocess("-n", "2").assert_outcomes(passed=6)
    folder = project.path / ".pytest_cache/d/refusal-replay"
    files = sorted(file.name for file in folder.iterdir())
    assert files and all(name.startswith("index-gw") and name.endswith(".json") for name in files), files
    kept = [json.loads((folder / name).read_text(encoding="utf-8"))["entries"] for name in files]
    assert sum(len(entries) for entries in kept) == 6  # every cassette parsed once, by the worker that replayed it
    project.runpytest_subprocess("-n", "2").assert_outcomes(passed=6)
