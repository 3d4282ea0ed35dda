"""Text normalisation so one cue table matches every spelling: width, apostrophes, case, Arabic-script letters, traditional Chinese."""

from __future__ import annotations

import functools
import unicodedata

from pytest_refusal.detector.automaton import CharMap

# Curly quotes and look-alike apostrophes that models emit interchangeably.
_PUNCTUATION = {
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "\u2032": "'",
    "\uff07": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u3002": ".",
    "\uff61": ".",
    "\u3001": ",",
    "\u00a0": " ",
    # Persian is typed with Arabic yeh and kaf as often as with its own; Persian and Urdu write
    # the zero-width non-joiner inside words ("نمی‌توانم") where others type a space.
    # Persian and Arabic-Indic digits, so a hotline is one cue however it is written.
    **{chr(0x06F0 + d): str(d) for d in range(10)},
    **{chr(0x0660 + d): str(d) for d in range(10)},
    # Turkish dotted capital İ would lower to i plus a combining dot.
    "\u0130": "i",
    "\u064a": "\u06cc",
    "\u0649": "\u06cc",
    "\u0643": "\u06a9",
    "\u200c": " ",
}

# Traditional and regional-variant Chinese characters to simplified ones, generated from OpenCC's
# data (see traditional.py), so the Chinese cue table is written once. Text below the first of
# them folds by the punctuation alone, so the 4,000-entry table is built on the first CJK text
# read, not at import (an English run with curly quotes never builds it).
_FIRST_TRADITIONAL = "\u346e"
# Fullwidth ASCII (，：！？ in Chinese text): NFKC maps each to its ASCII letter, and nothing else
# in the text stops being normalised because of it.
_FULLWIDTH = {chr(point): chr(point - 0xFEE0) for point in range(0xFF01, 0xFF5F)}


@functools.cache
def _table(chinese: bool) -> dict[str, str]:
    """The folding as one table (so folding is one pass over the text), with the Chinese part when `chinese`."""
    if not chinese:
        return _PUNCTUATION
    from pytest_refusal.detector.traditional import SIMPLIFIED, TRADITIONAL

    return {**_PUNCTUATION, **dict(zip(TRADITIONAL, SIMPLIFIED, strict=False))}


@functools.cache
def _folding(chinese: bool) -> CharMap:
    return CharMap(_table(chinese))


@functools.cache
def _fold_table(chinese: bool) -> dict[int, str]:
    """The same folding for `str.translate`: cheaper to build than the automaton, slower per character."""
    return str.maketrans(_table(chinese))


_SHORT = 80  # characters: a cue phrase, a word; folded by translate, so building the tables never builds the automaton


@functools.cache
def _narrowing() -> CharMap:
    return CharMap(_FULLWIDTH)


def normalise(text: str) -> str:
    """Fold a response into the form the cue tables are written in (same length is not guaranteed)."""
    if text.isascii():  # the common case: nothing to fold but backticks and case
        return text.replace("`", "'").lower()
    short = len(text) < _SHORT
    text = _nfkc(text)
    chinese = max(text) >= _FIRST_TRADITIONAL
    if short:
        return text.translate(_fold_table(chinese)).lower()
    return _folding(chinese).apply(text).lower()


def _nfkc(text: str) -> str:
    """NFKC, quickly for the usual case: text that is normalised once its fullwidth ASCII is narrowed.

    Narrowing a fullwidth character is its NFKC decomposition, so when the narrowed text is
    normalised it is the NFKC form of the original; otherwise the full normalisation runs.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    narrowed = _narrowing().apply(text)
    return narrowed if unicodedata.is_normalized("NFKC", narrowed) else unicodedata.normalize("NFKC", text)
