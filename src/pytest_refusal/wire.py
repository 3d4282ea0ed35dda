"""Builders for what a chat API sends back, in every refusal shape, so the test server and `simulate_refusal` agree.

Each builder returns a `WireResponse`: the status, headers and body bytes one HTTP response
would carry. Shapes follow what providers really send (OpenAI, Moonshot/Kimi, DeepSeek,
DashScope/Qwen, Azure OpenAI); texts exist in several languages so tests can cover the
language boundary. The module also reads wire bytes back (`parse_sse`, `judgeable`) so a
recorded response can be handed to the detector in the form it accepts.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, overload

if TYPE_CHECKING:
    from pytest_refusal.detector.turn import Extracted

__all__ = [
    "LANGUAGES",
    "Shape",
    "WireResponse",
    "assistant_reasoning",
    "assistant_text",
    "chat_completion",
    "chunk",
    "completion_response",
    "error_response",
    "judgeable",
    "parse_sse",
    "provider_block",
    "refusal_response",
    "refusal_text",
    "sse_body",
    "stream_response",
]

JSON = "application/json"
SSE = "text/event-stream"


@dataclass(frozen=True)
class WireResponse:
    """One HTTP response as bytes on the wire: status, headers and body (JSON, SSE or empty)."""

    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = (("content-type", JSON),)
    # Bodies of streamed responses are sent in these pieces (one SSE event each); empty means one piece.
    pieces: tuple[bytes, ...] = field(default=(), compare=False)

    @property
    def content_type(self) -> str:
        return dict(self.headers).get("content-type", "")

    def json(self) -> Any:
        return json.loads(self.body)


class Shape(str, Enum):
    """How a refusal reaches the client."""

    TEXT = "text"  # the assistant says no in plain words
    MESSAGE_REFUSAL = "message_refusal"  # OpenAI structured outputs: message.refusal set, content null
    CONTENT_FILTER = "content_filter"  # finish_reason "content_filter", content empty
    MOONSHOT_400 = "moonshot_400"  # Kimi rejects "high risk" input with HTTP 400
    DEEPSEEK_400 = "deepseek_400"  # DeepSeek: 400 "Content Exists Risk"
    DASHSCOPE_400 = "dashscope_400"  # Qwen on DashScope: 400 data_inspection_failed
    AZURE_400 = "azure_400"  # Azure OpenAI: 400 code content_filter with per-category results
    STREAM = "stream"  # a text refusal, streamed as SSE chunks
    STREAM_FILTER = "stream_filter"  # streaming starts, then the provider cuts it with a filter error

    def __str__(self) -> str:
        return self.value

    @property
    def is_block(self) -> bool:
        """True when the provider, not the model, says no (judged `blocked`)."""
        return self not in (Shape.TEXT, Shape.MESSAGE_REFUSAL, Shape.STREAM)


# Refusal phrasings per kind and language, written the way models actually phrase them.
_TEXTS: dict[str, dict[str, str]] = {
    "refuse": {
        "en": "I'm sorry, but I can't help with that.",
        "zh": "抱歉，我无法回答这个问题。",
        "ja": "申し訳ありませんが、その質問にはお答えできません。",
        "ru": "Извините, но я не могу помочь с этим.",
        "es": "Lo siento, pero no puedo ayudar con eso.",
        "de": "Es tut mir leid, aber dabei kann ich nicht helfen.",
        "fr": "Je suis désolé, mais je ne peux pas vous aider avec cela.",
    },
    "refuse_safety": {
        "en": (
            "I'm really sorry you're feeling this way, but I can't help with that. "
            "Please reach out to a crisis line such as 988 (call or text in the US), "
            "or talk to a mental health professional you trust."
        ),
        "zh": "很抱歉你正在经历这些，但我无法提供这方面的帮助。请拨打心理援助热线 400-161-9995，或向专业心理咨询师求助。",
        "ja": "つらい思いをされているのですね。申し訳ありませんが、その内容にはお答えできません。いのちの電話（0570-783-556）など専門の相談窓口にご相談ください。",
        "ru": "Мне очень жаль, что вам так тяжело, но я не могу с этим помочь. Пожалуйста, позвоните на телефон доверия 8-800-2000-122 или обратитесь к специалисту.",
        "es": "Siento mucho que te sientas así, pero no puedo ayudar con eso. Por favor, llama a una línea de crisis como el 024 o habla con un profesional de salud mental.",
        "de": "Es tut mir sehr leid, dass es dir so geht, aber dabei kann ich nicht helfen. Bitte wende dich an die Telefonseelsorge unter 0800 111 0 111 oder an eine Fachperson.",
        "fr": "Je suis vraiment désolé que vous traversiez cela, mais je ne peux pas vous aider avec cela. Veuillez appeler le 3114, numéro national de prévention du suicide, ou parler à un professionnel.",
    },
    "redirect": {
        "en": "Let's talk about something else. For questions like this, please consult official sources.",
        "zh": "这个问题建议您参考官方发布的权威信息。我们可以聊聊其他话题。",
        "ja": "その件については公式の情報源をご確認ください。別の話題についてお話ししましょう。",
        "de": "Lass uns über etwas anderes sprechen. Für solche Fragen wende dich bitte an offizielle Quellen.",
        "ru": "Давайте поговорим о чём-нибудь другом. По таким вопросам обращайтесь к официальным источникам.",
        "es": "Hablemos de otra cosa. Para preguntas como esta, consulta fuentes oficiales.",
        "fr": "Parlons d'autre chose. Pour ce type de question, veuillez consulter les sources officielles.",
    },
    "comply": {
        "en": "Sure! Here is a short answer: the knight raised his sword and the dragon fell.",
        "zh": "好的！这是一个简短的回答：骑士举起长剑，巨龙应声倒下。",
        "ja": "もちろんです！騎士が剣を掲げると、竜は倒れました。",
        "ru": "Конечно! Вот короткий ответ: рыцарь поднял меч, и дракон пал.",
        "es": "¡Claro! Aquí tienes una respuesta breve: el caballero alzó su espada y el dragón cayó.",
        "de": "Gern! Hier ist eine kurze Antwort: Der Ritter hob sein Schwert und der Drache fiel.",
        "fr": "Bien sûr ! Voici une courte réponse : le chevalier leva son épée et le dragon tomba.",
    },
}

LANGUAGES: tuple[str, ...] = tuple(_TEXTS["refuse"])
TEXT_KINDS: tuple[str, ...] = tuple(_TEXTS)


def refusal_text(kind: str, language: str = "en") -> str:
    """The canned answer of `kind` (refuse, refuse_safety, redirect, comply) in `language`."""
    if kind not in _TEXTS:
        raise ValueError(f"no canned text for kind {kind!r}; kinds with texts: {', '.join(TEXT_KINDS)}")
    by_language = _TEXTS[kind]
    if language not in by_language:
        raise ValueError(f"no canned {kind} text in language {language!r}; available: {', '.join(by_language)}")
    return by_language[language]


def chat_completion(
    text: str | None,
    *,
    model: str = "scripted",
    finish_reason: str = "stop",
    refusal: str | None = None,
) -> dict[str, Any]:
    """A chat.completion object as OpenAI-compatible APIs return it."""
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text, "refusal": refusal},
                "finish_reason": finish_reason,
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 12, "completion_tokens": 9, "total_tokens": 21},
    }


def chunk(
    *,
    model: str = "scripted",
    content: str | None = None,
    refusal: str | None = None,
    role: str | None = None,
    finish_reason: str | None = None,
) -> dict[str, Any]:
    """One chat.completion.chunk; only the delta fields given are set."""
    delta: dict[str, Any] = {}
    if role is not None:
        delta["role"] = role
    if content is not None:
        delta["content"] = content
    if refusal is not None:
        delta["refusal"] = refusal
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}],
    }


def sse_body(events: list[dict[str, Any]], *, done: bool = True) -> tuple[bytes, ...]:
    """Server-sent event pieces for `events`, ending with `data: [DONE]` unless cut short."""
    pieces = [f"data: {json.dumps(e, ensure_ascii=False)}\n\n".encode() for e in events]
    if done:
        pieces.append(b"data: [DONE]\n\n")
    return tuple(pieces)


def completion_response(
    text: str | None,
    *,
    model: str = "scripted",
    finish_reason: str = "stop",
    refusal: str | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> WireResponse:
    """A 200 JSON chat completion."""
    body = chat_completion(text, model=model, finish_reason=finish_reason, refusal=refusal)
    return WireResponse(200, _dump(body), (("content-type", JSON), *headers))


def stream_response(
    text: str,
    *,
    model: str = "scripted",
    finish_reason: str = "stop",
    refusal: bool = False,
    cut_by: dict[str, Any] | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> WireResponse:
    """A 200 SSE stream of `text` in word-sized chunks.

    `refusal=True` streams it in `delta.refusal` instead of `delta.content`; `cut_by` ends the
    stream early with that error event instead of a finish reason (a mid-stream filter).
    """
    events = [chunk(model=model, role="assistant", content="")]
    field_name = "refusal" if refusal else "content"
    for piece in _split(text):
        events.append(chunk(model=model, **{field_name: piece}))
    if cut_by is not None:
        events.append(cut_by)
    else:
        events.append(chunk(model=model, finish_reason=finish_reason))
    pieces = sse_body(events, done=cut_by is None)
    return WireResponse(200, b"".join(pieces), (("content-type", SSE), *headers), pieces)


def error_response(
    status: int,
    error: dict[str, Any],
    *,
    headers: tuple[tuple[str, str], ...] = (),
    extra: dict[str, Any] | None = None,
) -> WireResponse:
    """An error answer: `{"error": {...}}` with `status` (4xx filter blocks, 429, 5xx)."""
    body: dict[str, Any] = {"error": error, **(extra or {})}
    return WireResponse(status, _dump(body), (("content-type", JSON), *headers))


# The provider-side blocks, as each provider words them.
_BLOCKS: dict[Shape, tuple[dict[str, Any], dict[str, Any]]] = {
    Shape.MOONSHOT_400: (
        {
            "message": "The request was rejected because it was considered high risk",
            "type": "content_filter",
        },
        {},
    ),
    Shape.DEEPSEEK_400: (
        {
            "message": "Content Exists Risk",
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_request_error",
        },
        {},
    ),
    Shape.DASHSCOPE_400: (
        {
            "code": "data_inspection_failed",
            "param": None,
            "message": "Input data may contain inappropriate content.",
            "type": "data_inspection_failed",
        },
        {"id": "chatcmpl-scripted", "request_id": "00000000-0000-0000-0000-000000000000"},
    ),
    Shape.AZURE_400: (
        {
            "message": (
                "The response was filtered due to the prompt triggering Azure OpenAI's content "
                "management policy. Please modify your prompt and retry."
            ),
            "type": None,
            "param": "prompt",
            "code": "content_filter",
            "status": 400,
            "innererror": {
                "code": "ResponsibleAIPolicyViolation",
                "content_filter_result": {
                    "hate": {"filtered": False, "severity": "safe"},
                    "self_harm": {"filtered": False, "severity": "safe"},
                    "sexual": {"filtered": False, "severity": "safe"},
                    "violence": {"filtered": True, "severity": "medium"},
                },
            },
        },
        {},
    ),
}

# What a filter that cuts a running stream sends (the error event the openai SDK raises on).
STREAM_FILTER_ERROR: dict[str, Any] = {
    "error": {
        "message": "Output data may contain inappropriate content.",
        "type": "content_filter",
        "code": "content_filter",
    }
}


def provider_block(shape: Shape) -> WireResponse:
    """The 400 body a provider sends when its input filter blocks the request."""
    if shape not in _BLOCKS:
        raise ValueError(f"{shape} is not a provider 400 shape; those are: {', '.join(s.value for s in _BLOCKS)}")
    error, extra = _BLOCKS[shape]
    return error_response(400, error, extra=extra)


_KIND_SHAPES: dict[str, tuple[Shape, ...]] = {
    "refuse": (Shape.TEXT, Shape.MESSAGE_REFUSAL, Shape.STREAM),
    "refuse_safety": (Shape.TEXT, Shape.STREAM),
    "redirect": (Shape.TEXT, Shape.STREAM),
    "blocked": (
        Shape.CONTENT_FILTER,
        Shape.MOONSHOT_400,
        Shape.DEEPSEEK_400,
        Shape.DASHSCOPE_400,
        Shape.AZURE_400,
        Shape.STREAM_FILTER,
    ),
}
SIMULATED_KINDS: tuple[str, ...] = tuple(_KIND_SHAPES)


def shapes_for(kind: str) -> tuple[Shape, ...]:
    """The shapes a refusal of `kind` can take; the first is the default."""
    if kind not in _KIND_SHAPES:
        raise ValueError(f"cannot simulate kind {kind!r}; valid kinds: {', '.join(SIMULATED_KINDS)}")
    return _KIND_SHAPES[kind]


def refusal_response(
    kind: str = "refuse",
    language: str = "en",
    shape: Shape | str | None = None,
    *,
    stream: bool = False,
    model: str = "scripted",
) -> WireResponse:
    """The response a provider sends when it refuses: `kind` in `shape`, in `language`.

    `stream` is whether the client asked for SSE; every shape answers in the matching form
    (a streamed text refusal becomes plain JSON for a non-streaming client and vice versa),
    except the 400 blocks, which are JSON errors either way, as on the real APIs.
    """
    allowed = shapes_for(kind)
    chosen = allowed[0] if shape is None else _parse_shape(shape)
    if chosen not in allowed:
        raise ValueError(
            f"a {kind} refusal cannot take shape {chosen.value!r}; "
            f"shapes for {kind}: {', '.join(s.value for s in allowed)}"
        )
    if chosen in _BLOCKS:
        return provider_block(chosen)
    if chosen is Shape.CONTENT_FILTER:
        if stream:
            return stream_response("", model=model, finish_reason="content_filter")
        return completion_response("", model=model, finish_reason="content_filter")
    if chosen is Shape.STREAM_FILTER:
        # A stream that starts to answer, then is cut by the provider's output filter.
        opening = refusal_text("comply", language)[:12]
        if stream:
            return stream_response(opening, model=model, cut_by=STREAM_FILTER_ERROR)
        return completion_response(opening, model=model, finish_reason="content_filter")
    text = refusal_text("refuse" if chosen is Shape.MESSAGE_REFUSAL else kind, language)
    if chosen is Shape.MESSAGE_REFUSAL:
        if stream:
            return stream_response(text, model=model, refusal=True)
        return completion_response(None, model=model, refusal=text)
    if stream:
        return stream_response(text, model=model)
    return completion_response(text, model=model)


def _parse_shape(shape: Shape | str) -> Shape:
    try:
        return Shape(shape)
    except ValueError:
        valid = ", ".join(s.value for s in Shape)
        raise ValueError(f"unknown refusal shape {shape!r}; valid shapes: {valid}") from None


@overload
def parse_sse(body: bytes | str, *, keep_done: Literal[False] = False) -> list[dict[str, Any]]: ...


@overload
def parse_sse(body: bytes | str, *, keep_done: bool) -> list[dict[str, Any] | str]: ...


def parse_sse(body: bytes | str, *, keep_done: bool = False) -> list[dict[str, Any]] | list[dict[str, Any] | str]:
    """The JSON events of an SSE body, in order; with `keep_done`, the string ``"[DONE]"`` where it came.

    Whether a chat stream reached ``data: [DONE]`` tells a finished stream from a cut one, so
    the form handed to the detector keeps it (`judgeable`); the events alone leave it out.
    """
    from pytest_refusal.detector.sse import parse_sse as parse

    events = parse(body)
    return events if keep_done else [e for e in events if isinstance(e, dict)]


def judgeable(status: int, headers: dict[str, str], body: bytes | str) -> object:
    """Turn one recorded HTTP response into what the detector accepts.

    A 4xx/5xx becomes `(status, body)`; an SSE stream becomes its list of event dicts, with
    ``"[DONE]"`` kept where it came; a JSON response of any supported API becomes its dict, a
    JSON array of chunks (Gemini's stream without SSE) its list. A success that holds no
    answer stays `(status, body)`: an empty or cut body, invalid JSON, a shape no API sends,
    empty output with no provider signal, a stream without events, cut before its end or
    ended by an error that is not a content filter, an error body sent with a 200. The
    detector calls each of those not a verdict from the pair alone (the raw body keeps all it
    needs, ``[DONE]`` included), where judging it as prose would invent one; the cassette
    does not keep it.
    """
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    if status >= 400:
        return (status, _loads_or_text(text))
    if "event-stream" in content_type or text.lstrip().startswith(("data:", "event:")):
        events = parse_sse(text, keep_done=True)
        return events if _holds_answer(events) else (status, text)
    parsed = _loads_or_text(text)
    return parsed if isinstance(parsed, (dict, list)) and _holds_answer(parsed) else (status, parsed)


def _holds_answer(response: object) -> bool:
    """Whether the detector reads `response` as an answer or a provider's verdict, not as a fault."""
    from pytest_refusal.detector.signals import extract
    from pytest_refusal.verdict import NotAVerdict

    try:
        extract(response)
    except (NotAVerdict, TypeError, ValueError, RecursionError):
        return False
    return True


def _loads_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _split(text: str) -> list[str]:
    """Word-sized pieces (character pairs for scripts without spaces), joined back exactly."""
    if " " not in text:
        return [text[i : i + 2] for i in range(0, len(text), 2)] or [""]
    words = text.split(" ")
    return [w if i == 0 else " " + w for i, w in enumerate(words)]


def _dump(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def assistant_text(response: object) -> str:
    """The assistant's final answer in a judgeable response (its text, or the refusal), "" when it holds none.

    Reasoning is never part of it (see `assistant_reasoning`).
    """
    extracted = _extracted(response)
    return extracted.text if extracted is not None else ""


def assistant_reasoning(response: object) -> str:
    """The reasoning a judgeable response carried beside its answer (think blocks, reasoning fields), or ""."""
    extracted = _extracted(response)
    return extracted.reasoning if extracted is not None else ""


def _extracted(response: object) -> Extracted | None:
    from pytest_refusal.detector.signals import extract
    from pytest_refusal.verdict import NotAVerdict

    try:
        return extract(response)
    except (NotAVerdict, TypeError, ValueError, RecursionError):
        return None


# --- the other model APIs: OpenAI Responses, Anthropic Messages, Gemini -----------------------------
# Each API answers in its own format; `api_refusal` and `api_answer` pick the builder for the path asked.


def responses_object(
    text: str | None,
    *,
    model: str = "scripted",
    refusal: str | None = None,
    incomplete_reason: str | None = None,
) -> dict[str, Any]:
    """An OpenAI Responses `response` object: one assistant message with an `output_text` (or `refusal`) part.

    `incomplete_reason` makes it `status: incomplete` with that `incomplete_details.reason`
    (`content_filter` when the provider's filter stopped it, `max_output_tokens` when cut short).
    """
    parts: list[dict[str, Any]] = []
    if refusal is not None:
        parts.append({"type": "refusal", "refusal": refusal})
    elif text:
        parts.append({"type": "output_text", "text": text, "annotations": []})
    status = "incomplete" if incomplete_reason else "completed"
    output = [{"id": "msg_scripted", "type": "message", "role": "assistant", "status": status, "content": parts}]
    return {
        "id": "resp_scripted",
        "object": "response",
        "created_at": int(time.time()),
        "status": status,
        "error": None,
        "incomplete_details": {"reason": incomplete_reason} if incomplete_reason else None,
        "model": model,
        "output": output if parts else [],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": {
            "input_tokens": 12, "output_tokens": 9, "total_tokens": 21,
            "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0},
        },
    }


def responses_response(
    text: str | None, *, model: str = "scripted", refusal: str | None = None, incomplete_reason: str | None = None
) -> WireResponse:
    """A 200 JSON Responses object."""
    body = responses_object(text, model=model, refusal=refusal, incomplete_reason=incomplete_reason)
    return WireResponse(200, _dump(body))


def responses_stream(
    text: str,
    *,
    model: str = "scripted",
    refusal: bool = False,
    incomplete_reason: str | None = None,
    cut_by: dict[str, Any] | None = None,
) -> WireResponse:
    """A 200 SSE stream of Responses events, as the openai SDK's `responses.create(stream=True)` reads them.

    `text` arrives in `response.output_text.delta` events (`response.refusal.delta` with
    `refusal=True`); the stream ends with `response.completed`, or `response.incomplete` with
    `incomplete_reason`, or the `cut_by` event (an `error` event) instead of either.
    """
    final = responses_object(
        None if refusal else text, model=model, refusal=text if refusal else None, incomplete_reason=incomplete_reason
    )
    started = {**final, "status": "in_progress", "output": [], "incomplete_details": None, "usage": None}
    item = {"id": "msg_scripted", "type": "message", "role": "assistant", "status": "in_progress", "content": []}
    kind = "refusal" if refusal else "output_text"
    empty_part = {"type": "refusal", "refusal": ""} if refusal else {"type": "output_text", "text": "", "annotations": []}
    where = {"item_id": "msg_scripted", "output_index": 0, "content_index": 0}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": started},
        {"type": "response.in_progress", "response": started},
        {"type": "response.output_item.added", "output_index": 0, "item": item},
        {"type": "response.content_part.added", **where, "part": empty_part},
    ]
    events += [{"type": f"response.{kind}.delta", **where, "delta": piece} for piece in _split(text) if piece]
    if cut_by is not None:
        events.append(cut_by)
    else:
        done_part = final["output"][0]["content"][0] if final["output"] else empty_part
        done = {"type": f"response.{kind}.done", **where, ("refusal" if refusal else "text"): text}
        events += [
            done,
            {"type": "response.content_part.done", **where, "part": done_part},
            {"type": "response.output_item.done", "output_index": 0, "item": {**item, "status": final["status"],
                                                                              "content": [done_part]}},
            {"type": "response.incomplete" if incomplete_reason else "response.completed", "response": final},
        ]
    return _named_events([{**e, "sequence_number": n} for n, e in enumerate(events)])


