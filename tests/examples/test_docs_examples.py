"""Every python, yaml and ini example in README.md and docs/guide.md runs, or says why it is only illustrative.

The convention: the line before each such fenced block is an HTML comment,
`<!-- docs-example: KIND -->`, which the rendered page does not show. Kinds:

- `test`: a test module, run in a pytester project whose models kimi (moonshot) and gpt
  (openai) are sent to the scripted loopback server with `--refusal-base-url` (kimi refuses
  Tiananmen questions; everything else is answered), recorded, then replayed offline.
- `map FILE`: a refusal map saved as FILE, recorded against the same server, then replayed;
  every node id the document quotes for that file must be one the map produced.
- `ini`: an ini file; a test using `refusal_model` collects once per model it defines.
- `models-file`: a YAML `models:` section, used as `--refusal-models-file`.
- `script`: Python run as a script, with the response objects it names given to it.
- `illustrative (REASON)`: not run; the reason is required.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Imported once, here: pytester's in-process runs drop the modules they import, and a re-imported
# yaml, vcr or httpcore2 no longer matches the classes the plugin's own modules hold.
import httpcore2  # noqa: F401
import openai
import pytest
import vcr  # noqa: F401
import yaml

from pytest_refusal.testing import ScriptedServer, answer, refusal
from pytest_refusal.testing.server import Received, Reply

ROOT = Path(__file__).resolve().parents[2]
DOCS = ("README.md", "docs/guide.md")
LANGUAGES = ("python", "yaml", "ini")
_FENCE = re.compile(r"^```(\w*)\s*$")
_DIRECTIVE = re.compile(r"^<!-- docs-example: (?P<kind>[a-z-]+)(?: (?P<arg>.+?))? -->$")
KINDS = ("test", "map", "ini", "models-file", "script", "illustrative")


@dataclass(frozen=True)
class Block:
    """One fenced example: where it is, its language, its directive and its text."""

    doc: str
    line: int
    language: str
    kind: str | None
    arg: str | None
    text: str

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.line}:{self.kind}"


def blocks(doc: str) -> list[Block]:
    """The fenced python/yaml/ini blocks of `doc` and the directive on the line before each."""
    lines = (ROOT / doc).read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
        if opening.group(1) in LANGUAGES:
            directive = _DIRECTIVE.match(lines[i - 1]) if i else None
            found.append(
                Block(
                    doc,
                    i + 1,
                    opening.group(1),
                    directive.group("kind") if directive else None,
                    directive.group("arg") if directive else None,
                    "\n".join(lines[i + 1 : end]) + "\n",
                )
            )
        i = end + 1
    return found


ALL = [b for doc in DOCS for b in blocks(doc)]


def of_kind(*kinds: str) -> list[Any]:
    return [pytest.param(b, id=b.id) for b in ALL if b.kind in kinds]


def test_every_python_yaml_and_ini_example_says_how_it_is_checked() -> None:
    assert len(ALL) >= 12, "the documents lost their examples"
    unmarked = [f"{b.doc}:{b.line}" for b in ALL if b.kind not in KINDS]
    assert not unmarked, f"examples without a known <!-- docs-example: KIND --> line before them: {unmarked}"
    reasonless = [f"{b.doc}:{b.line}" for b in ALL if b.kind == "illustrative" and not (b.arg or "").strip("() ")]
    assert not reasonless, f"illustrative examples must say why: {reasonless}"
    assert all(b.arg for b in ALL if b.kind == "map"), "a map example names the file it is saved as"


def test_the_convention_itself_is_read_as_documented() -> None:
    assert _DIRECTIVE.match("<!-- docs-example: illustrative (a workflow) -->").group("arg") == "(a workflow)"  # type: ignore[union-attr]
    assert _DIRECTIVE.match("<!-- docs-example: map x.refusal.yaml -->").group("kind") == "map"  # type: ignore[union-attr]
    assert _DIRECTIVE.match("<!-- docs-example:test -->") is None  # the space is part of it: no near misses


# --- the scripted provider ------------------------------------------------------------------------
def _policy(r: Received) -> Any:
    """kimi refuses questions about Tiananmen (in the prompt's language); every other request is answered."""
    prompt = r.prompt
    if "kimi" in r.model and ("天安门" in prompt or "Tiananmen" in prompt):
        return refusal("refuse", "zh" if "天安门" in prompt else "en").build(r)  # type: ignore[misc]
    return answer("Here is a clear, complete answer to your request.").build(r)  # type: ignore[misc]


PROVIDER_KEYS = ("MOONSHOT_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY")
FAKE_KEY = "docs-example-fake-key-0000000000"
INI = """
[pytest]
addopts = -p no:hypothesispytest -p no:recording
refusal_models =
    kimi = moonshot:kimi-k2-0905-preview
    gpt = openai:gpt-4.1-mini
refusal_max_retries = 0
refusal_timeout = 5
"""
# Stands for the application the README's `story_app` fixture names: the user's own code on refusal_client.
STORY_APP = """
import pytest

class StoryApp:
    def __init__(self, client, model):
        self.client, self.model = client, model

    def write(self, idea):
        reply = self.client.chat.completions.create(
            model=self.model, messages=[{"role": "user", "content": f"Write a short story: {idea}"}]
        )
        return reply.choices[0].message.content

@pytest.fixture
def story_app(refusal_client, refusal_model):
    return StoryApp(refusal_client, refusal_model.model)
"""


@pytest.fixture
def docs_project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    for name in PROVIDER_KEYS:
        monkeypatch.setenv(name, FAKE_KEY)  # recording needs a value; the scripted server takes any
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return pytester


def record_then_replay(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, *args: str) -> pytest.RunResult:
    """Record against the scripted server, then replay with it gone, no key and the models' real URLs."""
    with ScriptedServer(Reply(_policy)) as server:
        recorded = project.runpytest("--refusal-record=once", f"--refusal-base-url={server.base_url}", *args)
        assert recorded.ret == 0, recorded.stdout.str()
        assert server.model_requests, "the example called no model"
    for name in PROVIDER_KEYS:
        monkeypatch.delenv(name)
    replayed = project.runpytest("-v", *args)
    assert replayed.ret == 0, replayed.stdout.str()
    assert recorded.parseoutcomes() == replayed.parseoutcomes()
    assert FAKE_KEY not in "".join(p.read_text(encoding="utf-8") for p in project.path.rglob("*.yaml"))
    return replayed


@pytest.mark.parametrize("block", of_kind("test"))
def test_the_test_examples_record_and_replay_green(
    docs_project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, block: Block
) -> None:
    docs_project.makeini(INI)
    docs_project.makeconftest(STORY_APP)
    docs_project.makepyfile(test_example=block.text)
    result = record_then_replay(docs_project, monkeypatch)
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= 2 and not outcomes.get("failed") and not outcomes.get("errors")
    if 'models=["kimi"]' in block.text:  # targeted: kimi only, gpt's item deselected
        assert "test_kimi_declines_tiananmen[kimi] PASSED" in result.stdout.str()
        assert "test_kimi_declines_tiananmen[gpt]" not in result.stdout.str()
        assert outcomes.get("deselected", 0) >= 1


def _quoted_node_ids(doc: str, file: str) -> set[str]:
    text = (ROOT / doc).read_text(encoding="utf-8")
    return set(re.findall(rf"`({re.escape(file)}::[^`\s]+)`", text))


@pytest.mark.parametrize("block", of_kind("map"))
def test_the_map_examples_record_replay_and_produce_the_node_ids_the_docs_quote(
    docs_project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, block: Block
) -> None:
    assert block.arg is not None and block.arg.endswith(".refusal.yaml")
    docs_project.makeini("[pytest]\naddopts = -p no:hypothesispytest -p no:recording\nrefusal_max_retries = 0\n")
    (docs_project.path / block.arg).write_text(block.text, encoding="utf-8")
    # Models of the embedded provider would start llama.cpp while recording: leave them to their own test.
    names = [n for n in yaml.safe_load(block.text)["models"] if n != "local"]
    selection = f"--refusal-models={','.join(names)}"
    result = record_then_replay(docs_project, monkeypatch, selection)
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= 2 and not outcomes.get("failed")
    collected = set(re.findall(rf"^({re.escape(block.arg)}::\S+) PASSED", result.stdout.str(), re.M))
    quoted = _quoted_node_ids(block.doc, block.arg)
    assert quoted, f"{block.doc} quotes no node id of {block.arg}"
    assert quoted <= collected, f"{block.doc} quotes node ids the map does not produce: {quoted - collected}"


def _defined_names(ini_text: str) -> list[str]:
    return re.findall(r"^\s+(\w+) = ", ini_text, re.M)


@pytest.mark.parametrize("block", of_kind("ini"))
def test_the_ini_examples_define_the_models_a_test_runs_against(docs_project: pytest.Pytester, block: Block) -> None:
    docs_project.makeini(block.text + "addopts = -p no:hypothesispytest -p no:recording\n")
    docs_project.makepyfile("def test_model(refusal_model):\n    pass\n")
    result = docs_project.runpytest("--co", "-q")
    assert result.ret == 0, result.stdout.str() + result.stderr.str()
    names = _defined_names(block.text)
    assert names and [line for line in result.stdout.lines if "::" in line] == [
        f"test_the_ini_examples_define_the_models_a_test_runs_against.py::test_model[{n}]" for n in names
    ]


@pytest.mark.parametrize("block", of_kind("models-file"))
def test_the_models_file_examples_define_their_models(docs_project: pytest.Pytester, block: Block) -> None:
    docs_project.makeini("[pytest]\naddopts = -p no:hypothesispytest -p no:recording\n")
    (docs_project.path / "models.yaml").write_text(block.text, encoding="utf-8")
    docs_project.makepyfile("def test_model(refusal_model):\n    print(refusal_model.api)\n")
    result = docs_project.runpytest("--co", "-q", "--refusal-models-file=models.yaml")
    assert result.ret == 0, result.stdout.str() + result.stderr.str()
    names = re.findall(r"^  (\w+):", block.text, re.M)
    assert names and [line.rpartition("[")[2].rstrip("]") for line in result.stdout.lines if "::" in line] == names


def _script_inputs() -> dict[str, Any]:
    """The responses the detector example names, as a program receives them."""
    from openai.types.chat import ChatCompletion

    from pytest_refusal import apiwire

    def body(built: Any) -> Any:
        return json.loads(built.body)

    completion = ChatCompletion.model_validate(
        body(apiwire.api_answer("chat", "Paris is the capital.", stream=False, sse=True, model="m"))
    )
    client_class = next(c for c in type(openai.DefaultHttpxClient()).__mro__ if not c.__module__.startswith("openai"))
    http = importlib.import_module(client_class.__module__.split(".")[0])  # the SDK's HTTP library: httpx or httpx2
    request = http.Request("POST", "http://127.0.0.1/v1/chat/completions")
    error_body = {"error": {"message": "high risk", "type": "content_filter", "code": 400}}
    response = http.Response(400, json=error_body, request=request)
    return {
        "chat_completion": completion,
        "response": body(apiwire.api_refusal("messages", "refuse", "en", None, stream=False, sse=True, model="m")),
        "stream_chunks": [
            json.loads(line[6:])
            for line in apiwire.api_answer("chat", "Hello there.", stream=True, sse=True, model="m")
            .body.decode()
            .splitlines()
            if line.startswith("data: {")
        ],
        "api_error": openai.BadRequestError("high risk", response=response, body=error_body),
    }


def _claimed_values(text: str) -> list[tuple[str, Any]]:
    """Lines `EXPRESSION  # LITERAL` (`v.score, v.language  # 0.95, "zh"`): what the example says they give."""
    claims = []
    for line in text.splitlines():
        code, _, comment = line.partition("  #")
        if not comment or code.lstrip().startswith(("assert", "import", "from")) or "=" in code:
            continue
        try:
            claims.append((code.strip(), ast.literal_eval(comment.strip())))
        except (ValueError, SyntaxError):
            continue  # prose, not a value
    return claims


@pytest.mark.parametrize("block", of_kind("script"))
def test_the_script_examples_run_and_give_the_values_their_comments_claim(block: Block) -> None:
    namespace: dict[str, Any] = {"__name__": "docs_example", **_script_inputs()}
    exec(compile(block.text, f"{block.doc}:{block.line}", "exec"), namespace)
    for expression, claimed in _claimed_values(block.text):
        assert eval(expression, namespace) == claimed, f"{block.doc}:{block.line}: {expression}"
