"""The canned answers scripted servers and simulated refusals send: each kind (refuse, refuse_safety, redirect, comply) in seven languages."""

from __future__ import annotations

__all__ = ["LANGUAGES", "TEXT_KINDS", "refusal_text"]

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
