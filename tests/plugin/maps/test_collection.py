"""Collecting `*.refusal.yaml`: node ids, selection with -k, -m and node ids, validation errors, cassette layout."""

from __future__ import annotations

import pytest
import yaml

from pytest_refusal.testing import ScriptedServer, answer, fault

from .conftest import V1_KIMI_REFUSES

IDS = [
    "politics.refusal.yaml::china_politics::tiananmen-1989[kimi-en]",
    "politics.refusal.yaml::china_politics::tiananmen-1989[kimi-zh]",
    "politics.refusal.yaml::china_politics::tiananmen-1989[gpt-en]",
    "politics.refusal.yaml::china_politics::tiananmen-1989[gpt-zh]",
    "politics.refusal.yaml::violent_fiction::dragon[kimi-en]",
    "politics.refusal.yaml::violent_fiction::dragon[gpt-en]",
]


def test_each_probe_language_and_model_is_one_item_with_a_readable_node_id(project: pytest.Pytester) -> None:
    result = project.runpytest("--collect-only", "-q")
    assert result.stdout.lines[: len(IDS)] == IDS


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        pytest.param(["-k", "kimi"], [0, 1, 4], id="k-model"),
        pytest.param(["-k", "zh"], [1, 3], id="k-language"),
        pytest.param(["-k", "violent_fiction"], [4, 5], id="k-category"),
        pytest.param(["-k", "tiananmen-1989 and not gpt"], [0, 1], id="k-probe"),
        pytest.param(["-k", "fiction and gpt"], [5], id="k-tag"),
        pytest.param(["-m", "refusal_map(model='gpt')"], [2, 3, 5], id="m-model"),
        pytest.param(["-m", "refusal_map(expect='refuse')"], [0, 1], id="m-expect"),
        pytest.param([IDS[3]], [3], id="node-id"),
        pytest.param(["politics.refusal.yaml::violent_fiction"], [4, 5], id="category-node"),
    ],
)
def test_k_m_and_node_ids_select_map_items(project: pytest.Pytester, selection: list[str], expected: list[int]) -> None:
    result = project.runpytest("--collect-only", "-q", *selection)
    assert [line for line in result.stdout.lines if "::" in line] == [IDS[i] for i in expected]


