"""`--refusal-models` over refusal maps, and columns nobody has recorded yet."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pytest_refusal.testing import ScriptedServer

from .conftest import V1_KIMI_REFUSES

KIMI = [
    "politics.refusal.yaml::china_politics::tiananmen-1989[kimi-en]",
    "politics.refusal.yaml::china_politics::tiananmen-1989[kimi-zh]",
    "politics.refusal.yaml::violent_fiction::dragon[kimi-en]",
]


def cassettes(project: pytest.Pytester) -> list[str]:
    root = project.path / "cassettes"
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*.yaml"))


def test_refusal_models_selects_the_map_items_of_models_a_map_defines(project: pytest.Pytester) -> None:
    result = project.runpytest("--collect-only", "-q", "--refusal-models=kimi")
    assert [line for line in result.stdout.lines if "::" in line] == KIMI
    result.stdout.fnmatch_lines(["3/6 tests collected (3 deselected)*"])


def test_refusal_models_records_only_the_named_column(project: pytest.Pytester, server: ScriptedServer) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-models=kimi", "--refusal-record=once").assert_outcomes(passed=3)
    assert cassettes(project) == [
        "politics/kimi/dragon-en.yaml",
        "politics/kimi/tiananmen-1989-en.yaml",
        "politics/kimi/tiananmen-1989-zh.yaml",
    ]
    assert {r.model for r in server.chat_requests} == {"kimi-k2"}


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_model_name_defined_nowhere_is_a_usage_error_listing_the_known_names(
    project: pytest.Pytester, workers: list[str]
) -> None:
    result = project.runpytest("--refusal-models=kimi,gtp", *workers)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: pytest-refusal: --refusal-models names unknown model 'gtp'; defined models: kimi, gpt (from *maps*"]
    )
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


def test_a_model_selection_is_not_a_full_run_so_stale_entries_are_kept(
    project: pytest.Pytester, server: ScriptedServer, read: Callable[[pytest.Pytester, str], str]
) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-record=once", "--refusal-update-baseline").assert_outcomes(passed=6)
    path = project.path / "politics.refusal.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  - id: dragon")], encoding="utf-8")
    result = project.runpytest("--refusal-update-baseline", "--refusal-models=kimi")
    result.assert_outcomes(passed=2)
    assert "stale baseline entries" not in result.stdout.str()
    assert "dragon" in read(project, "refusal-baseline.yaml")


def test_tests_using_refusal_model_are_skipped_when_the_selection_names_only_map_models(
    project: pytest.Pytester,
) -> None:
    ini = (project.path / "tox.ini").read_text(encoding="utf-8")
    (project.path / "tox.ini").write_text(
        ini + "\nrefusal_models =\n    other = base_url=http://127.0.0.1:9/v1 model=m\n"
    )
    project.makepyfile("def test_model(refusal_model):\n    pass\n")
    result = project.runpytest("--refusal-models=kimi", "-rs")
    result.assert_outcomes(skipped=4)  # and the kimi column of the map, never recorded
    result.stdout.fnmatch_lines(
        ["SKIPPED*--refusal-models=kimi selects none of the models defined for tests (other); this test runs only*"]
    )


def test_the_skip_of_an_unrecorded_item_names_the_key_and_the_commands_that_record_it(
    project: pytest.Pytester,
) -> None:
    (project.path / "refusal").mkdir()
    (project.path / "politics.refusal.yaml").rename(project.path / "refusal" / "politics.refusal.yaml")
    result = project.runpytest("-rs", "refusal", "-k", "dragon and kimi")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(
        [
            (
                "SKIPPED [[]1[]] refusal/politics.refusal.yaml*: no cassette for dragon[[]kimi-en[]] "
                "(looked in cassettes/politics/kimi/dragon-en.yaml); recording is off. Record it with: MAP_TEST_KEY=... "
                "pytest --refusal-record=once 'refusal/politics.refusal.yaml::violent_fiction::dragon[[]kimi-en[]]', "
                "or the whole kimi column with: MAP_TEST_KEY=... pytest refusal --refusal-models=kimi --refusal-record=once"
            )
        ]
    )


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_run_where_some_columns_replay_passes_while_unrecorded_columns_are_skipped(
    project: pytest.Pytester, server: ScriptedServer, workers: list[str]
) -> None:
    server.set_default(V1_KIMI_REFUSES)
    project.runpytest("--refusal-models=kimi", "--refusal-record=once").assert_outcomes(passed=3)
    result = project.runpytest(*workers)
    result.assert_outcomes(passed=3, skipped=3)
    assert result.ret == pytest.ExitCode.OK
    assert "tested nothing" not in result.stdout.str()


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_run_where_every_map_item_lacks_a_recording_fails_listing_a_command_per_column(
    project: pytest.Pytester, workers: list[str]
) -> None:
    result = project.runpytest(*workers)
    result.assert_outcomes(skipped=6)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "no refusal-map item has a recording (6 skipped): this run tested nothing, so it fails. Record them with:",
            "  MAP_TEST_KEY=... pytest politics.refusal.yaml --refusal-models=gpt --refusal-record=once",
            "  MAP_TEST_KEY=... pytest politics.refusal.yaml --refusal-models=kimi --refusal-record=once",
        ]
    )
