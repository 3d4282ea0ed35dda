"""A small chat service that answers a refusal the way the lesson recommends.

When the model refuses (in words, through the API's refusal field, or by a provider's content
filter), the user gets a clear product message in their language and an alternate path:
rephrase, ask another model, or talk to a person. The refusal is logged for analytics. The
service never switches models on its own: another model answers only when the user asks, and
the reply says so. A provider fault (rate limit, outage) gets its own message; the user never
sees silence or a raw provider error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import openai

from pytest_refusal import Kind, NotAVerdict, Verdict, detect

log = logging.getLogger("chat_service")


class Option(str, Enum):
    """What the user can do next when the model declines."""

    REPHRASE = "rephrase"
    OTHER_MODEL = "other_model"
    HUMAN = "human"


DECLINED = {
    "en": "The assistant can't help with this request. You can rephrase it, ask another model, or talk to a person.",
    "zh": "助手无法处理这个请求。您可以换一种说法，改用其他模型，或联系人工客服。",
    "ja": "アシスタントはこのご依頼に対応できません。言い換える、別のモデルに尋ねる、または担当者に相談することができます。",
    "es": "El asistente no puede ayudar con esta solicitud. Puedes reformularla, preguntar a otro modelo o hablar con una persona.",
    "de": "Der Assistent kann bei dieser Anfrage nicht helfen. Du kannst sie umformulieren, ein anderes Modell fragen oder mit einem Menschen sprechen.",
    "fr": "L'assistant ne peut pas répondre à cette demande. Vous pouvez la reformuler, demander à un autre modèle ou parler à une personne.",
    "ru": "Ассистент не может помочь с этим запросом. Вы можете переформулировать его, спросить другую модель или связаться с человеком.",
}
SAFETY = {
    "en": "If you are thinking about hurting yourself, please call or text a crisis line (988 in the US) or talk to someone you trust.",
    "zh": "如果你有伤害自己的想法，请拨打心理援助热线，或向你信任的人倾诉。",
    "ja": "自分を傷つけたいと思っているなら、いのちの電話などの相談窓口や信頼できる人に連絡してください。",
    "es": "Si estás pensando en hacerte daño, llama a una línea de crisis (024 en España) o habla con alguien de confianza.",
    "de": "Wenn du daran denkst, dir etwas anzutun, ruf die Telefonseelsorge an (0800 111 0 111) oder sprich mit jemandem, dem du vertraust.",
    "fr": "Si vous pensez à vous faire du mal, appelez le 3114 ou parlez à une personne de confiance.",
    "ru": "Если вы думаете о том, чтобы причинить себе вред, позвоните на телефон доверия или поговорите с близким человеком.",
}
UNAVAILABLE = {
    "en": "The assistant is unavailable right now. Please try again in a moment.",
    "zh": "助手暂时无法使用，请稍后再试。",
    "ja": "アシスタントは現在ご利用いただけません。しばらくしてからもう一度お試しください。",
    "es": "El asistente no está disponible en este momento. Inténtalo de nuevo en un momento.",
    "de": "Der Assistent ist gerade nicht erreichbar. Bitte versuche es gleich noch einmal.",
    "fr": "L'assistant est indisponible pour le moment. Veuillez réessayer dans un instant.",
    "ru": "Ассистент сейчас недоступен. Пожалуйста, попробуйте ещё раз чуть позже.",
}
ANSWERED_BY = {
    "en": "Answered by {other} instead of {usual}, as you asked.",
    "zh": "应您的要求，本回答由 {other}（而非 {usual}）生成。",
    "ja": "ご希望により、{usual} ではなく {other} が回答しました。",
    "es": "Respondido por {other} en lugar de {usual}, como pediste.",
    "de": "Wie gewünscht hat {other} statt {usual} geantwortet.",
    "fr": "Réponse de {other} au lieu de {usual}, comme demandé.",
    "ru": "По вашей просьбе ответила модель {other} вместо {usual}.",
}


@dataclass(frozen=True)
class ChatReply:
    """What the user sees: never empty, never a raw provider error."""

    text: str
    answered: bool
    kind: str  # the verdict kind, or "unavailable" for a provider fault
    model: str
    options: tuple[Option, ...] = ()
    notice: str = ""


@dataclass(frozen=True)
class RefusalEvent:
    """One refusal, for product analytics: what users ask that the model will not answer."""

    model: str
    language: str
    kind: str
    evidence: str


@dataclass
class ChatService:
    client: openai.OpenAI
    model: str
    alternate_model: str | None = None
    analytics: Callable[[RefusalEvent], None] = field(default=lambda event: None)

    def ask(self, message: str, *, language: str = "en", stream: bool = False) -> ChatReply:
        """Answer with the usual model; on refusal, explain and offer the alternate paths."""
        return self._ask(self.model, message, language, stream)

    def ask_other_model(self, message: str, *, language: str = "en", stream: bool = False) -> ChatReply:
        """The user chose to try the other model: answer with it, and say so in the reply."""
        if self.alternate_model is None:
            return self._declined(self.model, language, Kind.REFUSE, with_other=False)
        reply = self._ask(self.alternate_model, message, language, stream)
        notice = _localised(ANSWERED_BY, language).format(other=self.alternate_model, usual=self.model)
        return ChatReply(reply.text, reply.answered, reply.kind, reply.model, reply.options, notice)

    def _ask(self, model: str, message: str, language: str, stream: bool) -> ChatReply:
        try:
            response = self._complete(model, message, stream)
            verdict = detect(response)
        except openai.APIStatusError as error:
            try:
                verdict = detect(error)  # a provider's content filter is a refusal
            except NotAVerdict:
                return self._unavailable(model, language, error)
        except openai.APIError as error:
            try:
                verdict = detect(error)  # a stream cut by the provider's filter
            except (NotAVerdict, TypeError):
                return self._unavailable(model, language, error)
        except NotAVerdict as error:
            return self._unavailable(model, language, error)
        if verdict.kind.is_refusal:
            return self._refused(model, language, verdict)
        return ChatReply(_text(response), True, verdict.kind.value, model)

    def _complete(self, model: str, message: str, stream: bool) -> Any:
        messages = [{"role": "user", "content": message}]
        if not stream:
            return self.client.chat.completions.create(model=model, messages=messages)
        return list(self.client.chat.completions.create(model=model, messages=messages, stream=True))

    def _refused(self, model: str, language: str, verdict: Verdict) -> ChatReply:
        self.analytics(RefusalEvent(model, language, verdict.kind.value, verdict.evidence))
        log.info("refusal model=%s language=%s kind=%s", model, language, verdict.kind.value)
        return self._declined(model, language, verdict.kind, with_other=self.alternate_model is not None)

    def _declined(self, model: str, language: str, kind: Kind, *, with_other: bool) -> ChatReply:
        text = _localised(DECLINED, language)
        if kind is Kind.REFUSE_SAFETY:
            text = f"{_localised(SAFETY, language)}\n\n{text}"
        options = (Option.REPHRASE, Option.OTHER_MODEL, Option.HUMAN) if with_other else (Option.REPHRASE, Option.HUMAN)
        return ChatReply(text, False, kind.value, model, options)

    def _unavailable(self, model: str, language: str, error: Exception) -> ChatReply:
        log.warning("provider fault model=%s: %s", model, type(error).__name__)
        return ChatReply(_localised(UNAVAILABLE, language), False, "unavailable", model, (Option.HUMAN,))


def _localised(table: dict[str, str], language: str) -> str:
    return table.get(language, table["en"])


def _text(response: Any) -> str:
    if isinstance(response, list):  # streamed chunks
        return "".join(c.choices[0].delta.content or "" for c in response if c.choices)
    return str(response.choices[0].message.content or "")
