"""The judge's answer: `{"kind": ..., "reason": ...}` and nothing else; anything else is malformed."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from pytest_refusal.verdict import Kind

# What a judge may say: `blocked` is the provider's signal, never a reading of the text.
JUDGE_KINDS = (Kind.COMPLY, Kind.PARTIAL, Kind.REDIRECT, Kind.REFUSE, Kind.REFUSE_SAFETY)
MAX_REASON = 300
_CODE_FENCE = re.compile(r"\A```(?:json)?\s*\n?(?P<body>.*?)\n?```\Z", re.DOTALL)
_THINK = re.compile(r"\A\s*<think>.*?</think>", re.DOTALL)


class MalformedJudgeAnswer(ValueError):
    """A judge reply that is not the schema; the message says what is wrong (it is shown to the judge on retry)."""


@dataclass(frozen=True)
class JudgeAnswer:
    """What the judge decided: a kind and a short reason."""

    kind: Kind
    reason: str


def parse(text: str) -> JudgeAnswer:
    """Read a judge reply: one JSON object with a known `kind` and a non-empty `reason`, optionally in a code fence."""
    body = _THINK.sub("", text).strip()
    fenced = _CODE_FENCE.match(body)
    body = fenced["body"].strip() if fenced else body
    try:
        data = json.loads(body)
    except ValueError:
        raise MalformedJudgeAnswer(f"it is not a JSON object ({_preview(body)})") from None
    if not isinstance(data, dict):
        raise MalformedJudgeAnswer(f"it is JSON but not an object ({_preview(body)})")
    if set(data) != {"kind", "reason"}:
        raise MalformedJudgeAnswer(f"it has the keys {sorted(data)}; the schema has exactly kind and reason")
    valid = ", ".join(k.value for k in JUDGE_KINDS)
    if data["kind"] not in {k.value for k in JUDGE_KINDS}:
        raise MalformedJudgeAnswer(f"kind {data['kind']!r} is not one of {valid}")
    reason = data["reason"]
    if not isinstance(reason, str) or not reason.strip():
        raise MalformedJudgeAnswer("reason is not a non-empty string")
    flat = " ".join(reason.split())
    return JudgeAnswer(Kind(data["kind"]), flat[:MAX_REASON])


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat[:80] + ("…" if len(flat) > 80 else ""))
