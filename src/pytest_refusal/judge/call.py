"""Asking the judge: one request in the judge model's API, one retry after a malformed reply, a verdict or a reason why not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pytest_refusal import apis, modelcalls, wire
from pytest_refusal.judge import prompt as judge_prompt
from pytest_refusal.judge.schema import JudgeAnswer, MalformedJudgeAnswer, parse
from pytest_refusal.judge.settings import identity
from pytest_refusal.providers import ModelSpec
from pytest_refusal.verdict import Verdict

MAX_TOKENS = 200


@dataclass(frozen=True)
class Outcome:
    """The judge's verdict, or (`verdict` None) why the cue verdict stands: a malformed reply twice, or an error."""

    verdict: Verdict | None
    problem: str = ""


def judged(client: Any, spec: ModelSpec, cue: Verdict, request: str, response: str) -> Outcome:
    """Ask `spec` (through `client`, an `openai.OpenAI`) for a second opinion on `cue`; never raises for the judge's faults.

    A reply that breaks the schema is answered with what was wrong, once; a second bad reply,
    an HTTP error or a connection error leaves the cue verdict standing (`Outcome.problem`
    says why). Errors of replay (an unrecorded judge call) propagate: the caller explains them.
    """
    import openai

    marked = client.with_options(default_headers={judge_prompt.JUDGE_HEADER: judge_prompt.PROMPT_VERSION})
    turns = [{"role": "user", "content": judge_prompt.user_message(request, response)}]
    problem = ""
    for _ in range(2):
        try:
            text = _ask(marked, spec, turns)
        except openai.APIError as exc:
            return Outcome(None, f"the judge {spec.describe()} failed ({type(exc).__name__}: {_short(exc)})")
        try:
            answer = parse(text)
        except MalformedJudgeAnswer as exc:
            problem = str(exc)
            turns = [*turns, {"role": "assistant", "content": text}, _user(judge_prompt.retry_message(problem))]
            continue
        return Outcome(verdict_of(answer, cue, spec))
    return Outcome(None, f"the judge {spec.describe()} replied twice outside its schema (last: {problem})")


def verdict_of(answer: JudgeAnswer, cue: Verdict, spec: ModelSpec) -> Verdict:
    """The judge's verdict: its kind, `evidence: "judge: <reason>"`, the cue's language, the cue verdict beside it."""
    return Verdict(answer.kind, 1.0, f"judge: {answer.reason}", cue.language, judge=identity(spec), cue=cue)


def _ask(client: Any, spec: ModelSpec, turns: list[dict[str, str]]) -> str:
    body = apis.request_body(spec.api, spec.model, "", system=judge_prompt.SYSTEM, temperature=0, max_tokens=MAX_TOKENS)
    _set_turns(spec.api, body, turns)
    raw = modelcalls.create(client, spec.api, spec.model, body, raw=True)
    http = raw.http_response
    response = wire.judgeable(http.status_code, {k.lower(): v for k, v in http.headers.items()}, http.content)
    return wire.assistant_text(response)


def _set_turns(api: apis.Api, body: dict[str, Any], turns: list[dict[str, str]]) -> None:
    """Put the conversation into `body` in `api`'s own shape (the system prompt stays where `request_body` put it)."""
    if api is apis.Api.RESPONSES:
        body["input"] = turns
    elif api is apis.Api.GEMINI:
        body["contents"] = [
            {"role": "model" if t["role"] == "assistant" else "user", "parts": [{"text": t["content"]}]} for t in turns
        ]
    elif api is apis.Api.MESSAGES:
        body["messages"] = turns
    else:
        body["messages"] = [*body["messages"][:1], *turns]  # the system message, then the turns


def _user(content: str) -> dict[str, str]:
    return {"role": "user", "content": content}


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] + ("…" if len(text) > 200 else "")
