"""Language identification cheap enough to run on every response: scripts and their telling letters, then stop words.

A packaged identifier (py3langid) was measured on the labelled responses and rejected: no more
accurate on them, about 25 times slower per call, and seconds of start-up with numpy. Instead
each script is told apart by the letters only some of its languages use (Persian and Urdu
from Arabic, Ukrainian from Russian), and Latin text by short function words and diacritics,
with enough languages in the table that one without a cue table (Finnish, Turkish,
Vietnamese...) is named for what it is instead of being forced into the nearest one.
"""

from __future__ import annotations

import math
import struct
from collections import defaultdict
from itertools import chain

from pytest_refusal.detector.lazypatterns import Patterns

UNDETERMINED = "und"
_SAMPLE = 600  # characters; enough to tell the language, keeps every call cheap

# Scripts by the code of their main language; ranges are those of the Unicode blocks.
_SCRIPT_RANGES: tuple[tuple[str, str], ...] = (
    ("ja", "\u3040-\u30ff"),
    ("ko", "\uac00-\ud7af\u1100-\u11ff"),
    ("zh", "\u4e00-\u9fff\u3400-\u4dbf"),
    ("ar", "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"),
    ("hi", "\u0900-\u097f"),
    ("ru", "\u0400-\u04ff"),
    ("th", "\u0e00-\u0e7f"),
    ("he", "\u0590-\u05ff"),
    ("el", "\u0370-\u03ff\u1f00-\u1fff"),
    ("bn", "\u0980-\u09ff"),
    ("ta", "\u0b80-\u0bff"),
    ("ka", "\u10a0-\u10ff"),
    ("hy", "\u0530-\u058f"),
)
# Only text that is not ASCII needs a regex here: each is compiled the first time it is used.
_RE = Patterns(
    **{f"script_{name}": f"[{ranges}]+" for name, ranges in _SCRIPT_RANGES},
    rare_scripts="[" + "".join(ranges for _, ranges in _SCRIPT_RANGES[6:]) + "]",
    # Within Arabic script: letters Persian and Urdu use where Arabic writes others (Persian keheh
    # and yeh, pe, che, zhe, gaf), letters only Urdu has, and letters Persian and Urdu avoid.
    persian_letters="[\u06a9\u06cc\u067e\u0686\u0698\u06af]",
    urdu_letters="[\u0679\u0688\u0691\u06ba\u06d2\u06c1\u06be]",
    arabic_letters="[\u064a\u0643\u0629\u0649\u0623\u0625]",
    # Persian typed with Arabic yeh and kaf still shows its function words and the zero-width
    # non-joiner (می‌, ‌ها); Arabic shows its own.
    persian_words="\u200c|(?<!\\w)(?:را|است|این|اين|که|كه|برای|براي|هستند|می|مي|نمی|نمي|شما|ما|من|آن|از|با)(?!\\w)",
    arabic_words="(?<!\\w)(?:في|على|إلى|أن|هذا|هذه|التي|الذي|لكن|ليس|هو|هي|ما|من|لا)(?!\\w)",
    # Within Cyrillic: Ukrainian і ї є ґ against Russian ы э ё ъ; Serbian and Macedonian letters;
    # Kazakh letters.
    ukrainian_letters="[іїєґ]",
    russian_letters="[ыэёъ]",
    serbian_letters="[јљњђћџѓќ]",
    kazakh_letters="[әғқңөұүһ]",
    # Function words that differ between the two, for replies too short to show a telling letter.
    ukrainian_words=r"(?<!\w)(?:але|що|це|цим|цього|цей|та|й|мені|щоб|якщо|або|тому|дуже|можу)(?!\w)",
    russian_words=r"(?<!\w)(?:но|что|это|этим|этого|этот|и|мне|чтобы|если|или|поэтому|очень|могу)(?!\w)",
    ascii=r"[\x00-\x7f]+",
    latin=r"[a-zA-Z\u00c0-\u024f\u1e00-\u1eff]+",
    word=r"[a-z\u00c0-\u024f\u1e00-\u1eff]+",
    # Latin letters with a tone mark: Vietnamese alone writes them.
    vietnamese_tones="[\u1ea0-\u1ef9]",
)
_MAX_WORDS = 50
_LATIN_SAMPLE = 300  # stop words are dense: a few sentences decide

