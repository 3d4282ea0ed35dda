"""A loopback chat API that answers each (model, prompt) with a completion object recorded elsewhere, byte for byte.

Public data sets of model answers (SpeechMap, for one) keep the chat-completion object each
API returned. Served back over HTTP, they let the plugin's own record mode write cassettes of
real answers without a key, and let anyone re-record those cassettes and get the same bytes:

    from pytest_refusal.testing.publicdata import PublicDataServer, load_answers

    with PublicDataServer(load_answers("speechmap_china_en_zh.jsonl")) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="none")
        client.chat.completions.create(model="x-ai/grok-3-beta", messages=[...])  # the recorded answer

The data file is JSON Lines; each line needs `model_id` (the model the answer was asked of),
`prompt` (the user message) and `completion` (the chat-completion object). Other fields stay
with the line, for whoever reads the labels.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_refusal import wire
from pytest_refusal.testing.server import Received, Reply, ScriptedServer

__all__ = ["PublicDataError", "PublicDataServer", "RecordedAnswer", "load_answers"]

REQUIRED = ("model_id", "prompt", "completion")


class PublicDataError(ValueError):
    """A data file the provider cannot serve; the message names the file and line."""


@dataclass(frozen=True)
class RecordedAnswer:
    """One recorded answer: what was asked of which model, and the object the API sent back."""

    model: str
    prompt: str
    body: bytes  # the completion object exactly as the data file spells it
    row: Mapping[str, Any] = field(compare=False, repr=False)  # every field of the line (labels, source)

    @property
    def completion(self) -> Any:
        return json.loads(self.body)


def load_answers(path: str | Path) -> tuple[RecordedAnswer, ...]:
    """Read a JSON Lines file of recorded answers; a malformed line is an error naming it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PublicDataError(f"cannot read the recorded answers in {path}: {exc.strerror or exc}") from None
    answers = [_answer(path, number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not answers:
        raise PublicDataError(f"{path} holds no recorded answers; expected one JSON object per line")
    return tuple(answers)


def _answer(path: Path, number: int, line: str) -> RecordedAnswer:
    where = f"{path}:{number}"
    try:
        row = json.loads(line)
    except ValueError as exc:
        raise PublicDataError(f"{where} is not JSON ({exc}); expected one JSON object per line") from None
    missing = [key for key in REQUIRED if not isinstance(row, dict) or key not in row]
    if missing:
        raise PublicDataError(f"{where} lacks {', '.join(missing)}; each line needs {', '.join(REQUIRED)}")
    if not isinstance(row["completion"], dict):
        raise PublicDataError(
            f"{where}: `completion` is {type(row['completion']).__name__}; expected the JSON object the API returned"
        )
    return RecordedAnswer(str(row["model_id"]), str(row["prompt"]), _completion_bytes(where, line, row), row)


def _completion_bytes(where: str, line: str, row: dict[str, Any]) -> bytes:
    """The completion object's own text in the line, so the server sends the bytes the file holds."""
    decoder, key = json.JSONDecoder(), '"completion"'
    start = line.find(key)
    while start != -1:  # the same key may come first inside another field's object
        value_at = line.find(":", start + len(key)) + 1
        while 0 < value_at < len(line) and line[value_at] in " \t":
            value_at += 1
        try:
            value, end = decoder.raw_decode(line, value_at) if value_at else (None, 0)
        except ValueError:
            value, end = None, 0
        if value == row["completion"]:
            return line[value_at:end].encode("utf-8")
        start = line.find(key, start + 1)
    raise PublicDataError(f"{where}: cannot find the text of `completion` in the line; write it as a plain JSON key")


class PublicDataServer(ScriptedServer):
    """The scripted server, answering each chat request with the recorded answer to its model and last user message.

    A request nobody recorded an answer to gets a 404 that names the model and prompt, and the
    models the data holds: a provider fault, never a verdict, so nothing is recorded for it.
    """

    def __init__(self, answers: Iterable[RecordedAnswer], *, port: int = 0) -> None:
        self.answers = {(a.model, a.prompt): a for a in answers}
        super().__init__(default=Reply(self._reply), port=port)

    @property
    def models(self) -> list[str]:
        return sorted({model for model, _ in self.answers})

    def _reply(self, received: Received) -> wire.WireResponse:
        if received.stream:
            return _not_served(400, "recorded answers are whole completion objects; ask without stream")
        model, prompt = received.model, _last_user_message(received.json)
        found = self.answers.get((model, prompt or ""))
        if found is None:
            return _not_served(
                404,
                (
                    f"no recorded answer of model {model!r} to {prompt!r}; "
                    f"the data holds answers of {', '.join(self.models)} to their own prompts only"
                ),
            )
        return wire.WireResponse(200, found.body)


def _last_user_message(body: Any) -> str | None:
    messages = body.get("messages") if isinstance(body, dict) else None
    for message in reversed(messages if isinstance(messages, list) else []):
        if isinstance(message, dict) and message.get("role") == "user" and isinstance(message.get("content"), str):
            return str(message["content"])
    return None


def _not_served(status: int, message: str) -> wire.WireResponse:
    return wire.error_response(status, {"message": message, "type": "not_recorded"})
