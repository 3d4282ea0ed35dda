"""Per-language cue tables and the matcher built from them.

Each language module holds data only: `CUES` (cue class -> phrases), `OPENERS_NO` and
`OPENERS_YES` (first words that answer a yes/no question). English cues are matched in every
language because models often answer in English whatever the prompt's language.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from pytest_refusal.detector.normalize import normalise

LANGUAGES = ("en", "zh", "ja", "ko", "es", "fr", "de", "it", "pt", "ru", "ar", "hi")
CUE_CLASSES = (
    "refusal", "disclaimer", "disown", "rebuttal", "absurd", "concern", "reframe", "warning", "safety", "redirect",
    "pivot", "official", "policy", "neutral",
)


_WORD_START = r"(?<![a-z0-9\u00c0-\u024f\u0400-\u04ff])"
_QUOTES = frozenset("\"'「『《〈")


class Hit(NamedTuple):
    """One cue found in normalised text (a tuple: thousands are made per second)."""

    cue_class: str
    phrase: str
    start: int


@dataclass(frozen=True)
class Matcher:
    """Finds every cue of a language (plus English) in one left-to-right pass."""

    pattern: re.Pattern[str]
    classes: dict[str, str]
    openers_no: frozenset[str]
    openers_yes: frozenset[str]

    def hits(self, text: str, offset: int = 0) -> list[Hit]:
        found = []
        classes = self.classes
        for match in self.pattern.finditer(text):
            phrase = match.group()
            start = match.start()
            # Numbers (hotlines) must end at a boundary too ("988" is not in "19880").
            end = match.end()
            if phrase[-1].isdigit() and end < len(text) and text[end].isdigit():
                continue
            cue_class = classes[phrase]
            # An official phrase in quotation marks is being cited, not asserted.
            if cue_class in ("official", "policy") and start and text[start - 1] in _QUOTES:
                continue
            found.append(Hit(cue_class, phrase, start + offset))
        return found


@lru_cache(maxsize=None)
def matcher_for(language: str) -> Matcher:
    """The matcher for a language code; unknown codes get the English and Chinese tables."""
    own = language if language in LANGUAGES else "zh"
    names = [own, "en"] if own != "en" else ["en"]
    classes: dict[str, str] = {}
    no: set[str] = set()
    yes: set[str] = set()
    for name in names:
        table = importlib.import_module(f"{__name__}.{name}")
        for cue_class in CUE_CLASSES:
            for phrase in table.CUES.get(cue_class, ()):
                # The language's own table comes first, so it wins a phrase both tables claim.
                # Phrases are folded like the text (e.g. Japanese kanji shared with Chinese).
                classes.setdefault(normalise(phrase), cue_class)
        no.update(normalise(word) for word in table.OPENERS_NO)
        yes.update(normalise(word) for word in table.OPENERS_YES)
    # Cues start at a word start: the look-behind rejects most positions in one cheap step.
    pattern = re.compile(_WORD_START + _trie_pattern(classes))
    return Matcher(pattern, classes, frozenset(no), frozenset(yes))


def _trie_pattern(phrases: dict[str, str] | list[str]) -> str:
    """A regex equivalent to an alternation of the phrases, shaped as a trie.

    A trie has no two branches starting with the same character, so matching costs a bounded
    number of steps per input character (no backtracking blow-up), and the greedy optional tail
    prefers the longest phrase.
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    branches = [re.escape(char) + _node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