# Short, frequent function words of each Latin-script language ("hi" is Hindi written in Latin
# letters, as models answer a romanised prompt). A word listed for several languages counts as
# a fraction of a vote for each. English wins a tie (models answer in English most).
_STOP_WORDS: dict[str, str] = {
    "en": "the and is are you to of that it this with for not be can i was have will a an in on or as do "
    "does don if what your my me we they there but no yes so would should could about from by at sorry",
    "es": "el la los las que es de y en un una por para con no se del lo pero como está muy su al más "
    "puede esto este esta también sí hay son usted a",
    "pt": "o os as que é de e um uma para não com do da em você isso mas muito se no na dos das pode "
    "ser ao seu sua também sim há são está a desculpe",
    "fr": "le la les des est et que un une pour pas vous je ne du dans ce qui sur avec au il elle sont "
    "peut cette mais ou c n",
    "de": "der die das und ist nicht ich sie ein eine zu mit den von für es kann auf sich dem des sind "
    "wird auch oder aber wenn dass nur",
    "it": "il lo la gli che è di e un una per non sono con del della questo mi anche più può essere ma "
    "come se al nel ti a",
    "nl": "de het een en van is dat niet ik je in op te zijn met voor die er maar kan dit wat ook als bij "
    "u geen wordt om nee",
    "pl": "i w nie to na się jest z że do jak ale o co tak mogę czy są jestem ten ta dla lub przez może też już",
    "tr": "ve bir bu da de ne için ile değil mi ben sen çok daha gibi ama olarak olan var yok veya ki "
    "bunu size hayır evet",
    "vi": "không là của và tôi có được này cho những một các với người bạn trong để đó thể khi về cũng như làm",
    "id": "yang dan di ini itu tidak saya untuk dengan dari ke ada bisa akan atau anda dalam juga karena "
    "tersebut adalah kami kita apa",
    "fi": "ja on ei se että en ole voi mutta tai kuin ovat tämä mitä minä sinä hän joka myös tätä kanssa "
    "jos niin vain kyllä",
    "sv": "och är att det som en på för med inte jag du har av den till kan om men så eller nej",
    "da": "og er at det som en på for med ikke jeg du har af den til kan om men så eller",
    "cs": "a je to v se na že s z do jsem jak ale o tak není mohu by pro být ano nebo jsou jste také který",
    "ro": "și în este de la că nu un o pe cu pentru care sunt mai ce se fi sau",
    "hu": "a az és hogy nem is egy van ez de meg csak vagy már mint nincs",
    "hi": "hai nahi nahin main mein kya aap ke ki ko se hain yeh ye kar sakta sakti hoon mujhe aapko "
    "kuch bhi aur nhi ka",
    "tl": "ang ng mga sa na ay hindi ako ko ito at para mo",
    "sw": "na ya wa kwa ni la katika hii kuwa za hiyo",
    # Neighbours of languages with a cue table, listed so that they are not read with it: Croatian
    # and Serbian in Latin letters (beside Polish and Czech), Slovak (Czech), Estonian (Finnish),
    # Catalan (Spanish), Afrikaans (Dutch), Latvian and Lithuanian.
    "hr": "je i u da se na za su od ne to sam kao ali što koji ili biti mogu vam",
    "sk": "a je to v sa na že s z do som ako ale o tak nie môžem by pre byť alebo sú ste aj ktorý",
    "et": "see et ma sa kui aga või ka nii oma mis kes seda ning mitte olen",  # not Finnish's ja, on, ei
    # Catalan's words shared with Spanish (el, la, de, que, no...) would only dilute Spanish.
    "ca": "i amb és els però més això aquest aquesta per pel molt també puc",
    "af": "die en is ek nie van dit het in te wat vir jy met op kan",
    "lv": "ir un ar par kas uz bet vai ka es jūs to",
    "lt": "ir yra kad bet ar tai su iš ne kaip aš jūs",
}
_VOTES: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOP_WORDS.items():
    for _word in _words.split():
        if _lang not in _VOTES.get(_word, ()):
            _VOTES[_word] = (*_VOTES.get(_word, ()), _lang)
