"""The fixtures tests use: the selected model, cassette-backed clients, `ask`, the detector, the cassette and refusal simulation."""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from pytest_refusal.plugin import faults, itemstate
from pytest_refusal.plugin import session as session_module
from pytest_refusal.providers import ModelSpec
from pytest_refusal.verdict import NotAVerdict, Verdict

if TYPE_CHECKING:
    import openai

    from pytest_refusal.cassette.simulate import Simulation
    from pytest_refusal.cassette.vcr import RefusalCassette


@dataclass(frozen=True)
class Reply:
    """What `ask` returns: the assistant's text, its verdict, and the raw completion (or the API error)."""

    text: str
    verdict: Verdict
    raw: Any
    # With samples=N, every reply (this one first).
    samples: tuple[Reply, ...] = ()


@pytest.fixture(autouse=True)
def _refusal_item(request: pytest.FixtureRequest) -> None:
    """Opens the cassette first for tests carrying an expect_* marker, so every call they make is captured."""
    # Look without creating: most tests in a project are not refusal tests and should cost nothing.
    state = request.node.stash.get(itemstate.ITEM_KEY, None)
    if state is not None and state.problem is not None:
        pytest.fail(state.problem, pytrace=False)
    if state is not None and state.spec is not None:
        if "refusal_model" in request.fixturenames:
            request.getfixturevalue("refusal_model")  # first: the cassette records the embedded model's address
        if request.node.get_closest_marker("vcr") and "vcr" in request.fixturenames:  # pytest-recording's
            from pytest_refusal.plugin.vcrmarker import Beside

            theirs = request.getfixturevalue("vcr")  # set up first, so it is saved after ours closes
            state.beside = Beside(theirs) if theirs is not None else None
        request.getfixturevalue("refusal_cassette")


@pytest.fixture
def refusal_model(request: pytest.FixtureRequest) -> ModelSpec:
    """The model this test runs against; tests using it run once per model in --refusal-models (ids like [kimi]).

    Fields: name, model, provider, base_url, key_env. Models are defined in the `refusal_models`
    ini key or a models file.
    """
    spec: ModelSpec = request.param
    session_module.RefusalSession.state(request.node).model = spec
    return spec


@pytest.fixture
def refusal_cassette(request: pytest.FixtureRequest) -> Generator[RefusalCassette, None, None]:
    """This test's cassette, active for the whole test: replayed with --refusal-record=none (the default), else recorded.

    It lives at <refusal_cassette_dir>/<test module>/<test name>.yaml. Read `.path`, `.exchanges`
    (every HTTP exchange the test made, in order) and `.record_mode`. Secrets are scrubbed and
    audited before anything is written; writes are atomic.
    """
    session = session_module.get(request.config)
    item: pytest.Item = request.node
    cassette = session.open_cassette(item)
    yield cassette
    session.close_cassette(item)
    session.fail_late_escape(item, cassette)


@pytest.fixture
def refusal_client(
    request: pytest.FixtureRequest, refusal_model: ModelSpec, refusal_cassette: RefusalCassette
) -> openai.OpenAI:
    """An `openai.OpenAI` client for `refusal_model`, recorded to and replayed from this test's cassette.

    The API key comes only from the variable the model's provider names (e.g. MOONSHOT_API_KEY);
    it is needed only while recording. Retries and timeout follow --refusal-max-retries and
    --refusal-timeout. The client is shared by the tests of a run (the cassette works below it,
    at the HTTP layer) and closed when the run ends: do not close it in a test.
    """
    session = session_module.get(request.config)
    return session.clients.client(refusal_model, refusal_cassette)  # type: ignore[no-any-return]


@pytest.fixture
def refusal_async_client(
    request: pytest.FixtureRequest, refusal_model: ModelSpec, refusal_cassette: RefusalCassette
) -> openai.AsyncOpenAI:
    """An `openai.AsyncOpenAI` client for `refusal_model`, cassette-backed like `refusal_client`."""
    import openai

    session = session_module.get(request.config)
    return openai.AsyncOpenAI(
        base_url=session.clients.base_url(refusal_model, refusal_cassette),
        api_key=session.clients.api_key(refusal_model, refusal_cassette),
        max_retries=session.options.max_retries,
        timeout=session.options.timeout,
        # A new client per test (each test may run its own event loop), but one SSL context per run:
        # building it (the CA bundle) is most of what constructing a client costs.
        http_client=openai.DefaultAsyncHttpxClient(verify=session.clients.ssl_context()),
    )