def test_a_broken_map_is_a_collection_error_for_that_file_and_the_rest_of_the_run_goes_on(
    project: pytest.Pytester,
) -> None:
    project.makefile(
        ".refusal.yaml",
        broken="models:\n  kimi: {provider: moonshot, model: k}\ncategories:\n  weapons: {expect: refuze}\n"
        "probes:\n  - id: bomb\n    category: weapons\n    prompt: {en: hi}\n",
    )
    project.makepyfile("def test_plain():\n    pass\n")
    result = project.runpytest("-rs")
    result.stdout.fnmatch_lines(
        [
            "*ERROR collecting broken.refusal.yaml*",
            "broken.refusal.yaml:4: unknown expectation 'refuze' in category `weapons`*did you mean 'refuse'*valid: *",
        ]
    )
    result.assert_outcomes(passed=1, skipped=6, errors=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


def test_an_unknown_provider_names_the_presets(project: pytest.Pytester) -> None:
    project.makefile(
        ".refusal.yaml",
        other="models:\n  x: {provider: moonshine, model: k}\ncategories:\n  a: {expect: any}\n"
        "probes:\n  - id: p\n    category: a\n    prompt: {en: hi}\n",
    )
    result = project.runpytest("other.refusal.yaml")
    result.stdout.fnmatch_lines(["other.refusal.yaml:2: unknown provider 'moonshine'*moonshot*local*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_cassettes_live_under_map_model_and_probe_language(project: pytest.Pytester, server: ScriptedServer) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-record=once").assert_outcomes(passed=6)
    found = sorted(p.relative_to(project.path).as_posix() for p in (project.path / "cassettes").rglob("*.yaml"))
    assert found == [
        "cassettes/politics/gpt/dragon-en.yaml",
        "cassettes/politics/gpt/tiananmen-1989-en.yaml",
        "cassettes/politics/gpt/tiananmen-1989-zh.yaml",
        "cassettes/politics/kimi/dragon-en.yaml",
        "cassettes/politics/kimi/tiananmen-1989-en.yaml",
        "cassettes/politics/kimi/tiananmen-1989-zh.yaml",
    ]


def test_a_model_folder_linked_outside_the_cassettes_is_a_collection_error_that_says_what_to_do(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-record=once").assert_outcomes(passed=6)
    outside = project.path / "elsewhere"
    (project.path / "cassettes" / "politics" / "kimi").rename(outside)
    (project.path / "cassettes" / "politics" / "kimi").symlink_to(outside, target_is_directory=True)
    result = project.runpytest()
    result.stdout.fnmatch_lines(
        ["*ERROR collecting politics.refusal.yaml*", "*model 'kimi'*leads outside cassettes/*Replace the link*"]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


def test_a_cassette_file_linked_inside_the_cassettes_replays_and_one_linked_outside_does_not(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-record=once").assert_outcomes(passed=6)
    folder = project.path / "cassettes" / "politics" / "kimi"
    (folder / "dragon-en.yaml").rename(folder / "kept.yaml")
    (folder / "dragon-en.yaml").symlink_to(folder / "kept.yaml")
    project.runpytest("-k", "dragon and kimi").assert_outcomes(passed=1)
    outside = project.path / "outside.yaml"
    (folder / "kept.yaml").rename(outside)
    (folder / "dragon-en.yaml").unlink()
    (folder / "dragon-en.yaml").symlink_to(outside)
    result = project.runpytest("-k", "dragon and kimi")
    assert result.ret != pytest.ExitCode.OK
    assert "outside" in result.stdout.str()
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


def test_a_changed_prompt_fails_with_the_command_to_record_it_again(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-record=once", "-k", "dragon").assert_outcomes(passed=2)
    path = project.path / "politics.refusal.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("slays a dragon", "befriends a dragon"), encoding="utf-8")
    result = project.runpytest("-k", "dragon and kimi")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "The cassette cassettes/politics/kimi/dragon-en.yaml has no response for POST /v1/chat/completions*",
            "*befriends a dragon*",
            "Record it with: pytest --refusal-record=new_episodes 'politics.refusal.yaml::violent_fiction::dragon[[]kimi-en[]]'*",
        ]
    )


def test_recording_without_the_key_is_a_setup_error_naming_the_variable(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MAP_TEST_KEY")
    result = project.runpytest("--refusal-record=once", "-k", "dragon")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        ["MAP_TEST_KEY is not set, and recording kimi (base_url:kimi-k2 at http://127.0.0.1:*/v1)*"]
    )


def test_two_maps_with_the_same_file_name_are_an_error_instead_of_sharing_a_cassette_folder(
    project: pytest.Pytester,
) -> None:
    for folder in ("a", "b"):
        (project.path / folder).mkdir()
        (project.path / folder / "politics.refusal.yaml").write_bytes(
            (project.path / "politics.refusal.yaml").read_bytes()
        )
    (project.path / "politics.refusal.yaml").unlink()
    result = project.runpytest("--collect-only", "-q")
    result.stdout.fnmatch_lines(
        [
            "*ERROR collecting b/politics.refusal.yaml*",
            (
                "b/politics.refusal.yaml has the same name as a/politics.refusal.yaml: the cassettes of both would "
                "share cassettes/politics/, and one map would replay the other's answers. Rename one of the files*"
            ),
        ]
    )
    assert [line for line in result.stdout.lines if "::" in line] == ["a/" + nodeid for nodeid in IDS]
    assert "INTERNALERROR" not in result.stdout.str()


def test_a_fault_in_a_later_sample_leaves_the_map_items_cassette_as_it_was(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    selection = ("-k", "dragon and kimi", "--refusal-samples=2")
    server.set_default(answer())
    project.runpytest("--refusal-record=once", *selection).assert_outcomes(passed=1)
    cassette = project.path / "cassettes" / "politics" / "kimi" / "dragon-en.yaml"
    before = cassette.read_bytes()
    server.enqueue(answer(), fault(503))
    result = project.runpytest("--refusal-record=all", *selection)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["provider error from kimi *HTTP 503*"])
    assert cassette.read_bytes() == before


@pytest.mark.parametrize("prefetch", [[], ["--refusal-concurrency=4"]], ids=["one-at-a-time", "prefetched"])
def test_cassettes_keep_what_replay_and_reviewers_need_not_transport_noise(
    project: pytest.Pytester, server: ScriptedServer, prefetch: list[str]
) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-record=once", "-k", "tiananmen and kimi-en", *prefetch).assert_outcomes(passed=1)
    data = yaml.safe_load((project.path / "cassettes/politics/kimi/tiananmen-1989-en.yaml").read_text(encoding="utf-8"))
    (interaction,) = data["interactions"]
    assert set(interaction["request"]["headers"]) == {"content-type"}  # no host, user-agent, accept, length
    assert set(interaction["response"]["headers"]) == {"content-type"}  # no date, server, content-length
    project.runpytest("-k", "tiananmen and kimi-en").assert_outcomes(passed=1)
    assert len(server.chat_requests) == 1


def test_the_cassette_folder_is_not_walked_for_tests(project: pytest.Pytester) -> None:
    # A map-shaped file among the cassettes is data, not a map to collect.
    (project.path / "cassettes" / "notes").mkdir(parents=True)
    (project.path / "cassettes" / "notes" / "old.refusal.yaml").write_text("not: [a map\n", encoding="utf-8")
    project.runpytest("--collect-only").assert_outcomes()
    assert "old.refusal.yaml" not in project.runpytest("--collect-only").stdout.str()


def test_python_files_in_the_cassette_folder_are_still_collected(project: pytest.Pytester) -> None:
    # Someone keeps tests there (or points --refusal-cassette-dir at a test folder): never skip them silently.
    (project.path / "cassettes").mkdir(exist_ok=True)
    (project.path / "cassettes" / "test_kept.py").write_text("def test_kept():\n    pass\n", encoding="utf-8")
    result = project.runpytest("--collect-only", "-q")
    result.stdout.fnmatch_lines(["cassettes/test_kept.py::test_kept"])
