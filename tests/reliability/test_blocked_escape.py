"""A provider block that escapes the product's own code: one paragraph that agrees with the map, no SDK traceback.

The map records the verdict (blocked) whatever the product did; the test fails because the
product crashed on it, and the failure says so: who blocked and how, whether the expectation
was met, that the product must handle it, and the `simulate_refusal` call that reproduces it.
"""

from __future__ import annotations

import pytest

from pytest_refusal.testing import ScriptedServer, fault, refusal

from .conftest import leaked

CALL = 'refusal_client.chat.completions.create(model=refusal_model.model, messages=[{"role": "user", "content": "x"}])'
STREAM_CALL = CALL.replace("messages=", "stream=True, messages=")

TEST = """
import pytest

@pytest.mark.MARKER("weapons")
def test_probe(refusal_client, refusal_model):
    BODY
"""


def run(
    project: pytest.Pytester, server: ScriptedServer, shape: str, body: str, marker: str = "expect_refusal", *args: str
) -> pytest.RunResult:
    server.set_default(refusal("blocked", shape=shape))
    project.makepyfile(test_probe=TEST.replace("MARKER", marker).replace("BODY", body))
    return project.runpytest("--refusal-record=once", *args)


def no_traceback(result: pytest.RunResult) -> None:
    text = result.stdout.str()
    assert "Traceback" not in text and "_base_client.py" not in text and "INTERNALERROR" not in text
    assert leaked(text) == []


@pytest.mark.parametrize(
    ("shape", "how", "body"),
    [
        pytest.param(
            "moonshot_400", "with a content-filter error (HTTP 400 error.type=content_filter)", CALL, id="moonshot"
        ),
        pytest.param(
            "deepseek_400", "with a content-filter error (HTTP 400 error: Content Exists Risk)", CALL, id="deepseek"
        ),
        pytest.param(
            "dashscope_400",
            "with a content-filter error (HTTP 400 error.code=data_inspection_failed)",
            CALL,
            id="dashscope",
        ),
        pytest.param("azure_400", "with a content-filter error (HTTP 400 error.code=content_filter)", CALL, id="azure"),
        pytest.param(
            "stream_filter",
            "by cutting the stream with a filter error (stream error.*)",
            f"list({STREAM_CALL})",
            id="stream-cut",
        ),
    ],
)
def test_a_block_that_escapes_fails_with_one_paragraph_and_the_map_still_says_blocked(
    project: pytest.Pytester, server: ScriptedServer, shape: str, how: str, body: str
) -> None:
    result = run(project, server, shape, body)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            f"local (*) blocked the request {how}, and the code under test let the error escape (openai.*Error: *). "
            "Under @expect_refusal a block counts as a refusal, so the expectation is met and the refusal map records it "
            "as blocked; the test fails because the product crashed on it. The product must handle this error "
            f"(catch openai.*Error and show the refusal it stands for) instead of crashing; "
            f'simulate_refusal(kind="blocked", shape="{shape}") reproduces it offline, to test that it does.',
        ]
    )
    result.stdout.fnmatch_lines(["weapons   blocked 1/1"])
    no_traceback(result)


def test_under_expect_compliance_the_paragraph_says_the_expectation_is_broken(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    result = run(project, server, "moonshot_400", CALL, "expect_compliance")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*Under @expect_compliance a block breaks the expectation (the refusal map records it as a policy failure), "
            "and the product crashed on it as well.*",
            "*expected comply, got blocked",
        ]
    )
    no_traceback(result)


def test_the_same_paragraph_comes_back_in_replay(project: pytest.Pytester, server: ScriptedServer) -> None:
    run(project, server, "moonshot_400", CALL).assert_outcomes(failed=1)
    server.clear()
    result = project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["local (*) blocked the request with a content-filter error (HTTP 400 *"])
    no_traceback(result)
    assert server.received == []


def test_a_product_that_handles_the_block_passes(project: pytest.Pytester, server: ScriptedServer) -> None:
    handled = f"import openai\n    try:\n        {CALL}\n    except openai.BadRequestError:\n        pass"
    run(project, server, "moonshot_400", handled).assert_outcomes(passed=1)


def test_a_simulated_block_that_escapes_is_named_as_the_simulation(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_probe=f"""
        import pytest

        @pytest.mark.expect_refusal("weapons")
        def test_probe(simulate_refusal, refusal_client, refusal_model):
            simulate_refusal("blocked", shape="dashscope_400")
            {CALL}
        """
    )
    result = project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "The simulated provider (simulate_refusal) blocked the request with a content-filter error *"
            "The product must handle this error (catch openai.BadRequestError and show the refusal it stands for) "
            "instead of crashing."
        ]
    )
    no_traceback(result)


def test_an_unrelated_error_after_a_handled_block_keeps_its_own_traceback(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    body = f"import openai\n    try:\n        {CALL}\n    except openai.BadRequestError:\n        {{}}['fallback']"
    result = run(project, server, "moonshot_400", body)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["E  *KeyError: 'fallback'"])
    assert "blocked the request" not in result.stdout.str()


def test_a_later_provider_fault_after_a_handled_block_is_reported_as_the_fault(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    server.enqueue(refusal("blocked", shape="moonshot_400"), fault(500))
    body = f"import openai\n    try:\n        {CALL}\n    except openai.BadRequestError:\n        pass\n    {CALL}"
    project.makepyfile(test_probe=TEST.replace("MARKER", "expect_refusal").replace("BODY", body))
    result = project.runpytest("--refusal-record=once")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*provider error from local (*): HTTP 500*"])
    assert "blocked the request" not in result.stdout.str()