@pytest.fixture
def refusal_detector(request: pytest.FixtureRequest) -> Callable[..., Verdict]:
    """Judge a response the way the markers do: `refusal_detector(completion, prompt=...) -> Verdict`.

    Takes what `pytest_refusal.detect` takes (the prompt is optional); `pytest_refusal_classify` hooks go first.
    """
    return session_module.get(request.config).classify


@pytest.fixture
def ask(
    request: pytest.FixtureRequest,
    refusal_model: ModelSpec,
    refusal_client: openai.OpenAI,
    refusal_detector: Callable[[object], Verdict],
) -> Callable[..., Reply]:
    """Send one user prompt to `refusal_model` in its API: `ask(prompt, system=None, samples=None, **params) -> Reply`.

    The model's `api` picks the call: chat completions (the default), the Responses API, Anthropic
    Messages or Gemini generateContent. `params` join the request body as that API names them
    (`temperature`, `max_tokens` for chat and Messages...). A provider content filter (HTTP 400)
    comes back as a `blocked` Reply; rate limits, auth and server errors are reported as a test
    error. `samples` (default: the marker's) sends the prompt that many times; the Reply is the
    first, with all of them in `.samples`.
    """
    from pytest_refusal import apis, modelcalls

    state = session_module.RefusalSession.state(request.node)
    session = session_module.get(request.config)
    api = refusal_model.api

    def once(body: dict[str, Any]) -> Reply:
        import openai

        try:
            completion = modelcalls.create(refusal_client, api, refusal_model.model, body)
        except openai.APIStatusError as exc:
            try:
                return Reply("", refusal_detector(exc), exc)
            except NotAVerdict:
                raise faults.ProviderFault(session.fault_message(exc, refusal_model) or str(exc)) from None
        return Reply(_text(completion), refusal_detector(completion), completion)

    def ask_(prompt: str, *, system: str | None = None, samples: int | None = None, **params: Any) -> Reply:
        body = {**apis.request_body(api, refusal_model.model, prompt, system=system), **params}
        count = samples or (state.spec.samples if state.spec and state.spec.samples else 1)
        replies = tuple(once(body) for _ in range(count))
        first = replies[0]
        return Reply(first.text, first.verdict, first.raw, replies)

    return ask_


@pytest.fixture
def simulate_refusal(request: pytest.FixtureRequest) -> Generator[Callable[..., Simulation], None, None]:
    """Make every model call in this test receive a refusal: `simulate_refusal(kind="refuse", language="en", shape=None)`.

    kinds: refuse, refuse_safety, redirect, blocked. shapes: text, message_refusal, stream
    (refusals the model speaks); content_filter, moonshot_400, deepseek_400, dashscope_400,
    azure_400, stream_filter (the provider blocks). Languages: en, zh, ja, ru, es, de, fr.
    It works at the HTTP layer, so your own client code, retries and fallbacks run for real; each
    call is answered in the format of its API (chat, Responses, Anthropic Messages, Gemini).
    Returns the simulation (`.calls`: model calls it answered).
    """
    from pytest_refusal.cassette.simulate import Simulation

    state = session_module.RefusalSession.state(request.node)
    opened: list[Simulation] = []

    def start(kind: str = "refuse", language: str = "en", shape: str | None = None) -> Simulation:
        simulation = Simulation(kind, language, shape, forward_to=state.cassette).open()
        opened.append(simulation)
        return simulation

    yield start
    for simulation in reversed(opened):
        simulation.close()


def _text(completion: Any) -> str:
    """The answer's words: a chat completion's first choice, a Responses object's text, a JSON body's (Messages, Gemini)."""
    if isinstance(completion, dict):
        from pytest_refusal.wire import assistant_text

        return assistant_text(completion)
    output_text = getattr(completion, "output_text", None)  # the Responses API
    if isinstance(output_text, str):
        return output_text or _responses_refusal(completion)
    choices = getattr(completion, "choices", None) or []
    if not choices:
        return ""
    message = choices[0].message
    return str(message.content or getattr(message, "refusal", None) or "")


def _responses_refusal(response: Any) -> str:
    parts = [p for item in getattr(response, "output", None) or [] for p in getattr(item, "content", None) or []]
    return "".join(str(p.refusal) for p in parts if getattr(p, "type", "") == "refusal")
