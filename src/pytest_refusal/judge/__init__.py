"""The LLM judge: a second opinion on the verdicts the cues are unsure of, asked in a fixed prompt and schema.

`prompt` builds the request (the judged texts fenced as data), `schema` reads the answer (kind
and reason, nothing else), `settings` is what the run configured, and `call` asks a model
through an `openai.OpenAI` client. Pure: no pytest here; the plugin's `judging` module wires
it to cassettes and items.
"""

from __future__ import annotations

from pytest_refusal.judge.prompt import JUDGE_HEADER, PROMPT_VERSION
from pytest_refusal.judge.schema import JUDGE_KINDS, JudgeAnswer, MalformedJudgeAnswer, parse
from pytest_refusal.judge.settings import JudgeMode, JudgeSettings

__all__ = [
    "JUDGE_HEADER",
    "JUDGE_KINDS",
    "PROMPT_VERSION",
    "JudgeAnswer",
    "JudgeMode",
    "JudgeSettings",
    "MalformedJudgeAnswer",
    "parse",
]
