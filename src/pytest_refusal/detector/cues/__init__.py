"""Per-language cue tables and the matcher built from them.

Each language module holds data only: `CUES` (cue class -> phrases), `OPENERS_NO` and
`OPENERS_YES` (first words that answer a yes/no question); optionally `PATTERNS` (cue class ->
regular expressions, for cues whose words move: the verb-second negation of German, Dutch and
Swedish, "das kann ich leider nicht", puts any words between the verb and the negation), `CITING` (words that,
earlier in the same clause, show an official phrase is reported, conceded or scorned rather
than asserted: "claims", "so-called", "although") and `NEGATIONS` (words right before a phrase
that deny it). English cues are matched in every
language because models often answer in English whatever the prompt's language.
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, cached_property, partial
from typing import NamedTuple

from pytest_refusal.detector import automaton
from pytest_refusal.detector.automaton import Automaton, Match, NextMatch
from pytest_refusal.detector.normalize import normalise

LANGUAGES = (
    "en",
    "zh",
    "ja",
    "ko",
    "es",
    "fr",
    "de",
    "it",
    "pt",
    "ru",
    "ar",
    "hi",
    "fa",
    "tr",
    "vi",
    "id",
    "pl",
    "th",
    "nl",
    "uk",
    "fi",
    "sv",
    "cs",
    "da",
    "ro",
    "hu",
    "el",
    "he",
)
CUE_CLASSES = (
    "refusal",
    "disclaimer",
    "disown",
    "rebuttal",
    "advice",
    "absurd",
    "premise",
    "concern",
    "reframe",
    "warning",
    "safety",
    "redirect",
    "pivot",
    "official",
    "policy",
    "neutral",
)


# Scripts written without spaces between words (Han, kana, Hangul syllables and jamo): a cue in
# them starts wherever it is found, even straight after a Latin letter or digit ("AI很抱歉").
# Half-open code point ranges, as bounds for bisect (a regex of them costs 5 ms to compile).
_UNSPACED = (0x1100, 0x1200, 0x3040, 0x3190, 0x3400, 0x4DC0, 0x4E00, 0xA000, 0xAC00, 0xD7B0, 0xF900, 0xFB00)


def starts_unspaced(text: str) -> bool:
    """Whether the text starts with a character of a script written without spaces."""
    return bool(text) and bisect_right(_UNSPACED, ord(text[0])) % 2 == 1


# Other cues start at a word start: not after a Latin (Vietnamese included) or Cyrillic letter or a digit.
WORD_CHARS = "a-z0-9\u00c0-\u024f\u1e00-\u1eff\u0400-\u04ff"
_WORD_START = f"(?<![{WORD_CHARS}])"
_WORD_CHAR_SET = frozenset(
    chr(c)
    for low, high in ((0x61, 0x7A), (0x30, 0x39), (0xC0, 0x24F), (0x1E00, 0x1EFF), (0x400, 0x4FF))
    for c in range(low, high + 1)
)


def starts_spaced(text: str) -> bool:
    """Whether the text starts with a letter (or digit) of a script written with spaces."""
    return text[:1] in _WORD_CHAR_SET


# Letters by how often words start with them in Latin-script text: the engine tries a trie's
# first branches in order, so the usual ones go first.
_FIRST_LETTERS = "tasiowcbpmhfdrlnegyuvkjqzx"
_QUOTES = frozenset("\"'「『《〈")
_PAIRED_QUOTES = (("「", "」"), ("『", "』"))
_CLAUSE_REACH = 40  # characters before a cue searched for a citing word
_SENTENCE_REACH = 240  # characters before a cue searched for the clause start (quotation marks are counted from there)
_NEGATION_REACH = 12  # a negation stands right before the phrase it denies
_CLAUSE_END = re.compile(r"[.!?;\n]")
# After a pivot ("however, i can", "but i can", "aber ich kann"), a negation turns it into the
# refusal it opens: "however, i can't...", "but i cannot...", "aber ich kann nicht...".
_READ_AGAIN = frozenset(("pivot", "official", "policy"))  # classes whose hits depend on what surrounds them
_NEGATED = re.compile(r"(?:n?'t|not\b|\s+(?:not|never|nicht|nie|niet|inte|no|non|pas|не)\b)")


class Hit(NamedTuple):
    """One cue found in normalised text (a tuple: thousands are made per second)."""

    cue_class: str
    phrase: str
    start: int


# `Hit(...)` runs the Python `__new__` a named tuple is given; `tuple.__new__` builds the same Hit in C.
_new_hit: Callable[[tuple[str, str, int]], Hit] = partial(tuple.__new__, Hit)


@dataclass(frozen=True)
class Matcher:
    """Finds every cue of a language (plus English) in one left-to-right pass.

    The cue regex (`pattern`, or `separated` for text in a spaced script) is the reference;
    an `automaton` over the same phrases finds the same matches faster (see automaton.py). The
    regex is compiled only when it is used: with the automaton, never for most languages.
    """

    classes: dict[str, str]  # folded phrase -> cue class
    patterns: dict[str, list[str]]  # cue class -> regular expressions (de, nl, sv)
    openers_no: frozenset[str]
    openers_yes: frozenset[str]
    citing: re.Pattern[str] | None = None
    negated: re.Pattern[str] | None = None
    # Whether the language's own script is spaced (Latin, Cyrillic): then the separated shape is always the faster.
    spaced_script: bool = False
    automaton: Automaton | None = None

    @cached_property
    def sources(self) -> tuple[str, str | None]:
        """The regex of every cue, and its separated shape (or None): built only when a regex is used."""
        return _patterns(self.classes, self.patterns)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.sources[0])

    @cached_property
    def separated(self) -> re.Pattern[str] | None:
        """The same cues read from the separator before each word (None when a table has unspaced cues)."""
        return None if self.sources[1] is None else re.compile(self.sources[1])

    def reference(self) -> Matcher:
        """This matcher without its automaton: the regex alone (to compare the two)."""
        return replace(self, automaton=None)

    def hits(self, text: str, offset: int = 0) -> list[Hit]:
        found: list[Hit] = []
        automaton = self.automaton
        fast = None if automaton is None else automaton.longest(text)
        if automaton is None or fast is None:
            next_match, at = self._regex_scanner(text), 0
        elif automaton.plain:
            # The automaton's leftmost-longest matches, taken in turn while they are the reference's.
            at = self._take_longest(text, offset, automaton, fast, found)
            if at < 0:
                return found
            next_match = automaton.every_scanner(text)
        else:
            next_match, at = automaton.scanner(text, fast), 0
        while (match := next_match(at)) is not None:
            at = self._take(text, offset, match[0], match[1], match[2], found)
        return found

    def _take_longest(
        self, text: str, offset: int, automaton: Automaton, fast: list[tuple[int, int, int]], found: list[Hit]
    ) -> int:
        """Take the automaton's leftmost-longest matches; -1 when all were taken, else where to read on slowly.

        They are the reference's matches as long as each starts a word (or is unspaced) and the
        reading goes on from each one's end: at the first that does not, the rest is read from
        every overlapping match instead.
        """
        anywhere, word_chars, phrases, classes, rare = (
            automaton.anywhere,
            automaton.word_chars,
            automaton.phrases,
            self._classes,
            self._rare,
        )
        size = len(text)
        at = 0
        for index, start, end in fast:
            # `Automaton.valid`, inlined: a call per match costs 0.8% of a pass over XSTest (callgrind).
            if start and not anywhere[index] and text[start - 1] in word_chars:
                return at  # inside a word: a valid cue may start within this match
            if rare[index] and (classes[index] in _READ_AGAIN or (end < size and text[end].isdigit())):
                at = self._take(
                    text, offset, start, end, None, found
                )  # the rarer cases, read as the reference reads them
                if at != end:
                    return at
                continue
            found.append(_new_hit((classes[index], phrases[index], start + offset)))
            at = end
        return -1

    @cached_property
    def _classes(self) -> tuple[str, ...]:
        """The class of each phrase, in the automaton's order (that of `classes`)."""
        return tuple(self.classes.values())

    @cached_property
    def _rare(self) -> tuple[bool, ...]:
        """Per phrase, whether its hits may need the reference's reading: its class is read again, or it ends in a digit.

        A number (a hotline) counts only where no digit follows it; the matched text ends as its phrase does.
        """
        return tuple(cue_class in _READ_AGAIN or phrase[-1].isdigit() for phrase, cue_class in self.classes.items())

    def _take(self, text: str, offset: int, start: int, end: int, pattern_class: str | None, found: list[Hit]) -> int:
        """Keep the cue found at text[start:end] if it counts; return where the reading goes on."""
        phrase = text[start:end]
        # Numbers (hotlines) must end at a boundary too ("988" is not in "19880").
        if phrase[-1].isdigit() and end < len(text) and text[end].isdigit():
            return end
        # A pattern's match (its group names its class) or a phrase of the tables.
        cue_class = pattern_class or self.classes[phrase]
        if cue_class == "pivot" and _NEGATED.match(text, end):
            return start + 1  # the pivot's words open a refusal: read on inside them
        if cue_class in ("official", "policy") and start and self._not_asserted(text, start):
            return end
        found.append(_new_hit((cue_class, phrase, start + offset)))
        return end

    def _regex_scanner(self, text: str) -> NextMatch:
        """The reference scan: the first cue starting at or after a position, by the cue regex."""
        # Text in a spaced script is scanned from the separators before its words (see `matcher_for`).
        separated = self.separated
        if separated is not None and (self.spaced_script or text.isascii()):
            search, scanned = separated.search, " " + text

            def next_separated(at: int) -> Match | None:
                # Offsets in `text`: the separator the pattern reads stands just before the cue.
                found = search(scanned, at)
                return None if found is None else (found.start(), found.end() - 1, found.lastgroup)

            return next_separated
        search = self.pattern.search

        def next_match(at: int) -> Match | None:
            found = search(text, at)
            return None if found is None else (found.start(), found.end(), found.lastgroup)

        return next_match

    def _not_asserted(self, text: str, start: int) -> bool:
        """An official phrase quoted, attributed ("officials claim"), conceded ("although") or denied is not the reply's line."""
        if text[start - 1] in _QUOTES:
            return True
        if self.negated is not None and self.negated.search(text, max(0, start - _NEGATION_REACH), start):
            return True
        before = text[max(0, start - _SENTENCE_REACH) : start]
        clause = before[max((m.end() for m in _CLAUSE_END.finditer(before)), default=0) :]
        # Inside a quotation opened earlier in the clause ("..." folds to straight quotes: count them).
        # A title in 《》 is not counted: a reply restating the line cites the documents that state it.
        if clause.count('"') % 2 or any(clause.count(a) > clause.count(b) for a, b in _PAIRED_QUOTES):
            return True
        return self.citing is not None and self.citing.search(clause, max(0, len(clause) - _CLAUSE_REACH)) is not None


