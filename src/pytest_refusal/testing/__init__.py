"""A scripted OpenAI-compatible server on 127.0.0.1, for testing code that must cope when a model says no.

from pytest_refusal.testing import ScriptedServer, refusal, answer

with ScriptedServer() as server:
    server.enqueue(refusal("blocked", shape="moonshot_400"))
    client = openai.OpenAI(base_url=server.base_url, api_key="test")
    ...  # your code meets a real HTTP 400 exactly as Kimi sends it
"""

from __future__ import annotations

from pytest_refusal.testing.server import (
    Received,
    Reply,
    ScriptedServer,
    answer,
    echo,
    fault,
    judge_by,
    judge_says,
    raw,
    refusal,
    reset,
)

__all__ = [
    "Received",
    "Reply",
    "ScriptedServer",
    "answer",
    "echo",
    "fault",
    "judge_by",
    "judge_says",
    "raw",
    "refusal",
    "reset",
]