# What the Responses API streams when a filter stops a running answer.
RESPONSES_STREAM_ERROR: dict[str, Any] = {
    "type": "error",
    "code": "content_filter",
    "message": "Output data may contain inappropriate content.",
    "param": None,
}


def messages_object(text: str, *, model: str = "scripted", stop_reason: str = "end_turn") -> dict[str, Any]:
    """An Anthropic Messages `message`: one text block (none when `text` is empty), with its `stop_reason`.

    Claude's safety classifiers stop an answer with `stop_reason: "refusal"`.
    """
    return {
        "id": "msg_scripted",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": text}] if text else [],
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": 12, "output_tokens": 9},
    }


def messages_response(text: str, *, model: str = "scripted", stop_reason: str = "end_turn") -> WireResponse:
    """A 200 JSON Anthropic message."""
    return WireResponse(200, _dump(messages_object(text, model=model, stop_reason=stop_reason)))


def messages_stream(
    text: str, *, model: str = "scripted", stop_reason: str = "end_turn", cut_by: dict[str, Any] | None = None
) -> WireResponse:
    """A 200 SSE stream of Anthropic events (`message_start` … `content_block_delta` … `message_stop`).

    `cut_by` (e.g. `messages_error_body("overloaded_error", ...)`) replaces the closing events:
    an `error` event in the middle of the stream, as Anthropic sends one.
    """
    start = {**messages_object("", model=model), "stop_reason": None, "usage": {"input_tokens": 12, "output_tokens": 1}}
    events: list[dict[str, Any]] = [
        {"type": "message_start", "message": start},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "ping"},
    ]
    events += [
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": piece}}
        for piece in _split(text)
        if piece
    ]
    if cut_by is not None:
        events.append(cut_by)
    else:
        events += [
            {"type": "content_block_stop", "index": 0},
            {"type": "message_delta", "delta": {"stop_reason": stop_reason, "stop_sequence": None},
             "usage": {"output_tokens": 9}},
            {"type": "message_stop"},
        ]
    return _named_events(events)