# Letters that only some of these languages use; one shared by several splits its vote.
_MARKS: dict[str, str] = {
    "es": "ñ¿¡",
    "pt": "ãõç",
    "fr": "êâîûœëèàùç",
    "de": "äöüß",
    "it": "ìò",
    "pl": "ąęłńśźżć",
    "tr": "şğıçöü",
    "vi": "ươđăêâô",
    "cs": "ěřůčšžýň",
    "sk": "ľĺŕôäčšžň",
    "hr": "čćšžđ",
    "et": "õü",
    "ca": "ç·",
    "lv": "āēīūķļņģšž",
    "lt": "ėįųūčšž",
    "ro": "șțşţăâî",
    "hu": "őűöü",
    "fi": "äö",
    "sv": "åäö",
    "da": "åøæ",
}
_MARK_VOTES: dict[str, tuple[str, ...]] = {}
for _lang, _letters in _MARKS.items():
    for _letter in _letters:
        _MARK_VOTES[_letter] = (*_MARK_VOTES.get(_letter, ()), _lang)
_SHARES = {word: tuple((lang, 1 / len(voters)) for lang in voters) for word, voters in _VOTES.items()}
# ASCII text is split as bytes: every byte that is no lowercase letter becomes a space, so `split`
# yields the words (the same as _WORD finds), and the stop words are looked up as bytes.
_ASCII_WORDS = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
_ASCII_SHARES = {word.encode(): shares for word, shares in _SHARES.items() if word.isascii()}
# The same votes in exact whole units, all languages at once: each ASCII stop word is one integer
# holding, in a 16-bit field per language, its share times the common denominator of all shares
# (50 words of at most 840 units each fit in a field).
# Summing a reply's words is then one C loop; see `_ascii_language`.
_LANGUAGES = tuple(_STOP_WORDS)
_UNIT = math.lcm(*(len(voters) for voters in _VOTES.values()))
_ASCII_VECTORS = {
    word.encode(): sum((_UNIT // len(voters)) << (16 * _LANGUAGES.index(lang)) for lang in voters)
    for word, voters in _VOTES.items()
    if word.isascii()
}
_FIELDS = struct.Struct(f"<{len(_LANGUAGES)}H")
assert _MAX_WORDS * _UNIT < 1 << 16, "a language's field would overflow into the next"


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's main language ("zh", "en", "fa", ...), or "und" when unknown."""
    sample = text[:_SAMPLE]
    if not sample.isascii():
        script = _main_script(sample)
        if script:
            return script
    return _latin_language(sample[:_LATIN_SAMPLE].lower())


def _main_script(sample: str) -> str:
    """The non-Latin script that dominates the sample, or "" when Latin letters do."""
    others = _RE.ascii.sub("", sample)
    # The scripts after the first six are rare in replies: one search tells whether to count them.
    scripts = _SCRIPT_RANGES if _RE.rare_scripts.search(others) else _SCRIPT_RANGES[:6]
    # Letters are counted by runs: a run of Han characters is one string, not one per character.
    counts = {name: sum(map(len, getattr(_RE, f"script_{name}").findall(others))) for name, _ in scripts}
    if counts["ja"] and counts["ja"] * 4 >= counts["zh"]:
        counts["ja"] += counts["zh"]  # Japanese mixes kana with Han characters
    script = max(counts, key=lambda name: counts[name])
    # One Han or Hangul character carries about a word; Latin text needs ~3 letters per such unit.
    latin = sum(map(len, _RE.latin.findall(sample))) // 3
    if counts[script] <= latin:
        return ""
    if script == "ar":
        return _arabic_script_language(sample)
    if script == "ru":
        return _cyrillic_language(sample.lower())
    return script


def _arabic_script_language(text: str) -> str:
    """Arabic, Persian or Urdu, by the letters each writes and the others do not."""
    urdu = len(_RE.urdu_letters.findall(text))
    persian = len(_RE.persian_letters.findall(text)) + len(_RE.persian_words.findall(text))
    arabic = len(_RE.arabic_letters.findall(text)) + len(_RE.arabic_words.findall(text))
    if urdu >= 2 and urdu > arabic:
        return "ur"
    return "fa" if persian > arabic else "ar"


def _cyrillic_language(text: str) -> str:
    """Russian, Ukrainian, Serbian or Kazakh, by their own letters; Russian when none tells."""
    if len(_RE.serbian_letters.findall(text)) >= 2:
        return "sr"
    if len(_RE.kazakh_letters.findall(text)) >= 2:
        return "kk"
    ukrainian = len(_RE.ukrainian_letters.findall(text)) + len(_RE.ukrainian_words.findall(text))
    russian = len(_RE.russian_letters.findall(text)) + len(_RE.russian_words.findall(text))
    return "uk" if ukrainian > russian else "ru"


def _latin_language(sample: str) -> str:
    ascii_only = sample.isascii()
    if ascii_only:
        words: list[bytes] | list[str] = sample.encode().translate(_ASCII_WORDS).split()[:_MAX_WORDS]
        decided = _ascii_language(words)  # type: ignore[arg-type]
        if decided is not None:
            return decided
        table: dict[bytes, tuple[tuple[str, float], ...]] | dict[str, tuple[tuple[str, float], ...]] = _ASCII_SHARES
    else:
        words, table = _RE.word.findall(sample)[:_MAX_WORDS], _SHARES
    scores: defaultdict[str, float] = defaultdict(float)
    # Only the stop words, in their order (votes are summed in the same order every time).
    for lang, share in chain.from_iterable(filter(None, map(table.get, words))):  # type: ignore[arg-type]
        scores[lang] += share
    if not ascii_only:
        for letter in _RE.ascii.sub("", sample):  # a handful of letters, not the whole sample
            _vote(scores, _MARK_VOTES.get(letter, ()))
        tones = len(_RE.vietnamese_tones.findall(sample))
        if tones:
            scores["vi"] += tones
    if not scores:
        return UNDETERMINED
    # Only the languages that got a vote are ranked; English wins a tie.
    winner = max(scores, key=scores.__getitem__)
    best = scores[winner]
    if len(words) >= 8 and best * 12 < len(words):
        return UNDETERMINED
    tied = [lang for lang, score in scores.items() if score == best]
    if len(tied) > 1:
        return "en" if "en" in tied else UNDETERMINED
    return winner


def _ascii_language(words: list[bytes]) -> str | None:
    """The stop-word vote of an ASCII sample in exact units, or None when it is too close to call that way.

    Float shares summed in word order and exact units rank the languages alike unless two scores
    are exactly equal (a tie, or a score at the 1-in-12 threshold), where float rounding may or
    may not split them; those few samples are left to the float vote, so the result is always its.
    """
    total = sum(filter(None, map(_ASCII_VECTORS.get, words)))
    if not total:
        return UNDETERMINED
    units = _FIELDS.unpack(total.to_bytes(_FIELDS.size, "little"))
    best = max(units)
    threshold = len(words) * _UNIT
    if units.count(best) > 1 or best * 12 == threshold:
        return None
    if len(words) >= 8 and best * 12 < threshold:
        return UNDETERMINED
    return _LANGUAGES[units.index(best)]


def _vote(scores: defaultdict[str, float], voters: tuple[str, ...]) -> None:
    """One vote, shared among the languages that use the word or letter."""
    for lang in voters:
        scores[lang] += 1 / len(voters)