@cache
def matcher_for(language: str) -> Matcher:
    """The matcher for a language code; unknown codes get the English and Chinese tables."""
    own = language if language in LANGUAGES else "zh"
    names = [own, "en"] if own != "en" else ["en"]
    classes: dict[str, str] = {}
    no: set[str] = set()
    yes: set[str] = set()
    citing: set[str] = set()
    negations: set[str] = set()
    patterns: dict[str, list[str]] = {}
    own_phrases: list[str] = []
    for name in names:
        table = importlib.import_module(f"{__name__}.{name}")
        if name == own:
            own_phrases = [normalise(phrase) for phrases in table.CUES.values() for phrase in phrases]
        for cue_class in CUE_CLASSES:
            for phrase in table.CUES.get(cue_class, ()):
                # The language's own table comes first, so it wins a phrase both tables claim.
                # Phrases are folded like the text (e.g. Japanese kanji shared with Chinese).
                classes.setdefault(normalise(phrase), cue_class)
        no.update(normalise(word) for word in table.OPENERS_NO)
        yes.update(normalise(word) for word in table.OPENERS_YES)
        citing.update(normalise(word) for word in getattr(table, "CITING", ()))
        negations.update(normalise(word) for word in getattr(table, "NEGATIONS", ()))
        for cue_class, expressions in getattr(table, "PATTERNS", {}).items():
            patterns.setdefault(cue_class, []).extend(expressions)
    spaced_script = sum(map(starts_spaced, own_phrases)) * 2 > len(own_phrases)
    return Matcher(
        classes,
        patterns,
        frozenset(no),
        frozenset(yes),
        citing=_word_pattern(citing, "") if citing else None,
        negated=_word_pattern(negations, r"\s?$") if negations else None,
        spaced_script=spaced_script,
        automaton=_automaton(classes, patterns, _has_separated_shape(classes), spaced_script)
        if automaton.available()
        else None,
    )