def messages_error_body(error_type: str, message: str) -> dict[str, Any]:
    """Anthropic's native error body (also the `error` event of a stream): `{"type": "error", "error": {...}}`."""
    return {"type": "error", "error": {"type": error_type, "message": message}}


def messages_error(status: int, error_type: str, message: str) -> WireResponse:
    """An Anthropic error answer: 400 `invalid_request_error`, 429 `rate_limit_error`, 529 `overloaded_error`..."""
    return WireResponse(status, _dump(messages_error_body(error_type, message)))


_GEMINI_RATINGS = [
    {"category": c, "probability": "NEGLIGIBLE"}
    for c in ("HARM_CATEGORY_HATE_SPEECH", "HARM_CATEGORY_DANGEROUS_CONTENT", "HARM_CATEGORY_HARASSMENT",
              "HARM_CATEGORY_SEXUALLY_EXPLICIT")
]
_GEMINI_BLOCKED_RATINGS = [{"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": True}]


def gemini_object(
    text: str,
    *,
    model: str = "scripted",
    finish_reason: str | None = "STOP",
    block_reason: str | None = None,
) -> dict[str, Any]:
    """A Gemini `GenerateContentResponse`: one candidate with `text` and its `finishReason`.

    `finish_reason` SAFETY, PROHIBITED_CONTENT or BLOCKLIST is the provider stopping the answer;
    `block_reason` (SAFETY, OTHER...) blocks the prompt itself: no candidates, only `promptFeedback`.
    `finish_reason=None` is a chunk in the middle of a stream.
    """
    usage = {"promptTokenCount": 12, "candidatesTokenCount": 9, "totalTokenCount": 21}
    if block_reason is not None:
        return {"promptFeedback": {"blockReason": block_reason, "safetyRatings": _GEMINI_BLOCKED_RATINGS},
                "usageMetadata": usage, "modelVersion": model}
    candidate: dict[str, Any] = {"content": {"parts": [{"text": text}] if text else [], "role": "model"}, "index": 0}
    if finish_reason is not None:
        candidate["finishReason"] = finish_reason
        candidate["safetyRatings"] = _GEMINI_RATINGS if finish_reason == "STOP" else _GEMINI_BLOCKED_RATINGS
    return {"candidates": [candidate], "usageMetadata": usage, "modelVersion": model}


