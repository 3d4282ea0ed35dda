"""simulate_refusal: a product's own code meets every refusal shape, with no provider and no cassette."""

from __future__ import annotations

import openai
import pytest

from pytest_refusal import wire
from pytest_refusal.cassette import simulate
from pytest_refusal.testing import ScriptedServer

PRODUCT = """
    import openai
    from pytest_refusal import detect

    FALLBACK = "Sorry, I can't answer that here. A human will follow up."

    def answer(question, stream=False):
        # Closed port: only the simulation can answer, never a real server.
        client = openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key="k", max_retries=0)
        try:
            if stream:
                chunks = list(client.chat.completions.create(
                    model="m", messages=[{"role": "user", "content": question}], stream=True))
                response = chunks
                text = "".join(c.choices[0].delta.content or "" for c in chunks)
            else:
                response = client.chat.completions.create(model="m", messages=[{"role": "user", "content": question}])
                text = response.choices[0].message.content or ""
        except openai.APIError as exc:  # provider blocks and mid-stream filters
            response, text = exc, ""
        if detect(response).kind.is_refusal:
            return FALLBACK  # never silence: the user always gets an answer
        return text
"""

SHAPES = [
    pytest.param(
        kind, shape.value, language, stream, id=f"{kind}-{shape.value}-{language}-{'stream' if stream else 'json'}"
    )
    for kind in wire.SIMULATED_KINDS
    for shape in wire.shapes_for(kind)
    for language in ("en", "zh")
    for stream in (False, True)
]


@pytest.mark.parametrize(("kind", "shape", "language", "stream"), SHAPES)
def test_the_product_falls_back_whatever_the_shape_of_the_refusal(
    pytester: pytest.Pytester, kind: str, shape: str, language: str, stream: bool
) -> None:
    pytester.makepyfile(product=PRODUCT)
    pytester.makepyfile(
        f"""
        from product import answer, FALLBACK

        def test_fallback(simulate_refusal):
            simulation = simulate_refusal({kind!r}, language={language!r}, shape={shape!r})
            assert answer("天安门", stream={stream}) == FALLBACK
            assert simulation.calls == 1
        """
    )
    pytester.runpytest("-p", "no:hypothesispytest").assert_outcomes(passed=1)


def test_a_simulated_refusal_satisfies_the_refusal_marker_without_a_cassette(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(product=PRODUCT)
    pytester.makepyfile(
        """
        import pytest
        from product import answer

        @pytest.mark.expect_refusal("politics")
        def test_marked(simulate_refusal):
            simulate_refusal("refuse", "zh")
            answer("天安门")
        """
    )
    pytester.runpytest("-p", "no:hypothesispytest").assert_outcomes(passed=1)
    assert not (pytester.path / "cassettes").exists()


def test_requests_that_are_not_chat_calls_pass_through(server: ScriptedServer) -> None:
    client = openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0)
    with simulate.refusal("blocked", shape="azure_400") as simulation:
        assert [m.id for m in client.models.list()] == ["scripted"]
        with pytest.raises(openai.BadRequestError) as blocked:
            client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    assert blocked.value.body["innererror"]["code"] == "ResponsibleAIPolicyViolation"  # type: ignore[index]
    assert [r.path for r in server.received] == ["/v1/models"]
    assert simulation.calls == 1


def test_after_the_simulation_calls_reach_the_server_again(server: ScriptedServer) -> None:
    client = openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0)
    with simulate.refusal("refuse", "ru"):
        inside = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    outside = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    assert inside.choices[0].message.content == wire.refusal_text("refuse", "ru")
    assert outside.choices[0].message.content == wire.refusal_text("comply", "en")


def test_an_impossible_simulation_fails_the_test_with_the_valid_choices(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_typo(simulate_refusal):
            simulate_refusal("refuse", shape="moonshot_400")
        """
    )
    result = pytester.runpytest("-p", "no:hypothesispytest")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*a refuse refusal cannot take shape 'moonshot_400'; shapes for refuse: text, message_refusal, stream*"]
    )
