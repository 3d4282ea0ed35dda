"""Malformed input: each kind gives a clear error naming the file or option and what to do, never INTERNALERROR.

A broken cassette errors its own test and lets the others run; a broken option or ini key
stops the run before anything is recorded, naming the setting and the valid values.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_refusal.testing import ScriptedServer, answer, refusal

TWO_TESTS = """
import pytest

@pytest.mark.expect_refusal("politics")
def test_bad(ask):
    ask("天安门")

@pytest.mark.expect_refusal("politics")
def test_good(ask):
    ask("六四")
"""

RECOVER = "Fix it by hand, or delete it and record it again with --refusal-record=once."


def truncated(good: bytes) -> bytes:
    return good[: len(good) // 2]


def not_utf8(good: bytes) -> bytes:
    return good + b"# edited in latin-1: caf\xe9\n"


CASSETTES: list[object] = [
    pytest.param(truncated, "cannot be read*" + RECOVER, id="truncated"),
    # vcrpy treats an empty file as a missing cassette (recording fills it, as in Ruby's VCR).
    pytest.param(
        lambda good: b"",
        "The cassette cassettes/*test_bad[[]local[]].yaml has no response for POST /v1/chat/completions*",
        id="empty-file",
    ),
    pytest.param(not_utf8, "cannot be read*" + RECOVER, id="not-utf-8"),
    pytest.param(lambda good: b"- a\n- list\n", "cannot be read*" + RECOVER, id="a-list-not-a-cassette"),
    pytest.param(lambda good: b"just text\n", "cannot be read*" + RECOVER, id="a-scalar-not-a-cassette"),
    pytest.param(
        lambda good: (
            b"http_interactions:\n- request: {method: post, uri: 'http://x/v1/chat/completions'}\n"
            b"recorded_with: VCR 6.0.0\n"
        ),
        "cannot be read*" + RECOVER,
        id="ruby-vcr-cassette",
    ),
    pytest.param(
        lambda good: b"- request: {method: POST}\n  response: {}\n",
        "cannot be read*older version of VCR*",
        id="pre-1.0-vcrpy-cassette",
    ),
    pytest.param(
        lambda good: good.split(b"  response:")[0] + b"version: 1\n",
        "cannot be read*" + RECOVER,
        id="interaction-without-response",
    ),
    pytest.param(
        lambda good: good.replace(b"    status:", b"    statuz:"),
        "cannot be read*" + RECOVER,
        id="response-without-status",
    ),
    pytest.param(
        lambda good: b"interactions: []\nversion: 1\n",
        "The cassette cassettes/*test_bad[[]local[]].yaml has no response for POST /v1/chat/completions*",
        id="no-interactions",
    ),
    pytest.param(
        lambda good: b"{interactions: [{request: 1, response: 2}], version: 1}\n",
        "cannot be read*" + RECOVER,
        id="interactions-of-wrong-type",
    ),
]


@pytest.mark.parametrize(("corrupt", "message"), CASSETTES)
def test_a_malformed_cassette_errors_its_own_test_naming_the_file_and_the_others_run(
    project: pytest.Pytester, server: ScriptedServer, corrupt: Callable[[bytes], bytes], message: str
) -> None:
    project.makepyfile(test_probes=TWO_TESTS)
    server.set_default(refusal("refuse", "zh"))
    project.runpytest("--refusal-record=once").assert_outcomes(passed=2)
    bad = project.path / "cassettes" / "test_probes" / "test_bad[local].yaml"
    bad.write_bytes(corrupt(bad.read_bytes()))
    result = project.runpytest()
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed") == 1, result.stdout.str()
    assert outcomes.get("errors", 0) + outcomes.get("failed", 0) == 1
    result.stdout.fnmatch_lines(["*" + message])
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    assert "Traceback" not in result.stdout.str()


def test_a_directory_where_the_cassette_should_be_errors_that_test_only(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    project.makepyfile(test_probes=TWO_TESTS)
    server.set_default(refusal("refuse", "zh"))
    (project.path / "cassettes" / "test_probes" / "test_bad[local].yaml").mkdir(parents=True)
    result = project.runpytest("--refusal-record=once")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "cassette cassettes/test_probes/test_bad[[]local[]].yaml is not a file (a folder or a device is in its place)*"
        ]
    )
    assert "INTERNALERROR" not in result.stdout.str()


def test_a_huge_cassette_still_replays(project: pytest.Pytester, server: ScriptedServer) -> None:
    """Five megabytes of answer: long outputs are real (reasoning models); replay must not choke on them."""
    project.makepyfile(test_probes=TWO_TESTS)
    server.set_default(answer("Sure. " + "word " * 1_000_000))
    project.runpytest("--refusal-record=once").assert_outcomes(failed=2)
    assert (project.path / "cassettes" / "test_probes" / "test_bad[local].yaml").stat().st_size > 5_000_000
    result = project.runpytest()
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*observed comply*"])


MARKERS = [
    pytest.param(
        'expect_refusal("politics", samples="3")', "samples is '3'; expected a whole number*", id="samples-str"
    ),
    pytest.param('expect_refusal("politics", samples=0)', "samples is 0; expected a whole number*", id="samples-zero"),
    pytest.param('expect_refusal("politics", min_rate=2)', "min_rate is 2; expected a share above 0*", id="min-rate-2"),
    pytest.param('expect_refusal("politics", stlye="safety")', "*unknown argument(s) stlye; allowed*", id="typo-kwarg"),
    pytest.param('expect_refusal("a", "b")', "*takes one positional argument*", id="two-categories"),
    pytest.param('expect_refusal("politics", style="polite")', "*style is 'polite'; allowed*", id="unknown-style"),
    pytest.param("expect_refusal(42)", "*category is 42; expected a non-empty string*", id="category-not-text"),
    pytest.param("expect_refusal(languages=5)", "*languages is 5; expected language codes*", id="languages-int"),
    pytest.param('expect_compliance(fully="yes")', "*fully is 'yes'; expected True or False*", id="fully-str"),
]


@pytest.mark.parametrize(("marker", "message"), MARKERS)
def test_a_bad_marker_argument_is_an_error_naming_the_test_and_what_is_allowed(
    project: pytest.Pytester, marker: str, message: str
) -> None:
    project.makepyfile(
        test_probes=f"""
        import pytest

        @pytest.mark.{marker}
        def test_bad(ask):
            ask("x")
        """
    )
    result = project.runpytest()
    assert result.ret != 0
    output = result.stdout.str() + "\n" + result.stderr.str()
    assert fnmatch.filter(output.splitlines(), "*test_probes.py::test_bad*" + message), output
    assert "INTERNALERROR" not in output and "Traceback" not in output


def test_a_bad_marker_on_one_test_lets_the_other_tests_run(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_probes="""
        import pytest

        @pytest.mark.expect_refusal("politics", samples="3")
        def test_bad():
            pass

        def test_good():
            pass
        """
    )
    result = project.runpytest()
    result.assert_outcomes(passed=1, errors=1)


OPTIONS = [
    pytest.param(
        ["--refusal-record=sometimes"], "", "*unknown record mode 'sometimes'; valid: none, once*", id="record-mode"
    ),
    pytest.param(["--refusal-timeout=abc"], "", "*refusal_timeout is 'abc'; expected a number*", id="timeout-text"),
    pytest.param(
        ["--refusal-max-retries=-1"],
        "",
        "*refusal_max_retries is '-1'; expected a number from 0*",
        id="retries-negative",
    ),
    pytest.param(["--refusal-min-rate=2"], "", "*refusal_min_rate is '2'*", id="min-rate-above-1"),
    pytest.param(["--refusal-models=gtp"], "", "*gtp*", id="unknown-model-name"),
    pytest.param([], "refusal_models =\n    kimi moonshot", "*kimi moonshot*", id="ini-line-without-equals"),
    pytest.param([], "refusal_models =\n    kimi = moonshoot:kimi-k2", "*moonshoot*", id="ini-unknown-provider"),
    pytest.param(
        ["--refusal-models-file=nope.yaml"], "", "*models file *nope.yaml does not exist*", id="models-file-missing"
    ),
    pytest.param(
        ["--refusal-models-file=bad.yaml"], "", "*models file *bad.yaml is not valid YAML*", id="models-file-not-yaml"
    ),
    pytest.param(
        ["--refusal-models-file=list.yaml"], "", "*list.yaml has no `models:` mapping*", id="models-file-without-models"
    ),
]


@pytest.mark.parametrize(("args", "ini", "message"), OPTIONS)
def test_a_bad_option_stops_the_run_naming_the_setting_and_what_is_valid(
    pytester: pytest.Pytester, args: list[str], ini: str, message: str
) -> None:
    pytester.makeini(f"[pytest]\naddopts = -p no:hypothesispytest -p no:recording\n{ini}\n")
    pytester.path.joinpath("bad.yaml").write_text("models: [unclosed\n", encoding="utf-8")
    pytester.path.joinpath("latin1.yaml").write_bytes("models:\n  kimi: {model: caf\xe9}\n".encode("latin-1"))
    pytester.path.joinpath("list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    pytester.makepyfile("def test_x():\n    pass\n")
    result = pytester.runpytest(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: *" + message])
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


def test_a_models_file_that_is_not_utf_8_is_named_in_the_error(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\naddopts = -p no:hypothesispytest -p no:recording\n")
    pytester.path.joinpath("latin1.yaml").write_bytes("models:\n  kimi: {model: caf\xe9}\n".encode("latin-1"))
    pytester.makepyfile("def test_x():\n    pass\n")
    result = pytester.runpytest("--refusal-models-file=latin1.yaml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: *latin1.yaml*UTF-8*"])


def test_a_cassette_that_is_not_utf_8_is_never_overwritten_by_recording(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    """vcrpy alone treats an undecodable cassette as empty, so `once` would silently replace a hand-edited file."""
    project.makepyfile(test_probes=TWO_TESTS)
    server.set_default(refusal("refuse", "zh"))
    project.runpytest("--refusal-record=once").assert_outcomes(passed=2)
    bad = project.path / "cassettes" / "test_probes" / "test_bad[local].yaml"
    edited = not_utf8(bad.read_bytes())
    bad.write_bytes(edited)
    result = project.runpytest("--refusal-record=once")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*cannot be read (ValueError: the file is not UTF-8 text)*" + RECOVER])
    assert bad.read_bytes() == edited


def test_a_cassette_that_cannot_be_written_is_a_clear_error_and_later_tests_still_record(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    project.makepyfile(test_probes=TWO_TESTS)
    server.set_default(refusal("refuse", "zh"))
    Path(project.path, "cassettes").mkdir()
    Path(project.path, "cassettes", "test_probes").write_text(
        "a file where a cassette folder should be", encoding="utf-8"
    )
    result = project.runpytest("--refusal-record=once")
    result.assert_outcomes(passed=2, errors=2)
    result.stdout.fnmatch_lines(
        ["*cannot write cassette *test_bad[[]local[]].yaml (*Error*the test's recording is lost*"]
    )
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    assert len(server.chat_requests) == 2  # vcrpy's patches were undone: the second test reached the server too
