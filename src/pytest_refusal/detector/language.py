"""Language identification cheap enough to run on every response: script counts, then stop words for Latin text."""

from __future__ import annotations

import re

UNDETERMINED = "und"
_SAMPLE = 600  # characters; enough to tell the language, keeps every call cheap

_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
)
_ASCII = re.compile(r"[\x00-\x7f]+")
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
_WORD = re.compile(r"[a-zà-ÿ]+")
_MAX_WORDS = 50
_LATIN_SAMPLE = 300  # stop words are dense: a few sentences decide

# Short, frequent function words of each Latin-script language. A word listed for several
# languages counts as a fraction of a vote for each.
_STOP_WORDS: dict[str, str] = {
    "en": "the and is are you to of that it this with for not be can i was have will",
    "es": "el la los las que es de y en un una por para con no se del lo pero como está muy",
    "fr": "le la les des est et que un une pour pas vous je ne du dans ce qui sur avec au",
    "de": "der die das und ist nicht ich sie ein eine zu mit den von für es kann auf sich",
    "it": "il lo la gli che è di e un una per non sono con del della questo mi anche più",
    "pt": "o a os as que é de e um uma para não com do da em você isso mas muito",
}
_VOTES: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOP_WORDS.items():
    for _word in _words.split():
        _VOTES[_word] = (*_VOTES.get(_word, ()), _lang)
# Letters that only some of these languages use.
_MARKS: dict[str, str] = {"es": "ñ¿¡íóá", "pt": "ãõçíóá", "de": "äöüß", "fr": "êâîûœëç", "it": "ìò"}


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's main language ("zh", "en", ...), or "und" when unknown."""
    sample = text[:_SAMPLE]
    if not sample.isascii():
        script = _main_script(sample)
        if script:
            return script
    return _latin_language(sample[:_LATIN_SAMPLE].lower())


def _main_script(sample: str) -> str:
    """The non-Latin script that dominates the sample, or "" when Latin letters do."""
    others = _ASCII.sub("", sample)
    counts = {name: len(pattern.findall(others)) for name, pattern in _SCRIPTS}
    if counts["ja"] and counts["ja"] * 4 >= counts["zh"]:
        counts["ja"] += counts["zh"]  # Japanese mixes kana with Han characters
    script = max(counts, key=lambda name: counts[name])
    # One Han or Hangul character carries about a word; Latin text needs ~3 letters per such unit.
    latin = len(_LATIN.findall(sample)) // 3
    return script if counts[script] > latin else ""


def _latin_language(sample: str) -> str:
    words = _WORD.findall(sample)[:_MAX_WORDS]
    scores = dict.fromkeys(_STOP_WORDS, 0.0)
    for word in words:
        voters = _VOTES.get(word, ())
        for lang in voters:
            scores[lang] += 1 / len(voters)
    if not sample.isascii():
        for lang, marks in _MARKS.items():
            scores[lang] += sum(sample.count(mark) for mark in marks)
    ranked = sorted(scores, key=lambda lang: scores[lang], reverse=True)
    best, runner_up = scores[ranked[0]], scores[ranked[1]]
    if best <= runner_up or (len(words) >= 8 and best * 12 < len(words)):
        return UNDETERMINED
    return ranked[0]