def gemini_response(
    text: str, *, model: str = "scripted", finish_reason: str = "STOP", block_reason: str | None = None
) -> WireResponse:
    """A 200 JSON answer of `generateContent`."""
    return WireResponse(200, _dump(gemini_object(text, model=model, finish_reason=finish_reason,
                                                 block_reason=block_reason)))


def gemini_stream(text: str, *, model: str = "scripted", finish_reason: str = "STOP", sse: bool = True) -> WireResponse:
    """A 200 answer of `streamGenerateContent`: one chunk per word, the last with `finishReason`.

    With `alt=sse` (what Google's SDKs ask for, `sse=True`) each chunk is one `data:` event;
    without it the chunks arrive as one JSON array, written piece by piece.
    """
    chunks = [gemini_object(piece, model=model, finish_reason=None) for piece in _split(text) if piece]
    chunks.append(gemini_object("", model=model, finish_reason=finish_reason))
    if sse:
        pieces = tuple(f"data: {json.dumps(c, ensure_ascii=False)}\r\n\r\n".encode() for c in chunks)
        return WireResponse(200, b"".join(pieces), (("content-type", SSE),), pieces)
    dumped = [_dump(c) for c in chunks]
    pieces = tuple((b"[" if i == 0 else b",\r\n") + d for i, d in enumerate(dumped)) + (b"]",)
    return WireResponse(200, b"".join(pieces), (("content-type", JSON),), pieces)


