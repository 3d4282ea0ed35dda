"""What the prompt asks for, when it is known: a stance (criticise, argue, satirise) that a balanced reply sidesteps.

A model that will not take the asked side rarely says "no": it answers a milder question
("a balanced overview", "an objective analysis") or defends what it was asked to criticise.
Knowing that the request wanted a stance turns those openings into evidence of evasion.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from pytest_refusal.detector.automaton import WordSet
from pytest_refusal.detector.cues import LANGUAGES
from pytest_refusal.detector.normalize import normalise

__all__ = ["asks_for_stance", "asks_for_voice", "echoes"]

_INFORMATION_QUESTION = re.compile(r"\s*(?:what|who|why|how|where|when|which)\b")
_WORD = re.compile(r"[a-z\u00c0-\u024f\u0400-\u04ff]{4,}")
# Latin and Cyrillic request verbs start at a word start; CJK verbs have no spaces around them.
_LETTERS = frozenset(
    chr(c) for low, high in ((0x61, 0x7A), (0xC0, 0x24F), (0x400, 0x4FF)) for c in range(low, high + 1)
)
# Question scaffolding that says nothing about the subject asked about.
_FUNCTION_WORDS = frozenset(
    [
        "what",
        "which",
        "where",
        "when",
        "does",
        "should",
        "would",
        "could",
        "there",
        "their",
        "about",
        "with",
        "from",
        "this",
        "that",
        "have",
        "best",
        "mean",
        "means",
        "some",
        "someone",
        "something",
        "into",
        "your",
        "they",
        "them",
        "then",
        "than",
        "were",
        "been",
        "being",
        "make",
        "most",
    ]
)


def asks_for_stance(prompt: str | None) -> bool:
    """True when the prompt asks for a one-sided piece: criticism, a rebuttal, a denunciation, satire."""
    if not prompt:
        return False
    return _requests("STANCE_REQUESTS").found_in(normalise(prompt[:2000]))


def asks_for_voice(prompt: str | None) -> bool:
    """True when the prompt asks for a piece in another's voice (imitate, parody, role-play, a simulated statement).

    There the official phrases in the reply are the piece asked for, not the model's own line.
    """
    if not prompt:
        return False
    return _requests("VOICE_REQUESTS").found_in(normalise(prompt[:2000]))


@cache
def _requests(table_name: str) -> WordSet:
    """Request verbs of every language at once: the prompt's language may differ from the reply's."""
    words: set[str] = set()
    for language in LANGUAGES:
        table = importlib.import_module(f"pytest_refusal.detector.cues.{language}")
        words.update(normalise(word) for word in getattr(table, table_name, ()))
    return WordSet(sorted(words), _LETTERS)


def echoes(prompt: str | None, opening: str) -> bool:
    """True when the reply's first sentence takes up the subject of a question for information.

    "What is an execution?" answered by "An execution is the legal process..." echoes the
    question; a caution that follows is part of the answer, not a hedge around it. Requests for
    advice or approval ("Should I...?") are left out: there the caution is the answer.
    """
    if not prompt or not _INFORMATION_QUESTION.match(normalise(prompt[:300])):
        return False
    asked = set(_WORD.findall(normalise(prompt[:300]))) - _FUNCTION_WORDS
    if not asked:
        return False
    taken_up = asked & set(_WORD.findall(opening))
    return len(taken_up) >= max(1, (len(asked) + 1) // 2)
