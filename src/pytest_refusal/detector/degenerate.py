"""Degenerate output: a reply that collapses into noise is not a compliant answer.

Sampling sometimes breaks down mid-reply: letters of unrelated writing systems glued together
inside one word ("widthкор", "loopเก"), or the chat template's own special tokens leaking
into the text. Such a reply carries no refusal phrase, yet it does not answer either, so
reading it as `comply` would overstate what the model did.

The signals are about form, never about words, so they hold in every language:

- mixed scripts: letters of two writing systems touching with no space or punctuation between
  them, where no living orthography joins them, at several places, in a reply that shows at
  least four writing systems and letters of one that is neither its own nor Latin, Greek or
  Han/kana/Hangul. Normal pairings are left alone: Han with kana (Japanese), Han with Hangul
  (Korean hanja), Latin with Han, kana or Hangul (names and acronyms inside unspaced text:
  "用AI翻译"), Greek with Latin or Han (units and symbols: "5μg", "α-helix", "α螺旋"). A list of
  translations shows many scripts but keeps each word whole, so it never glues them;
- leaked chat-template tokens: `<|...|>` markers outside code.

A loop (one phrase repeated until the reply is cut off) is left out: a line written out many
times on request looks the same, and the plugin's own tests treat a long repeated answer as an
answer.

Like the rest of the detector it reads only the bounded prefix and suffix it is given. Almost
every reply is settled by one scan for letters of an uncommon script; only text that has them
walks its runs of letters foreign to the main script, so the cost stays linear and bounded.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from itertools import pairwise

__all__ = ["degeneration"]

# Writing systems as character ranges (letters and the marks that belong to them).
_SCRIPTS: dict[str, str] = {
    "latin": "A-Za-z\u00c0-\u024f\u1e00-\u1eff",
    "greek": "\u0370-\u03ff\u1f00-\u1fff\u00b5",
    "cyrillic": "\u0400-\u052f",
    "armenian": "\u0531-\u058f",
    "hebrew": "\u0591-\u05f4",
    "arabic": "\u0600-\u06ff\u0750-\u077f",
    "indic": "\u0900-\u0dff",  # Devanagari through Sinhala
    "thai_lao": "\u0e00-\u0eff",
    "tibetan": "\u0f00-\u0fff",
    "myanmar": "\u1000-\u109f",
    "georgian": "\u10a0-\u10ff",
    "ethiopic": "\u1200-\u137f",
    "khmer": "\u1780-\u17ff",
    # Han, kana and Hangul: one family, since Japanese and Korean mix them within words.
    "cjk": "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff",
}
# Scripts that real orthographies join inside a word: Latin names in unspaced text ("用AI翻译"),
# Greek symbols beside Latin or Han ("5μg", "α螺旋").
_JOINED = {frozenset(("latin", "cjk")), frozenset(("latin", "greek")), frozenset(("greek", "cjk"))}
_JOINED_PAIRS = {(a, b) for pair in _JOINED for a in pair for b in pair}
_FREE = ("latin", "greek", "cjk")  # pairwise joined: a glued pair always involves another script
# The script a reply's language is written in; any other language is taken to be in Latin script.
_LANGUAGE_SCRIPTS = {
    "zh": "cjk",
    "ja": "cjk",
    "ko": "cjk",
    "ru": "cyrillic",
    "ar": "arabic",
    "hi": "indic",
    "fa": "arabic",
    "ur": "arabic",
    "uk": "cyrillic",
    "sr": "cyrillic",
    "kk": "cyrillic",
    "th": "thai_lao",
    "he": "hebrew",
    "el": "greek",
    "hy": "armenian",
    "ka": "georgian",
    "bn": "indic",
    "ta": "indic",
}

_MIN_GLUED = 3  # places where unrelated scripts touch
_MIN_SCRIPTS = 4  # writing systems seen in the text read
_GLUE_GAP = 4  # touching points closer than this are one intrusion ("a中b" is one, not two)


def _ranges(chars: str) -> list[tuple[int, int]]:
    return [(ord(low), ord(high or low)) for low, high in re.findall(r"(.)(?:-(.))?", chars)]


_BOUNDS = sorted((low, high, name) for name, chars in _SCRIPTS.items() for low, high in _ranges(chars))
_LOWS = [low for low, _, _ in _BOUNDS]
# The patterns below are compiled on first use, per script: compiling all of them would cost an
# import tens of milliseconds, and most runs only ever see one or two main scripts.


@functools.cache
def _run(name: str) -> re.Pattern[str]:
    """Runs of letters of one script."""
    return re.compile(f"[{_SCRIPTS[name]}]+")


@functools.cache
def _foreign(name: str) -> re.Pattern[str]:
    """Runs of letters of any script but one: in a reply, the letters foreign to its main script."""
    return re.compile("[" + "".join(chars for other, chars in _SCRIPTS.items() if other != name) + "]+")


@functools.cache
def _strange(main: str) -> re.Pattern[str]:
    """Letters of a script that is neither the main one nor one every language borrows (Latin, Greek, Han).

    Without one, nothing in the text can glue: this one scan settles almost every reply.
    """
    return re.compile(
        "[" + "".join(chars for name, chars in _SCRIPTS.items() if name not in _FREE and name != main) + "]"
    )


_TEMPLATE_TOKEN = re.compile(r"<\|[a-z][a-z0-9_]{1,40}\|>")
_CODE = re.compile(r"```.*?(?:```|$)|`[^`\n]*`", re.DOTALL)


def degeneration(head: str, tail: str = "", language: str = "") -> str:
    """What makes the reply degenerate ("mixed scripts", "leaked template tokens"), or "".

    `head` and `tail` are the bounded start and end of the reply that the detector reads;
    `language` is its detected language, which names its main script: letters of that script are
    never foreign to it (a Russian reply full of Cyrillic is not strange; a Chinese one may be).
    """
    script = _LANGUAGE_SCRIPTS.get(language, "latin")
    for part in (head, tail):
        if _mixed_scripts(part, script):
            return "mixed scripts"
    for part in (head, tail):
        if "<|" in part and _TEMPLATE_TOKEN.search(_CODE.sub("", part)):
            return "leaked template tokens"
    return ""


def _script_of(char: str) -> str:
    point = ord(char)
    at = bisect_right(_LOWS, point) - 1
    if at >= 0 and point <= _BOUNDS[at][1]:
        return _BOUNDS[at][2]
    return ""


def _joined(a: str, b: str) -> bool:
    return a == b or (a, b) in _JOINED_PAIRS


def _mixed_scripts(text: str, main: str) -> bool:
    """Letters of unrelated scripts touch at several places, in text showing at least four scripts.

    Only runs of letters foreign to the main script are visited (few in ordinary text), with
    their edges and, when a run mixes scripts itself, its insides.
    """
    if text.isascii() or not _strange(main).search(text):
        return False
    seen = {main} if _run(main).search(text) else set()
    points: list[int] = []
    main_run = _run(main)
    for match in _foreign(main).finditer(text):
        start, end = match.span()
        pieces = _pieces(match.group(), start)
        seen.update(name for _, name in pieces)
        for (_, left), (at, right) in pairwise(pieces):
            if not _joined(left, right):
                points.append(at)
        first, last = pieces[0][1], pieces[-1][1]
        if start and not _joined(main, first) and main_run.match(text, start - 1):
            points.append(start)
        if end < len(text) and not _joined(main, last) and main_run.match(text, end):
            points.append(end)
    if len(seen) < _MIN_SCRIPTS:
        return False
    intrusions = 0
    previous = -_GLUE_GAP
    for point in sorted(points):
        if point - previous >= _GLUE_GAP:
            intrusions += 1
        previous = point
    return intrusions >= _MIN_GLUED


def _pieces(run: str, offset: int) -> list[tuple[int, str]]:
    """(start, script) of each single-script stretch of a run of letters."""
    script = _script_of(run[0])
    if _run(script).fullmatch(run):
        return [(offset, script)]
    pieces = [(offset, script)]
    for index, char in enumerate(run):
        name = _script_of(char)
        if name != pieces[-1][1]:
            pieces.append((offset + index, name))
    return pieces