def _named_events(events: list[dict[str, Any]]) -> WireResponse:
    """SSE with an `event:` line naming each event's type, as the Responses and Anthropic APIs send them."""
    pieces = tuple(f"event: {e['type']}\ndata: {json.dumps(e, ensure_ascii=False)}\n\n".encode() for e in events)
    return WireResponse(200, b"".join(pieces), (("content-type", SSE),), pieces)


def api_answer(api: str, text: str, *, stream: bool = False, sse: bool = True, model: str = "scripted") -> WireResponse:
    """A plain answer of `text` in the format of `api` (`chat`, `responses`, `messages`, `gemini`)."""
    if api == "responses":
        return responses_stream(text, model=model) if stream else responses_response(text, model=model)
    if api == "messages":
        return messages_stream(text, model=model) if stream else messages_response(text, model=model)
    if api == "gemini":
        return gemini_stream(text, model=model, sse=sse) if stream else gemini_response(text, model=model)
    return stream_response(text, model=model) if stream else completion_response(text, model=model)


def api_refusal(
    api: str,
    kind: str = "refuse",
    language: str = "en",
    shape: Shape | str | None = None,
    *,
    stream: bool = False,
    sse: bool = True,
    model: str = "scripted",
) -> WireResponse:
    """What `refusal_response` sends, in the format of `api`: each shape as that API expresses it.

    text and stream: the words in the API's text fields; message_refusal: a Responses `refusal`
    part (plain words elsewhere); content_filter: Responses `incomplete` with reason
    content_filter, Anthropic `stop_reason: "refusal"`, Gemini `finishReason: SAFETY`;
    stream_filter: the answer starts, then the filter stops it. The providers' 400 blocks are
    the same JSON errors whichever path was asked.
    """
    if api == "chat":
        return refusal_response(kind, language, shape, stream=stream, model=model)
    allowed = shapes_for(kind)
    chosen = allowed[0] if shape is None else _parse_shape(shape)
    if chosen not in allowed:
        raise ValueError(
            f"a {kind} refusal cannot take shape {chosen.value!r}; "
            f"shapes for {kind}: {', '.join(s.value for s in allowed)}"
        )
    if chosen in _BLOCKS:
        return provider_block(chosen)
    if chosen in (Shape.CONTENT_FILTER, Shape.STREAM_FILTER):
        opening = refusal_text("comply", language)[:12] if chosen is Shape.STREAM_FILTER else ""
        return _filtered(api, opening, stream=stream, sse=sse, model=model)
    text = refusal_text("refuse" if chosen is Shape.MESSAGE_REFUSAL else kind, language)
    if chosen is Shape.MESSAGE_REFUSAL and api == "responses":
        if stream:
            return responses_stream(text, model=model, refusal=True)
        return responses_response(None, model=model, refusal=text)
    return api_answer(api, text, stream=stream, sse=sse, model=model)


def _filtered(api: str, opening: str, *, stream: bool, sse: bool, model: str) -> WireResponse:
    """The provider's filter stopping an answer after `opening` (nothing, for a block before the first word)."""
    if api == "responses":
        if stream and opening:
            return responses_stream(opening, model=model, cut_by=RESPONSES_STREAM_ERROR)
        if stream:
            return responses_stream("", model=model, incomplete_reason="content_filter")
        return responses_response(opening, model=model, incomplete_reason="content_filter")
    if api == "messages":
        if stream:
            return messages_stream(opening, model=model, stop_reason="refusal")
        return messages_response(opening, model=model, stop_reason="refusal")
    if api == "gemini":
        if stream:
            return gemini_stream(opening, model=model, finish_reason="SAFETY", sse=sse)
        return gemini_response(opening, model=model, finish_reason="SAFETY")
    raise ValueError(f"unknown api {api!r}; valid: chat, responses, messages, gemini")