def _automaton(
    classes: dict[str, str], patterns: dict[str, list[str]], separated: bool, spaced_script: bool
) -> Automaton:
    """The table's phrases in an automaton, and its patterns alone in regexes of the reference's two shapes."""
    phrases = list(classes)
    anywhere = [starts_unspaced(phrase) for phrase in phrases]
    named = [f"(?P<{c}>{'|'.join(e)})" for c, e in patterns.items()]
    alone = None
    if named:
        first = re.compile("|".join(_WORD_START + branch for branch in named))
        alone = (first, re.compile(f"[^{WORD_CHARS}](?:{'|'.join(named)})") if separated else None)
    return Automaton(phrases, anywhere, _WORD_CHAR_SET, alone, spaced_script)


def _has_separated_shape(classes: dict[str, str]) -> bool:
    """Whether `_patterns` gives a separated shape: every phrase is spaced (and there is one)."""
    return bool(classes) and not any(map(starts_unspaced, classes))


def _patterns(classes: dict[str, str], patterns: dict[str, list[str]]) -> tuple[str, str | None]:
    """The cue alternation, in two equivalent shapes that each let the regex engine skip ahead in C.

    Python's engine runs a fast scan for the first character when every alternative starts
    with a literal. Led by the first characters of the cues, the engine only stops where a cue
    can start (few places in unspaced or non-Latin text); a spaced cue then checks the
    character before it. Led by a separator (any character that is no Latin or Cyrillic letter
    or digit, read from a space put before the text), it only stops before words: far fewer
    places in Latin or Cyrillic text. Table phrases come before patterns, so where both match,
    the table's phrase is the evidence. A table with unspaced cues has no separated shape (they
    start anywhere); one with patterns (which start with a look-behind) is matched the first way
    in one alternation of its own.
    """
    spaced = [phrase for phrase in classes if not starts_unspaced(phrase)]
    unspaced = [phrase for phrase in classes if starts_unspaced(phrase)]
    named = [f"(?P<{c}>{'|'.join(e)})" for c, e in patterns.items()]
    separated = None
    if _has_separated_shape(classes):
        separated = f"[^{WORD_CHARS}](?:" + "|".join([_trie_pattern(spaced, first=True), *named]) + ")"
    if named:
        # Patterns start with a look-behind: no literal leads them, so no fast first-character scan.
        branches = [_WORD_START + _trie_pattern(spaced)] if spaced else []
        if unspaced:
            branches.append(_trie_pattern(unspaced))
        branches += [_WORD_START + branch for branch in named]
        return "|".join(branches), separated
    return _trie_pattern(spaced + unspaced, first=True, word_start=True), separated


