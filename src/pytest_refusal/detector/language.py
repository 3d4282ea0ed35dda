"""Language identification cheap enough to run on every response: script counts, then stop words for Latin text."""

from __future__ import annotations

import re

UNDETERMINED = "und"
_SAMPLE = 2000  # characters; enough to tell the language, keeps huge inputs cheap

_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("latin", re.compile(r"[a-zA-Z\u00c0-\u024f]")),
)

# Short, frequent function words that mark each Latin-script language; a word listed for two
# languages tells them apart no better than chance, so shared words are dropped below.
_CANDIDATE_STOP_WORDS: dict[str, str] = {
    "en": "the and is are you to of that it this with for not be can i was have will",
    "es": "el la los las que es de y en un una por para con no se del lo pero como está muy",
    "fr": "le la les des est et que un une pour pas vous je ne du dans ce qui sur avec au",
    "de": "der die das und ist nicht ich sie ein eine zu mit den von für es kann auf sich",
    "it": "il lo la gli che è di e un una per non sono con del della questo mi anche più",
    "pt": "o a os as que é de e um uma para não com do da em você isso mas muito",
}
_STOP_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(
        w for w in words.split()
        if sum(w in other.split() for other in _CANDIDATE_STOP_WORDS.values()) == 1
    )
    for lang, words in _CANDIDATE_STOP_WORDS.items()
}
_WORD = re.compile(r"[a-zà-ÿ]+")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's main language ("zh", "en", ...), or "und" when unknown."""
    sample = text[:_SAMPLE]
    counts = {name: len(pattern.findall(sample)) for name, pattern in _SCRIPTS}
    # One Han or Hangul character carries about a word; Latin letters need ~5 for one.
    counts["latin"] //= 3
    if counts["ja"] and counts["ja"] * 4 >= counts["zh"]:
        counts["ja"] += counts["zh"]
    script = max(counts, key=lambda name: counts[name])
    if counts[script] == 0:
        return UNDETERMINED
    if script != "latin":
        return script
    return _latin_language(sample.lower())


def _latin_language(sample: str) -> str:
    words = _WORD.findall(sample)
    scores = {lang: sum(1 for w in words if w in stops) for lang, stops in _STOP_WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] == 0 or (len(words) >= 4 and scores[best] * 10 < len(words)):
        return UNDETERMINED
    return best