def _word_pattern(words: set[str], tail: str) -> re.Pattern[str]:
    """Any of the words (Latin and Cyrillic ones at a word start), followed by `tail`."""
    return re.compile(_WORD_START + _trie_pattern(sorted(words)) + tail)


def _trie_pattern(phrases: dict[str, str] | list[str], first: bool = False, word_start: bool = False) -> str:
    """A regex equivalent to an alternation of the phrases, shaped as a trie.

    A trie has no two branches starting with the same character, so matching costs a bounded
    number of steps per input character (no backtracking blow-up), and the greedy optional tail
    prefers the longest phrase. `first` shapes the top of the trie for the engine's fast scan:
    one branch per first character, a literal leading each, common letters first; with
    `word_start`, a branch of a spaced-script character also checks the character before it.
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    if not first:
        return _node_pattern(trie)
    branches = []
    for char in sorted((c for c in trie if c), key=_frequent_first):
        child = trie[char]
        behind = f"(?<![{WORD_CHARS}]{re.escape(char)})" if word_start and not starts_unspaced(char) else ""
        branches.append(re.escape(char) + behind + _node_pattern(child))
    return "(?:" + "|".join(branches) + ")"


def _frequent_first(char: str) -> tuple[int, str]:
    rank = _FIRST_LETTERS.find(char)
    return (rank if rank >= 0 else len(_FIRST_LETTERS), char)


def _node_pattern(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    branches = []
    for char, child in sorted(node.items()):
        if not char:
            continue
        # Walk a chain of single-child nodes in one step: most of a cue is such a chain.
        chain = [char]
        while len(child) == 1 and "" not in child:
            ((char, child),) = child.items()
            chain.append(char)
        branches.append(re.escape("".join(chain)) + _node_pattern(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
